// Drives the built CLI as a child process while it runs (to signal it at a
// chosen event), and looks at what a run leaves on the machine afterwards.
import {type ChildProcess, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import type {KilnEvent} from '../../../source/core/events.js';
import {LineSplitter, Utf8Chunks} from '../../../source/core/lines.js';
import {cli} from '../helpers/cli.js';

export const docker = new Docker({socketPath: '/var/run/docker.sock'});

export interface Workspace {
	dir: string;
	/** The output folder. */
	out: string;
	env: NodeJS.ProcessEnv;
	remove(): void;
}

/** A folder for the output, and kiln's cache, config and state folders of its own. */
export function workspace(): Workspace {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'kiln-robust-'));
	const out = path.join(dir, 'out');
	mkdirSync(out);
	return {
		dir,
		out,
		env: {KILN_CACHE_DIR: path.join(dir, 'cache'), KILN_CONFIG_DIR: path.join(dir, 'config'), KILN_STATE_DIR: path.join(dir, 'state')},
		remove: () => rmSync(dir, {recursive: true, force: true}),
	};
}

export interface Kiln {
	child: ChildProcess;
	events: KilnEvent[];
	stdout: () => string;
	stderr: () => string;
	/** Resolves with the first event (already seen or to come) that matches. */
	waitFor(match: (event: KilnEvent) => boolean, what?: string): Promise<KilnEvent>;
	exit: Promise<number | null>;
}

export function startKiln(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; input?: string} = {}): Kiln {
	const child = spawn(process.execPath, [cli, ...args], {
		cwd: options.cwd ?? os.tmpdir(),
		env: {...process.env, CI: 'true', ...options.env},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	child.stdin!.end(options.input ?? '');
	return watchKiln(child);
}

/** Follows a kiln child process started with piped stdio: its events, output and exit. */
export function watchKiln(child: ChildProcess): Kiln {
	let out = '';
	let err = '';
	const outText = new Utf8Chunks();
	const errText = new Utf8Chunks();
	const outLines = new LineSplitter();
	const events: KilnEvent[] = [];
	const waiters: Array<{match: (event: KilnEvent) => boolean; resolve: (event: KilnEvent) => void}> = [];
	child.stdout!.on('data', (chunk: Buffer) => {
		out += outText.write(chunk);
		for (const line of outLines.push(chunk)) {
			let event: KilnEvent;
			try {
				event = JSON.parse(line) as KilnEvent;
			} catch {
				continue;
			}
			events.push(event);
			for (const waiter of [...waiters]) {
				if (waiter.match(event)) {
					waiters.splice(waiters.indexOf(waiter), 1);
					waiter.resolve(event);
				}
			}
		}
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		err += errText.write(chunk);
	});
	const exit = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	return {
		child,
		events,
		stdout: () => out,
		stderr: () => err,
		exit,
		waitFor(match, what = 'an event') {
			const seen = events.find(match);
			if (seen) return Promise.resolve(seen);
			return new Promise((resolve, reject) => {
				waiters.push({match, resolve});
				void exit.then(() => reject(new Error(`kiln exited before ${what}\nstderr:\n${err}\nlast events:\n${events.slice(-5).map(event => JSON.stringify(event)).join('\n')}`)));
			});
		},
	};
}

export function runIdOf(events: KilnEvent[]): string {
	const started = events.find(event => event.type === 'run-started');
	if (started?.type !== 'run-started') throw new Error('no run-started event');
	return started.runId;
}

/** Containers (any state) that carry this run's label. */
export async function containersOfRun(runId: string): Promise<string[]> {
	const list = await docker.listContainers({all: true, filters: {label: [`io.kiln.run=${runId}`]}});
	return list.map(container => container.Id);
}

/** Every kiln temporary file or folder under a folder, at any depth. */
export function tempFiles(folder: string): string[] {
	let found: string[] = [];
	for (const entry of readdirSync(folder, {withFileTypes: true})) {
		const full = path.join(entry.parentPath ?? folder, entry.name);
		if (entry.name.startsWith('.kiln-')) found.push(full);
		else if (entry.isDirectory()) found = found.concat(tempFiles(full));
	}
	return found;
}

/** The stages that started but neither finished nor failed: where the run was when it stopped. */
export function unfinishedStages(events: KilnEvent[]): string[] {
	const open = new Set<string>();
	for (const event of events) {
		if (event.type === 'stage-started') open.add(event.stage);
		if (event.type === 'stage-finished' || event.type === 'stage-failed' || event.type === 'stage-skipped') open.delete(event.stage);
	}
	return [...open];
}
