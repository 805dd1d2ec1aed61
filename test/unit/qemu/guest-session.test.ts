import {Writable} from 'node:stream';
import {describe, expect, test} from 'vitest';
import {GuestConsole} from '../../../source/qemu/guest-console.js';
import {loginAndProbe} from '../../../source/qemu/guest-session.js';
import {SerialLines} from '../../../source/qemu/serial-lines.js';

/**
 * A scripted guest on a serial line: each thing typed (up to Enter) gets the
 * reply the script gives, delivered through the same line splitting the boot
 * check uses.
 */
function scriptedGuest(reply: (typed: string) => string) {
	const lines = new SerialLines();
	const typed: string[] = [];
	let partial = '';
	const guest: GuestConsole = new GuestConsole(new Writable({
		write(chunk: Buffer, _encoding, done) {
			const text = chunk.toString().replace(/\r$/, '');
			typed.push(text);
			setTimeout(() => {
				for (const line of lines.push(reply(text))) guest.see(line, false);
				if (lines.partial() !== partial) {
					partial = lines.partial();
					guest.see(partial, true);
				}
			}, 5);
			done();
		},
	}));
	return {guest, typed};
}

const probeOutput = [
	'kiln-probe:os_id=debian', 'kiln-probe:os_name=Debian GNU/Linux 12 (bookworm)', 'kiln-probe:os_version=12',
	'kiln-probe:kernel=6.1.0-50-cloud-amd64', 'kiln-probe:root=ext4 rw,relatime', 'kiln-probe:route=eth0',
	'kiln-probe:addr=10.0.2.15/24', 'kiln-probe:end', '',
].join('\r\n');

const limits = {loginSec: 2, probeSec: 2};

describe('loginAndProbe', () => {
	test('logs in, types the password only at its prompt, reads the probe', async () => {
		const {guest, typed} = scriptedGuest(text => {
			if (text === 'root') return 'root\r\nPassword: ';
			if (text === 'pw') return '\r\nLinux vm 6.1.0\r\n\r\nroot@vm:~# ';
			return `${text}\r\n${probeOutput}root@vm:~# `;
		});
		const outcome = await loginAndProbe(guest, 'pw', limits);
		expect(outcome).toMatchObject({loggedIn: true, probe: {os: {id: 'debian'}, rootFs: {type: 'ext4', mode: 'rw'}, network: {up: true, address: '10.0.2.15/24'}}});
		expect(typed.slice(0, 2)).toEqual(['root', 'pw']);
	});

	test('a kernel message landing after the prompts does not hide them', async () => {
		const {guest} = scriptedGuest(text => {
			if (text === 'root') return 'root\r\nPassword: [   69.355402] powernow_k8: Power state transitions not supported\r\n';
			if (text === 'pw') return '\r\nroot@vm:~# [   70.100000] random: crng init done\r\n';
			return `${probeOutput}`;
		});
		expect((await loginAndProbe(guest, 'pw', limits)).loggedIn).toBe(true);
	});

	test('a kernel message that ends the password prompt\'s line after the password was typed is not a second prompt', async () => {
		const {guest, typed} = scriptedGuest(text => {
			if (text === 'root') return 'root\r\nPassword: ';
			if (text === 'pw') return '[   25.115230] clocksource: Long readout interval, skipping watchdog check\r\n\r\nroot@vm:~# ';
			return `${text}\r\n${probeOutput}root@vm:~# `;
		});
		expect((await loginAndProbe(guest, 'pw', limits)).loggedIn).toBe(true);
		expect(typed.filter(text => text === 'pw')).toHaveLength(1);
	});

	test('a refused password is a login failure', async () => {
		const {guest} = scriptedGuest(text => (text === 'root' ? 'root\r\nPassword: ' : '\r\nLogin incorrect\r\nvm login: '));
		expect(await loginAndProbe(guest, 'wrong', limits)).toMatchObject({loggedIn: false, failure: {code: 'login-failed', reason: 'the guest refused the root password (Login incorrect)'}});
	});

	test('a probe that never ends is a probe failure', async () => {
		const {guest} = scriptedGuest(text => (text === 'root' ? 'root\r\n# ' : 'kiln-probe:os_id=debian\r\n'));
		expect(await loginAndProbe(guest, 'pw', {loginSec: 1, probeSec: 0.3})).toMatchObject({loggedIn: true, failure: {code: 'probe-failed'}});
	});
});
