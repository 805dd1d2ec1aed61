import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {defaultDistrosDir, endOfSupportWarning, loadDistros, parseDistro, supportEnded, supportNote} from '../../../source/engine/distros.js';

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
		['a release without its end of support', (j: Record<string, any>) => delete j.releases[0].endOfSupport, 'field "releases[0].endOfSupport"'],
		['an end of support that is no date', (j: Record<string, any>) => (j.releases[1].endOfSupport = 'June 2028'), 'field "releases[1].endOfSupport" is "June 2028", not a date'],
		['an initramfs module name with shell characters', (j: Record<string, any>) => (j.kernels[0].initramfsModules = ['ext4;reboot']), 'field "kernels[0].initramfsModules"'],
		['an unknown initramfs generator', (j: Record<string, any>) => (j.initramfs = 'dracut'), 'field "initramfs"'],
		['an init whose network is no list', (j: Record<string, any>) => (j.inits[0].network = 'dhcp'), 'field "inits[0].network"'],
		['an end of support on a day that does not exist', (j: Record<string, any>) => (j.releases[0].endOfSupport = '2028-02-30'), 'field "releases[0].endOfSupport"'],
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

describe('release support dates (as of December 2026)', () => {
	const distros = loadDistros();
	const byId = (id: string) => distros.find(distro => distro.id === id)!;
	const release = (distro: string, id: string) => byId(distro).releases.find(item => item.id === id)!;
	const today = new Date('2026-12-01T12:00:00Z');

	it('has trixie as the default, bookworm as oldstable in Debian LTS until 2028-06-30', () => {
		expect(byId('debian').defaultRelease).toBe('trixie');
		expect(release('debian', 'bookworm')).toMatchObject({endOfSupport: '2028-06-30', description: expect.stringContaining('LTS since 2026-06-10')});
		expect(release('debian', 'trixie').endOfSupport).toBe('2030-06-30');
	});

	it('offers the supported Alpine branches first, 3.20 and 3.21 past their end', () => {
		expect(byId('alpine').defaultRelease).toBe('3.23');
		expect(byId('alpine').releases.filter(item => !supportEnded(item, today)).map(item => item.id)).toEqual(['3.23', '3.22']);
		expect(byId('alpine').releases.filter(item => supportEnded(item, today)).map(item => item.id)).toEqual(['3.21', '3.20']);
	});

	it('has Ubuntu 26.04 LTS beside 24.04', () => {
		expect(byId('ubuntu').releases.map(item => [item.id, item.image])).toEqual([['26.04', 'ubuntu:26.04'], ['24.04', 'ubuntu:24.04']]);
	});

	it('counts the end date itself as supported, the day after as ended', () => {
		const alpine321 = release('alpine', '3.21');
		expect(supportEnded(alpine321, new Date('2026-11-01T23:59:00Z'))).toBe(false);
		expect(supportEnded(alpine321, new Date('2026-11-02T00:00:00Z'))).toBe(true);
		expect(supportNote(alpine321, today)).toBe('past end of support (2026-11-01)');
		expect(supportNote(release('debian', 'bookworm'), today)).toBe('supported until 2028-06-30');
	});

	it('warns for an ended release, naming the supported ones', () => {
		expect(endOfSupportWarning(byId('alpine'), release('alpine', '3.20'), today)).toBe(
			'Alpine 3.20 is past its end of support (2026-04-01): it gets no security updates. Choose a supported release: 3.23, 3.22.');
		expect(endOfSupportWarning(byId('debian'), release('debian', 'bookworm'), today)).toBeUndefined();
		// Once every release has ended there is nothing to suggest.
		expect(endOfSupportWarning(byId('debian'), release('debian', 'bookworm'), new Date('2031-01-01'))).toBe(
			'Debian 12 (bookworm) is past its end of support (2028-06-30): it gets no security updates.');
	});
});
