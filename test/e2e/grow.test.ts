// Disks grow on first boot: an image built at its smallest size (--size auto)
// and then made 2 GiB larger fills the larger disk at its first boot (root
// partition extended, the backup GPT moved to the new end, ext4 resized
// online), once; a second boot finds nothing to do and no filesystem to
// repair. --no-grow keeps the size. The boot checks keep the guest's writes.
import {execFileSync} from 'node:child_process';
import {closeSync, mkdtempSync, openSync, readSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import type {BootCheckResult} from '../../source/core/boot-check-result.js';
import {layoutBytes, readLayout} from '../../source/qemu/partitions.js';
import {kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-grow-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function readBytes(file: string, offset: number, length: number): Buffer {
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(length);
	readSync(fd, buffer, 0, length, offset);
	closeSync(fd);
	return buffer;
}

/** The root partition (the last one) and the size its ext4 superblock gives. */
function root(image: string) {
	const diskBytes = statSync(image).size;
	const layout = readLayout(image, readBytes(image, 0, layoutBytes), diskBytes);
	const partition = layout.partitions.at(-1)!;
	const superblock = readBytes(image, partition.startBytes + 1024, 1024);
	expect(superblock.readUInt16LE(0x38)).toBe(0xef53);
	const fsBytes = superblock.readUInt32LE(0x04) * 1024 * 2 ** superblock.readUInt32LE(0x18);
	// The backup GPT header's own LBA, in the disk's last sector when it is at the end.
	const backupAt = layout.table === 'gpt' ? Number(readBytes(image, 512, 512).readBigUInt64LE(32)) * 512 : undefined;
	return {diskBytes, table: layout.table, partition, fsBytes, backupAt};
}

async function boot(image: string): Promise<{result: BootCheckResult; console: string}> {
	const lines: string[] = [];
	const result = await bootCheck({image, rootPassword: 's3cret', accel: 'tcg', timeoutSec: 420, keepWrites: true}, event => {
		if (event.type === 'boot-serial') lines.push(event.line);
	});
	expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
	// The guest powered itself off: its filesystem was unmounted cleanly.
	expect(result.poweredOff).toBe(true);
	return {result, console: lines.join('\n')};
}

async function build(name: string, flags: string[]): Promise<string> {
	const output = path.join(dir, `${name}.img`);
	const result = await kiln(['build', '--plain', '--root-password', 's3cret', '--output', output, ...flags]);
	expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
	return output;
}

const grewLine = /kiln-grow: grew \/dev\/vda\d from \d+ MiB to \d+ MiB in [\d.]+ s/;
// A repair or a resize on the second boot: e2fsck fixing or replaying, the kernel resizing.
const repairs = /recovering journal|FILE SYSTEM WAS MODIFIED|UNEXPECTED INCONSISTENCY|resizing filesystem|kiln-grow:/;

describe.each([
	{init: 'systemd', firmware: 'hybrid', table: 'gpt'},
	{init: 'sysvinit', firmware: 'bios', table: 'mbr'},
])('debian trixie, $init, $firmware firmware', ({init, firmware, table}) => {
	let image = '';
	let before: ReturnType<typeof root>;
	let grownFs = 0;

	it('builds at its smallest size, then the disk is made 2 GiB larger', async () => {
		image = await build(`${init}-${firmware}`, ['--init', init, '--firmware', firmware]);
		before = root(image);
		expect(before.table).toBe(table);
		execFileSync('qemu-img', ['resize', '-f', 'raw', image, '+2G']);
		expect(statSync(image).size).toBe(before.diskBytes + 2 * GiB);
	});

	it('grows the root partition and ext4 to the end of the disk at the first boot', async () => {
		const {result, console} = await boot(image);
		expect(console).toMatch(grewLine);
		// What the first boot spent growing, for the record (never asserted).
		process.stdout.write(`${init}: ${grewLine.exec(console)![0]}\n`);
		const after = root(image);
		const partitionEnd = after.partition.startBytes + after.partition.sizeBytes;
		// The partition reaches the disk's end (GPT: up to its backup table, MiB-aligned).
		expect(after.diskBytes - partitionEnd).toBeLessThan(table === 'gpt' ? MiB + 34 * 512 : MiB);
		expect(after.partition.sizeBytes - before.partition.sizeBytes).toBeGreaterThanOrEqual(2 * GiB - MiB);
		// ext4 fills it (resize2fs may leave out a last block group too small to be worth its overhead).
		expect(after.fsBytes).toBeLessThanOrEqual(after.partition.sizeBytes);
		expect(after.fsBytes).toBeGreaterThan(after.partition.sizeBytes - 8 * MiB);
		if (table === 'gpt') expect(after.backupAt).toBe(after.diskBytes - 512);
		// df in the guest: 2 GiB more, less the new block groups' inode tables.
		grownFs = result.probe!.rootFs.sizeBytes!;
		expect(grownFs - before.fsBytes).toBeGreaterThan(1.9 * GiB);
	});

	it('a second boot changes nothing: no grow, no repair, the same size', async () => {
		const {result, console} = await boot(image);
		expect(console).not.toMatch(repairs);
		expect(result.probe!.rootFs.sizeBytes).toBe(grownFs);
	});
});

describe('--no-grow', () => {
	it('keeps the root filesystem at its built size on a larger disk', async () => {
		const image = await build('no-grow', ['--no-grow', '--firmware', 'bios']);
		const before = root(image);
		execFileSync('qemu-img', ['resize', '-f', 'raw', image, '+2G']);
		const {result, console} = await boot(image);
		expect(console).not.toMatch(/kiln-grow/);
		expect(root(image).partition).toEqual(before.partition);
		expect(result.probe!.rootFs.sizeBytes).toBeLessThanOrEqual(before.fsBytes);
	});
});
