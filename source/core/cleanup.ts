// Everything a run creates is registered here and labelled with the run, so
// it is removed on success, failure and cancel — and `kiln doctor` can find
// what a killed run left behind (through the labels and the run's record).
import {rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import type Docker from 'dockerode';
import {type RunRecord, newRecord, processStart, removeRecord, saveRecord} from './run-registry.js';

export const runLabel = 'io.kiln.run';
export const pidLabel = 'io.kiln.pid';
export const hostLabel = 'io.kiln.host';
/** The process's start time: tells a live run from a dead one whose pid was reused. */
export const pidStartLabel = 'io.kiln.pid-start';
/** Temporary files and folders carry this in their names. */
export const tempPrefix = '.kiln-';

export function runLabels(runId: string): Record<string, string> {
	const start = processStart(process.pid);
	return {[runLabel]: runId, [pidLabel]: String(process.pid), [hostLabel]: hostname(), ...(start ? {[pidStartLabel]: start} : {})};
}

export class Resources {
	private readonly containers = new Set<string>();
	private readonly paths = new Set<string>();
	private readonly record?: RunRecord;

	/** With a run id, every change is mirrored to the run's record (see run-registry.ts). */
	constructor(private readonly docker: Docker, runId?: string) {
		if (runId) this.record = newRecord(runId);
	}

	container(id: string): void {
		this.containers.add(id);
		this.save();
	}

	/** Registers a path before it is created, so a kill at any moment leaves it findable. */
	path(file: string): void {
		this.paths.add(file);
		this.save();
	}

	/** Forgets a path that became the artifact. */
	keep(file: string): void {
		this.paths.delete(file);
		this.save();
	}

	async release(id: string): Promise<void> {
		await removeContainer(this.docker, id);
		this.containers.delete(id);
		this.save();
	}

	/** Removes everything still registered; returns what could not be removed. */
	async cleanup(): Promise<string[]> {
		const left: string[] = [];
		await Promise.all([...this.containers].map(async id => {
			if (await removeContainer(this.docker, id)) this.containers.delete(id);
			else left.push(`container ${id.slice(0, 12)}`);
		}));
		await Promise.all([...this.paths].map(async file => {
			try {
				await rm(file, {recursive: true, force: true});
				this.paths.delete(file);
			} catch {
				left.push(file);
			}
		}));
		// What could not be removed stays on record for kiln doctor.
		if (left.length === 0) this.forget();
		else this.save();
		return left;
	}

	private save(): void {
		if (!this.record) return;
		this.record.containers = [...this.containers];
		this.record.paths = [...this.paths];
		try {
			saveRecord(this.record);
		} catch {
			// A cache folder that cannot be written costs only the after-kill cleanup, not the build.
		}
	}

	private forget(): void {
		if (!this.record) return;
		try {
			removeRecord(this.record.runId);
		} catch {
			// Left for kiln doctor, which reports records of dead runs.
		}
	}
}

async function removeContainer(docker: Docker, id: string): Promise<boolean> {
	try {
		await docker.getContainer(id).remove({force: true, v: true});
		return true;
	} catch (error) {
		return (error as {statusCode?: number}).statusCode === 404;
	}
}
