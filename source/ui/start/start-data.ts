// What the start screen is built from: the presets and past builds in the
// store, and any warning the store gave (a corrupt file moved aside), which
// the screen shows. Read by load-start.ts.
import type {HistoryRecord} from '../../store/history-record.js';
import type {ListedPreset} from '../../store/presets.js';

export interface StartData {
	presets: ListedPreset[];
	/** Builds the wizard can run again, newest first. */
	history: HistoryRecord[];
	warnings: string[];
}

/** Before the store has been read, or with nothing in it. */
export const emptyStart: StartData = {presets: [], history: [], warnings: []};
