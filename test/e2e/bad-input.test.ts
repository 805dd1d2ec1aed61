// Bad input through the real CLI: each case says which input is wrong, why
// and what to do, exits with the right code, and loses nothing: presets and
// existing files are byte for byte as they were, no temporary file, no run
// record and no container is left.
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {presetFromChoices, savePreset} from '../../source/store/presets.js';
import {cli, kiln} from './helpers/cli.js';
import {arm64Image, makeArm64Image, makeNoShellImage, noShellImage, removeTestImages} from './robustness/images.js';
import {containersOfRun, tempFiles, type Workspace, workspace} from './robustness/kiln.js';

let space: Workspace;
let before: Map<string, string> | undefined;
let newOutput: string;

/** Every file under the workspace except kiln's cache and state (logs are written on every run). */
function files(folder: string, into = new Map<string, string>()): Map<string, string> {
	for (const entry of readdirSync(folder, {withFileTypes: true})) {
		const full = path.join(folder, entry.name);
		if (full === space.env.KILN_CACHE_DIR || full === space.env.KILN_STATE_DIR) continue;
		if (entry.isDirectory()) files(full, into);
		else into.set(full, readFileSync(full, 'latin1'));
	}
	return into;
}

beforeEach(() => {
	space = workspace();
	savePreset(presetFromChoices('keep-me', {hostname: 'kept', size: '3G'}, {cwd: space.dir}), {replace: false}, space.env);
	writeFileSync(path.join(space.out, 'existing.img'), 'an image someone cares about\n');
	newOutput = path.join(space.out, 'new.img');
	before = files(space.dir);
	expect(before.has(path.join(space.env.KILN_CONFIG_DIR!, 'presets.json'))).toBe(true);
});

afterEach(() => {
	const snapshot = before;
	before = undefined;
	try {
		// Set-up failed: nothing to compare, only the folder to remove.
		if (!snapshot) return;
		const after = files(space.dir);
		for (const [file, content] of snapshot) expect(after.get(file), `${file} changed`).toBe(content);
		expect(existsSync(newOutput), 'a failed build left an output').toBe(false);
		expect(tempFiles(space.dir)).toEqual([]);
		const records = path.join(space.env.KILN_STATE_DIR!, 'runs');
		expect(existsSync(records) ? readdirSync(records) : []).toEqual([]);
	} finally {
		space.remove();
	}
});

interface Refusal {
	code: number;
	/** Every one must appear in the output: the input at fault, why, what to do. */
	says: Array<string | RegExp>;
}

async function build(args: string[], env: NodeJS.ProcessEnv = {}) {
	return kiln(['build', '--no-root-password', '-o', newOutput, ...args], {env: {...space.env, ...env}, cwd: space.dir});
}

async function expectRefused(result: {exitCode: number; stdout: string; stderr: string}, {code, says}: Refusal): Promise<void> {
	const text = `${result.stdout}\n${result.stderr}`;
	expect(result.exitCode, text).toBe(code);
	for (const part of says) {
		if (typeof part === 'string') expect(text).toContain(part);
		else expect(text).toMatch(part);
	}
	expect(text).toMatch(/fix: /);
	expect(text).not.toMatch(/unexpected error|at .*\.js:\d+/);
	// The first line names the run; none of its containers may be left.
	const runId = /kiln build (\d{8}-\d{6}-[0-9a-f]{6})/.exec(result.stdout)?.[1];
	if (runId) expect(await containersOfRun(runId)).toEqual([]);
}

describe('choices that do not exist (usage, exit 2, the valid ones listed)', () => {
	it.each([
		[['--distro', 'gentoo'], ['--distro "gentoo"', 'debian, alpine, ubuntu']],
		[['--release', 'sid'], ['--release "sid"', 'trixie, bookworm']],
		[['--kernel', 'rt'], ['--kernel "rt"', 'cloud, generic']],
		[['--init', 'upstart'], ['--init "upstart"', 'systemd, sysvinit, openrc, runit']],
		// An init or kernel that exists elsewhere but not for this distro.
		[['--distro', 'alpine', '--init', 'systemd'], ['--init "systemd"', 'Alpine', 'openrc, busybox']],
		[['--distro', 'alpine', '--kernel', 'cloud'], ['--kernel "cloud"', 'Alpine', 'virt, lts']],
		[['--pull', 'sometimes'], ['--pull "sometimes"', 'always, missing, never']],
		[['--format', 'iso'], ['--format "iso"', 'raw, qcow2']],
		[['--firmware', 'coreboot'], ['--firmware "coreboot"', 'bios, uefi, hybrid']],
	])('%j', async (args, says) => {
		await expectRefused(await build(args), {code: 2, says});
	});
});

