// The package as a user gets it: packed (prepack builds dist/ from a tree that
// has none), installed globally from the tarball into a fresh prefix, and run
// from there with the source folder gone — its version, its help, and a real
// build that boots.
import {cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {BootCheckResult} from '../../source/core/boot-check-result.js';
import type {KilnEvent} from '../../source/core/events.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {name: string; version: string};
const root = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-package-'));
const prefix = path.join(root, 'prefix');
const work = path.join(root, 'work');
const installed = path.join(prefix, 'lib', 'node_modules', manifest.name);
const bin = path.join(prefix, 'bin', 'kiln');
const tarball = path.join(root, `${manifest.name}-${manifest.version}.tgz`);
let packed: string[] = [];

/** The environment of a user's shell: no npm or Node settings inherited from the test runner, kiln's folders of its own. */
function userEnv(): NodeJS.ProcessEnv {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && key !== 'NODE_PATH'));
	return {
		...env,
		PATH: `${path.join(prefix, 'bin')}:${env.PATH ?? ''}`,
		CI: 'true',
		KILN_CONFIG_DIR: path.join(work, 'config'),
		KILN_CACHE_DIR: path.join(work, 'cache'),
		KILN_STATE_DIR: path.join(work, 'state'),
	};
}

/** Runs the installed kiln from the work folder. `readOnly` lets it read nothing but the installed package (Node's permission model). */
async function runKiln(args: string[], options: {readOnly?: boolean; input?: string} = {}) {
	const env = userEnv();
	if (options.readOnly) env.NODE_OPTIONS = `--experimental-permission --allow-fs-read=${prefix}/*`;
	const result = await execa(bin, args, {cwd: work, env, extendEnv: false, reject: false, input: options.input, timeout: 15 * 60_000});
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr)};
}

/** Every symlink under `dir` whose target lies outside `inside`. */
function linksOutside(dir: string, inside: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isSymbolicLink()) return realpathSync(full).startsWith(`${inside}/`) ? [] : [`${full} -> ${readlinkSync(full)}`];
		return entry.isDirectory() ? linksOutside(full, inside) : [];
	});
}

beforeAll(async () => {
	// A copy of what a clone holds, without dist/: packing it must build dist/ itself.
	const source = path.join(root, 'source');
	mkdirSync(source);
	for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'LICENSE', 'scripts', 'source', 'distros', 'presets']) {
		cpSync(path.join(repo, entry), path.join(source, entry), {recursive: true});
	}
	symlinkSync(path.join(repo, 'node_modules'), path.join(source, 'node_modules'));
	const env = userEnv();
	await execa('npm', ['pack', '--pack-destination', root], {cwd: source, env, extendEnv: false});
	packed = (await execa('tar', ['-tzf', tarball])).stdout.split('\n').map(entry => entry.replace(/^package\//, ''));
	// The user has no source folder: remove it before installing, so nothing can resolve back into it.
	rmSync(source, {recursive: true, force: true});
	mkdirSync(work);
	// Dependencies come from the registry (or npm's cache), as for any user.
	await execa('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], {cwd: work, env, extendEnv: false});
}, 15 * 60_000);

afterAll(() => rmSync(root, {recursive: true, force: true}));

describe('the packed package', () => {
	it('holds the built CLI, the data it reads and its license, and nothing dangling', () => {
		expect(packed).toEqual(expect.arrayContaining([
			'package.json', 'LICENSE', 'README.md', 'dist/cli.js', 'distros/debian.json', 'presets/debian-minimal.json',
			'source/builder/Dockerfile', 'source/builder/assemble.sh', 'source/builder/classic/Dockerfile', 'source/builder/classic/classic.sh',
		]));
		expect(packed.filter(file => file.startsWith('dist/bench/') || file.endsWith('.map') || file.startsWith('test/') || file.endsWith('.ts') || file.endsWith('.tsx'))).toEqual([]);
		expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toContain('MIT License');
	});

	it('installs a kiln command that lives in the prefix only', () => {
		expect(realpathSync(bin)).toBe(path.join(installed, 'dist', 'cli.js'));
		expect(lstatSync(installed).isSymbolicLink()).toBe(false);
		expect(linksOutside(prefix, prefix)).toEqual([]);
		// The bundle carries Ink, React, conf and execa; dockerode is the one package installed beside it.
		expect(existsSync(path.join(installed, 'node_modules', 'dockerode')) || existsSync(path.join(prefix, 'lib', 'node_modules', 'dockerode'))).toBe(true);
		expect(existsSync(path.join(installed, 'node_modules', 'ink'))).toBe(false);
	});

	it('prints its version and the build help, reading nothing outside the installed package', async () => {
		const version = await runKiln(['--version'], {readOnly: true});
		expect(version, version.stderr).toMatchObject({exitCode: 0, stdout: manifest.version});
		const help = await runKiln(['build', '--help'], {readOnly: true});
		expect(help.exitCode, help.stderr).toBe(0);
		// The distro list comes from the package's distros/ folder.
		expect(help.stdout).toMatch(/--distro .*debian/);
	});

	it('builds an image with the installed kiln, and its boot-check logs in', async () => {
		const image = path.join(work, 'installed.img');
		const build = await runKiln(['build', '--json', '--hostname', 'kiln-package', '--output', image, '--root-password-file', '-'], {input: 's3cret\n'});
		expect(build.exitCode, build.stderr + build.stdout.slice(-3000)).toBe(0);
		const events = build.stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as KilnEvent);
		expect(events.find(event => event.type === 'artifact')).toMatchObject({path: image, sha256: expect.stringMatching(/^[0-9a-f]{64}$/)});

		const passwordFile = path.join(work, 'password');
		writeFileSync(passwordFile, 's3cret\n', {mode: 0o600});
		const check = await runKiln(['boot-check', image, '--json', '--root-password-file', passwordFile, '--timeout', '420']);
		const json = check.stdout.split('\n').find(line => line.startsWith('{'));
		expect(json, check.stdout + check.stderr).toBeDefined();
		const result = JSON.parse(json!) as BootCheckResult;
		expect(check.exitCode, `${result.reason}\n${result.lastLines?.join('\n')}`).toBe(0);
		expect(result).toMatchObject({ok: true, loggedIn: true, probe: {os: {id: 'debian'}, rootFs: {type: 'ext4', mode: 'rw'}}});
	});
});
