// Every build, whatever its front end, goes through here: the engine's
// events, with the run appended to the history as it finishes.
import type {KilnEvent} from '../core/events.js';
import type {Plan} from '../engine/plan.js';
import {type RunOptions, runBuild} from '../engine/run.js';
import {kilnVersion} from '../store/kiln-version.js';
import {recordingHistory} from '../store/record-events.js';
import type {Io} from './io.js';

export function recordedBuild(plan: Plan, options: RunOptions, io: Io, onWarning: (text: string) => void): AsyncIterable<KilnEvent> {
	return recordingHistory(runBuild(plan, options), {kilnVersion: kilnVersion(), cwd: io.cwd, env: io.env, appService: Boolean(plan.app), onWarning});
}
