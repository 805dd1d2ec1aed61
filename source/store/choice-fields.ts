// The stores' JSON schemas and the preset-file checker, from the choice
// table (core/choices.ts), so they cannot disagree with the flags. Values are
// checked for type here; whether a kernel or size makes sense is the plan's
// job (resolvePlan), which every build and import runs as well.
import {type BuildChoices, type ChoiceId, type ChoiceSpec, choiceFlag, choiceIds, choiceSpec} from '../core/choices.js';
import {KilnError} from '../core/errors.js';

type FieldType = 'string' | 'boolean' | 'strings';

function fieldType(spec: ChoiceSpec): FieldType {
	return spec.type === 'switch' ? 'boolean' : spec.type === 'list' ? 'strings' : 'string';
}

const jsonTypes: Record<FieldType, object> = {
	string: {type: 'string'},
	boolean: {type: 'boolean'},
	strings: {type: 'array', items: {type: 'string'}},
};

/**
 * JSON schema of a stored choices object: the given keys typed. Other keys are
 * let through (and ignored by the plan), so a store written by a newer kiln
 * with a new choice is not set aside by an older one; files given to import
 * are checked strictly by checkChoiceFields instead.
 */
export function choicesSchema(keys: readonly ChoiceId[]): object {
	return {type: 'object', properties: Object.fromEntries(keys.map(key => [key, jsonTypes[fieldType(choiceSpec(key))]]))};
}

const described: Record<FieldType, string> = {string: 'a string', boolean: 'true or false', strings: 'a list of strings'};

function matches(type: FieldType, value: unknown): boolean {
	if (type === 'strings') return Array.isArray(value) && value.every(item => typeof item === 'string');
	return typeof value === type;
}

/**
 * Checks that `value` is a choices object with only the allowed keys, each of
 * the right type; the error names the field as `${at}.key`.
 */
export function checkChoiceFields(value: unknown, allowed: readonly ChoiceId[], at: string, source: string): Partial<BuildChoices> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw fieldError(source, at, 'must be an object of build choices', 'Write it like {"release": "bookworm", "kernel": "cloud"}.');
	}
	for (const [key, item] of Object.entries(value)) {
		if (!allowed.includes(key as ChoiceId)) {
			const known = choiceIds.includes(key as ChoiceId);
			throw fieldError(source, `${at}.${key}`, known ? 'cannot be stored in a preset' : 'is not a build choice',
				known ? `Remove it; give ${choiceFlag(key as ChoiceId)} when you build instead.` : `Remove it. Build choices are: ${allowed.join(', ')}.`);
		}
		const type = fieldType(choiceSpec(key as ChoiceId));
		if (!matches(type, item)) throw fieldError(source, `${at}.${key}`, `must be ${described[type]}`, `Fix "${key}" in ${source}.`);
	}
	return value as Partial<BuildChoices>;
}

/** A bad field in a file a person gave kiln: exit 2, naming file and field. */
export function fieldError(source: string, field: string, problem: string, hint: string): KilnError {
	return new KilnError(`${source}: field "${field}" ${problem}`, {field, hint, exitCode: 2});
}
