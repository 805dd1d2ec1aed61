// The presets shipped in presets/*.json: read-only, listed beside the user's
// own. They are checked like any imported file, so a broken one fails loudly.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {KilnError} from '../core/errors.js';
import {packageRoot} from '../core/package-root.js';
import {type Preset, parsePresetFile} from './preset-file.js';

export const builtinPresetsDir = path.join(packageRoot, 'presets');

let cache: Preset[] | undefined;

export function builtinPresets(): Preset[] {
	if (cache) return cache;
	cache = readdirSync(builtinPresetsDir).filter(file => file.endsWith('.json')).sort().map(file => {
		const source = path.join(builtinPresetsDir, file);
		const preset = parsePresetFile(readFileSync(source, 'utf8'), source);
		const {name} = preset;
		if (name === undefined || `${name}.json` !== file) {
			throw new KilnError(`${source}: field "name" must be the file name without .json`, {hint: `Set "name": "${path.basename(file, '.json')}" in ${source}.`});
		}
		return {...preset, name};
	});
	return cache;
}
