// kiln boot-check against real QEMU: a kiln-built image passes with login and
// probe; images broken in each way that matters fail with the right reason,
// within their timeout, and leave no QEMU running — also when interrupted,
// and with QEMU in a container instead of on the host.
import type {BootCheckResult} from '../../source/core/boot-check-result.js';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {brokenImage, type Breakage} from './helpers/broken-images.js';
import {builtImage, builtImageRootPassword} from './helpers/built-image.js';
import {cli} from './helpers/cli.js';


const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-boot-check-'));
const passwordFile = path.join(dir, 'password');
// A fresh cache: the first boot check really probes KVM.
const env = {...process.env, CI: 'true', KILN_CACHE_DIR: path.join(dir, 'cache'), KILN_STATE_DIR: path.join(dir, 'state')};
let good: string;

beforeAll(async () => {
	good = await builtImage('bookworm-systemd');
	writeFileSync(passwordFile, `${builtImageRootPassword}\n`);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** The QEMUs a kiln process started: their -name carries its pid. */
async function qemusOf(pid: number): Promise<string[]> {
	const {stdout} = await execa('pgrep', ['-af', `kiln-boot-check-${pid}-`], {reject: false});
	return stdout.split('\n').filter(line => line.includes('qemu-system'));
}

interface Run {
	exitCode: number;
	result: BootCheckResult & {serialLog?: string};
	stdout: string;
	seconds: number;
	pid: number;
	leftover: string[];
}

async function bootCheck(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Run> {
	const started = Date.now();
	const child = execa('node', [cli, 'boot-check', '--json', ...args], {reject: false, env: {...env, ...extraEnv}});
	const done = await child;
	const seconds = (Date.now() - started) / 1000;
	const stdout = String(done.stdout);
	const json = stdout.split('\n').find(line => line.startsWith('{'));
	if (!json) throw new Error(`no JSON result (exit ${done.exitCode}):\n${stdout}\n${String(done.stderr)}`);
	return {exitCode: done.exitCode ?? -1, result: JSON.parse(json) as Run['result'], stdout, seconds, pid: child.pid!, leftover: await qemusOf(child.pid!)};
}

describe('kiln boot-check', () => {
	test('a kiln-built image reaches login; root logs in, the probe reads the system, it powers off', async () => {
		const run = await bootCheck([good, '--root-password-file', passwordFile, '--timeout', '420']);
		const {result} = run;
		expect(run.exitCode, `${result.reason}\n${result.lastLines?.join('\n')}`).toBe(0);
		expect(result).toMatchObject({ok: true, loggedIn: true, poweredOff: true, image: {format: 'raw', firmware: 'bios'}});
		expect(result.milestones.map(milestone => milestone.name)).toEqual(['firmware', 'bootloader', 'kernel', 'init', 'login']);
		expect(result.timeToLoginSec).toBe(result.milestones.at(-1)!.atSec);
		expect(result.accelReason).toMatch(/^(KVM|TCG)/);
		expect(result.probe).toMatchObject({
			os: {id: 'debian', version: '12'},
			kernel: expect.stringMatching(/cloud-amd64$/),
			rootFs: {type: 'ext4', mode: 'rw'},
			network: {up: true, interface: expect.any(String), address: expect.stringMatching(/^10\.0\.2\.\d+\/\d+$/)},
		});
		// The password was typed into the guest, and appears nowhere.
		expect(run.stdout).not.toContain(builtImageRootPassword);
		expect(readFileSync(result.serialLog!, 'utf8')).not.toContain(builtImageRootPassword);
		expect(run.leftover).toEqual([]);
	});

	test.each<{breakage: Breakage; code: string; timeout: number; line?: RegExp}>([
		{breakage: 'mbr-code-zeroed', code: 'no-bootloader', timeout: 120},
		{breakage: 'grub-core-zeroed', code: 'no-bootloader', timeout: 120},
		{breakage: 'root-uuid-missing', code: 'root-not-found', timeout: 300, line: /UUID=deadbeef-0000-4000-8000-000000000000 does not exist/},
		{breakage: 'init-exits', code: 'kernel-panic', timeout: 300, line: /Kernel panic - not syncing: Attempted to kill init!/},
		{breakage: 'init-hangs', code: 'init-hung', timeout: 150},
	])('$breakage: fails as $code within its timeout, no QEMU left', async ({breakage, code, timeout, line}) => {
		const image = await brokenImage(good, dir, breakage);
		try {
			const run = await bootCheck([image, '--timeout', String(timeout)]);
			expect(run.exitCode).toBe(1);
			expect(run.result).toMatchObject({ok: false, code});
			expect(run.result.reason).toEqual(expect.any(String));
			if (line) expect(run.result.line).toMatch(line);
			expect(run.result.durationSec).toBeLessThan(timeout);
			expect(run.seconds).toBeLessThan(timeout + 30);
			expect(run.leftover).toEqual([]);
		} finally {
			rmSync(image, {force: true});
		}
	});

	test('UEFI asked of a BIOS-only image: a usage error before anything boots', async () => {
		const run = await bootCheck([good, '--firmware', 'uefi']);
		expect(run.exitCode).toBe(2);
		expect(run.result).toMatchObject({ok: false, code: 'bad-input', reason: expect.stringContaining('no EFI system partition')});
	});

	test('a truncated image with a hostile name: both commands refuse it clearly, nothing runs', async () => {
		const image = path.join(dir, `$(touch PWNED); \`touch PWNED\`,if=none '"x".img`);
		const head = Buffer.alloc(1024 * 1024);
		const handle = await open(good, 'r');
		await handle.read(head, 0, head.length, 0);
		await handle.close();
		writeFileSync(image, head);
		const check = await bootCheck([image]);
		expect(check.exitCode).toBe(2);
		expect(check.result.reason).toContain(`${image} is cut short: partition 1 ends at byte`);
		const boot = await execa('node', [cli, 'boot', image], {reject: false, env, stdin: 'ignore', cwd: dir});
		expect(boot.exitCode).toBe(2);
		expect(boot.stderr).toContain('is cut short');
		expect(existsSync(path.join(dir, 'PWNED'))).toBe(false);
		expect(existsSync('PWNED')).toBe(false);
	});

	test('Ctrl-C mid-boot: exit 130 and QEMU is gone', async () => {
		const child = execa('node', [cli, 'boot-check', good], {reject: false, env});
		await new Promise<void>((resolve, reject) => {
			child.stdout!.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('bootloader')) resolve();
			});
			void child.then(() => reject(new Error('boot-check ended before the bootloader ran')));
		});
		expect(await qemusOf(child.pid!)).toHaveLength(1);
		child.kill('SIGINT');
		const done = await child;
		expect(done.exitCode).toBe(130);
		expect(await qemusOf(child.pid!)).toEqual([]);
	});

	test('with QEMU in a container (KILN_QEMU=container), the same check passes and the container is removed', async () => {
		const run = await bootCheck([good, '--accel', 'tcg', '--timeout', '420'], {KILN_QEMU: 'container'});
		expect(run.exitCode, `${run.result.reason}\n${run.result.lastLines?.join('\n')}`).toBe(0);
		expect(run.result.qemu).toMatch(/in container kiln-qemu:/);
		expect(run.result.milestones.at(-1)?.name).toBe('login');
		expect(run.leftover).toEqual([]);
		const {stdout} = await execa('docker', ['ps', '-aq', '--filter', 'label=io.kiln.role=qemu', '--filter', `label=io.kiln.pid=${run.pid}`]);
		expect(stdout.trim()).toBe('');
	});
});
