import {mkdtemp, readFile, rm, truncate, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {KilnError} from '../../../source/core/errors.js';
import {chooseFirmware} from '../../../source/qemu/firmware.js';
import {findOnPath, hostToolbox} from '../../../source/qemu/host-toolbox.js';
import {detectFormat} from '../../../source/qemu/image-format.js';
import {inspectImage} from '../../../source/qemu/inspect-image.js';
import {espType, gptDisk, mbrDisk} from './disk-images.js';

const MiB = 1024 * 1024;
let dir: string;
const toolbox = hostToolbox(findOnPath('qemu-system-x86_64') ?? '/usr/bin/qemu-system-x86_64', 'test');
const file = (name: string) => path.join(dir, name);

async function error(run: () => Promise<unknown>): Promise<KilnError> {
	try {
		await run();
	} catch (caught) {
		if (caught instanceof KilnError) return caught;
		throw caught;
	}
	throw new Error('expected an error');
}

// Every image gets an .img name: the format must come from the bytes.
beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-format-test-'));
	await writeFile(file('disk.raw'), mbrDisk({bytes: 4 * MiB}));
	for (const [name, format, extra] of [
		['qcow2.img', 'qcow2', []],
		['vmdk.img', 'vmdk', []],
		['stream-vmdk.img', 'vmdk', ['-o', 'subformat=streamOptimized']],
		['vdi.img', 'vdi', []],
		['vhdx.img', 'vhdx', []],
	] as const) {
		await execa('qemu-img', ['convert', '-f', 'raw', '-O', format, ...extra, file('disk.raw'), file(name)]);
	}
});

afterAll(async () => {
	await rm(dir, {recursive: true, force: true});
});

describe('format from magic bytes', () => {
	test.each([
		['disk.raw', 'raw'],
		['qcow2.img', 'qcow2'],
		['vmdk.img', 'vmdk'],
		['stream-vmdk.img', 'vmdk'],
		['vdi.img', 'vdi'],
		['vhdx.img', 'vhdx'],
	])('%s is %s, and its disk is read through the format', async (name, format) => {
		const info = await inspectImage(file(name), toolbox);
		expect(info.format).toBe(format);
		expect(info.virtualBytes).toBe(format === 'vhdx' ? undefined : 4 * MiB);
		if (format !== 'vhdx') expect(info.layout).toMatchObject({table: 'mbr', biosBootCode: true, efiSystemPartition: false});
	});

	test.each([
		['qcow2.img', 50, /ends inside its 72-byte header/],
		['qcow2.img', 100, /not a usable qcow2 image: its tables reach byte/],
		['vdi.img', 4096, /data blocks reach byte/],
		['vhdx.img', 100 * 1024, /VHDX/],
		['stream-vmdk.img', 64 * 1024, /damaged: qemu-img check found errors in this vmdk image/],
	])('%s cut to %i bytes is a clear error', async (name, bytes, message) => {
		const cut = file(`cut-${bytes}-${name}`);
		await writeFile(cut, (await readFile(file(name))).subarray(0, bytes));
		const failure = await error(() => inspectImage(cut, toolbox));
		expect(failure.message).toMatch(message);
		expect(failure.exitCode).toBe(2);
	});

	test('a qcow2 whose data was cut off is caught by qemu-img check', async () => {
		const cut = file('cut-data.qcow2');
		const whole = await readFile(file('qcow2.img'));
		await writeFile(cut, whole.subarray(0, whole.length - 64 * 1024));
		const failure = await error(() => inspectImage(cut, toolbox));
		expect(failure.message).toMatch(/damaged: qemu-img check found errors/);
	});

	test('a raw disk cut short', async () => {
		const cut = file('cut.raw');
		await writeFile(cut, await readFile(file('disk.raw')));
		await truncate(cut, 2 * MiB);
		expect((await error(() => inspectImage(cut, toolbox))).message).toMatch(/cut short: partition 1/);
	});

	test('a stream VMDK that keeps its grain directory in a missing footer', () => {
		const header = Buffer.alloc(512);
		header.write('KDMV', 0, 'latin1');
		header.writeBigUInt64LE(0xffffffffffffffffn, 56);
		expect(() => detectFormat('s.vmdk', header, 64 * 1024, Buffer.alloc(1024))).toThrow(/footer is missing/);
	});

	test('not disk images at all', async () => {
		expect(() => detectFormat('e.img', Buffer.alloc(0), 0)).toThrow(/the file is empty/);
		expect(() => detectFormat('x.img.xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2]), 8)).toThrow(/xz-compressed/);
		expect(() => detectFormat('x.img.gz', Buffer.from([0x1f, 0x8b, 8, 0]), 4)).toThrow(/gzip-compressed/);
		expect(() => detectFormat('notes.img', Buffer.from('hello\n'), 6)).toThrow(/not a disk image kiln can boot/);
		await expect(inspectImage(dir, toolbox)).rejects.toThrow(/is not a file/);
		await expect(inspectImage(file('missing.img'), toolbox)).rejects.toThrow(/No such image/);
	});
});

describe('firmware for a disk', () => {
	test('UEFI on a BIOS-only disk is a usage error', async () => {
		const info = await inspectImage(file('disk.raw'), toolbox);
		const failure = await error(async () => chooseFirmware('uefi', info, toolbox));
		expect(failure.exitCode).toBe(2);
		expect(failure.message).toMatch(/cannot boot with UEFI: it has no EFI system partition/);
		expect(chooseFirmware('auto', info, toolbox)).toEqual({firmware: 'bios'});
	});

	test('auto picks UEFI for a disk with only an EFI system partition', async () => {
		await writeFile(file('uefi.raw'), gptDisk({bytes: 8 * MiB, types: [espType]}));
		const info = await inspectImage(file('uefi.raw'), toolbox);
		expect(chooseFirmware('auto', info, toolbox).firmware).toBe('uefi');
		expect(chooseFirmware('bios', info, toolbox).unbootable).toMatch(/use --firmware uefi/);
	});

	test('zeroed boot code cannot boot, and says so before any QEMU starts', async () => {
		await writeFile(file('zeroed.raw'), mbrDisk({bytes: 4 * MiB, bootCode: false}));
		const info = await inspectImage(file('zeroed.raw'), toolbox);
		expect(chooseFirmware('auto', info, toolbox).unbootable).toMatch(/no bootloader/);
	});
});
