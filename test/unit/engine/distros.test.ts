import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultDistrosDir, loadDistros, parseDistro} from '../../../source/engine/distros.js';

const debian = JSON.parse(readFileSync(path.join(defaultDistrosDir, 'debian.json'), 'utf8')) as Record<string, unknown>;

function broken(change: (json: Record<string, any>) => void): string {
	const copy = structuredClone(debian);
	change(copy);
	return JSON.stringify(copy);
}

describe('parseDistro', () => {
	it.each([
		['a missing id', (j: Record<string, any>) => delete j.id, 'field "id"'],
		['an unknown package manager', (j: Record<string, any>) => (j.packageManager = 'yum'), 'field "packageManager"'],
		['a default release that does not exist', (j: Record<string, any>) => (j.defaultRelease = 'sid'), 'field "defaultRelease"'],
		['a kernel without packages', (j: Record<string, any>) => delete j.kernels[1].packages, 'field "kernels[1].packages"'],
		['a package name with shell characters', (j: Record<string, any>) => (j.essentials.packages = ['udev;reboot']), 'field "essentials.packages"'],
		['a relative kernel path', (j: Record<string, any>) => (j.kernels[0].boot.kernel = 'vmlinuz'), 'field "kernels[0].boot.kernel"'],
		['an empty release list', (j: Record<string, any>) => (j.releases = []), 'field "releases"'],
	])('names the file and field for %s', (_name, change, field) => {
		expect(() => parseDistro(broken(change), 'distros/debian.json')).toThrow(`distros/debian.json: ${field}`);
	});

	it('names the file for broken JSON', () => {
		expect(() => parseDistro('{"id": ', 'distros/x.json')).toThrow(/distros\/x.json is not valid JSON/);
	});

	it('refuses a file whose name does not match its id', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'kiln-distros-'));
		writeFileSync(path.join(dir, 'devuan.json'), JSON.stringify(debian));
		expect(() => loadDistros(dir)).toThrow(/named devuan.json/);
	});
});
