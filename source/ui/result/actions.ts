// ── Result actions ─────────────────────────────────────────────────────────
// What the result screen offers after a successful build, such as "Boot it
// now" (`kiln boot`) and "Check that it boots" (`kiln boot-check`). Add an
// entry to `resultActions`; the screen lists them with "Done" when there are
// any. The chosen action runs after Ink has unmounted, so it owns the
// terminal (a serial console needs it), and its exit code becomes kiln's.
import type {Io} from '../../commands/types.js';
import type {BuildState} from '../../engine/state.js';

export interface ResultAction {
	label: string;
	description: string;
	/** `build.artifact` and `build.plan` are set: the build succeeded. */
	run(build: BuildState, io: Io): Promise<number>;
}

export const resultActions: ResultAction[] = [];
