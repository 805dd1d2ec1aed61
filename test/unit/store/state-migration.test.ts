// History, logs and run records move from their old places (config and cache
// folders) to the state folder once, and nothing is lost: not after a move
// that stopped halfway, not when two processes move at the same time, not
// across filesystems, not when the state folder already holds a different file.
import {spawn} from 'node:child_process';
import {existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {migrateState, type MigrationResult} from '../../../source/core/state-migration.js';
import {readRecords} from '../../../source/core/run-registry.js';
import {listHistory} from '../../../source/store/history.js';
import {historyRecord} from '../../../source/store/history-record.js';
import {runState} from './helpers/fixtures.js';

let root: string;
let env: {KILN_CONFIG_DIR: string; KILN_CACHE_DIR: string; KILN_STATE_DIR: string};
const config = (...parts: string[]) => path.join(env.KILN_CONFIG_DIR, ...parts);
const cache = (...parts: string[]) => path.join(env.KILN_CACHE_DIR, ...parts);
const state = (...parts: string[]) => path.join(env.KILN_STATE_DIR, ...parts);

function write(file: string, text: string): void {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, text);
}

/** An older kiln's files: a history with one build, a corrupt history it moved aside, two run records, two logs, and what stays put. */
function oldKiln(): Record<string, string> {
	const record = historyRecord({state: runState({runId: 'old-build'}), kilnVersion: '0.0.9'})!;
	const files: Record<string, string> = {
		[config('history.json')]: JSON.stringify({records: [record], __internal__: {migrations: {version: '1.0.0'}}}),
		[config('history.corrupt-2026-01-01T00-00-00-000Z-7.json')]: '{broken',
		[cache('runs', '20260101-000000-aaaaaa.json')]: JSON.stringify({runId: '20260101-000000-aaaaaa', pid: 999_999, host: os.hostname(), containers: [], paths: []}),
		[cache('runs', '20260101-000000-bbbbbb.json')]: JSON.stringify({runId: '20260101-000000-bbbbbb', pid: 999_998, host: os.hostname(), containers: [], paths: []}),
		[cache('logs', '20260101-000000-aaaaaa.log')]: '[os] step 1/7\n',
		[cache('logs', 'boot-check-2026-01-01T00-00-00-000Z.log')]: 'login:\n',
	};
	for (const [file, text] of Object.entries(files)) write(file, text);
	write(config('presets.json'), '{"presets": {}}');
	write(cache('accel.json'), '{}');
	return files;
}

/** Where each old file belongs now. */
const movedTo = (file: string) => file.startsWith(env.KILN_CONFIG_DIR) ? state(path.basename(file)) : state(path.relative(env.KILN_CACHE_DIR, file));

function expectAllMoved(files: Record<string, string>): void {
	for (const [file, text] of Object.entries(files)) {
		expect(existsSync(file), `${file} is still there`).toBe(false);
		expect(readFileSync(movedTo(file), 'utf8')).toBe(text);
	}
	// What is not state stays where it was; the emptied cache folders go.
	expect(readdirSync(env.KILN_CONFIG_DIR)).toEqual(['presets.json']);
	expect(readdirSync(env.KILN_CACHE_DIR)).toEqual(['accel.json']);
}

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'kiln-migrate-'));
	env = {KILN_CONFIG_DIR: path.join(root, 'config'), KILN_CACHE_DIR: path.join(root, 'cache'), KILN_STATE_DIR: path.join(root, 'state')};
});
afterEach(() => rmSync(root, {recursive: true, force: true}));

