// Telling dead runs from live ones, and removing only what a dead run owns:
// run records in a temporary state folder, containers from a fake Docker.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {Resources} from '../../../source/core/cleanup.js';
import {findLeftovers, ownerAlive, removeLeftovers} from '../../../source/core/leftovers.js';
import {type RunRecord, processStart, recordFile, saveRecord} from '../../../source/core/run-registry.js';

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
	return spawnSync(process.execPath, ['-e', '0']).pid!;
}

interface FakeContainer {
	Id: string;
	Labels: Record<string, string>;
}

function fakeDocker(containers: FakeContainer[]): {docker: Docker; removed: string[]} {
	const removed: string[] = [];
	const docker = {
		listContainers: async () => containers.map(item => ({...item, Names: [`/${item.Id}`], Image: 'kiln-os:x', State: 'exited'})),
		getContainer: (id: string) => ({
			remove: async () => {
				removed.push(id);
			},
		}),
	} as unknown as Docker;
	return {docker, removed};
}

let dir: string;
let env: NodeJS.ProcessEnv;
let out: string;

beforeEach(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'kiln-leftovers-'));
	env = {KILN_CACHE_DIR: path.join(dir, 'cache'), KILN_STATE_DIR: path.join(dir, 'state')};
	out = path.join(dir, 'out');
	mkdirSync(out);
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function record(runId: string, pid: number, extra: Partial<RunRecord> = {}): RunRecord {
	const file = path.join(out, `.kiln-${runId}-disk.img`);
	writeFileSync(file, 'partial');
	const value: RunRecord = {runId, pid, host: hostname(), containers: [], paths: [file], ...extra};
	saveRecord(value, env);
	return value;
}

describe('ownerAlive', () => {
	it('is true for this process, false for an exited one, false for a reused pid', () => {
		expect(ownerAlive({pid: process.pid, pidStart: processStart(process.pid)})).toBe(true);
		expect(ownerAlive({pid: deadPid()})).toBe(false);
		// The pid lives, but it is not the process that started the run.
		expect(ownerAlive({pid: process.pid, pidStart: '1'})).toBe(false);
	});
});

describe('findLeftovers / removeLeftovers', () => {
	it('finds a dead run by its record and its labels, and removes exactly what it owns', async () => {
		const dead = record('20260101-000000-aaaaaa', deadPid());
		const stranger = path.join(out, 'not-kiln.img');
		writeFileSync(stranger, 'mine');
		// A tampered record naming a file that is not the run's own temporary file.
		saveRecord({...dead, paths: [...dead.paths, stranger]}, env);
		const {docker, removed} = fakeDocker([
			{Id: 'c1', Labels: {'io.kiln.run': dead.runId, 'io.kiln.pid': String(dead.pid), 'io.kiln.host': hostname()}},
		]);

		const found = await findLeftovers(docker, env);
		expect(found.dead).toHaveLength(1);
		expect(found.dead[0]).toMatchObject({runId: dead.runId, paths: dead.paths, record: recordFile(dead.runId, env)});
		expect(found.dead[0]!.containers.map(container => container.id)).toEqual(['c1']);

		const removal = await removeLeftovers(docker, found);
		expect(removal.failed).toEqual([]);
		expect(removed).toEqual(['c1']);
		expect(existsSync(dead.paths[0]!)).toBe(false);
		expect(existsSync(recordFile(dead.runId, env))).toBe(false);
		expect(readFileSync(stranger, 'utf8')).toBe('mine');
	});

	it('still finds a dead run after a cache cleaner emptied the cache folder (records are state)', async () => {
		const dead = record('20260101-000000-dddddd', deadPid());
		mkdirSync(env.KILN_CACHE_DIR!, {recursive: true});
		rmSync(env.KILN_CACHE_DIR!, {recursive: true});
		const found = await findLeftovers(fakeDocker([]).docker, env);
		expect(found.dead.map(run => run.runId)).toEqual([dead.runId]);
	});

	it('leaves live runs and other hosts\' runs alone', async () => {
		const live = record('20260101-000000-bbbbbb', process.pid, {pidStart: processStart(process.pid)});
		const elsewhere = record('20260101-000000-cccccc', deadPid(), {host: 'another-machine'});
		const {docker, removed} = fakeDocker([
			{Id: 'live', Labels: {'io.kiln.run': live.runId, 'io.kiln.pid': String(process.pid), 'io.kiln.host': hostname()}},
			{Id: 'far', Labels: {'io.kiln.run': elsewhere.runId, 'io.kiln.pid': '1', 'io.kiln.host': 'another-machine'}},
			{Id: 'no-pid', Labels: {'io.kiln.run': 'old'}},
		]);

		const found = await findLeftovers(docker, env);
		expect(found.dead).toEqual([]);
		expect(found.live).toEqual(expect.arrayContaining([
			{runId: live.runId, pid: process.pid, reason: 'running'},
			{runId: elsewhere.runId, pid: elsewhere.pid, reason: 'other host'},
		]));
		await removeLeftovers(docker, found);
		expect(removed).toEqual([]);
		expect(existsSync(live.paths[0]!)).toBe(true);
		expect(existsSync(elsewhere.paths[0]!)).toBe(true);
	});

	it('reports an unreadable record and removes only the record file', async () => {
		const file = recordFile('broken', env);
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, '{not json');
		const {docker} = fakeDocker([]);
		const found = await findLeftovers(docker, env);
		expect(found.damaged).toEqual([file]);
		await removeLeftovers(docker, found);
		expect(existsSync(file)).toBe(false);
	});

	it('still finds recorded files when Docker cannot be asked', async () => {
		const dead = record('20260101-000000-dddddd', deadPid());
		const docker = {listContainers: async () => Promise.reject(new Error('connect ENOENT'))} as unknown as Docker;
		const found = await findLeftovers(docker, env);
		expect(found.dockerError).toContain('ENOENT');
		expect(found.dead.map(run => run.paths)).toEqual([dead.paths]);
	});
});

describe('Resources keeps the run record in step', () => {
	it('records paths and containers as they are registered, and drops the record after a full cleanup', async () => {
		const previous = process.env.KILN_STATE_DIR;
		process.env.KILN_STATE_DIR = env.KILN_STATE_DIR;
		try {
			const {docker} = fakeDocker([]);
			const resources = new Resources(docker, '20260101-000000-eeeeee');
			const temp = path.join(out, '.kiln-20260101-000000-eeeeee-disk.img');
			resources.path(temp);
			resources.container('c9');
			const saved = JSON.parse(readFileSync(recordFile('20260101-000000-eeeeee', env), 'utf8')) as RunRecord;
			expect(saved).toMatchObject({pid: process.pid, host: hostname(), paths: [temp], containers: ['c9']});
			expect(await resources.cleanup()).toEqual([]);
			expect(existsSync(recordFile('20260101-000000-eeeeee', env))).toBe(false);
		} finally {
			if (previous === undefined) delete process.env.KILN_STATE_DIR;
			else process.env.KILN_STATE_DIR = previous;
		}
	});
});
