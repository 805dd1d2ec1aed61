// kiln boot in a real terminal (a tmux pane): the serial console is the
// user's, keys typed go to the guest, and kiln returns when the VM is off —
// after `poweroff` in the guest, or at once with Ctrl-A X.
import {copyFileSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, onTestFinished, test} from 'vitest';
import {builtImage, builtImageRootPassword} from './helpers/built-image.js';
import {cli} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-console-'));
// A private tmux server; a placeholder session keeps it up between panes,
// and remain-on-exit keeps a finished pane readable with its exit status.
const socket = `kiln-e2e-${process.pid}`;
const tmux = (...args: string[]) => execa('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
let image: string;

beforeAll(async () => {
	// kiln boot keeps the guest's writes: boot a copy.
	image = path.join(dir, 'console.img');
	copyFileSync(await builtImage('bookworm-systemd'), image);
	await tmux('new-session', '-d', '-s', 'keep', ';', 'set-option', '-g', 'remain-on-exit', 'on');
});
afterAll(async () => {
	await tmux('kill-server').catch(() => undefined);
	rmSync(dir, {recursive: true, force: true});
});

async function startPane(name: string): Promise<void> {
	// A fixed sh script prints kiln's exit status (tmux 3.3 sometimes loses a
	// dead pane's status); the paths reach it as arguments, not as script text.
	await tmux('new-session', '-d', '-s', name, '-x', '160', '-y', '50', '-e', `KILN_CACHE_DIR=${path.join(dir, 'cache')}`,
		'-e', `KILN_STATE_DIR=${path.join(dir, 'state')}`,
		'sh', '-c', 'node "$1" boot "$2"; echo "kiln-exit:$?"', 'sh', cli, image);
}

/** Closing the pane hangs up on kiln, which stops its QEMU (if a test failed midway). */
async function stopPane(name: string): Promise<void> {
	await tmux('kill-session', '-t', name).catch(() => undefined);
}

const screen = async (name: string) => (await tmux('capture-pane', '-p', '-J', '-t', name, '-S', '-300')).stdout;

async function waitFor(name: string, pattern: RegExp, seconds: number): Promise<string> {
	const deadline = Date.now() + seconds * 1000;
	for (;;) {
		const text = await screen(name);
		if (pattern.test(text)) return text;
		if (Date.now() > deadline) throw new Error(`waited ${seconds} s for ${pattern} in:\n${text.split('\n').slice(-25).join('\n')}`);
		await new Promise(resolve => setTimeout(resolve, 500));
	}
}

async function type(name: string, text: string): Promise<void> {
	await tmux('send-keys', '-t', name, '-l', text);
	await tmux('send-keys', '-t', name, 'Enter');
}

async function exitStatus(name: string, seconds: number): Promise<number> {
	const text = await waitFor(name, /^kiln-exit:\d+$/m, seconds);
	return Number(/^kiln-exit:(\d+)$/m.exec(text)![1]);
}

/** QEMU processes still running on this test's image (its path is unique to the run). */
async function qemusOn(file: string): Promise<string[]> {
	const {stdout} = await execa('pgrep', ['-af', 'qemu-system'], {reject: false});
	return stdout.split('\n').filter(line => line.includes(file));
}

describe('kiln boot (serial console on the terminal)', () => {
	test('log in at the prompt, run uname -a, power off: kiln returns 0', async () => {
		await startPane('login');
		onTestFinished(() => stopPane('login'));
		await waitFor('login', /kiln-e2e login:\s*$/m, 600);
		await type('login', 'root');
		// Kernel messages may follow a prompt on its line.
		await waitFor('login', /^Password:/m, 60);
		await type('login', builtImageRootPassword);
		await waitFor('login', /^root@kiln-e2e:~# /m, 120);
		await type('login', 'uname -a');
		const text = await waitFor('login', /^Linux kiln-e2e \S+-cloud-amd64 .* x86_64 GNU\/Linux$/m, 60);
		// The password was typed but never shown.
		expect(text).not.toContain(builtImageRootPassword);
		await type('login', 'poweroff');
		expect(await exitStatus('login', 180)).toBe(0);
		expect(await qemusOn(image)).toEqual([]);
	});

	test('Ctrl-A X quits QEMU at once, mid-boot', async () => {
		await startPane('quit');
		onTestFinished(() => stopPane('quit'));
		await waitFor('quit', /SeaBIOS|Booting from Hard Disk|GRUB/, 120);
		await tmux('send-keys', '-t', 'quit', 'C-a', 'x');
		expect(await exitStatus('quit', 30)).toBe(0);
		expect(await screen('quit')).toMatch(/QEMU: Terminated/);
		expect(await qemusOn(image)).toEqual([]);
	});
});
