// The user's presets (presets.json in the config folder) together with the
// built-in ones. Built-ins win every name clash: they cannot be replaced or
// deleted, so "debian-minimal" means the same thing on every machine.
import path from 'node:path';
import type {BuildChoices, ChoiceId} from '../core/choices.js';
import {usageError} from '../core/errors.js';
import {readPublicKey} from '../engine/validate.js';
import {builtinPresets} from './builtin-presets.js';
import {choicesSchema} from './choice-fields.js';
import {keyChangeWarning} from './key-change.js';
import {checkPresetName} from './names.js';
import {type StoreResult, type StoreSpec, withStore} from './open-store.js';
import {type Preset, type PresetChoices, checkPresetChoices, isSingleLineText, presetChoiceKeys} from './preset-file.js';

export interface ListedPreset extends Preset {
	builtIn: boolean;
}

type PresetData = {presets: Record<string, Preset>};

const presetSchema = {
	type: 'object',
	required: ['name', 'choices', 'createdAt'],
	properties: {
		name: {type: 'string'},
		description: {type: 'string'},
		choices: choicesSchema(presetChoiceKeys),
		sshKeyFingerprint: {type: 'string'},
		createdAt: {type: 'string'},
	},
};

const presetStore: StoreSpec<PresetData> = {
	name: 'presets',
	what: 'presets',
	folder: 'config',
	schema: {presets: {type: 'object', additionalProperties: presetSchema}},
	defaults: {presets: {}},
	// Layout 1.0.0 is the first; later layouts add their steps here.
	migrations: {},
};

function builtin(name: string): Preset | undefined {
	return builtinPresets().find(preset => preset.name === name);
}

/** Built-in presets first, then the user's, each sorted by name. */
export function listPresets(env?: NodeJS.ProcessEnv): StoreResult<ListedPreset[]> {
	return withStore(presetStore, store => {
		const own = Object.values(store.get('presets')).sort((a, b) => a.name.localeCompare(b.name));
		return [
			...builtinPresets().map(preset => ({...preset, builtIn: true})),
			...own.filter(preset => !builtin(preset.name)).map(preset => ({...preset, builtIn: false})),
		];
	}, env);
}

/** The preset of that name; an unknown name is a usage error listing the known ones. */
export function findPreset(name: string, env?: NodeJS.ProcessEnv, field = 'NAME'): StoreResult<ListedPreset> {
	checkPresetName(name, field);
	const listed = listPresets(env);
	const preset = listed.value.find(item => item.name === name);
	if (!preset) {
		throw usageError(field, `There is no preset named "${name}"`,
			`Known presets: ${listed.value.map(item => item.name).join(', ')}. Save one with kiln preset save NAME [build flags].`);
	}
	return {value: preset, warning: listed.warning};
}

/** Stores a preset; an existing one of that name is replaced only with `replace` (--force), a built-in never. */
export function savePreset(preset: Preset, options: {replace: boolean}, env?: NodeJS.ProcessEnv): StoreResult<void> {
	checkPresetName(preset.name);
	if (builtin(preset.name)) {
		throw usageError('NAME', `"${preset.name}" is a built-in preset and cannot be replaced`,
			`Save it under another name, like "${preset.name}-custom".`);
	}
	return withStore(presetStore, store => {
		const presets = store.get('presets');
		if (presets[preset.name] && !options.replace) {
			throw usageError('NAME', `A preset named "${preset.name}" already exists`,
				'Pass --force to replace it, or choose another name.');
		}
		store.set('presets', {...presets, [preset.name]: preset});
	}, env);
}

export function deletePreset(name: string, env?: NodeJS.ProcessEnv): StoreResult<void> {
	checkPresetName(name);
	if (builtin(name)) throw usageError('NAME', `"${name}" is a built-in preset and cannot be deleted`, 'Built-in presets ship with kiln; kiln preset list marks them.');
	return withStore(presetStore, store => {
		const {[name]: removed, ...rest} = store.get('presets');
		if (!removed) throw usageError('NAME', `There is no preset named "${name}"`, 'See kiln preset list for the names.');
		store.set('presets', rest);
	}, env);
}

/**
 * A preset made from build flags: without the per-run choices (see PresetChoices), values
 * checked as a build would, the SSH key stored as an absolute path with its
 * fingerprint.
 */
export function presetFromChoices(name: string, input: Partial<BuildChoices>, options: {cwd: string; description?: string; now?: Date}): Preset {
	checkPresetName(name);
	if (options.description !== undefined && !isSingleLineText(options.description)) {
		throw usageError('--description', 'The --description must be a single line of text (at most 200 characters)', 'Leave out line breaks and control characters.');
	}
	const choices: PresetChoices = Object.fromEntries(Object.entries(input).filter(([key]) => presetChoiceKeys.includes(key as ChoiceId)));
	checkPresetChoices(choices);
	let sshKeyFingerprint: string | undefined;
	if (choices.sshKey) {
		choices.sshKey = path.resolve(options.cwd, choices.sshKey);
		sshKeyFingerprint = readPublicKey(choices.sshKey).fingerprint;
	}
	return {name, description: options.description, choices, sshKeyFingerprint, createdAt: (options.now ?? new Date()).toISOString()};
}

/**
 * Choices of a stored preset, to merge under a build's flags (see
 * mergeChoices). Warnings (store moved aside, SSH key replaced since the
 * preset was saved) go to `onWarning`.
 */
export function loadPresetChoices(name: string, options: {env?: NodeJS.ProcessEnv; onWarning?: (text: string) => void} = {}): PresetChoices {
	const {value: preset, warning} = findPreset(name, options.env, '--preset');
	if (warning) options.onWarning?.(warning);
	const changed = keyChangeWarning(preset.choices.sshKey, preset.sshKeyFingerprint, `preset "${preset.name}" was saved`);
	if (changed) options.onWarning?.(changed);
	return preset.choices;
}

/** Later sources override earlier ones key by key; an unset (undefined) value overrides nothing. */
export function mergeChoices(...sources: Array<Partial<BuildChoices>>): Partial<BuildChoices> {
	const merged: Partial<BuildChoices> = {};
	for (const source of sources) {
		for (const [key, value] of Object.entries(source)) {
			if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
		}
	}
	return merged;
}
