// Reads the start screen's presets and history from the store. Loaded on
// demand (conf and its schema compiler are slow to load), after the first frame.
import type {BuildChoices} from '../../core/choices.js';
import {loadDistros} from '../../engine/distros.js';
import {KilnError} from '../../core/errors.js';
import {withDefaults} from '../../engine/plan.js';
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

const distros = loadDistros();

/**
 * Whether the wizard can open these choices: a preset or a record may name a
 * distro, format or bootloader this kiln does not know (a newer kiln's, or a
 * distros/ entry since removed). Those are left out, with the reason.
 */
function usable(choices: Partial<BuildChoices>, what: string, warnings: string[]): boolean {
	try {
		withDefaults(choices, distros);
		return true;
	} catch (error) {
		if (!(error instanceof KilnError)) throw error;
		warnings.push(`kiln: ${what} is not offered here: ${error.message}`);
		return false;
	}
}

export function loadStartData(env: NodeJS.ProcessEnv): StartData {
	const warnings: string[] = [];
	const presets = read('presets', () => listPresets(env), warnings).filter(preset => usable(preset.choices, `preset "${preset.name}"`, warnings));
	const history = read('build history', () => listHistory(env), warnings)
		// A kiln convert build made its image's app a boot service, which a rerun cannot repeat (as in kiln rerun).
		.filter(record => !record.appService && usable(record.choices, `build ${record.id}`, warnings));
	return {presets, history, warnings};
}
