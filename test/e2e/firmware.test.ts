// --firmware bios|uefi|hybrid end to end: each disk is built by the real
// engine and booted to a root shell by real QEMU, with SeaBIOS and with OVMF;
// the hybrid disk (the default) must boot with both.
import {mkdtempSync, openSync, readSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-firmware-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function sector(file: string, lba: number): Buffer {
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(512);
	readSync(fd, buffer, 0, 512, lba * 512);
	return buffer;
}

/** GPT partition type GUIDs as they appear on disk (mixed-endian). */
function gptTypes(file: string): string[] {
	const entries = Buffer.concat([2, 3, 4, 5].map(lba => sector(file, lba)));
	const types: string[] = [];
	for (let at = 0; at < entries.length; at += 128) {
		const type = entries.subarray(at, at + 16);
		if (type.every(byte => byte === 0)) break;
		const hex = type.toString('hex');
		const swap = (text: string) => text.match(/../g)!.reverse().join('');
		types.push(`${swap(hex.slice(0, 8))}-${swap(hex.slice(8, 12))}-${swap(hex.slice(12, 16))}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase());
	}
	return types;
}

const biosBoot = '21686148-6449-6E6F-744E-656564454649';
const esp = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
const linux = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

async function build(firmware: string | undefined, output: string) {
	const result = await kiln(['build', '--json', ...(firmware ? ['--firmware', firmware] : []), '--root-password', 's3cret', '--output', output]);
	expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
	const [started] = eventsOf(result.events, 'run-started');
	return {firmware: started!.plan.choices.firmware};
}

async function boots(image: string, firmware: 'bios' | 'uefi') {
	const result = await bootCheck({image, firmware, rootPassword: 's3cret', accel: 'tcg', timeoutSec: 480});
	expect(result.ok, `${firmware}: ${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
	expect(result.image.firmware).toBe(firmware);
	expect(result.probe?.rootFs).toMatchObject({type: 'ext4', mode: 'rw'});
	console.log(`${path.basename(image)} under ${firmware === 'bios' ? 'SeaBIOS' : 'OVMF'}: login after ${result.timeToLoginSec?.toFixed(1)} s`);
}

describe('hybrid (the default)', () => {
	const image = path.join(dir, 'hybrid.img');

	it('is what kiln builds without --firmware: GPT with a BIOS boot partition, an ESP and the root', async () => {
		expect(await build(undefined, image)).toEqual({firmware: 'hybrid'});
		expect(sector(image, 1).toString('latin1', 0, 8)).toBe('EFI PART');
		expect(gptTypes(image)).toEqual([biosBoot, esp, linux]);
		// Protective MBR entry (0xee) and boot code for BIOS.
		expect(sector(image, 0)[446 + 4]).toBe(0xee);
		expect(sector(image, 0).subarray(0, 440).some(byte => byte !== 0)).toBe(true);
	});

	it('boots with SeaBIOS', async () => boots(image, 'bios'));
	it('boots with OVMF', async () => boots(image, 'uefi'));
});

describe('uefi', () => {
	const image = path.join(dir, 'uefi.img');

	it('has an ESP and no BIOS boot code', async () => {
		await build('uefi', image);
		expect(gptTypes(image)).toEqual([esp, linux]);
		expect(sector(image, 0).subarray(0, 440).every(byte => byte === 0)).toBe(true);
	});

	it('boots with OVMF from the removable-media path, with no NVRAM entries', async () => boots(image, 'uefi'));
});

describe('bios', () => {
	const image = path.join(dir, 'bios.img');

	it('has one DOS partition', async () => {
		await build('bios', image);
		expect(sector(image, 0)[446 + 4]).toBe(0x83);
	});

	it('boots with SeaBIOS', async () => boots(image, 'bios'));
});
