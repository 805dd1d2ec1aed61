import {describe, expect, it} from 'vitest';
import {parsePresetFile, presetFileText} from '../../../source/store/preset-file.js';
import {thrown} from './helpers/thrown.js';

const file = (fields: Record<string, unknown>) => JSON.stringify({kind: 'kiln-preset', version: 1, name: 'web', choices: {release: 'trixie'}, ...fields});
const refusal = (text: string) => thrown(() => parsePresetFile(text, 'web.json'));

describe('preset files', () => {
	it('round-trips through export text', () => {
		const preset = {name: 'web', description: 'web servers', choices: {release: 'trixie', packages: ['curl'], rootPassword: true}, createdAt: '2026-01-02T03:04:05.000Z'};
		expect(parsePresetFile(presetFileText(preset), 'web.json')).toEqual({...preset, sshKeyFingerprint: undefined});
	});

	it.each([
		['not JSON', '{"kind": ', /^web\.json is not valid JSON/],
		['a list', '[]', /field "\(top level\)" must be an object/],
		['no kind', JSON.stringify({version: 1, choices: {}}), /field "kind" must be "kiln-preset"/],
		['another version', file({version: 2}), /field "version" must be 1/],
		['an unknown top-level field', file({extra: 1}), /field "extra" is not part of a preset/],
		['a bad name', file({name: '../x'}), /field "name" "..\/x" is not a valid preset name/],
		['choices not an object', file({choices: 'trixie'}), /field "choices" must be an object of build choices/],
		['a wrongly typed choice', file({choices: {packages: 'curl'}}), /field "choices.packages" must be a list of strings/],
		['a boolean as text', file({choices: {compress: 'yes'}}), /field "choices.compress" must be true or false/],
		['an unknown choice', file({choices: {colour: 'red'}}), /field "choices.colour" is not a build choice/],
		['force', file({choices: {force: true}}), /field "choices.force" cannot be stored in a preset/],
		['an unknown kernel', file({choices: {kernel: 'nope'}}), /field "choices.kernel" is wrong: --kernel "nope": Debian has no kernel/],
		['an unknown distro', file({choices: {distro: 'fedora'}}), /field "choices.distro" is wrong/],
		['a bad size', file({choices: {size: 'huge'}}), /field "choices.size" is wrong/],
		['a hostile hostname', file({choices: {hostname: '$(touch /tmp/kiln-pwned)'}}), /field "choices.hostname" is wrong/],
		['a hostile package', file({choices: {packages: [';rm -rf ~']}}), /field "choices.packages" is wrong/],
		['an escape sequence in the description', file({description: 'hi\u001b[2J'}), /field "description" must be a single line of text/],
	])('refuses %s, naming the field', (_what, text, message) => {
		const error = refusal(text);
		expect(error.message).toMatch(message);
		expect(error.exitCode).toBe(2);
		expect(error.hint).toBeTruthy();
	});

	it('allows a file without a name (the importer names it)', () => {
		expect(parsePresetFile(JSON.stringify({kind: 'kiln-preset', version: 1, choices: {}}), 'x.json').name).toBeUndefined();
	});
});
