// The build pipeline: stages in order, one event stream out, and cleanup of
// everything the run created whatever happens (success, failure, cancel).
import {randomBytes} from 'node:crypto';
import {createWriteStream, mkdirSync} from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import {Channel} from '../core/channel.js';
import {Resources} from '../core/cleanup.js';
import type {Stage, StageContext} from './context.js';
import {dockerClient} from '../core/docker/connect.js';
import {CancelledError, toErrorInfo} from '../core/errors.js';
import type {KilnEvent, StageId} from '../core/events.js';
import {logDirectory} from '../core/paths.js';
import {type Plan, summarize} from './plan.js';
import {assembleDisk} from './stages/assemble-disk.js';
import {baseImage} from './stages/base-image.js';
import {osImage} from './stages/os-image.js';
import {preflight} from './stages/preflight.js';
import {writeOut} from './stages/write-out.js';

export interface RunOptions {
	signal: AbortSignal;
	docker?: Docker;
	/** Stages after write-out (the application layer adds the boot check). */
	checks?: Stage[];
}

const progressInterval = 100;

function newRunId(): string {
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
	return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function runBuild(plan: Plan, options: RunOptions): AsyncIterable<KilnEvent> {
	const channel = new Channel<KilnEvent>();
	void execute(plan, options, channel).finally(() => channel.close());
	return channel;
}

async function execute(plan: Plan, options: RunOptions, channel: Channel<KilnEvent>): Promise<void> {
	const {signal} = options;
	const docker = options.docker ?? (await dockerClient());
	const runId = newRunId();
	const started = Date.now();
	const logDir = logDirectory();
	mkdirSync(logDir, {recursive: true, mode: 0o700});
	const logFile = path.join(logDir, `${runId}.log`);
	const logStream = createWriteStream(logFile, {mode: 0o600});
	const resources = new Resources(docker, runId);
	const lastProgress = new Map<StageId, number>();

	let finished = false;
	const emit = (event: KilnEvent) => {
		// A stage's late callback (a layer size looked up while the run was cancelled) must not write to the closed log.
		if (finished) return;
		finished = event.type === 'run-finished';
		channel.push(event);
		if (event.type === 'log') logStream.write(`[${event.stage}] ${event.line}\n`);
		else if (event.type !== 'stage-progress' && event.type !== 'layer') logStream.write(`${JSON.stringify(event)}\n`);
	};
	const context: StageContext = {
		runId,
		plan,
		docker,
		signal,
		resources,
		results: {},
		emit,
		log: (stage, line) => emit({type: 'log', stage, at: Date.now(), line}),
		progress(stage, current, total) {
			const now = Date.now();
			if (total === undefined && now - (lastProgress.get(stage) ?? 0) < progressInterval) return;
			lastProgress.set(stage, now);
			emit({type: 'stage-progress', stage, at: now, current, total, unit: 'bytes'});
		},
	};

	let failedStage: StageId | undefined;
	const runStage = async (stage: Stage): Promise<void> => {
		const begun = Date.now();
		emit({type: 'stage-started', stage: stage.id, at: begun});
		try {
			signal.throwIfAborted();
			const detail = await stage.run(context);
			emit({type: 'stage-finished', stage: stage.id, at: Date.now(), durationMs: Date.now() - begun, detail});
		} catch (error) {
			if (!signal.aborted && failedStage === undefined) {
				failedStage = stage.id;
				emit({type: 'stage-failed', stage: stage.id, at: Date.now(), durationMs: Date.now() - begun, error: toErrorInfo(error)});
			}
			throw error;
		}
	};

	const checks = options.checks ?? [];
	const topLevel: Stage[] = [preflight, baseImage, osImage, assembleDisk(runStage), writeOut, ...checks];
	const shown: Array<{id: StageId; title: string}> = [
		{id: 'preflight', title: 'preflight'},
		{id: 'base', title: `base image ${plan.baseImage}`},
		{id: 'os', title: 'OS image'},
		{id: 'export', title: 'rootfs export'},
		{id: 'assemble', title: 'disk assembly'},
		{id: 'write', title: 'write-out'},
		...checks.map(({id, title}) => ({id, title})),
	];
	emit({type: 'run-started', runId, at: started, plan: summarize(plan), stages: shown});

	let outcome: 'ok' | 'failed' | 'cancelled' = 'ok';
	let exitCode = 0;
	try {
		for (const stage of topLevel) await runStage(stage);
	} catch (error) {
		const cancelled = signal.aborted || error instanceof CancelledError;
		outcome = cancelled ? 'cancelled' : 'failed';
		exitCode = cancelled ? 130 : ((error as {exitCode?: number}).exitCode ?? 1);
		if (!cancelled && failedStage === undefined) {
			// An error outside any stage (should not happen) still gets reported.
			emit({type: 'log', stage: 'preflight', at: Date.now(), line: `internal error: ${(error as Error).stack ?? String(error)}`});
		}
	} finally {
		const left = await resources.cleanup();
		for (const item of left) emit({type: 'log', stage: 'write', at: Date.now(), line: `could not remove ${item}; run kiln doctor --clean`});
	}
	emit({type: 'run-finished', at: Date.now(), durationMs: Date.now() - started, outcome, exitCode, logFile});
	await new Promise(resolve => logStream.end(resolve));
}
