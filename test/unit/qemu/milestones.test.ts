import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {BootWatch, type WatchLimits} from '../../../source/qemu/milestones.js';
import {SerialLines} from '../../../source/qemu/serial-lines.js';

const limits: WatchLimits = {timeoutSec: 180, bootloaderSilenceSec: 20, silenceSec: 60};

/** Replays a recorded console in odd-sized chunks, 20 ms of boot per chunk. */
function replay(name: string, watch = new BootWatch(limits)) {
	const bytes = readFileSync(new URL(`../../fixtures/serial/${name}`, import.meta.url));
	const lines = new SerialLines();
	let at = 0;
	for (let offset = 0; offset < bytes.length && !watch.verdict; offset += 97) {
		at += 0.02;
		for (const line of lines.push(bytes.subarray(offset, offset + 97))) watch.line(line, at);
		watch.partial(lines.partial(), at);
	}
	return {watch, endSec: at};
}

const names = (watch: BootWatch) => watch.milestones.map(milestone => milestone.name);

describe('BootWatch on recorded consoles', () => {
	test('a good boot reaches every milestone in order, ending at the login prompt', () => {
		const {watch} = replay('good-boot.log');
		expect(names(watch)).toEqual(['firmware', 'bootloader', 'kernel', 'init', 'login']);
		const times = watch.milestones.map(milestone => milestone.atSec);
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(watch.tick(1000)).toBeUndefined();
	});

	test('a kernel panic fails at once with the panic line', () => {
		const {watch} = replay('kernel-panic.log');
		expect(watch.verdict).toMatchObject({code: 'kernel-panic', reason: 'kernel panic: Attempted to kill init! exitcode=0x00000100'});
		expect(watch.verdict?.line).toMatch(/\[\s*[\d.]+\] Kernel panic - not syncing: Attempted to kill init!/);
		expect(names(watch)).toEqual(['firmware', 'bootloader', 'kernel']);
	});

	test('zeroed boot code: the firmware hands over and nothing follows', () => {
		const {watch, endSec} = replay('bootcode-zeroed.log');
		expect(names(watch)).toEqual(['firmware']);
		expect(watch.tick(endSec + 10)).toBeUndefined();
		expect(watch.tick(endSec + 20)).toMatchObject({code: 'no-bootloader'});
	});

	test('no boot signature: the firmware says so, and that is final', () => {
		const {watch} = replay('no-bootable-disk.log');
		expect(watch.verdict).toMatchObject({code: 'no-bootloader', line: 'Boot failed: not a bootable disk'});
	});

	test('a missing kernel stops GRUB with its own error', () => {
		const {watch} = replay('kernel-missing.log');
		expect(watch.verdict).toMatchObject({code: 'bootloader-failed', line: "error: file `/vmlinuz-missing' not found."});
		expect(names(watch)).toEqual(['firmware', 'bootloader']);
	});

	test('root= naming a missing UUID: the initramfs gives up', () => {
		const {watch} = replay('root-uuid-missing.log');
		expect(watch.verdict).toMatchObject({code: 'root-not-found'});
		expect(watch.verdict?.line).toContain('UUID=deadbeef-0000-4000-8000-000000000000 does not exist');
	});

	test('an init that hangs is caught by silence, before the deadline', () => {
		const {watch, endSec} = replay('init-hang.log');
		expect(watch.verdict).toBeUndefined();
		expect(names(watch)).toEqual(['firmware', 'bootloader', 'kernel']);
		expect(watch.tick(endSec + 59)).toBeUndefined();
		expect(watch.tick(endSec + 60)).toMatchObject({code: 'init-hung', reason: expect.stringContaining('the kernel started userspace')});
	});
});

describe('BootWatch rules', () => {
	test('the deadline names the furthest stage', () => {
		const silent = new BootWatch(limits);
		expect(silent.tick(180)).toMatchObject({code: 'no-output'});

		const init = new BootWatch(limits);
		init.line('[    0.000000] Linux version 6.1.0-50-cloud-amd64', 1);
		init.line('Welcome to Debian GNU/Linux 12 (bookworm)!', 10);
		for (let at = 11; at < 180; at += 5) init.line('         Starting something...', at);
		expect(init.tick(180)).toMatchObject({code: 'init-hung', reason: expect.stringContaining('no login prompt within 180 s')});
	});

	test('a later line cannot move a boot back to an earlier stage', () => {
		const watch = new BootWatch(limits);
		watch.line('GRUB loading...', 1);
		watch.line('Welcome to GRUB!', 1.1);
		watch.line('Booting from Hard Disk...', 1.2);
		expect(names(watch)).toEqual(['bootloader']);
	});

	test('login prompt: with kernel noise after it, and not "Last login"', () => {
		const noisy = new BootWatch(limits);
		expect(noisy.line('testvm login: [   25.1] random: crng init done', 25)).toMatchObject({name: 'login'});
		const last = new BootWatch(limits);
		expect(last.line('Last login: Thu Nov 28 18:00:00 UTC 2026 on ttyS0', 3)).toBeUndefined();
		expect(last.partial('debian login:', 4)).toMatchObject({name: 'login', atSec: 4});
	});

	test('systemd emergency mode', () => {
		const watch = new BootWatch(limits);
		watch.line('You are in emergency mode. After logging in, type "journalctl -xb" to view', 30);
		expect(watch.verdict).toMatchObject({code: 'emergency-shell'});
	});
});
