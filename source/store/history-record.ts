// One build as history keeps it: what was chosen (never a secret: the
// choices only say whether a password was used), what each stage did, the OS
// image's layer sizes, the artifact and the result.
import path from 'node:path';
import type {BuildChoices} from '../core/choices.js';
import type {ErrorInfo} from '../core/errors.js';
import type {StageId, StageStatus} from '../core/events.js';
import type {BuildState} from '../engine/state.js';
import {readPublicKey} from '../engine/validate.js';

export type Outcome = 'ok' | 'failed' | 'cancelled';

export interface HistoryRecord {
	/** The run id (also the name of the run's log file). */
	id: string;
	/** ISO time the run started. */
	startedAt: string;
	kilnVersion: string;
	choices: BuildChoices;
	/** Fingerprint of the SSH key used, so a rerun can tell when the key file changed. */
	sshKeyFingerprint?: string;
	baseImage: string;
	outputPath: string;
	stages: Array<{id: StageId; title: string; status: StageStatus; durationMs?: number; detail?: string}>;
	/** The OS image the disk was made from (its tag was the run's own and is gone). */
	osImage?: {id: string; sizeBytes: number};
	/** The OS image's Dockerfile steps with the size of the layer each made. */
	steps: Array<{index: number; instruction: string; status: 'running' | 'done' | 'cached'; sizeBytes?: number}>;
	artifact?: {path: string; format: string; virtualBytes: number; diskBytes: number; sha256?: string};
	result: {
		outcome: Outcome;
		exitCode?: number;
		/** Where a failed or cancelled run stopped. */
		failedStage?: StageId;
		error?: ErrorInfo;
	};
	durationMs?: number;
	bootCheck?: unknown;
	logFile?: string;
	/** Set for `kiln convert` builds that made the source image's app a boot service, which a rerun cannot repeat. */
	appService?: boolean;
	/** The image such a build converted (on a Debian base, baseImage is Debian's). */
	convertedFrom?: string;
}

export interface RecordInput {
	state: BuildState;
	kilnVersion: string;
	/** Epoch ms; defaults to the state's run-started time. */
	startedAt?: number;
	/** The boot check's result; defaults to what its stage reported, when it ran. */
	bootCheck?: unknown;
	/** What relative paths in the choices were relative to; defaults to process.cwd(). */
	cwd?: string;
	/** The build added an app service (kiln convert). */
	appService?: boolean;
}

/** The error tail kept per record: enough to see why, small enough for 200 records. */
const errorTailLines = 20;

/** Undefined when the run never started (refused input is not a build). */
export function historyRecord(input: RecordInput): HistoryRecord | undefined {
	const {state, kilnVersion} = input;
	const {plan, runId} = state;
	if (!plan || !runId) return undefined;
	// Absolute, so a rerun from another folder finds the same key.
	const sshKey = plan.choices.sshKey && path.resolve(input.cwd ?? process.cwd(), plan.choices.sshKey);
	const started = input.startedAt ?? state.startedAt ?? Date.now();
	// The stage the run stopped in: failed, or running when it was cancelled.
	const stopped = state.stages.find(stage => stage.status === 'failed' || stage.status === 'cancelled');
	// A stream that ended without run-finished means the engine itself broke.
	const outcome: Outcome = state.outcome ?? 'failed';
	const error = stopped?.error && {...stopped.error, logTail: stopped.error.logTail?.slice(-errorTailLines)};
	return dropUndefined({
		id: runId,
		startedAt: new Date(started).toISOString(),
		kilnVersion,
		choices: {...plan.choices, sshKey},
		sshKeyFingerprint: fingerprint(sshKey),
		baseImage: plan.baseImage,
		outputPath: plan.outputPath,
		stages: state.stages.map(({id, title, status, durationMs, detail}) => ({id, title, status, durationMs, detail})),
		osImage: state.osImage && {id: state.osImage.id, sizeBytes: state.osImage.sizeBytes},
		steps: state.steps.map(({index, instruction, status, sizeBytes}) => ({index, instruction, status, sizeBytes})),
		artifact: state.artifact,
		result: {outcome, exitCode: state.exitCode, failedStage: outcome === 'ok' ? undefined : stopped?.id, error: outcome === 'ok' ? undefined : error},
		durationMs: state.durationMs,
		bootCheck: input.bootCheck ?? bootCheckStage(state),
		logFile: state.logFile,
		appService: input.appService || undefined,
		convertedFrom: input.appService ? plan.appBase?.image : undefined,
	});
}

function bootCheckStage(state: BuildState): unknown {
	const stage = state.stages.find(item => item.id === 'boot-check');
	if (!stage || stage.status === 'pending' || stage.status === 'skipped') return undefined;
	return {status: stage.status, durationMs: stage.durationMs, detail: stage.detail, error: stage.error?.message};
}

function fingerprint(sshKey: string | undefined): string | undefined {
	if (!sshKey) return undefined;
	try {
		return readPublicKey(sshKey).fingerprint;
	} catch {
		return undefined; // The key file is gone already; the path alone is still worth keeping.
	}
}

/** conf refuses `undefined` values; JSON drops them anyway. */
function dropUndefined<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
