// What the image says its app is (ENTRYPOINT + CMD, ENV, WORKDIR, USER), in
// the form every init's service is generated from. The strings come from the
// image, so they are untrusted: they are checked here only for what no init
// could carry (NUL, line breaks in paths and names), and are otherwise kept
// literally; each init's generator escapes them for its own syntax.
import path from 'node:path';
import {KilnError} from '../../core/errors.js';
import {printable} from '../../core/value-checks.js';

/** The parts of `docker image inspect`'s Config that describe the app. */
export interface ImageConfig {
	Entrypoint?: string[] | null;
	Cmd?: string[] | null;
	Env?: string[] | null;
	WorkingDir?: string;
	User?: string;
	/** Docker's HEALTHCHECK: Test is ["CMD", …], ["CMD-SHELL", "…"] or ["NONE"]; durations in nanoseconds. */
	Healthcheck?: {Test?: string[] | null; Interval?: number; Timeout?: number; StartPeriod?: number; Retries?: number} | null;
	/** EXPOSE: "8080/tcp" → {}. */
	ExposedPorts?: Record<string, unknown> | null;
	/** VOLUME: "/data" → {}. */
	Volumes?: Record<string, unknown> | null;
	/** SHELL, which CMD-SHELL health checks run with (Docker's default: /bin/sh -c). */
	Shell?: string[] | null;
}

/** What the boot check proves about the app, from HEALTHCHECK and EXPOSE. */
export interface AppChecks {
	/** EXPOSEd TCP ports, which must accept connections in the guest. */
	ports: number[];
	health?: {
		/** Run in the app's own context (root, user, ENV, WORKDIR), as Docker runs it. */
		argv: string[];
		intervalSec: number;
		timeoutSec: number;
		retries: number;
		startSec: number;
	};
}

export interface AppSpec {
	/** The image it came from, for descriptions and comments. */
	image: string;
	/** ENTRYPOINT then CMD. argv[0] is absolute, or a bare name looked up in PATH as Docker does. */
	argv: string[];
	/** The image's environment, PATH always included (Docker's default when the image sets none). */
	env: Array<{name: string; value: string}>;
	/** Absolute working directory ("/" when the image sets none). */
	workdir: string;
	/** USER split into user and optional group; undefined runs as root. */
	user?: {name: string; group?: string};
	checks: AppChecks;
	/** On a Debian base: the image's tree kept whole, the app run inside it. */
	root?: AppRoot;
}

/** The image's filesystem under appRootfs, with USER resolved against the image's own databases. */
export interface AppRoot {
	/** The image id the tree is copied from. */
	imageId: string;
	uid: number;
	gid: number;
	groups: number[];
	/** VOLUMEs, as real paths inside the tree: created as directories where the image has nothing. */
	volumes: string[];
}

/** Where a Debian base keeps the image's tree. */
export const appRootfs = '/var/lib/kiln/app/rootfs';

export interface AppFromImage {
	/** Undefined when the image has neither ENTRYPOINT nor CMD. */
	app?: AppSpec;
	/** What was left out, for a note to the person converting. */
	notes: string[];
}

/** Docker's PATH when an image sets none (what `docker run` would use). */
export const dockerDefaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

// Names every init can pass on: systemd only accepts these, and a shell's
// environment cannot hold others either.
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Login names and numeric ids, as systemd's User=/Group= and setpriv accept them.
const userName = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}$/;

function refuse(image: string, what: string, why: string): never {
	throw new KilnError(`The image ${image} has ${what}, which kiln cannot turn into a boot-time service`, {
		why,
		hint: 'Convert it with --no-app-service and start the app yourself, or fix the image.',
	});
}

