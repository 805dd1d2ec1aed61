// Every build, whatever its front end, goes through here: the engine's
// events, with the boot check joined on when asked for and the run appended
// to the history as it finishes.
import type Docker from 'dockerode';
import type {KilnEvent} from '../core/events.js';
import type {Plan} from '../engine/plan.js';
import {runBuild} from '../engine/run.js';
import {kilnVersion} from '../store/kiln-version.js';
import {recordingHistory} from '../store/record-events.js';
import {type BootCheckChoice, bootCheckStage} from './boot-check-stage.js';
import type {Io} from './io.js';

export interface BuildOptions {
	signal: AbortSignal;
	docker?: Docker;
	/** Boot the image after write-out and prove it reaches a login. */
	bootCheck?: BootCheckChoice;
}

export function recordedBuild(plan: Plan, options: BuildOptions, io: Io, onWarning: (text: string) => void): AsyncIterable<KilnEvent> {
	const {bootCheck, ...run} = options;
	const checks = bootCheck ? [bootCheckStage(bootCheck)] : [];
	return recordingHistory(runBuild(plan, {...run, checks}), {kilnVersion: kilnVersion(), cwd: io.cwd, env: io.env, appService: Boolean(plan.app), onWarning});
}
