// The verdict on a preset name as it is typed: the store's own name rules,
// and whether saving would replace something (a built-in: never).
import {KilnError} from '../../core/errors.js';
import {checkPresetName} from '../../store/names.js';
import type {ListedPreset} from '../../store/presets.js';
import {type Check, explain} from './checks.js';

export function checkNewPresetName(name: string, known: ListedPreset[]): Check {
	try {
		checkPresetName(name);
	} catch (error) {
		if (!(error instanceof KilnError)) throw error;
		return {ok: false, problem: explain(error)};
	}
	const existing = known.find(preset => preset.name === name);
	if (existing?.builtIn) return {ok: false, problem: `"${name}" is a built-in preset and cannot be replaced; choose another name.`};
	if (existing) return {ok: true, note: 'a preset of this name exists — saving asks before replacing it', warn: true};
	return {ok: true};
}