export function appFromImage(image: string, config: ImageConfig): AppFromImage {
	const notes: string[] = [];
	const argv = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
	if (argv.length === 0) return {notes: [`${image} has no ENTRYPOINT or CMD, so there is no app to start at boot`]};
	if (argv.some(arg => arg.includes('\0'))) refuse(image, 'a NUL byte in its ENTRYPOINT/CMD', 'A program argument cannot contain NUL.');

	const workdir = config.WorkingDir || '/';
	if (!path.posix.isAbsolute(workdir) || /[\u0000-\u001f\u007f]/.test(workdir) || workdir.trim() !== workdir) {
		refuse(image, `the WORKDIR "${printable(workdir)}"`, 'A working directory must be an absolute path without control characters or surrounding spaces.');
	}

	const command = argv[0]!;
	if (command === '' || (!command.includes('/') && (/^[-@:+!]/.test(command) || command.includes('=')))) {
		refuse(image, `the command "${printable(command)}"`, 'A command name must not be empty, contain "=" or start with one of - @ : + ! (systemd reads those as prefixes).');
	}
	// Docker runs a relative path with a slash from the working directory.
	if (command.includes('/') && !command.startsWith('/')) argv[0] = path.posix.join(workdir, command);

	const env: AppSpec['env'] = [];
	for (const entry of config.Env ?? []) {
		const at = entry.indexOf('=');
		const name = at < 0 ? entry : entry.slice(0, at);
		if (at < 0 || !envName.test(name) || entry.includes('\0')) {
			notes.push(`left out the environment variable "${printable(name)}": not a NAME=value an init can pass on`);
			continue;
		}
		env.push({name, value: entry.slice(at + 1)});
	}
	if (!env.some(({name}) => name === 'PATH')) env.unshift({name: 'PATH', value: dockerDefaultPath});

	let user: AppSpec['user'];
	if (config.User) {
		const [name, group, ...rest] = config.User.split(':');
		if (rest.length > 0 || !userName.test(name!) || (group !== undefined && !userName.test(group))) {
			refuse(image, `the USER "${printable(config.User)}"`, 'USER must be a user name or id, optionally with ":group".');
		}
		const isRoot = (id: string | undefined) => id === undefined || id === 'root' || id === '0';
		if (!isRoot(name) || !isRoot(group)) user = {name: name!, group};
	}
	return {app: {image, argv, env, workdir, user, checks: appChecks(image, config, notes)}, notes};
}

// Docker's HEALTHCHECK defaults: 30 s interval and timeout, 3 retries, no start period.
const nanosPerSec = 1e9;
const seconds = (nanos: number | undefined, fallback: number) => (nanos && nanos > 0 ? Math.max(1, Math.ceil(nanos / nanosPerSec)) : fallback);

function appChecks(image: string, config: ImageConfig, notes: string[]): AppChecks {
	const ports: number[] = [];
	for (const key of Object.keys(config.ExposedPorts ?? {})) {
		const match = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/.exec(key);
		const port = Number(match?.[1]);
		if (match && (match[2] ?? 'tcp') === 'tcp' && port >= 1 && port <= 65535) ports.push(port);
		else notes.push(`the boot check leaves out EXPOSE ${printable(key)}: only TCP ports are checked`);
	}
	const test = config.Healthcheck?.Test ?? [];
	let health: AppChecks['health'];
	const [kind, ...rest] = test;
	const argv = kind === 'CMD' ? rest : kind === 'CMD-SHELL' && rest.length === 1 ? [...(config.Shell?.length ? config.Shell : ['/bin/sh', '-c']), rest[0]!] : undefined;
	if (argv && argv.length > 0 && !argv.some(arg => arg.includes('\0'))) {
		const check = config.Healthcheck!;
		health = {argv, intervalSec: seconds(check.Interval, 30), timeoutSec: seconds(check.Timeout, 30), retries: check.Retries && check.Retries > 0 ? check.Retries : 3, startSec: seconds(check.StartPeriod, 0)};
	} else if (kind && kind !== 'NONE') {
		notes.push(`the boot check leaves out the HEALTHCHECK of ${image}: ${printable(JSON.stringify(test))} is not a command`);
	}
	return {ports: [...new Set(ports)].sort((a, b) => a - b), health};
}

/**
 * The app's PATH directories where a bare command is looked up, in order:
 * absolute ones only, without backslashes or control characters, so that
 * every init reads them the same way.
 */
export function searchPath(app: AppSpec): string[] {
	const value = app.env.find(({name}) => name === 'PATH')?.value ?? dockerDefaultPath;
	return value.split(':').filter(dir => path.posix.isAbsolute(dir) && !/[\\\u0000-\u001f\u007f]/.test(dir));
}
