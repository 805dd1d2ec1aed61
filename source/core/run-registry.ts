// A small file per running build, under the state folder, naming its process
// and every container and temporary path it holds. A run that is killed hard
// (SIGKILL, power loss) cannot clean up; its record is how `kiln doctor` and
// the next build find what it left, wherever its output folder was.
import {mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {hostname} from 'node:os';
import path from 'node:path';
import {stateDirectory} from './paths.js';

export interface RunRecord {
	runId: string;
	pid: number;
	/** The process's start time (see processStart): with the pid it names one process, so a reused pid is not taken for this run. */
	pidStart?: string;
	host: string;
	containers: string[];
	paths: string[];
}

export function registryDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'runs');
}

export function recordFile(runId: string, env: NodeJS.ProcessEnv = process.env): string {
	return path.join(registryDirectory(env), `${runId}.json`);
}

/** When a process started, in clock ticks since boot (field 22 of /proc/PID/stat); undefined where /proc is not there. */
export function processStart(pid: number): string | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: count from the last ')'.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
	} catch {
		return undefined;
	}
}

/** A new record for a run of this process. */
export function newRecord(runId: string): RunRecord {
	return {runId, pid: process.pid, pidStart: processStart(process.pid), host: hostname(), containers: [], paths: []};
}

/** Writes the record in one rename, so a reader never sees half of it. */
export function saveRecord(record: RunRecord, env: NodeJS.ProcessEnv = process.env): void {
	const file = recordFile(record.runId, env);
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const temp = `${file}.${process.pid}.tmp`;
	writeFileSync(temp, `${JSON.stringify(record)}\n`, {mode: 0o600});
	renameSync(temp, file);
}

export function removeRecord(runId: string, env: NodeJS.ProcessEnv = process.env): void {
	rmSync(recordFile(runId, env), {force: true});
}

/** Every readable record; a damaged file is returned as such so it can be reported and removed. */
export function readRecords(env: NodeJS.ProcessEnv = process.env): Array<{file: string; record?: RunRecord}> {
	const folder = registryDirectory(env);
	let names: string[];
	try {
		names = readdirSync(folder).filter(name => name.endsWith('.json'));
	} catch {
		return [];
	}
	return names.map(name => {
		const file = path.join(folder, name);
		try {
			const record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
			if (typeof record.runId !== 'string' || typeof record.pid !== 'number' || !Array.isArray(record.paths) || !Array.isArray(record.containers)) {
				return {file};
			}
			return {file, record};
		} catch {
			return {file};
		}
	});
}
