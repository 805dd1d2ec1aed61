import type {BuildState} from '../../engine/state.js';

/** The log lines of the stage that is running, or else of the one that failed. */
export function currentLog(state: BuildState): string[] {
	const stage = state.stages.find(item => item.status === 'running') ?? [...state.stages].reverse().find(item => item.status === 'failed');
	return stage ? state.logs.filter(entry => entry.stage === stage.id).map(entry => entry.line) : [];
}
