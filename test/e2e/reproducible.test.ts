// Reproducible disk assembly: the same OS image (same image id) and the same
// choices give a byte-identical disk; another --seed gives another disk.
// Builds use --no-root-password: a password is hashed with a fresh salt, which
// makes a new OS image each time (that is the point of a salt).
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {sha256File} from '../../source/engine/stages/write-out.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-reproducible-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function build(name: string, args: string[] = []) {
	const output = path.join(dir, name);
	const result = await kiln(['build', '--json', '--no-root-password', ...args, '--output', output]);
	expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
	const [artifact] = eventsOf(result.events, 'artifact');
	const [image] = eventsOf(result.events, 'os-image');
	expect(await sha256File(output)).toBe(artifact!.sha256);
	return {sha256: artifact!.sha256!, imageId: image!.id};
}

describe.each([
	{firmware: 'hybrid', format: 'raw'},
	{firmware: 'bios', format: 'raw'},
	{firmware: 'uefi', format: 'qcow2', compress: true},
])('$firmware $format', ({firmware, format, compress}) => {
	const args = ['--firmware', firmware, '--format', format, ...(compress ? ['--compress'] : [])];
	const extension = `${firmware}.${format === 'raw' ? 'img' : format}`;

	it('assembles byte-identical disks from the same OS image, and a different one with another --seed', async () => {
		const first = await build(`a.${extension}`, args);
		const second = await build(`b.${extension}`, args);
		expect(second.imageId).toBe(first.imageId);
		expect(second.sha256).toBe(first.sha256);
		const seeded = await build(`c.${extension}`, [...args, '--seed', 'another']);
		expect(seeded.imageId).toBe(first.imageId);
		expect(seeded.sha256).not.toBe(first.sha256);
	});
});
