import {PassThrough, Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {imageChecksText} from '../../../source/core/image-checks.js';
import type {PreparedMachine} from '../../../source/qemu/machine.js';
import type {QemuExit, QemuProcess, Toolbox} from '../../../source/qemu/toolbox.js';
import {watchBoot} from '../../../source/qemu/watch-boot.js';

const bootLines = ['SeaBIOS (version 1.16.3-debian-1.16.3-2)', 'Welcome to GRUB!', '[    0.000000] Linux version 6.1.0-50-cloud-amd64', 'Welcome to Debian GNU/Linux 12 (bookworm)!'];
const probeOutput = ['kiln-probe:os_id=debian', 'kiln-probe:kernel=6.1.0-50-cloud-amd64', 'kiln-probe:root=ext4 rw,relatime', 'kiln-probe:route=eth0', 'kiln-probe:end'];

/**
 * A machine whose QEMU is a scripted serial console: it prints a boot to the
 * login prompt, then answers what is typed as the guest's shell would. No
 * process is started; everything else in watchBoot (milestones, session,
 * checks, --expect-output, the verdict) runs as it does for a real boot.
 */
function scriptedMachine(script: {boot: string[]; answer?: (typed: string, print: (text: string) => void, exit: (code: number) => void) => void}) {
	const output = new PassThrough();
	let exit: (value: QemuExit) => void = () => {};
	const exited = new Promise<QemuExit>(resolve => {
		exit = resolve;
	});
	const print = (text: string) => setTimeout(() => output.write(text), 2);
	const input = new Writable({
		write(chunk: Buffer, _encoding, done) {
			script.answer?.(chunk.toString().replace(/\r$/, ''), print, code => exit({code, stderr: ''}));
			done();
		},
	});
	const qemu: QemuProcess = {output, input, exited, stop: async () => exit({code: 0, stderr: ''})};
	const notUsed = () => {
		throw new Error('not used by a boot check');
	};
	const toolbox: Toolbox = {kind: 'host', description: 'QEMU (scripted)', forwardAddress: '127.0.0.1', ovmf: () => undefined, run: notUsed, attach: notUsed, start: async () => {
		print(script.boot.join('\r\n'));
		return qemu;
	}};
	const machine: PreparedMachine = {
		toolbox, image: {path: '/out/disk.img', format: 'raw', fileBytes: 1 << 30, arch: 'amd64'}, firmware: {firmware: 'bios'}, accel: {accel: 'tcg', reason: 'scripted'},
		args: [], start: {arch: 'amd64', mounts: [], kvm: false, ports: [], network: true},
	};
	return {machine, print, exit: (code: number) => exit({code, stderr: ''})};
}

// A short timeout scales the session's limits down too (to half the TCG defaults).
const timeoutSec = 10;

describe('--expect-output', () => {
	test('passes on the first console line it matches, even one after the login prompt, and never on a check\'s own answer', async () => {
		const {machine, print} = scriptedMachine({boot: [...bootLines, 'kiln-check:out=READY 1', 'kiln-probe:READY 2', 'vm login: ']});
		const result = await watchBoot(machine, {timeoutSec, expectOutput: /READY \d+/, onMilestone: ({name}) => name === 'login' && print('\r\n[   20.5] app[212]: READY 42\r\napp[212]: READY 43\r\n')});
		expect(result).toMatchObject({ok: true, milestones: [{name: 'firmware'}, {name: 'bootloader'}, {name: 'kernel'}, {name: 'init'}, {name: 'login'}]});
		expect(result.code).toBeUndefined();
		expect(result.checks).toMatchObject([{name: 'output /READY \\d+/', source: 'flag', ok: true, detail: '[   20.5] app[212]: READY 42'}]);
	});

	test('a line that never comes fails the boot check with the check named in the reason', async () => {
		const {machine, exit} = scriptedMachine({boot: [...bootLines, 'vm login: ']});
		// The machine powering off ends the wait for the line.
		const result = await watchBoot(machine, {timeoutSec, expectOutput: /NEVER-[0-9]/, onMilestone: ({name}) => name === 'login' && setTimeout(() => exit(0), 20)});
		expect(result).toMatchObject({ok: false, code: 'check-failed'});
		expect(result.checks).toMatchObject([{name: 'output /NEVER-[0-9]/', source: 'flag', ok: false, detail: expect.stringMatching(/^no console line matched within \d+ s of the boot$/)}]);
		expect(result.reason).toMatch(/^a check failed: output \/NEVER-\[0-9\]\/ \(no console line matched within \d+ s of the boot\)$/);
	});
});

describe('the app checks after a root login', () => {
	test('every failed check is named with its reason, the machine is powered off, and the password is never reported', async () => {
		const password = 'pw-Secret-77';
		const typed: string[] = [];
		const {machine} = scriptedMachine({
			boot: [...bootLines, 'app: started', 'vm login: '],
			answer(text, print, exit) {
				typed.push(text);
				// The terminal echoes Enter before the command runs, so answers start on a line of their own.
				const end = /echo "\$P:end=(\d+)"/.exec(text)?.[1];
				if (text === 'root') print('root\r\nPassword: ');
				else if (text === password) print(`\r\nwelcome, your password is ${password}\r\nroot@vm:~# `);
				else if (text.includes('kiln-probe')) print(`\r\n${probeOutput.join('\r\n')}\r\nroot@vm:~# `);
				else if (text.includes('/proc/net/tcp')) print(`\r\nkiln-check:port=8082 pass\r\nkiln-check:port=9 fail\r\nkiln-check:end=${end}\r\nroot@vm:~# `);
				else if (text.includes(' health ')) print(`\r\nkiln-check:out=curl: (7) refused\r\nkiln-check:health=1\r\nkiln-check:end=${end}\r\nroot@vm:~# `);
				else if (end) print(`\r\n${imageChecksText({ports: [8082], health: {intervalSec: 1, timeoutSec: 3, retries: 1, startSec: 0}}).trimEnd().split('\n').map(line => `kiln-check:spec=${line}`).join('\r\n')}\r\nkiln-check:end=${end}\r\nroot@vm:~# `);
				else if (text === 'poweroff') setTimeout(() => exit(0), 5);
			},
		});
		const result = await watchBoot(machine, {timeoutSec, rootPassword: password, expectPorts: [9, 8082], expectOutput: /app: started/});
		expect(result).toMatchObject({ok: false, code: 'check-failed', loggedIn: true, probe: {os: {id: 'debian'}, rootFs: {type: 'ext4', mode: 'rw'}}});
		expect(result.checks!.map(({name, source, ok}) => [name, source, ok])).toEqual([
			['port 8082', 'image', true], ['port 9', 'flag', false], ['healthcheck', 'image', false], ['output /app: started/', 'flag', true],
		]);
		expect(result.reason).toBe('2 checks failed: port 9 (nothing listening on TCP port 9 after 30 s); healthcheck (failed 1 time in a row (retries 1); last: exit code 1: curl: (7) refused)');
		expect(typed.at(-1)).toBe('poweroff');
		expect(JSON.stringify(result)).not.toContain(password);
		expect(result.lastLines).toContain('welcome, your password is ********');
	});
});
