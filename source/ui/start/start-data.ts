// What the start screen is built from: the presets and past builds in the
// store, read once before the app mounts, and any warning the store gave
// (a corrupt file moved aside), which the screen shows.
import {listHistory} from '../../store/history.js';
import type {HistoryRecord} from '../../store/history-record.js';
import {type ListedPreset, listPresets} from '../../store/presets.js';

export interface StartData {
	presets: ListedPreset[];
	/** Builds the wizard can run again, newest first. */
	history: HistoryRecord[];
	warnings: string[];
}

export const emptyStart: StartData = {presets: [], history: [], warnings: []};

/** Reads one store; an unreadable one costs its entries, not the wizard. */
function read<T>(what: string, load: () => {value: T[]; warning?: string}, warnings: string[]): T[] {
	try {
		const {value, warning} = load();
		if (warning) warnings.push(warning);
		return value;
	} catch (error) {
		warnings.push(`kiln: could not read the ${what}: ${(error as Error).message}`);
		return [];
	}
}

export function loadStartData(env: NodeJS.ProcessEnv): StartData {
	const warnings: string[] = [];
	const presets = read('presets', () => listPresets(env), warnings);
	// A kiln convert build made its image's app a boot service, which a rerun cannot repeat (as in kiln rerun).
	const history = read('build history', () => listHistory(env), warnings).filter(record => !record.appService);
	return {presets, history, warnings};
}
