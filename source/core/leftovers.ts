// Finds and removes what runs that died without cleaning up left behind:
// containers by their kiln labels, temporary files and folders by the run
// records. A run whose process still lives is never touched.
import {lstat, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {hostLabel, pidLabel, pidStartLabel, runLabel, tempPrefix} from './cleanup.js';
import {processStart, readRecords} from './run-registry.js';

export interface LeftoverContainer {
	id: string;
	name: string;
	image: string;
	state: string;
}

export interface DeadRun {
	runId: string;
	pid?: number;
	containers: LeftoverContainer[];
	/** Temporary files and folders that still exist. */
	paths: string[];
	/** The run's record file, if it has one. */
	record?: string;
}

export interface LiveRun {
	runId: string;
	pid: number;
	/** Why it is left alone. */
	reason: 'running' | 'other host';
}

export interface Leftovers {
	dead: DeadRun[];
	live: LiveRun[];
	/** Record files that cannot be read (they name nothing kiln could trust). */
	damaged: string[];
	/** Set when Docker could not be asked, so containers are unknown. */
	dockerError?: string;
}

interface Owner {
	pid: number;
	pidStart?: string;
	host?: string;
}

/** Whether the process that ran a build is alive: the pid exists and, where known, started when the run's did. */
export function ownerAlive(owner: Owner): boolean {
	try {
		process.kill(owner.pid, 0);
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	const start = owner.pidStart && processStart(owner.pid);
	return !start || start === owner.pidStart;
}

function judge(owner: Owner): LiveRun['reason'] | 'dead' {
	if (owner.host !== undefined && owner.host !== hostname()) return 'other host';
	return ownerAlive(owner) ? 'running' : 'dead';
}

async function exists(file: string): Promise<boolean> {
	return lstat(file).then(() => true, () => false);
}

/** Only paths named like this run's temporary files are ever removed, whatever a record says. */
function ownedBy(runId: string, file: string): boolean {
	return path.isAbsolute(file) && path.basename(file).startsWith(`${tempPrefix}${runId}-`);
}

export async function findLeftovers(docker: Docker, env: NodeJS.ProcessEnv = process.env): Promise<Leftovers> {
	const dead = new Map<string, DeadRun>();
	const live = new Map<string, LiveRun>();
	const deadRun = (runId: string, pid?: number) => {
		const run = dead.get(runId) ?? {runId, pid, containers: [], paths: []};
		dead.set(runId, run);
		return run;
	};
	const result: Leftovers = {dead: [], live: [], damaged: []};

	for (const {file, record} of readRecords(env)) {
		if (!record) {
			result.damaged.push(file);
			continue;
		}
		const verdict = judge(record);
		if (verdict !== 'dead') {
			live.set(record.runId, {runId: record.runId, pid: record.pid, reason: verdict});
			continue;
		}
		const run = deadRun(record.runId, record.pid);
		run.record = file;
		for (const item of record.paths) {
			if (ownedBy(record.runId, item) && (await exists(item))) run.paths.push(item);
		}
	}

	try {
		const containers = await docker.listContainers({all: true, filters: {label: [runLabel]}});
		for (const info of containers) {
			const labels = info.Labels ?? {};
			const runId = labels[runLabel]!;
			const pid = Number(labels[pidLabel]);
			// Without a pid there is no telling whether the run lives: leave it.
			if (!Number.isInteger(pid) || pid <= 0) continue;
			const verdict = judge({pid, pidStart: labels[pidStartLabel], host: labels[hostLabel]});
			if (verdict !== 'dead') {
				if (!live.has(runId)) live.set(runId, {runId, pid, reason: verdict});
				continue;
			}
			deadRun(runId, pid).containers.push({
				id: info.Id,
				name: (info.Names?.[0] ?? '').replace(/^\//, ''),
				image: info.Image,
				state: info.State,
			});
		}
	} catch (error) {
		result.dockerError = (error as Error).message;
	}

	result.dead = [...dead.values()].filter(run => run.containers.length > 0 || run.paths.length > 0 || run.record);
	result.live = [...live.values()];
	return result;
}

export interface Removal {
	removed: string[];
	failed: string[];
}

/** Removes the leftovers of dead runs (checked again first: a run cannot come back, but a pid can be reused). */
export async function removeLeftovers(docker: Docker, leftovers: Leftovers): Promise<Removal> {
	const removal: Removal = {removed: [], failed: []};
	const attempt = async (what: string, action: () => Promise<unknown>) => {
		try {
			await action();
			removal.removed.push(what);
		} catch (error) {
			removal.failed.push(`${what}: ${(error as Error).message}`);
		}
	};
	for (const run of leftovers.dead) {
		const failedBefore = removal.failed.length;
		for (const container of run.containers) {
			await attempt(`container ${container.id.slice(0, 12)}`, async () => {
				try {
					await docker.getContainer(container.id).remove({force: true, v: true});
				} catch (error) {
					if ((error as {statusCode?: number}).statusCode !== 404) throw error;
				}
			});
		}
		for (const file of run.paths) await attempt(file, () => rm(file, {recursive: true, force: true}));
		// The record goes last, and only when nothing it names is left.
		if (run.record && removal.failed.length === failedBefore) await attempt(run.record, () => rm(run.record!, {force: true}));
	}
	for (const file of leftovers.damaged) await attempt(file, () => rm(file, {force: true}));
	return removal;
}
