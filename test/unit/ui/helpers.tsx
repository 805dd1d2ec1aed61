// Shared by the UI tests: recorded event streams, keys, and waiting for Ink.
import {readFileSync} from 'node:fs';
import type {KilnEvent} from '../../../source/engine/events.js';

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

/** Writes keys one at a time, waiting between them as a person would. */
export async function press(stdin: {write(data: string): void}, ...sequence: string[]): Promise<void> {
	for (const key of sequence) {
		stdin.write(key);
		await tick();
	}
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
