// Security through the real CLI and Docker: hostile strings never reach a
// shell (rejected, or carried literally and working), the root password is
// nowhere in plain text, the builder runs unprivileged, SSH refuses root
// passwords, and files honour the umask / the store is owner-only.
import {execFileSync, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, linkSync, readFileSync, readdirSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {KilnEvent} from '../../source/core/events.js';
import {presetFromChoices, savePreset} from '../../source/store/presets.js';
import {cli, kiln} from './helpers/cli.js';
import {docker, type Kiln, runIdOf, tempFiles, watchKiln, type Workspace, workspace} from './robustness/kiln.js';

const pwned = '/tmp/kiln-pwned';
/** Shell syntax of every kind: command substitution, separators, backticks, quotes, a flag. */
const hostile = [`$(touch ${pwned})`, `;touch ${pwned};`, `\`touch ${pwned}\``, `' "; rm -rf ~`, '--force', `a\ntouch ${pwned}`];

function nothingRan(folder: string): void {
	expect(existsSync(pwned), `${pwned} exists: a string was run by a shell`).toBe(false);
	// What `touch kiln-pwned-…` would have made (the hostile names themselves only contain that text).
	expect(readdirSync(folder, {recursive: true}).filter(name => /^kiln-pwned(-\w+)?$/.test(path.basename(String(name))))).toEqual([]);
}

beforeAll(() => rmSync(pwned, {force: true}));

describe('hostile strings in flags that must be refused', () => {
	let space: Workspace;
	beforeEach(() => {
		space = workspace();
	});
	afterEach(() => {
		try {
			nothingRan(space.dir);
		} finally {
			space.remove();
		}
	});

	const cases: Array<[string, (value: string) => string[]]> = [
		['--hostname', value => [`--hostname=${value}`]],
		['--packages', value => [`--packages=curl,${value}`]],
		['--base', value => [`--base=${value}`]],
	];
	for (const [flag, args] of cases) {
		it.each(hostile)(`${flag} %j: exit 2, named, nothing run`, async value => {
			const result = await kiln(['build', '--no-root-password', '-o', path.join(space.out, 'x.img'), ...args(value)], {env: space.env, cwd: space.dir});
			expect(result.exitCode, result.stderr).toBe(2);
			expect(result.stderr).toContain(flag);
			expect(result.stderr).toContain('fix: ');
		});
	}

	it('a password with a line break is refused (it cannot be one line of chpasswd)', async () => {
		const result = await kiln(['build', '-o', path.join(space.out, 'x.img'), `--root-password=a\ntouch ${pwned}`], {env: space.env, cwd: space.dir});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('line break');
		expect(result.stderr).not.toContain(`touch ${pwned}`);
	});
});

describe('a build carrying hostile strings literally', () => {
	const marker = `KilnSecret${randomBytes(6).toString('hex')}`;
	// Valid but hostile: it must work as a password, byte for byte.
	const password = `${marker} $(touch ${pwned}) ;rm -rf ~; \`touch ${pwned}\` 'single' "double" --force \\ end`;
	let space: Workspace;
	let child: Kiln;
	let output: string;
	let key: string;
	let builder: Docker.ContainerInspectInfo | undefined;
	let disk: string;
	let osTag: string;

	/** A file from the root filesystem of the disk image (BIOS layout: the root partition starts at 1 MiB). */
	const fromDisk = (file: string) => execFileSync('debugfs', ['-R', `cat ${file}`, `${disk}?offset=1048576`], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});

	beforeAll(async () => {
		space = workspace();
		savePreset(presetFromChoices('mine', {hostname: 'kept'}, {cwd: space.dir}), {replace: false}, space.env);
		output = path.join(space.out, `disk $(touch kiln-pwned-out) ;touch kiln-pwned-out; \`touch kiln-pwned-out\` 'q' "q" --force.img`);
		const keyFile = path.join(space.out, `key $(touch kiln-pwned-key);'".pub`);
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kiln-test', '-f', path.join(space.dir, 'id')]);
		key = readFileSync(path.join(space.dir, 'id.pub'), 'utf8').trim();
		linkSync(path.join(space.dir, 'id.pub'), keyFile);

		// Through sh only to set the umask: the arguments travel as "$@", never as shell text.
		const args = ['build', '--json', '--firmware', 'bios', `--root-password=${password}`, '--ssh-key', keyFile, '-o', output];
		const started = spawn('sh', ['-c', 'umask 027; exec "$@"', 'sh', process.execPath, cli, ...args], {
			cwd: space.out,
			env: {...process.env, CI: 'true', ...space.env},
		});
		started.stdin.end();
		child = watchKiln(started);
		await child.waitFor(event => event.type === 'substep' && event.id === 'filesystem' && event.status === 'running', 'disk assembly');
		const runId = runIdOf(child.events);
		const [info] = await docker.listContainers({all: true, filters: {label: [`io.kiln.run=${runId}`]}}).then(list => list.filter(item => item.Image.startsWith('kiln-builder')));
		builder = info ? await docker.getContainer(info.Id).inspect() : undefined;
		expect(await child.exit, child.stderr()).toBe(0);
		const os = child.events.find(event => event.type === 'os-image');
		osTag = os?.type === 'os-image' ? os.tag : '';
		disk = path.join(space.dir, 'plain-name.img');
		linkSync(output, disk);
	});
	afterAll(() => space?.remove());

	it('nothing was run by a shell, and the output has its literal name', () => {
		nothingRan(space.dir);
		const artifact = child.events.find(event => event.type === 'artifact');
		expect(artifact).toMatchObject({type: 'artifact', path: output});
		expect(existsSync(output)).toBe(true);
		expect(tempFiles(space.dir)).toEqual([]);
	});

	it('the password works: the hash in the image\'s /etc/shadow verifies with openssl', () => {
		const root = fromDisk('/etc/shadow').split('\n').find(line => line.startsWith('root:'))!;
		const hash = root.split(':')[1]!;
		const [, id, rounds, salt] = hash.split('$');
		expect(id).toBe('6');
		const expected = execFileSync('openssl', ['passwd', '-6', '-salt', `${rounds}$${salt}`, '-stdin'], {input: password, encoding: 'utf8'}).trim();
		expect(hash).toBe(expected);
		const wrong = execFileSync('openssl', ['passwd', '-6', '-salt', `${rounds}$${salt}`, '-stdin'], {input: `${password}x`, encoding: 'utf8'}).trim();
		expect(hash).not.toBe(wrong);
	});

	it('the SSH key is root\'s, and sshd refuses root passwords', () => {
		expect(fromDisk('/root/.ssh/authorized_keys').trim()).toBe(key);
		expect(fromDisk('/etc/ssh/sshd_config.d/kiln.conf')).toMatch(/^PermitRootLogin prohibit-password$/m);
		const main = fromDisk('/etc/ssh/sshd_config');
		expect(main).toMatch(/^Include \/etc\/ssh\/sshd_config\.d\/\*\.conf$/m);
		expect(main).not.toMatch(/^PermitRootLogin (yes|without-password)/m);
	});

	it('the password is in no layer, no image history, no log, no event, no stored file', async () => {
		expect(osTag).toMatch(/^kiln-os:/);
		expect(execFileSync('docker', ['history', '--no-trunc', osTag], {encoding: 'utf8'})).not.toContain(marker);
		expect(execFileSync('docker', ['image', 'inspect', osTag], {encoding: 'utf8'})).not.toContain(marker);
		// Every layer, as docker save writes them (tar of layer tars).
		expect(await streamContains((await docker.getImage(osTag).get()) as unknown as NodeJS.ReadableStream, marker)).toBe(false);
		expect(child.stdout()).not.toContain(marker);
		expect(child.stderr()).not.toContain(marker);
		const finished = child.events.at(-1) as Extract<KilnEvent, {type: 'run-finished'}>;
		expect(readFileSync(finished.logFile!, 'utf8')).not.toContain(marker);
		// A build writes no cache (only a boot check does), so that folder may not exist.
		for (const folder of [space.env.KILN_CACHE_DIR!, space.env.KILN_CONFIG_DIR!, space.env.KILN_STATE_DIR!].filter(existsSync)) {
			for (const name of readdirSync(folder, {recursive: true})) {
				const file = path.join(folder, String(name));
				if (statSync(file).isFile()) expect(readFileSync(file, 'latin1'), file).not.toContain(marker);
			}
		}
	});

	it('the builder ran unprivileged: all capabilities dropped, no network, no Docker socket, not privileged', () => {
		expect(builder, 'the builder container was not seen during assembly').toBeDefined();
		const host = builder!.HostConfig;
		expect(host.Privileged).toBe(false);
		expect(host.CapDrop).toEqual(['ALL']);
		expect(host.CapAdd ?? []).toEqual([]);
		expect(host.NetworkMode).toBe('none');
		expect(host.SecurityOpt).toContain('no-new-privileges');
		expect(host.ReadonlyRootfs).toBe(true);
		expect(host.Devices ?? []).toEqual([]);
		expect(builder!.Config.User).toBe(`${process.getuid!()}:${process.getgid!()}`);
		const sources = builder!.Mounts.map(mount => mount.Source);
		expect(sources).toEqual([space.out]);
		expect(sources.join('\n')).not.toContain('docker.sock');
	});

	it('the image honours the umask (027 → 0640); the config and state stores are owner-only', () => {
		expect(statSync(output).mode & 0o777).toBe(0o640);
		for (const [folder, store] of [[space.env.KILN_CONFIG_DIR!, 'presets.json'], [space.env.KILN_STATE_DIR!, 'history.json']] as const) {
			expect(statSync(folder).mode & 0o077).toBe(0);
			const stored = readdirSync(folder).filter(name => name.endsWith('.json'));
			expect(stored).toContain(store);
			for (const name of stored) expect(statSync(path.join(folder, name)).mode & 0o777, name).toBe(0o600);
		}
	});
});

/** Whether a stream's bytes contain the text anywhere, across chunk boundaries, without holding the stream. */
async function streamContains(stream: NodeJS.ReadableStream, text: string): Promise<boolean> {
	const needle = Buffer.from(text);
	let carry = Buffer.alloc(0);
	for await (const chunk of stream as AsyncIterable<Buffer>) {
		const window = Buffer.concat([carry, chunk]);
		if (window.includes(needle)) return true;
		carry = window.subarray(Math.max(0, window.length - needle.length + 1));
	}
	return false;
}
