// Runs `kiln build --json` as a child process and collects its events, stage
// times and peak memory: the bench measures the real command, not a library call.
import {execa} from 'execa';
import {fileURLToPath} from 'node:url';
import type {KilnEvent, StageId, SubStepId} from '../core/events.js';
import {onLines} from '../core/lines.js';
import {watchPeakMemory} from './peak-memory.js';

const cliPath = fileURLToPath(new URL('../cli.js', import.meta.url));

export interface MeasuredBuild {
	stageMs: Partial<Record<StageId, number>>;
	artifact?: Extract<KilnEvent, {type: 'artifact'}>;
	osImage?: Extract<KilnEvent, {type: 'os-image'}>;
	peakBytes: number;
	wallMs: number;
	/** From the first export byte to the end of disk assembly. */
	exportAndAssembleMs: number;
	/** The builder's sub-steps, from kiln's receipt of each step line. */
	substepMs: Partial<Record<SubStepId, number>>;
	/** Assembly before the export starts: builder image check, container create and start. */
	builderStartMs: number;
	/** Assembly after the last export byte: the builder finishing. */
	afterExportMs: number;
	/** Bytes of the exported root filesystem tar: what goes onto the disk. */
	rootfsBytes?: number;
	/** OS image steps Docker took from its cache. */
	cachedSteps: number;
	/** Whether the build made the disk builder image too. */
	builtBuilder: boolean;
}

export async function measureBuild(args: string[]): Promise<MeasuredBuild> {
	const started = Date.now();
	const child = execa('node', [cliPath, 'build', '--json', ...args], {reject: false, buffer: false, stderr: 'inherit'});
	const stop = watchPeakMemory(child.pid!);
	const events: KilnEvent[] = [];
	onLines(child.stdout!, line => {
		if (line) events.push(JSON.parse(line) as KilnEvent);
	});
	const result = await child;
	const peakBytes = stop();
	if (result.exitCode !== 0) throw new Error(`kiln build ${args.join(' ')} exited ${result.exitCode}`);
	const stageMs: MeasuredBuild['stageMs'] = {};
	const startedAt: Partial<Record<StageId, number>> = {};
	for (const event of events) {
		if (event.type === 'stage-started') startedAt[event.stage] = event.at;
		if (event.type === 'stage-finished') stageMs[event.stage] = event.durationMs;
	}
	let assembleEnd = 0;
	let exportEnd = 0;
	for (const event of events) {
		if (event.type === 'stage-finished' && event.stage === 'assemble') assembleEnd = event.at;
		if (event.type === 'stage-finished' && event.stage === 'export') exportEnd = event.at;
	}
	const substepMs: MeasuredBuild['substepMs'] = {};
	const substepStart: Partial<Record<SubStepId, number>> = {};
	for (const event of events) {
		if (event.type !== 'substep') continue;
		if (event.status === 'running') substepStart[event.id] = event.at;
		if (event.status === 'done' && substepStart[event.id] !== undefined) substepMs[event.id] = event.at - substepStart[event.id]!;
	}
	return {
		stageMs,
		artifact: events.find((event): event is Extract<KilnEvent, {type: 'artifact'}> => event.type === 'artifact'),
		osImage: events.find((event): event is Extract<KilnEvent, {type: 'os-image'}> => event.type === 'os-image'),
		peakBytes,
		wallMs: Date.now() - started,
		exportAndAssembleMs: assembleEnd - (startedAt.export ?? assembleEnd),
		substepMs,
		builderStartMs: (startedAt.export ?? 0) - (startedAt.assemble ?? 0),
		afterExportMs: assembleEnd - exportEnd,
		builtBuilder: events.some(event => event.type === 'log' && event.line.startsWith('building the builder image')),
		cachedSteps: events.filter(event => event.type === 'step' && event.status === 'cached').length,
		rootfsBytes: events.filter((event): event is Extract<KilnEvent, {type: 'stage-progress'}> => event.type === 'stage-progress' && event.stage === 'export' && event.total !== undefined).at(-1)?.total,
	};
}
