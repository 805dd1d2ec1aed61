// kiln where its users run it: as a non-root user, on rootless Docker, on
// rootless Podman's Docker-compatible API, and on the rootful dockerd through
// the docker group. Each engine is found the way kiln finds it for a real user
// (a docker context, Podman's socket in $XDG_RUNTIME_DIR, the default socket),
// builds a disk and boot-checks it; the image belongs to the user, nothing is
// left in the engine or beside the image, and kiln's own files are under the
// user's HOME. The engines and users come from npm run setup.
import {createHash} from 'node:crypto';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runLabel} from '../../source/core/cleanup.js';
import {type User, type UserKiln, kilnAs, lookUpUser, readableKiln} from './helpers/as-user.js';
import {eventsOf} from './helpers/cli.js';

const rootPassword = 'kiln-e2e-engines';
const recipe = ['--distro', 'debian', '--release', 'bookworm', '--kernel', 'cloud', '--init', 'systemd', '--firmware', 'bios', '--hostname', 'kiln-engines'];

interface EngineCase {
	title: string;
	user: string;
	/** The engine's socket, for the test's own look at what is left in it. */
	socket: (user: User) => string;
	/** What the user's environment holds beyond HOME, and any files in HOME that choose the engine. */
	prepare: (user: User, home: string) => Record<string, string>;
	/** The engine line kiln must print. */
	label: RegExp;
	rootless: boolean;
}

const runtimeDir = (user: User) => `/run/user/${user.uid}`;

/** The context `dockerd-rootless-setuptool.sh install` makes, and selects as the docker CLI would. */
function rootlessContext(user: User, home: string): void {
	const id = createHash('sha256').update('rootless').digest('hex');
	const meta = path.join(home, '.docker', 'contexts', 'meta', id);
	mkdirSync(meta, {recursive: true});
	writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({Name: 'rootless', Metadata: {Description: 'Rootless mode'}, Endpoints: {docker: {Host: `unix://${runtimeDir(user)}/docker.sock`, SkipTLSVerify: false}}}));
	writeFileSync(path.join(home, '.docker', 'config.json'), JSON.stringify({currentContext: 'rootless'}));
}

const cases: EngineCase[] = [
	{
		title: 'rootless Docker, through the docker context "rootless"',
		user: 'kiln-rootless',
		socket: user => `${runtimeDir(user)}/docker.sock`,
		prepare(user, home) {
			rootlessContext(user, home);
			return {XDG_RUNTIME_DIR: runtimeDir(user)};
		},
		label: /^rootless Docker 20\.10\.\S+ via docker context rootless$/,
		rootless: true,
	},
	{
		title: 'rootless Podman, through its socket in $XDG_RUNTIME_DIR',
		user: 'kiln-podman',
		socket: user => `${runtimeDir(user)}/podman/podman.sock`,
		prepare: user => ({XDG_RUNTIME_DIR: runtimeDir(user)}),
		label: /^rootless Podman 4\.\S+ via \$XDG_RUNTIME_DIR\/podman\/podman\.sock$/,
		rootless: true,
	},
	{
		title: 'rootful Docker, as a member of the docker group',
		user: 'kiln-docker',
		socket: () => '/var/run/docker.sock',
		prepare: () => ({}),
		label: /^Docker 20\.10\.\S+ via \/var\/run\/docker\.sock$/,
		rootless: false,
	},
];

let app: UserKiln;
const workspace = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-engines-'));
// mkdtemp makes it 0700; the users must pass through to their own folders.
chmodSync(workspace, 0o755);
beforeAll(async () => {
	app = await readableKiln();
});
afterAll(() => {
	app?.remove();
	rmSync(workspace, {recursive: true, force: true});
});

/** A fresh HOME for the user: kiln's config, cache and state go there. */
function freshHome(user: User): string {
	const home = path.join(workspace, user.name);
	mkdirSync(path.join(home, 'out'), {recursive: true});
	return home;
}

function giveTo(user: User, dir: string): void {
	chownSync(dir, user.uid, user.gid);
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) giveTo(user, full);
		else chownSync(full, user.uid, user.gid);
	}
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? [full, ...filesUnder(full)] : [full];
	});
}