describe('--size', () => {
	it.each([
		[['--size', 'lots'], '--size "lots" is not a size'],
		[['--size', '0'], '--size must be larger than zero'],
		[['--size=-5G'], '--size "-5G" is not a size'],
		[['--size', '1.5'], 'too small for any bootable image'],
	])('%j is refused before any work', async (args, says) => {
		await expectRefused(await build(args), {code: 2, says: [says]});
	});

	it('larger than the free space at the output is refused in preflight', async () => {
		await expectRefused(await build(['--size', '900T']), {code: 2, says: ['--size 900T is larger than the free space', space.out]});
	});

	it('smaller than the root filesystem is refused before any disk work, naming the minimum', async () => {
		const result = await build(['--size', '200M']);
		await expectRefused(result, {code: 2, says: ['--size 200M is too small: the root filesystem needs about', /Use at least \d+M/]});
		expect(result.stdout).not.toMatch(/rootfs export|partition/);
	});
});

describe('the output', () => {
	it('in a folder that does not exist', async () => {
		const missing = path.join(space.out, 'no', 'such');
		const result = await kiln(['build', '--no-root-password', '-o', path.join(missing, 'x.img')], {env: space.env});
		await expectRefused(result, {code: 2, says: [`The output folder ${missing} does not exist`, `mkdir -p ${missing}`]});
	});

	it('in a folder with ":" in its path is fine (the builder gets a mount object, not a bind string)', async () => {
		// Outside space.out, whose files the checks after each test read whole.
		const colon = mkdtempSync(path.join(tmpdir(), 'kiln-colon-a:b-'));
		try {
			const result = await kiln(['build', '--no-root-password', '--firmware', 'bios', '-o', path.join(colon, 'x.img')], {env: space.env});
			expect(result.exitCode, result.stderr + result.stdout.slice(-2000)).toBe(0);
			expect(statSync(path.join(colon, 'x.img')).size).toBeGreaterThan(0);
		} finally {
			rmSync(colon, {recursive: true, force: true});
		}
	});

	it('already there, without --force: the file is left as it was', async () => {
		const existing = path.join(space.out, 'existing.img');
		const result = await kiln(['build', '--no-root-password', '-o', existing], {env: space.env});
		await expectRefused(result, {code: 2, says: [`${existing} already exists`, '--force']});
	});

	it('in a folder that is not writable (immutable, even for root)', async () => {
		const locked = path.join(space.out, 'locked');
		mkdirSync(locked);
		execFileSync('chattr', ['+i', locked]);
		try {
			const result = await kiln(['build', '--no-root-password', '-o', path.join(locked, 'x.img')], {env: space.env});
			await expectRefused(result, {code: 2, says: [`The output folder ${locked} is not writable`, '--output']});
		} finally {
			execFileSync('chattr', ['-i', locked]);
		}
	});

	it('in a folder that is not writable (a user without permission, who can use Docker)', async () => {
		const dockerGid = statSync('/var/run/docker.sock').gid;
		const result = await asNobody(['build', '--no-root-password', '-o', newOutput], ['--groups', String(dockerGid)]);
		await expectRefused(result, {code: 2, says: [`The output folder ${space.out} is not writable`]});
	});

	it('runs out of space during assembly: the disk error is named, nothing partial is left', async () => {
		const small = path.join(space.out, 'small');
		mkdirSync(small);
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=50m', 'tmpfs', small]);
		try {
			const result = await kiln(['build', '--no-root-password', '-o', path.join(small, 'x.img')], {env: space.env});
			await expectRefused(result, {code: 1, says: ['The disk ran out of space during assembly', 'No space left on device', 'Free space in the output folder']});
			expect(readdirSync(small)).toEqual([]);
		} finally {
			execFileSync('umount', [small]);
		}
	});
});

/** Runs kiln as uid 65534 (nobody), with only the given groups. */
async function asNobody(args: string[], groups: string[]) {
	// nobody must be able to reach kiln's cache, config and state in the workspace.
	chmodSync(space.dir, 0o755);
	for (const folder of [space.env.KILN_CACHE_DIR!, space.env.KILN_CONFIG_DIR!, space.env.KILN_STATE_DIR!]) {
		mkdirSync(folder, {recursive: true});
		chmodSync(folder, 0o777);
	}
	const result = await execa('setpriv', ['--reuid', '65534', '--regid', '65534', ...groups, process.execPath, cli, ...args], {
		reject: false,
		cwd: space.dir,
		env: {...process.env, ...space.env, CI: 'true', HOME: space.dir},
	});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
}

