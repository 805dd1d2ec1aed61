// Everything a run creates is registered here and labelled with the run, so
// it is removed on success, failure and cancel — and `kiln doctor` can find
// what a killed run left behind.
import {rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import type Docker from 'dockerode';

export const runLabel = 'io.kiln.run';
export const pidLabel = 'io.kiln.pid';
export const hostLabel = 'io.kiln.host';
/** Temporary files and folders carry this in their names. */
export const tempPrefix = '.kiln-';

export function runLabels(runId: string): Record<string, string> {
	return {[runLabel]: runId, [pidLabel]: String(process.pid), [hostLabel]: hostname()};
}

export class Resources {
	private readonly containers = new Set<string>();
	private readonly paths = new Set<string>();

	constructor(private readonly docker: Docker) {}

	container(id: string): void {
		this.containers.add(id);
	}

	path(file: string): void {
		this.paths.add(file);
	}

	/** Forgets a path that became the artifact. */
	keep(file: string): void {
		this.paths.delete(file);
	}

	async release(id: string): Promise<void> {
		this.containers.delete(id);
		await removeContainer(this.docker, id);
	}

	/** Removes everything still registered; returns what could not be removed. */
	async cleanup(): Promise<string[]> {
		const left: string[] = [];
		await Promise.all([...this.containers].map(async id => {
			if (!(await removeContainer(this.docker, id))) left.push(`container ${id.slice(0, 12)}`);
		}));
		await Promise.all([...this.paths].map(async file => {
			try {
				await rm(file, {recursive: true, force: true});
			} catch {
				left.push(file);
			}
		}));
		this.containers.clear();
		this.paths.clear();
		return left;
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
