// Reproducible disk assembly: the same OS image (same image id) and the same
// choices give a byte-identical disk; another --seed gives another disk.
// Builds use --no-root-password: a password is hashed with a fresh salt, which
// makes a new OS image each time (that is the point of a salt).
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import {sha256File} from '../../source/engine/stages/write-out.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-reproducible-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

async function build(name: string, args: string[] = [], folder = dir) {
	const output = path.join(folder, name);
	const result = await kiln(['build', '--json', '--verbose', '--no-root-password', ...args, '--output', output]);
	expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
	const [artifact] = eventsOf(result.events, 'artifact');
	const [image] = eventsOf(result.events, 'os-image');
	expect(await sha256File(output)).toBe(artifact!.sha256);
	return {sha256: artifact!.sha256!, imageId: image!.id, logs: eventsOf(result.events, 'log').map(event => event.line)};
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

// The rootfs reaches the builder through a FIFO in the output folder; a USB
// stick's exFAT (or FAT, or an SMB share) holds none, so kiln falls back to
// the builder's stdin. (Its bytes differ from a disk made on ext4: mke2fs
// cannot punch holes in exFAT, so its inode tables are flagged otherwise.)
describe('an output folder whose filesystem holds no FIFO (exFAT)', () => {
	const stick = path.join(dir, 'stick');
	let loop = '';
	afterAll(async () => {
		await execa('umount', [stick], {reject: false});
		if (loop) await execa('losetup', ['-d', loop], {reject: false});
	});

	it('assembles through stdin a disk that boots, and leaves nothing else there', async () => {
		const backing = path.join(dir, 'stick.img');
		await execa('truncate', ['-s', '2G', backing]);
		await execa('mkfs.exfat', [backing]);
		loop = (await execa('losetup', ['--show', '-f', backing])).stdout;
		mkdirSync(stick);
		await execa('mount.exfat-fuse', ['-o', 'allow_other', loop, stick]);
		const onStick = await build('disk.qcow2', ['--format', 'qcow2'], stick);
		expect(onStick.logs.join('\n')).toMatch(/holds no FIFO .*the builder's stdin/);
		expect(readdirSync(stick)).toEqual(['disk.qcow2']);
		const result = await bootCheck({image: path.join(stick, 'disk.qcow2'), accel: 'tcg', timeoutSec: 480});
		expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
	});
});
