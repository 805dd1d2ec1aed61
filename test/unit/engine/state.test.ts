import {describe, expect, it} from 'vitest';
import type {KilnEvent} from '../../../source/core/events.js';
import {foldEvents, logLimit} from '../../../source/engine/state.js';
import type {PlanSummary} from '../../../source/core/plan-summary.js';
import {withDefaults} from '../../../source/engine/plan.js';

const plan: PlanSummary = {
	choices: withDefaults({}), baseImage: 'debian:bookworm', outputPath: '/out/debian.img',
	distroName: 'Debian', releaseName: 'Debian 12 (bookworm)', kernelPackages: ['linux-image-cloud-amd64'], initPackages: ['systemd-sysv'], warnings: [],
};
const started: KilnEvent = {
	type: 'run-started', runId: 'r1', at: 0, plan,
	stages: [{id: 'preflight', title: 'preflight'}, {id: 'base', title: 'base image'}, {id: 'os', title: 'OS image'}, {id: 'export', title: 'rootfs export'}],
};

describe('reduce', () => {
	it('tracks stage status, duration and detail', () => {
		const state = foldEvents([
			started,
			{type: 'stage-started', stage: 'preflight', at: 1},
			{type: 'stage-finished', stage: 'preflight', at: 200, durationMs: 199, detail: 'Docker 20.10'},
			{type: 'stage-started', stage: 'base', at: 201},
		]);
		expect(state.stages.map(stage => stage.status)).toEqual(['done', 'running', 'pending', 'pending']);
		expect(state.stages[0]).toMatchObject({durationMs: 199, detail: 'Docker 20.10'});
	});

	it('merges layer progress by id and keeps steps in order with their sizes', () => {
		const state = foldEvents([
			started,
			{type: 'layer', stage: 'base', id: 'aaa', status: 'downloading', current: 5, total: 10},
			{type: 'layer', stage: 'base', id: 'bbb', status: 'waiting'},
			{type: 'layer', stage: 'base', id: 'aaa', status: 'done', sizeBytes: 29_100_000},
			{type: 'step', stage: 'os', index: 2, count: 3, instruction: 'RUN b', status: 'running'},
			{type: 'step', stage: 'os', index: 1, count: 3, instruction: 'RUN a', status: 'done', sizeBytes: 212_400_000},
		]);
		expect(state.layers).toEqual([
			{id: 'aaa', status: 'done', current: 5, total: 10, sizeBytes: 29_100_000},
			{id: 'bbb', status: 'waiting'},
		]);
		expect(state.steps.map(step => [step.index, step.status, step.sizeBytes])).toEqual([[1, 'done', 212_400_000], [2, 'running', undefined]]);
	});

	it('keeps only the newest log lines', () => {
		const logs: KilnEvent[] = Array.from({length: logLimit + 50}, (_, i) => ({type: 'log', stage: 'os', at: i, line: `line ${i}`}));
		const state = foldEvents([started, ...logs]);
		expect(state.logs).toHaveLength(logLimit);
		expect(state.logs.at(-1)?.line).toBe(`line ${logLimit + 49}`);
	});

	it('marks the running stage cancelled and the rest too when a run is cancelled', () => {
		const state = foldEvents([
			started,
			{type: 'stage-started', stage: 'preflight', at: 1},
			{type: 'run-finished', at: 5, durationMs: 5, outcome: 'cancelled', exitCode: 130},
		]);
		expect(state.stages.map(stage => stage.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
		expect(state).toMatchObject({outcome: 'cancelled', exitCode: 130});
	});

	it('keeps the failed stage failed and skips the ones after it', () => {
		const state = foldEvents([
			started,
			{type: 'stage-started', stage: 'preflight', at: 1},
			{type: 'stage-failed', stage: 'preflight', at: 2, durationMs: 1, error: {message: 'no Docker'}},
			{type: 'run-finished', at: 3, durationMs: 3, outcome: 'failed', exitCode: 1},
		]);
		expect(state.stages.map(stage => stage.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped']);
		expect(state.stages[0]?.error?.message).toBe('no Docker');
	});
});