describe('Docker', () => {
	it('not running: says where kiln looked and how to start it', async () => {
		await expectRefused(await build([], {DOCKER_HOST: 'unix:///nonexistent.sock'}), {
			code: 1,
			says: ['Cannot reach the container engine at unix:///nonexistent.sock (DOCKER_HOST)', 'DOCKER_HOST points at a running engine'],
		});
	});

	it('not running, for kiln doctor: says so and exits 1 (containers cannot be checked)', async () => {
		const result = await kiln(['doctor'], {env: {...space.env, DOCKER_HOST: 'unix:///nonexistent.sock'}});
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain('engine: Cannot reach the container engine at unix:///nonexistent.sock');
	});

	it('socket not accessible: names the socket and the group', async () => {
		const result = await asNobody(['build', '--no-root-password', '-o', newOutput], ['--clear-groups']);
		await expectRefused(result, {code: 1, says: ['Permission denied on the engine socket /var/run/docker.sock', '"docker" group', 'usermod -aG docker']});
	});
});

describe('the base image', () => {
	beforeAll(() => {
		makeNoShellImage();
		makeArm64Image();
	});
	afterAll(() => removeTestImages());

	it('not on this machine, with --pull never', async () => {
		await expectRefused(await build(['--base', 'kiln-test/absent:1', '--pull', 'never']), {
			code: 1,
			says: ['kiln-test/absent:1 is not on this machine', '--pull never', '--pull missing'],
		});
	});

	it('not in the registry either', async () => {
		await expectRefused(await build(['--base', '127.0.0.1:5000/kiln-test/absent:1']), {
			code: 1,
			says: ['Could not pull the base image 127.0.0.1:5000/kiln-test/absent:1', 'manifest unknown', 'Check the name'],
		});
	});

	it('with no shell and no package manager (scratch-like)', async () => {
		await expectRefused(await build(['--base', noShellImage]), {
			code: 1,
			says: ['The base image has no apt-get', 'scratch or distroless', 'debian:bookworm'],
		});
	});

	it('for another architecture', async () => {
		await expectRefused(await build(['--base', arm64Image]), {
			code: 1,
			says: [`The base image ${arm64Image} is for arm64, not amd64`, '--platform linux/amd64'],
		});
	});
});

describe('a failing Dockerfile step', () => {
	it('a package apt cannot find: the apt error is shown with the last lines of the log', async () => {
		const result = await build(['--packages', 'kiln-no-such-package']);
		await expectRefused(result, {
			code: 1,
			says: ['A step of the OS image build failed', 'E: Unable to locate package kiln-no-such-package', 'Check --packages names', 'Reading package lists'],
		});
	});
});

describe('free text that is not valid', () => {
	it.each([
		['Web_Server'], ['-leading-dash'], ['trailing-'], ['a'.repeat(64)], ['dots.are.domains'], ['ünïcode'], [''],
	])('hostname %j', async hostname => {
		await expectRefused(await build([`--hostname=${hostname}`]), {code: 2, says: ['--hostname', 'is not a valid hostname', 'lower-case letters']});
	});

	it.each([
		['junk', 'this is not a key\n', 'is not an SSH public key'],
		['private', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n', 'is a private key'],
		['two keys', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxv a\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxv b\n', 'is not an SSH public key'],
		['empty', '', 'is not an SSH public key'],
	])('SSH key file: %s', async (name, content, says) => {
		const key = path.join(space.out, `${name.replace(/ /g, '-')}.pub`);
		writeFileSync(key, content);
		before!.set(key, content);
		await expectRefused(await build(['--ssh-key', key]), {code: 2, says: ['--ssh-key', says]});
	});

	it('SSH key file that does not exist', async () => {
		await expectRefused(await build(['--ssh-key', path.join(space.out, 'nope.pub')]), {code: 2, says: ['--ssh-key: cannot read', 'ENOENT', 'public key file']});
	});
});

describe('a damaged image given to kiln boot-check', () => {
	/** An MBR whose one partition runs to 1 GiB, in a file of 1 MiB: a raw image cut short. */
	function cutShortRaw(): Buffer {
		const disk = Buffer.alloc(1024 * 1024);
		disk[446] = 0x80;
		disk[450] = 0x83;
		disk.writeUInt32LE(2048, 454);
		disk.writeUInt32LE(2 * 1024 * 1024, 458);
		disk.writeUInt16LE(0xaa55, 510);
		return disk;
	}

	it.each([
		['empty', () => Buffer.alloc(0), 'the file is empty'],
		['random bytes', () => Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7919) % 251)), 'is not a disk image kiln can boot'],
		['a raw disk cut short', cutShortRaw, 'is cut short'],
		['a qcow2 cut short', () => {
			const file = path.join(space.dir, 'whole.qcow2');
			execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', file, '1G']);
			return readFileSync(file).subarray(0, 100);
		}, 'is not a usable qcow2 image'],
	])('%s: refused before QEMU starts, the file untouched', async (name, content, says) => {
		const image = path.join(space.out, `${name.replace(/ /g, '-')}.img`);
		const bytes = content();
		writeFileSync(image, bytes);
		before!.set(image, bytes.toString('latin1'));
		const result = await kiln(['boot-check', image, '--timeout', '30'], {env: space.env});
		await expectRefused(result, {code: 2, says: [image, says]});
	});
});
