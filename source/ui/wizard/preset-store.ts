// The review's "Save as preset" against the store. The store (conf, its
// schema compiler) is loaded on first use: the wizard's first frame does not
// wait for it.
import path from 'node:path';
import {KilnError} from '../../core/errors.js';
import {configDir} from '../../core/paths.js';
import type {ListedPreset} from '../../store/presets.js';
import type {Answers} from './answers.js';
import {explain} from './checks.js';
import type {Notice} from './ReviewStep.js';

/** The presets there are, to warn about a name while it is typed; none when the store cannot be read (saving says why). */
export async function knownPresets(env: NodeJS.ProcessEnv): Promise<ListedPreset[]> {
	const {listPresets} = await import('../../store/presets.js');
	try {
		return listPresets(env).value;
	} catch {
		return [];
	}
}

/** Saves the choices (never the password, which is not one) and says where, or why not. */
export async function saveChoices(name: string, choices: Answers['choices'], options: {cwd: string; env: NodeJS.ProcessEnv; replace: boolean}): Promise<Notice> {
	const {presetFromChoices, savePreset} = await import('../../store/presets.js');
	try {
		const {warning} = savePreset(presetFromChoices(name, choices, {cwd: options.cwd}), {replace: options.replace}, options.env);
		const where = path.join(configDir(options.env), 'presets.json');
		return {ok: true, text: `Saved preset "${name}" to ${where}${warning ? ` (${warning})` : ''}`};
	} catch (error) {
		if (!(error instanceof KilnError)) throw error;
		return {ok: false, text: `Preset not saved: ${explain(error)}`};
	}
}
