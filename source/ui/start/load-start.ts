// Reads the start screen's presets and history from the store. Loaded on
// demand (conf and its schema compiler are slow to load), after the first frame.
import {listHistory} from '../../store/history.js';
import {listPresets} from '../../store/presets.js';
import type {StartData} from './start-data.js';

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
