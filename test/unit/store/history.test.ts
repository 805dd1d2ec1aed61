import {mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {appendRecord, findRecord, historyLimit, listHistory, recordBuild} from '../../../source/store/history.js';
import {historyRecord} from '../../../source/store/history-record.js';
import {runState} from './helpers/fixtures.js';
import {useTempConfig} from './helpers/temp-config.js';
import {thrown} from './helpers/thrown.js';

const t0 = Date.UTC(2026, 0, 1);
const record = (runId: string, minutes: number, outcome: 'ok' | 'failed' | 'cancelled' = 'ok') =>
	historyRecord({state: runState({runId, startedAt: t0 + minutes * 60_000, outcome}), kilnVersion: '0.1.0'})!;

describe('history records', () => {
	it('keep choices, stages, layer sizes, artifact and result of a finished run', () => {
		const value = record('r1', 0);
		expect(value).toMatchObject({
			id: 'r1',
			startedAt: '2026-01-01T00:00:00.000Z',
			kilnVersion: '0.1.0',
			choices: {distro: 'debian', release: 'bookworm', kernel: 'cloud', init: 'systemd', rootPassword: false},
			baseImage: 'debian:bookworm',
			osImage: {id: 'sha256:0123abcd', sizeBytes: 530_000_000},
			steps: [{index: 1, sizeBytes: 0, status: 'cached'}, {index: 2, sizeBytes: 412_000_000, status: 'done'}],
			artifact: {format: 'raw', virtualBytes: 1_073_741_824, sha256: 'ab'.repeat(32)},
			result: {outcome: 'ok', exitCode: 0},
			durationMs: 12_500,
		});
		expect(value.stages.map(stage => [stage.id, stage.status, stage.durationMs])).toEqual([
			['preflight', 'done', 49], ['base', 'done', 100], ['os', 'done', 8850], ['export', 'done', 3000],
		]);
	});

	it('say where a failed run stopped and why', () => {
		expect(record('r2', 0, 'failed').result).toEqual({
			outcome: 'failed', exitCode: 1, failedStage: 'os',
			error: {message: 'apt-get failed', hint: 'check the package names', logTail: ['E: Unable to locate package nope']},
		});
	});

	it('say where a cancelled run stopped', () => {
		expect(record('r3', 0, 'cancelled').result).toEqual({outcome: 'cancelled', exitCode: 130, failedStage: 'os'});
	});

	it('are not made for a run that never started', () => {
		expect(historyRecord({state: {...runState(), plan: undefined}, kilnVersion: 'x'})).toBeUndefined();
	});
});

describe('history store', () => {
	const temp = useTempConfig();

	it('lists newest first and finds by id, by unique prefix and as "last"', () => {
		appendRecord(record('20260101-000000-aaaaaa', 0), temp.env());
		appendRecord(record('20260101-010000-bbbbbb', 60), temp.env());
		appendRecord(record('20260101-003000-cccccc', 30), temp.env());
		expect(listHistory(temp.env()).value.map(item => item.id)).toEqual(['20260101-010000-bbbbbb', '20260101-003000-cccccc', '20260101-000000-aaaaaa']);
		expect(findRecord('last', temp.env()).value.id).toBe('20260101-010000-bbbbbb');
		expect(findRecord('20260101-0030', temp.env()).value.id).toBe('20260101-003000-cccccc');
		expect(thrown(() => findRecord('20260101-0', temp.env())).message).toMatch(/matches 3 builds/);
		expect(thrown(() => findRecord('nope', temp.env())).message).toBe('No build in the history has the id "nope"');
	});

	it('says so when it is empty', () => {
		expect(thrown(() => findRecord('last', temp.env())).message).toBe('The build history is empty');
	});

	it(`keeps only the newest ${historyLimit} builds`, () => {
		// A full history as an earlier kiln left it, then three more builds.
		const full = Array.from({length: historyLimit}, (_, i) => record(`run-${String(i).padStart(3, '0')}`, i));
		mkdirSync(temp.stateDir(), {recursive: true});
		writeFileSync(path.join(temp.stateDir(), 'history.json'), JSON.stringify({records: full}));
		for (let i = historyLimit; i < historyLimit + 3; i++) appendRecord(record(`run-${i}`, i), temp.env());
		const ids = listHistory(temp.env()).value.map(item => item.id);
		expect(ids).toHaveLength(historyLimit);
		expect(ids[0]).toBe(`run-${historyLimit + 2}`);
		expect(ids.at(-1)).toBe('run-003');
	});

	it('records through recordBuild into an owner-only file, without any password', () => {
		const state = runState({runId: 'pw-run', choices: {rootPassword: true}});
		const {id, warning} = recordBuild({state, kilnVersion: '0.1.0', env: temp.env()});
		expect({id, warning}).toEqual({id: 'pw-run', warning: undefined});
		const file = path.join(temp.stateDir(), 'history.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const stored = findRecord('pw-run', temp.env()).value;
		expect(stored.choices.rootPassword).toBe(true);
		expect(readFileSync(file, 'utf8')).not.toMatch(/\$6\$|password"\s*:\s*"/i);
	});

	it('turns a store failure into a warning instead of failing the build', () => {
		// A state folder inside a regular file cannot be created.
		mkdirSync(temp.dir(), {recursive: true});
		writeFileSync(path.join(temp.dir(), 'file'), '');
		const result = recordBuild({state: runState(), kilnVersion: '0.1.0', env: {...temp.env(), KILN_STATE_DIR: path.join(temp.dir(), 'file', 'kiln')}});
		expect(result.id).toBeUndefined();
		expect(result.warning).toMatch(/^kiln: this build was not added to the history: /);
	});
});
