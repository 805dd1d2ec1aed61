import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	deletePreset, findPreset, listPresets, loadPresetChoices, mergeChoices, presetFromChoices, savePreset,
} from '../../../source/store/presets.js';
import {useTempConfig} from './helpers/temp-config.js';
import {thrown} from './helpers/thrown.js';

const cwd = '/work';
const web = (choices = {}) => presetFromChoices('web', {release: 'trixie', kernel: 'generic', hostname: 'web-1', ...choices}, {cwd, now: new Date('2026-01-02T03:04:05Z')});

describe('presets store', () => {
	const temp = useTempConfig();

	it('lists the built-in presets, marked, before the user\'s own', () => {
		savePreset(web(), {replace: false}, temp.env());
		const names = listPresets(temp.env()).value.map(preset => [preset.name, preset.builtIn]);
		expect(names).toEqual([['debian-classic', true], ['debian-minimal', true], ['web', false]]);
	});

	it('ships debian-minimal and debian-classic as described', () => {
		const minimal = findPreset('debian-minimal', temp.env()).value.choices;
		expect(minimal).toMatchObject({distro: 'debian', release: 'trixie', kernel: 'cloud', init: 'systemd', size: 'auto'});
		const classic = findPreset('debian-classic', temp.env()).value.choices;
		expect(classic).toMatchObject({distro: 'debian', kernel: 'generic', init: 'systemd', firmware: 'bios', format: 'raw'});
	});

	it('saves, shows and deletes a preset, in a file only its owner can read', () => {
		savePreset(web(), {replace: false}, temp.env());
		expect(findPreset('web', temp.env()).value).toMatchObject({name: 'web', builtIn: false, createdAt: '2026-01-02T03:04:05.000Z', choices: {release: 'trixie', kernel: 'generic'}});
		const file = path.join(temp.dir(), 'presets.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);
		deletePreset('web', temp.env());
		expect(thrown(() => findPreset('web', temp.env())).message).toBe('There is no preset named "web"');
	});

	it('never stores force or a password, only whether one is used', () => {
		const preset = presetFromChoices('p', {force: true, rootPassword: true, output: 'x.img'}, {cwd});
		savePreset(preset, {replace: false}, temp.env());
		expect(preset.choices).toEqual({rootPassword: true, output: 'x.img'});
		expect(readFileSync(path.join(temp.dir(), 'presets.json'), 'utf8')).not.toMatch(/force/);
	});

	it('replaces an existing preset only when asked', () => {
		savePreset(web(), {replace: false}, temp.env());
		const error = thrown(() => savePreset(web({release: 'bookworm'}), {replace: false}, temp.env()));
		expect(error.message).toBe('A preset named "web" already exists');
		expect(error.hint).toMatch(/--force/);
		expect(findPreset('web', temp.env()).value.choices.release).toBe('trixie');
		savePreset(web({release: 'bookworm'}), {replace: true}, temp.env());
		expect(findPreset('web', temp.env()).value.choices.release).toBe('bookworm');
	});

	it('refuses to replace or delete a built-in preset', () => {
		const preset = presetFromChoices('debian-minimal', {}, {cwd});
		expect(thrown(() => savePreset(preset, {replace: true}, temp.env())).message).toBe('"debian-minimal" is a built-in preset and cannot be replaced');
		expect(thrown(() => deletePreset('debian-classic', temp.env())).message).toBe('"debian-classic" is a built-in preset and cannot be deleted');
	});

	it('checks the values like a build, naming the flag', () => {
		const error = thrown(() => presetFromChoices('bad', {kernel: 'nope'}, {cwd}));
		expect(error.message).toMatch(/^--kernel "nope"/);
		expect(error.exitCode).toBe(2);
	});

	it('refuses invalid names before touching the store', () => {
		expect(thrown(() => presetFromChoices('../evil', {}, {cwd})).message).toMatch(/not a valid preset name/);
		expect(thrown(() => findPreset('a/b', temp.env())).message).toMatch(/not a valid preset name/);
	});

	it('keeps the SSH key as an absolute path with its fingerprint, and warns when the key file changes', () => {
		const keys = mkdtempSync(path.join(os.tmpdir(), 'kiln-key-'));
		const key = path.join(keys, 'id.pub');
		writeFileSync(key, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n');
		const preset = presetFromChoices('keyed', {sshKey: 'id.pub'}, {cwd: keys});
		expect(preset.choices.sshKey).toBe(key);
		expect(preset.sshKeyFingerprint).toMatch(/^SHA256:/);
		savePreset(preset, {replace: false}, temp.env());

		const warnings: string[] = [];
		loadPresetChoices('keyed', {env: temp.env(), onWarning: text => warnings.push(text)});
		expect(warnings).toEqual([]);
		writeFileSync(key, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBx0zLJ2a2bVQpGrBLnVOvj4ks7AyqFGhDKYr4t2yxYd other@host\n');
		loadPresetChoices('keyed', {env: temp.env(), onWarning: text => warnings.push(text)});
		expect(warnings[0]).toMatch(/has changed since preset "keyed" was saved/);
	});
});

describe('preset override order', () => {
	const temp = useTempConfig();

	it('flags override the preset, the preset overrides defaults, unset flags override nothing', () => {
		savePreset(web({packages: ['curl']}), {replace: false}, temp.env());
		const flags = {kernel: 'cloud', hostname: undefined, output: 'out.img'};
		const merged = mergeChoices(loadPresetChoices('web', {env: temp.env()}), flags);
		expect(merged).toEqual({release: 'trixie', kernel: 'cloud', hostname: 'web-1', packages: ['curl'], output: 'out.img'});
	});

	it('names the flag when the preset does not exist', () => {
		const error = thrown(() => loadPresetChoices('missing', {env: temp.env()}));
		expect(error.field).toBe('--preset');
		expect(error.hint).toMatch(/Known presets: debian-classic, debian-minimal/);
	});
});