for (const engine of cases) describe(engine.title, () => {
	let user: User;
	let home: string;
	let env: Record<string, string>;
	let image: string;

	beforeAll(async () => {
		user = await lookUpUser(engine.user);
		home = freshHome(user);
		env = {HOME: home, ...engine.prepare(user, home)};
		giveTo(user, home);
		image = path.join(home, 'out', `${engine.user}.img`);
		// The engine must be up: a missing engine is a failure, never a skip.
		const docker = new Docker({socketPath: engine.socket(user)});
		await docker.ping().catch((error: Error) => {
			throw new Error(`${engine.title}: no engine answers on ${engine.socket(user)} (${error.message}); run npm run setup`);
		});
	});

	it('builds as that user: says which engine and how it found it; the image is theirs; nothing is left behind', async () => {
		const result = await kilnAs(user, app, ['build', '--json', ...recipe, '--root-password-file', '-', '--output', image], {env, input: `${rootPassword}\n`, cwd: home});
		expect(result.exitCode, result.stderr + result.stdout.slice(-4000)).toBe(0);

		const [found] = eventsOf(result.events, 'engine');
		expect(found).toMatchObject({rootless: engine.rootless, name: engine.user === 'kiln-podman' ? 'Podman' : 'Docker'});
		const preflight = eventsOf(result.events, 'stage-finished').find(event => event.stage === 'preflight');
		expect(preflight?.detail).toMatch(engine.label);

		const owner = statSync(image);
		expect({uid: owner.uid, gid: owner.gid}).toEqual({uid: user.uid, gid: user.gid});
		expect(owner.size).toBeGreaterThan(100 * 1024 ** 2);

		// kiln's own files: under this HOME, owned by the user; nothing else written in the workspace.
		const [finished] = eventsOf(result.events, 'run-finished');
		expect(finished!.logFile!.startsWith(`${home}/`), finished!.logFile).toBe(true);
		const written = filesUnder(home);
		for (const file of written) expect(statSync(file).uid, file).toBe(user.uid);
		expect(readdirSync(path.join(home, 'out'))).toEqual([path.basename(image)]);

		const docker = new Docker({socketPath: engine.socket(user)});
		const left = await docker.listContainers({all: true, filters: {label: [runLabel]}});
		expect(left.filter(container => container.Labels[runLabel] === eventsOf(result.events, 'run-started')[0]!.runId)).toEqual([]);
	});

	it('boot-checks the image as that user', async () => {
		const result = await kilnAs(user, app, ['boot-check', image, '--root-password-file', '-', '--accel', 'tcg', '--timeout', '480', '--json'], {env, input: `${rootPassword}\n`, cwd: home});
		const verdict = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {ok: boolean; reason?: string; loggedIn?: boolean; timeToLoginSec?: number};
		expect(verdict.ok, `${verdict.reason}\n${result.stderr}`).toBe(true);
		expect(verdict.loggedIn).toBe(true);
		expect(result.exitCode).toBe(0);
		console.log(`${engine.title}: login after ${verdict.timeToLoginSec?.toFixed(1)} s`);
	});

	if (engine.rootless) it('refuses --bootloader extlinux before the build, naming the engine and why', async () => {
		const refused = path.join(home, 'out', 'extlinux.img');
		const result = await kilnAs(user, app, ['build', '--json', '--bootloader', 'extlinux', '--no-root-password', '--output', refused], {env, cwd: home});
		expect(result.exitCode).toBe(2);
		const [failed] = eventsOf(result.events, 'stage-failed');
		expect(failed?.stage).toBe('preflight');
		expect(failed!.error.message).toMatch(new RegExp(`^--bootloader extlinux cannot run on ${engine.label.source.slice(1, -1)}`));
		expect(failed!.error.why).toMatch(/loop device.*CAP_SYS_ADMIN.*user namespace/);
		expect(failed!.error.hint).toMatch(/--bootloader grub/);
		expect(eventsOf(result.events, 'stage-started').map(event => event.stage)).toEqual(['preflight']);
		expect(readdirSync(path.join(home, 'out'))).toEqual([path.basename(image)]);
	});
});

describe('discovery without a context', () => {
	it('the rootless Docker user with nothing set but XDG_RUNTIME_DIR: its socket there, as kiln doctor says', async () => {
		const user = await lookUpUser('kiln-rootless');
		const home = path.join(workspace, 'kiln-rootless-bare');
		mkdirSync(home);
		giveTo(user, home);
		const result = await kilnAs(user, app, ['doctor', '--json'], {env: {HOME: home, XDG_RUNTIME_DIR: runtimeDir(user)}, cwd: home});
		const report = JSON.parse(result.stdout) as {docker: {engine?: string; error?: string}};
		expect(report.docker.engine, report.docker.error).toMatch(/^rootless Docker 20\.10\.\S+ via \$XDG_RUNTIME_DIR\/docker\.sock$/);
		expect(result.exitCode).toBe(0);
	});
});