describe('moving an older kiln\'s state', () => {
	it('moves history, run records and logs into the state folder, where kiln reads them', () => {
		const files = oldKiln();
		const result = migrateState(env);
		expect(result.moved.sort()).toEqual(Object.keys(files).map(movedTo).sort());
		expect(result.keptAside).toEqual([]);
		expectAllMoved(files);
		expect(listHistory(env).value.map(record => record.id)).toEqual(['old-build']);
		expect(readRecords(env).map(({record}) => record?.runId).sort()).toEqual(['20260101-000000-aaaaaa', '20260101-000000-bbbbbb']);
	});

	it('happens once: a second run finds nothing to move and changes nothing', () => {
		const files = oldKiln();
		migrateState(env);
		expect(migrateState(env)).toEqual({moved: [], keptAside: []});
		expectAllMoved(files);
	});

	it('finishes a move that stopped halfway (files at both places, some not moved yet), losing nothing', () => {
		const files = oldKiln();
		// As a process killed mid-move leaves it: one file linked but not yet removed, one copied, the rest untouched.
		mkdirSync(state('runs'), {recursive: true});
		linkSync(config('history.json'), state('history.json'));
		writeFileSync(state('runs', '20260101-000000-aaaaaa.json'), files[cache('runs', '20260101-000000-aaaaaa.json')]!);
		writeFileSync(state('runs', '.20260101-000000-bbbbbb.json.4242.migrating'), 'half a cop');
		const result = migrateState(env);
		expect(result.keptAside).toEqual([]);
		expectAllMoved(files);
		expect(listHistory(env).value.map(record => record.id)).toEqual(['old-build']);
		// The stray half copy is no record: doctor does not read it.
		expect(readRecords(env)).toHaveLength(2);
	});

	it('keeps an old file beside a different one already in the state folder, and says so', () => {
		oldKiln();
		write(state('history.json'), '{"records": []}');
		const result = migrateState(env);
		expect(result.keptAside).toEqual([state('history.migrated-1.json')]);
		expect(readFileSync(state('history.json'), 'utf8')).toBe('{"records": []}');
		expect(readFileSync(state('history.migrated-1.json'), 'utf8')).toContain('old-build');
		expect(existsSync(config('history.json'))).toBe(false);
	});

	it('moves nothing between two places a KILN_*_DIR made one (state folder = cache folder)', () => {
		oldKiln();
		const result = migrateState({...env, KILN_STATE_DIR: env.KILN_CACHE_DIR});
		// Only the history, which was in the config folder, moves.
		expect(result.moved.sort()).toEqual([cache('history.corrupt-2026-01-01T00-00-00-000Z-7.json'), cache('history.json')]);
		expect(readdirSync(cache('runs'))).toHaveLength(2);
		expect(readdirSync(cache('logs'))).toHaveLength(2);
	});

	it('moves across filesystems (/dev/shm to the temporary folder) by copying', () => {
		const shm = mkdtempSync(path.join('/dev/shm', 'kiln-migrate-'));
		try {
			env.KILN_CACHE_DIR = shm;
			const files = oldKiln();
			migrateState(env);
			expectAllMoved(files);
			expect(readdirSync(state('runs')).filter(name => name.endsWith('.migrating'))).toEqual([]);
		} finally {
			rmSync(shm, {recursive: true, force: true});
		}
	});

	it('loses nothing when two processes move at the same time, and neither keeps a file aside', async () => {
		const files = oldKiln();
		for (let i = 0; i < 150; i++) {
			const name = `20260102-000000-${String(i).padStart(6, '0')}`;
			files[cache('logs', `${name}.log`)] = `log ${i}\n`;
			files[cache('runs', `${name}.json`)] = JSON.stringify({runId: name, pid: 999_999, host: 'x', containers: [], paths: []});
		}
		for (const [file, text] of Object.entries(files)) write(file, text);
		const signals = path.join(root, 'signals');
		mkdirSync(signals);
		const runs = [worker(path.join(signals, 'a.ready'), path.join(signals, 'go')), worker(path.join(signals, 'b.ready'), path.join(signals, 'go'))];
		// Both have loaded their code; start them together.
		while (!existsSync(path.join(signals, 'a.ready')) || !existsSync(path.join(signals, 'b.ready'))) await new Promise(resolve => setTimeout(resolve, 20));
		writeFileSync(path.join(signals, 'go'), '');
		const results = await Promise.all(runs);
		const moved = results.flatMap(result => result.moved);
		expect(results.flatMap(result => result.keptAside)).toEqual([]);
		// Each file moved once, by one process or the other.
		expect(moved.sort()).toEqual(Object.keys(files).map(movedTo).sort());
		expectAllMoved(files);
	}, 60_000);
});

const helpers = fileURLToPath(new URL('helpers/', import.meta.url));
function worker(readyFile: string, goFile: string): Promise<MigrationResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', `${helpers}register-ts.mjs`, `${helpers}migrate-worker.ts`, readyFile, goFile], {
			env: {...process.env, ...env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', code => (code === 0 ? resolve(JSON.parse(stdout) as MigrationResult) : reject(new Error(`worker exited ${code}: ${stderr}`))));
	});
}
