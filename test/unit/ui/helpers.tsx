// Shared by the UI tests: recorded event streams, keys, and waiting for Ink.
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';
import type {ReactNode} from 'react';
import {render} from 'ink-testing-library';
import {expect} from 'vitest';
import type {KilnEvent} from '../../../source/core/events.js';
import {type BuildState, foldEvents} from '../../../source/engine/state.js';
import {KeysProvider} from '../../../source/ui/keys.js';

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	ctrlC: '\u0003',
	backspace: '\u007F',
};

/** Lets Ink read a key and render (a lone Esc is only known after a check on the next turn). */
export async function tick(ms = 30): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}

/** Waits until Ink has stopped drawing: no new frame for a while. */
async function settle(frames: string[]): Promise<void> {
	let seen: number;
	do {
		seen = frames.length;
		await tick();
	} while (frames.length !== seen);
}

/** Writes keys one at a time, each once the last has been drawn, as a person would. */
export async function press(app: {stdin: {write(data: string): void}; frames: string[]}, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		app.stdin.write(key);
		await settle(app.frames);
	}
}

/** Asserts the frame shows `expected`, giving a slow render time to get there. */
export async function shows(frame: () => string, expected: string | RegExp): Promise<void> {
	const matches = () => (typeof expected === 'string' ? frame().includes(expected) : expected.test(frame()));
	await until(matches).catch(() => undefined);
	if (typeof expected === 'string') expect(frame()).toContain(expected);
	else expect(frame()).toMatch(expected);
}

/** Waits until `check` holds, for frames that depend on a stream or timer. */
export async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('timed out waiting for the frame');
		await tick(20);
	}
}

/** A JSON-lines event stream recorded from a real build (test/fixtures/events/). */
export function recorded(name: string): KilnEvent[] {
	const text = readFileSync(new URL(`../../fixtures/events/${name}.jsonl`, import.meta.url), 'utf8');
	return text.split('\n').filter(line => line.trim() !== '').map(line => JSON.parse(line) as KilnEvent);
}

/** The events up to and including the first one that matches. */
export function upTo(events: KilnEvent[], match: (event: KilnEvent) => boolean): KilnEvent[] {
	const index = events.findIndex(match);
	if (index === -1) throw new Error('no such event in the recording');
	return events.slice(0, index + 1);
}

/** Plays events back as the engine would, a little apart. */
export async function* replay(events: KilnEvent[], gapMs = 0): AsyncIterable<KilnEvent> {
	for (const event of events) {
		if (gapMs > 0) await tick(gapMs);
		yield event;
	}
}

/** The state and clock a frame is drawn from: the events so far, 1.2 s after the last timed one. */
export function frameAt(events: KilnEvent[]): {state: BuildState; now: number} {
	const timed = events.filter((event): event is Extract<KilnEvent, {at: number}> => 'at' in event);
	return {state: foldEvents(events), now: (timed.at(-1)?.at ?? 0) + 1234};
}

/** A terminal for Ink that a test can resize and type into (ink-testing-library's is fixed at 100 columns). */
export class FakeStdout extends EventEmitter {
	isTTY = true;
	frames: string[] = [];
	constructor(public columns: number, public rows: number) {
		super();
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

export class FakeStdin extends EventEmitter {
	isTTY = true;
	private pending: string | null = null;
	write(data: string): void {
		this.pending = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read = (): string | null => {
		const data = this.pending;
		this.pending = null;
		return data;
	};

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

/** ink-testing-library's render, with the key dispatch the app mounts at its root. */
export function renderUi(node: ReactNode) {
	return render(<KeysProvider>{node}</KeysProvider>);
}
