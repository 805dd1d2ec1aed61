import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {listHistory} from '../../../source/store/history.js';
import {listPresets, presetFromChoices, savePreset} from '../../../source/store/presets.js';
import {renderPreset} from '../../../source/report/preset-text.js';
import {useTempConfig} from './helpers/temp-config.js';

describe('a store kiln cannot read', () => {
	const temp = useTempConfig();

	// History is kept in the state folder, presets in the config folder.
	const folder = (name: string) => (name.startsWith('history') ? temp.stateDir() : temp.dir());
	const write = (name: string, text: string) => {
		mkdirSync(folder(name), {recursive: true});
		writeFileSync(path.join(folder(name), name), text);
	};
	const backups = (name: string) => readdirSync(folder(name)).filter(file => file.startsWith(`${name}.corrupt-`));

	it.each([
		['broken JSON', '{"presets": {', /it is not valid JSON/],
		['JSON null (which conf would take as empty and overwrite)', 'null', /it does not hold a JSON object/],
		['a schema violation', JSON.stringify({presets: {web: {name: 'web', choices: {packages: 'curl'}, createdAt: 'x'}}}), /does not match the expected layout \(`presets\/web\/choices\/packages` must be array\)/],
	])('is moved aside to a timestamped backup when it holds %s, and kiln goes on empty', (_what, text, reason) => {
		write('presets.json', text);
		const {value, warning} = listPresets(temp.env());
		expect(value.filter(preset => !preset.builtIn)).toEqual([]);
		const [backup] = backups('presets');
		expect(backup).toMatch(/^presets\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-\d+\.json$/);
		expect(warning).toMatch(reason);
		expect(warning).toContain(path.join(temp.dir(), backup!));
		expect(warning).toMatch(/Nothing was deleted/);
		// Nothing lost: the backup holds the bytes as they were.
		expect(readFileSync(path.join(temp.dir(), backup!), 'utf8')).toBe(text);
		expect(statSync(path.join(temp.dir(), backup!)).mode & 0o777).toBe(0o600);
	});

	it('is not moved again: the next run starts from the fresh store without a warning', () => {
		write('history.json', 'garbage');
		expect(listHistory(temp.env()).warning).toMatch(/build history file .* could not be used/);
		savePreset(presetFromChoices('web', {}, {cwd: '/'}), {replace: false}, temp.env());
		expect(listHistory(temp.env()).warning).toBeUndefined();
		expect(listPresets(temp.env()).warning).toBeUndefined();
		expect(backups('history')).toHaveLength(1);
	});

	it('is kept when a newer kiln added a field this one does not know, and escape sequences in it are shown, not sent', () => {
		const preset = {name: 'web', description: 'evil\u001b]0;pwned\u0007', choices: {release: 'trixie', futureChoice: 'x'}, createdAt: '2026-01-01T00:00:00.000Z'};
		write('presets.json', JSON.stringify({presets: {web: preset}}));
		const {value, warning} = listPresets(temp.env());
		expect(warning).toBeUndefined();
		const web = value.find(item => item.name === 'web')!;
		expect(renderPreset(web)).toContain('  evil\\x1b]0;pwned\\x07\n');
		expect(renderPreset(web)).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
	});

	it('is reported, not moved, when it cannot be read at all', () => {
		mkdirSync(path.join(temp.dir(), 'presets.json'), {recursive: true});
		expect(() => listPresets(temp.env())).toThrow(/Cannot read .*presets\.json: EISDIR/);
		expect(backups('presets')).toEqual([]);
	});
});
