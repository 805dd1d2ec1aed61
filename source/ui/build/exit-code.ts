import type {BuildState} from '../../engine/state.js';

/** kiln's exit code for a finished run: the engine's own, else 0 ok, 130 cancelled, 1 anything else. */
export function exitCode(state: BuildState, crashed: boolean): number {
	if (crashed) return 1;
	if (state.exitCode !== undefined) return state.exitCode;
	return state.outcome === 'ok' ? 0 : state.outcome === 'cancelled' ? 130 : 1;
}
