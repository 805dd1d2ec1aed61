// How the live area shares the terminal's rows. Ink clears the whole screen
// once its live output reaches the terminal's height, so the tree, the log
// tail and the footer are cut to fit below it.
import type {StageState} from '../../engine/state.js';

const terminal: ReadonlySet<StageState['status']> = new Set(['done', 'failed', 'skipped', 'cancelled']);

/** The leading stages that have settled; they move above the live area and never change again. */
export function settledPrefix(stages: StageState[]): StageState[] {
	const firstLive = stages.findIndex(stage => !terminal.has(stage.status));
	return firstLive === -1 ? stages : stages.slice(0, firstLive);
}

export const maxLogRows = 8;
const minLogRows = 3;

/**
 * Rows for the stages' child lines and for the log tail, given the rows left
 * once headers and the footer are placed. Children come first; the log keeps
 * a few rows when it is shown.
 */
export function shareRows(free: number, children: number, logs: number): {children: number; logs: number} {
	const available = Math.max(0, free);
	const logFloor = Math.min(logs, minLogRows, available);
	const childRows = Math.min(children, available - logFloor);
	return {children: childRows, logs: Math.min(logs, maxLogRows, available - childRows)};
}

/**
 * The last items that fit in `max` rows. When some are left out, one of the
 * rows says how many (`hidden`); with no rows at all nothing is said.
 */
export function clip<T>(items: T[], max: number): {hidden: number; shown: T[]} {
	if (items.length <= max) return {hidden: 0, shown: items};
	if (max <= 0) return {hidden: 0, shown: []};
	const shown = items.slice(items.length - (max - 1));
	return {hidden: items.length - shown.length, shown};
}
