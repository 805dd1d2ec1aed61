import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import type {KilnEvent} from '../../source/core/events.js';
import {withDefaults} from '../../source/engine/plan.js';
import {jsonReporter, lineReporter} from '../../source/report/reporters.js';

const events: KilnEvent[] = [
	{
		type: 'run-started', runId: 'r1', at: 0,
		plan: {choices: withDefaults({}), baseImage: 'debian:bookworm', outputPath: '/out/d.img', distroName: 'Debian', releaseName: 'Debian 12 (bookworm)', kernelPackages: [], initPackages: [], warnings: ['root has no password']},
		stages: [{id: 'preflight', title: 'preflight'}, {id: 'os', title: 'OS image'}],
	},
	{type: 'stage-started', stage: 'preflight', at: 1},
	{type: 'stage-finished', stage: 'preflight', at: 201, durationMs: 200, detail: 'Docker 20.10'},
	{type: 'stage-started', stage: 'os', at: 202},
	{type: 'step', stage: 'os', index: 1, count: 2, instruction: 'RUN apt-get install linux-image-cloud-amd64', status: 'done', sizeBytes: 212_400_000},
	{type: 'log', stage: 'os', at: 203, line: 'E: Unable to locate package nope'},
	{type: 'stage-failed', stage: 'os', at: 300, durationMs: 98, error: {message: 'A step failed', hint: 'Check --packages', logTail: ['E: Unable to locate package nope']}},
	{type: 'run-finished', at: 301, durationMs: 301, outcome: 'failed', exitCode: 1, logFile: '/logs/r1.log'},
];

function collect(write: (out: PassThrough) => (event: KilnEvent) => void): string {
	const out = new PassThrough();
	const report = write(out);
	events.forEach(report);
	return out.read()?.toString() ?? '';
}

describe('line reporter', () => {
	it('prints a line per event with stage titles, sizes, the error and the log file', () => {
		expect(collect(out => lineReporter(out, {verbose: false}))).toMatchSnapshot();
	});

	it('prints log lines only when verbose', () => {
		expect(collect(out => lineReporter(out, {verbose: false}))).not.toContain('│');
		expect(collect(out => lineReporter(out, {verbose: true}))).toContain('│ E: Unable to locate package nope');
	});
});

describe('JSON reporter', () => {
	it('prints each event as one JSON line, unchanged', () => {
		const lines = collect(jsonReporter).trim().split('\n');
		expect(lines.map(line => JSON.parse(line))).toEqual(events);
	});
});
