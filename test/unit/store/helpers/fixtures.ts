// Finished build states for history tests, folded from events the way the
// engine emits them.
import type {BuildChoices} from '../../../../source/core/choices.js';
import type {KilnEvent} from '../../../../source/core/events.js';
import {withDefaults} from '../../../../source/engine/plan.js';
import {type BuildState, foldEvents} from '../../../../source/engine/state.js';

export interface RunSpec {
	runId?: string;
	startedAt?: number;
	outcome?: 'ok' | 'failed' | 'cancelled';
	choices?: Partial<BuildChoices>;
}

export function runEvents(spec: RunSpec = {}): KilnEvent[] {
	const at = spec.startedAt ?? Date.UTC(2026, 10, 28, 18, 29, 36);
	const choices = withDefaults({release: 'bookworm', output: '/tmp/out/debian-bookworm.img', ...spec.choices});
	const outcome = spec.outcome ?? 'ok';
	const events: KilnEvent[] = [
		{
			type: 'run-started', runId: spec.runId ?? '20261128-182936-a1b2c3', at,
			plan: {choices, baseImage: 'debian:bookworm', outputPath: choices.output, distroName: 'Debian', releaseName: 'Debian 12 (bookworm)', kernelPackages: ['linux-image-cloud-amd64'], initPackages: ['systemd-sysv'], warnings: []},
			stages: [{id: 'preflight', title: 'preflight'}, {id: 'base', title: 'base image'}, {id: 'os', title: 'OS image'}, {id: 'export', title: 'rootfs export'}],
		},
		{type: 'stage-started', stage: 'preflight', at: at + 1},
		{type: 'stage-finished', stage: 'preflight', at: at + 50, durationMs: 49},
		{type: 'stage-started', stage: 'base', at: at + 50},
		{type: 'stage-finished', stage: 'base', at: at + 150, durationMs: 100, detail: 'present'},
		{type: 'stage-started', stage: 'os', at: at + 150},
		{type: 'step', stage: 'os', index: 1, count: 2, instruction: 'FROM debian:bookworm', status: 'cached', sizeBytes: 0},
		{type: 'step', stage: 'os', index: 2, count: 2, instruction: 'RUN apt-get install …', status: 'done', sizeBytes: 412_000_000},
		{type: 'os-image', id: 'sha256:0123abcd', tag: 'kiln-os:run', sizeBytes: 530_000_000},
	];
	if (outcome === 'failed') {
		events.push({type: 'stage-failed', stage: 'os', at: at + 9000, durationMs: 8850, error: {message: 'apt-get failed', hint: 'check the package names', logTail: ['E: Unable to locate package nope']}});
	} else if (outcome === 'ok') {
		events.push(
			{type: 'stage-finished', stage: 'os', at: at + 9000, durationMs: 8850},
			{type: 'stage-started', stage: 'export', at: at + 9000},
			{type: 'stage-finished', stage: 'export', at: at + 12_000, durationMs: 3000},
			{type: 'artifact', path: choices.output, format: 'raw', virtualBytes: 1_073_741_824, diskBytes: 700_000_000, sha256: 'ab'.repeat(32)},
		);
	}
	events.push({type: 'run-finished', at: at + 12_500, durationMs: 12_500, outcome, exitCode: outcome === 'ok' ? 0 : outcome === 'cancelled' ? 130 : 1, logFile: '/tmp/kiln-logs/run.log'});
	return events;
}

export function runState(spec: RunSpec = {}): BuildState {
	return foldEvents(runEvents(spec));
}
