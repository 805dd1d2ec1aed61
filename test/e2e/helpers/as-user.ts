// Runs the built CLI as another (non-root) user, the way that user would:
// their own uid, groups and HOME, none of root's environment. The repository
// may sit where that user cannot read (a clone under /root), so kiln runs
// from a copy of what it needs at run time: dist, its data and its
// production dependencies.
import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import type {KilnResult} from './cli.js';
import type {KilnEvent} from '../../../source/core/events.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface UserKiln {
	dir: string;
	cli: string;
	remove(): void;
}

/** A world-readable copy of the built kiln. */
export async function readableKiln(): Promise<UserKiln> {
	const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-engines-app-'));
	const {stdout} = await execa('npm', ['ls', '--omit=dev', '--all', '--parseable'], {cwd: root, reject: false});
	// Paths may go through a symlinked node_modules: keep them from the first node_modules on.
	const packages = stdout.split('\n').filter(line => line.includes('node_modules')).map(line => line.slice(line.indexOf('node_modules')));
	if (packages.length === 0) throw new Error(`npm ls found no production dependencies under ${root}`);
	for (const rel of ['package.json', 'dist', 'distros', 'presets', 'source/builder', ...packages]) {
		cpSync(path.join(root, rel), path.join(dir, rel), {recursive: true, dereference: true});
	}
	await execa('chmod', ['-R', 'a+rX', dir]);
	return {dir, cli: path.join(dir, 'dist', 'cli.js'), remove: () => rmSync(dir, {recursive: true, force: true})};
}

export interface User {
	name: string;
	uid: number;
	gid: number;
	home: string;
}

export async function lookUpUser(name: string): Promise<User> {
	const {stdout, exitCode} = await execa('getent', ['passwd', name], {reject: false});
	if (exitCode !== 0) throw new Error(`No user ${name} on this machine: run npm run setup (test/setup/machine.sh makes it)`);
	const [, , uid, gid, , home] = stdout.split(':');
	return {name, uid: Number(uid), gid: Number(gid), home: home!};
}

/** Runs a command as the user, with exactly the environment given (plus PATH). */
export async function asUser(user: User, command: string[], options: {env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number} = {}) {
	const env = Object.entries({PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin', USER: user.name, LOGNAME: user.name, ...options.env}).map(([key, value]) => `${key}=${value}`);
	return execa('setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', 'env', '-i', ...env, ...command], {
		reject: false,
		input: options.input,
		cwd: options.cwd,
		timeout: options.timeoutMs ?? 20 * 60_000,
	});
}

/** kiln (from a readable copy) as the user. */
export async function kilnAs(user: User, app: UserKiln, args: string[], options: {env?: Record<string, string>; input?: string; cwd?: string} = {}): Promise<KilnResult> {
	const result = await asUser(user, [process.execPath, app.cli, ...args], {...options, env: {CI: 'true', ...options.env}});
	const stdout = String(result.stdout);
	const events = args.includes('--json')
		? stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as KilnEvent)
		: [];
	return {exitCode: result.exitCode ?? -1, stdout, stderr: String(result.stderr), events};
}
