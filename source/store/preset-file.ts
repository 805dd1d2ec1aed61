// A preset as a file: what `kiln preset export` writes, `import` reads and
// presets/*.json ship as. Every field is checked, and a wrong one is named,
// before anything is stored.
import {type BuildChoices, type ChoiceId, type choiceTable, choiceIds, choiceOfFlag, choiceSpec} from '../core/choices.js';
import {KilnError} from '../core/errors.js';
import {resolvePlan} from '../engine/plan.js';
import {checkChoiceFields, fieldError} from './choice-fields.js';
import {isPresetName} from './names.js';

/**
 * Everything `kiln build` accepts except secrets and the choices marked
 * `notInPreset` (`force`): replacing an existing image is a decision for each
 * run, never something a preset (or a teammate's preset file) makes silently.
 * `output` may be kept; a relative one is taken relative to where the build runs.
 */
type PerRunChoice = {[K in ChoiceId]: (typeof choiceTable)[K] extends {notInPreset: true} ? K : never}[ChoiceId];
export type PresetChoices = Partial<Omit<BuildChoices, PerRunChoice>>;
export const presetChoiceKeys = choiceIds.filter(id => !choiceSpec(id).notInPreset);

export interface Preset {
	name: string;
	description?: string;
	choices: PresetChoices;
	/** Fingerprint of `choices.sshKey` when the preset was saved, to notice a replaced key. */
	sshKeyFingerprint?: string;
	/** ISO time; absent on built-in presets. */
	createdAt?: string;
}

export const presetFileKind = 'kiln-preset';
export const presetFileVersion = 1;
const topFields = ['kind', 'version', 'name', 'description', 'choices', 'sshKeyFingerprint', 'createdAt'];

export function presetFileText(preset: Preset): string {
	const {name, description, choices, sshKeyFingerprint, createdAt} = preset;
	return `${JSON.stringify({kind: presetFileKind, version: presetFileVersion, name, description, choices, sshKeyFingerprint, createdAt}, null, '\t')}\n`;
}

/** Parses and checks a preset file; `name` may be missing when the importer names it. */
export function parsePresetFile(text: string, source: string): Omit<Preset, 'name'> & {name?: string} {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new KilnError(`${source} is not valid JSON: ${(error as Error).message}`, {exitCode: 2, hint: `Fix the syntax of ${source}, or export the preset again with kiln preset export.`});
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw fieldError(source, '(top level)', 'must be an object', 'A preset file is a JSON object as written by kiln preset export.');
	}
	const json = data as Record<string, unknown>;
	for (const key of Object.keys(json)) {
		if (!topFields.includes(key)) throw fieldError(source, key, 'is not part of a preset', `Remove it. A preset file has: ${topFields.join(', ')}.`);
	}
	if (json.kind !== presetFileKind) throw fieldError(source, 'kind', `must be "${presetFileKind}"`, `Add "kind": "${presetFileKind}" if this is a kiln preset.`);
	if (json.version !== presetFileVersion) {
		throw fieldError(source, 'version', `must be ${presetFileVersion}`, 'This kiln reads preset files of version 1; export the preset again with this kiln.');
	}
	const name = optionalText(json, 'name', source);
	if (name !== undefined && !isPresetName(name)) {
		throw fieldError(source, 'name', `"${name}" is not a valid preset name`, 'Use 1–64 letters, digits, dots, dashes and underscores, not starting with a dot or dash, or pass --name.');
	}
	const choices = checkPresetChoices(checkChoiceFields(json.choices, presetChoiceKeys, 'choices', source), source);
	return {
		name,
		description: optionalText(json, 'description', source),
		choices,
		sshKeyFingerprint: optionalText(json, 'sshKeyFingerprint', source),
		createdAt: optionalText(json, 'createdAt', source),
	};
}

/** Text shown when presets are listed: one line, no control characters (they would reach the terminal). */
export function isSingleLineText(value: unknown): value is string {
	return typeof value === 'string' && !/[\u0000-\u001f\u007f]/.test(value) && value.length <= 200;
}

function optionalText(json: Record<string, unknown>, key: string, source: string): string | undefined {
	const value = json[key];
	if (value === undefined) return undefined;
	if (!isSingleLineText(value)) {
		throw fieldError(source, key, 'must be a single line of text (at most 200 characters)', `Fix "${key}" in ${source}.`);
	}
	return value;
}

/**
 * Checks the values the way a build would (known distro, release, kernel,
 * init, size, hostname, packages…), naming the field. Secrets and the SSH key
 * file are left out: a preset holds neither, and the key may live on another
 * machine until the build. Without `source` (choices from flags) the build's
 * own error, naming the flag, is thrown as it is.
 */
export function checkPresetChoices(choices: PresetChoices, source?: string): PresetChoices {
	try {
		resolvePlan({...choices, rootPassword: false, sshKey: undefined}, {});
	} catch (error) {
		if (source === undefined || !(error instanceof KilnError) || !error.field?.startsWith('--')) throw error;
		const id = choiceOfFlag(error.field);
		throw fieldError(source, id ? `choices.${id}` : error.field.slice(2), `is wrong: ${error.message}`, error.hint ?? `Fix it in ${source}.`);
	}
	return choices;
}
