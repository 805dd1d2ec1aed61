// Runs `kiln build --json` as a child process and collects its events, stage
// times and peak memory: the bench measures the real command, not a library call.
import {execa} from 'execa';
import {fileURLToPath} from 'node:url';
import type {KilnEvent, StageId} from '../core/events.js';
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
	for (const event of events) if (event.type === 'stage-finished' && event.stage === 'assemble') assembleEnd = event.at;
	return {
		stageMs,
		artifact: events.find((event): event is Extract<KilnEvent, {type: 'artifact'}> => event.type === 'artifact'),
		osImage: events.find((event): event is Extract<KilnEvent, {type: 'os-image'}> => event.type === 'os-image'),
		peakBytes,
		wallMs: Date.now() - started,
		exportAndAssembleMs: assembleEnd - (startedAt.export ?? assembleEnd),
		builtBuilder: events.some(event => event.type === 'log' && event.line.startsWith('building the builder image')),
		cachedSteps: events.filter(event => event.type === 'step' && event.status === 'cached').length,
		rootfsBytes: events.filter((event): event is Extract<KilnEvent, {type: 'stage-progress'}> => event.type === 'stage-progress' && event.stage === 'export' && event.total !== undefined).at(-1)?.total,
	};
}
