// Finds the container engine the way the docker CLI does (DOCKER_HOST, then
// DOCKER_CONTEXT, then the current context of ~/.docker/config.json), then
// the sockets a rootful, rootless or Podman engine listens on; connects to it,
// says what it is and how it was found, and turns "cannot connect" into advice.
import {accessSync, constants, existsSync, readFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import {KilnError} from '../errors.js';

/** Where the engine is and how kiln found it. */
export interface EngineEndpoint {
	/** A docker host URL: unix:///path, tcp://host:port, ssh://user@host. */
	host: string;
	/** How it was found, for people: "DOCKER_CONTEXT=podman", "$XDG_RUNTIME_DIR/docker.sock", … */
	via: string;
	/** Client TLS material (a context's, or DOCKER_CERT_PATH's). */
	tls?: {ca?: string; cert?: string; key?: string; verify: boolean};
}

/** What answered at the endpoint. */
export interface Engine extends EngineEndpoint {
	name: 'Docker' | 'Podman';
	version: string;
	/** The engine runs in a user namespace: its root is the user who started it. */
	rootless: boolean;
	/** One line: "rootless Docker 20.10.24 via $XDG_RUNTIME_DIR/docker.sock". */
	label: string;
}

/** What discovery may look at; tests give fake folders and sockets. */
export interface DiscoveryHost {
	/** The socket exists and this process may read and write it. */
	usable(file: string): boolean;
	exists(file: string): boolean;
	readFile(file: string): string | undefined;
	home: string;
}

const systemHost: DiscoveryHost = {
	usable(file) {
		try {
			accessSync(file, constants.R_OK | constants.W_OK);
			return true;
		} catch {
			return false;
		}
	},
	exists: existsSync,
	readFile(file) {
		try {
			return readFileSync(file, 'utf8');
		} catch {
			return undefined;
		}
	},
	home: os.homedir(),
};

const defaultSocket = '/var/run/docker.sock';

function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
	return env.DOCKER_CONFIG || path.join(home, '.docker');
}

function parseJson(text: string, file: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new KilnError(`${file} is not valid JSON`, {
			why: `The docker CLI's configuration names the current context; kiln reads it the same way. ${(error as Error).message}`,
			hint: 'Fix or remove the file, or set DOCKER_HOST to choose the engine directly.',
		});
	}
}

/** The endpoint of a named docker context, from its metadata (and TLS files) under contexts/. */
export function contextEndpoint(name: string, via: string, env: NodeJS.ProcessEnv, host: DiscoveryHost): EngineEndpoint {
	const config = dockerConfigDir(env, host.home);
	// The docker CLI stores a context under the sha256 of its name.
	const id = createHash('sha256').update(name).digest('hex');
	const metaFile = path.join(config, 'contexts', 'meta', id, 'meta.json');
	const text = host.readFile(metaFile);
	if (text === undefined) {
		throw new KilnError(`The docker context "${name}" does not exist`, {
			why: `It was chosen by ${via}, but there is no ${metaFile}.`,
			hint: 'List the contexts with docker context ls, then choose one that exists (DOCKER_CONTEXT=… or docker context use …), or set DOCKER_HOST.',
		});
	}
	const meta = parseJson(text, metaFile) as {Endpoints?: {docker?: {Host?: string; SkipTLSVerify?: boolean}}};
	const endpoint = meta.Endpoints?.docker;
	if (!endpoint?.Host) {
		throw new KilnError(`The docker context "${name}" has no Docker endpoint`, {
			why: `${metaFile} names no Endpoints.docker.Host.`,
			hint: 'Recreate it (docker context create NAME --docker host=…), or set DOCKER_HOST.',
		});
	}
	const tlsDir = path.join(config, 'contexts', 'tls', id, 'docker');
	const [ca, cert, key] = ['ca.pem', 'cert.pem', 'key.pem'].map(file => host.readFile(path.join(tlsDir, file)));
	const tls = ca || cert || key ? {ca, cert, key, verify: !endpoint.SkipTLSVerify} : undefined;
	return {host: endpoint.Host, via, ...(tls ? {tls} : {})};
}

/** The sockets tried when no host or context is chosen, in order. */
export function socketCandidates(env: NodeJS.ProcessEnv): Array<{file: string; via: string}> {
	// A relative XDG_RUNTIME_DIR is invalid by the XDG spec: ignore it.
	const runtime = env.XDG_RUNTIME_DIR && path.isAbsolute(env.XDG_RUNTIME_DIR) ? env.XDG_RUNTIME_DIR : undefined;
	return [
		{file: defaultSocket, via: defaultSocket},
		...(runtime ? [
			{file: path.join(runtime, 'docker.sock'), via: '$XDG_RUNTIME_DIR/docker.sock'},
			{file: path.join(runtime, 'podman', 'podman.sock'), via: '$XDG_RUNTIME_DIR/podman/podman.sock'},
		] : []),
		{file: '/run/podman/podman.sock', via: '/run/podman/podman.sock'},
	];
}

/** Finds the engine without connecting: the first rule that names one wins. */
export function findEngine(env: NodeJS.ProcessEnv = process.env, host: DiscoveryHost = systemHost): EngineEndpoint {
	if (env.DOCKER_HOST) {
		const certs = env.DOCKER_CERT_PATH;
		const tls = certs
			? {...Object.fromEntries(['ca', 'cert', 'key'].map(name => [name, host.readFile(path.join(certs, `${name}.pem`))])), verify: env.DOCKER_TLS_VERIFY === '1'}
			: env.DOCKER_TLS_VERIFY === '1' ? {verify: true} : undefined;
		return {host: env.DOCKER_HOST, via: 'DOCKER_HOST', ...(tls ? {tls} : {})};
	}
	// "default" is the docker CLI's name for "no context": DOCKER_HOST or the default socket.
	if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') {
		return contextEndpoint(env.DOCKER_CONTEXT, `DOCKER_CONTEXT=${env.DOCKER_CONTEXT}`, env, host);
	}
	if (!env.DOCKER_CONTEXT) {
		const configFile = path.join(dockerConfigDir(env, host.home), 'config.json');
		const text = host.readFile(configFile);
		const current = text === undefined ? undefined : (parseJson(text, configFile) as {currentContext?: unknown}).currentContext;
		if (typeof current === 'string' && current !== '' && current !== 'default') {
			return contextEndpoint(current, `docker context ${current}`, env, host);
		}
	}
	const candidates = socketCandidates(env);
	// The first socket this user may use; else the first that exists, so the
	// error says "permission denied" rather than "not found".
	const chosen = candidates.find(candidate => host.usable(candidate.file)) ?? candidates.find(candidate => host.exists(candidate.file)) ?? candidates[0]!;
	return {host: `unix://${chosen.file}`, via: chosen.via};
}

/** dockerode options for an endpoint; every field is set, so the process's own DOCKER_HOST cannot leak in. */
export function clientOptions(endpoint: EngineEndpoint): Docker.DockerOptions {
	const {host, tls} = endpoint;
	if (host.startsWith('unix://')) return {socketPath: host.slice('unix://'.length) || defaultSocket, host: undefined, port: undefined};
	const url = new URL(host.includes('//') ? host : `tcp://${host}`);
	if (url.protocol === 'ssh:') {
		return {protocol: 'ssh', host: url.hostname, port: url.port || 22, username: url.username || undefined, sshOptions: {agent: process.env.SSH_AUTH_SOCK}};
	}
	if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new KilnError(`The docker host ${host} (from ${endpoint.via}) uses ${url.protocol.slice(0, -1)}://, which kiln cannot talk to`, {
			hint: 'Use a unix://, tcp:// or ssh:// engine.',
		});
	}
	const secure = url.protocol === 'https:' || tls?.verify || Boolean(tls?.cert) || url.port === '2376';
	return {
		protocol: secure ? 'https' : 'http',
		host: url.hostname,
		port: url.port || (secure ? 2376 : 2375),
		...(tls?.ca ? {ca: tls.ca} : {}),
		...(tls?.cert ? {cert: tls.cert} : {}),
		...(tls?.key ? {key: tls.key} : {}),
	};
}

const endpoints = new WeakMap<Docker, EngineEndpoint>();

/** Loads dockerode on first use: it and its modules (ssh2, grpc, protobufjs) cost more to load than the wizard's first frame may take. */
export async function dockerClient(env: NodeJS.ProcessEnv = process.env): Promise<Docker> {
	const endpoint = findEngine(env);
	const {default: Docker} = await import('dockerode');
	const docker = new Docker(clientOptions(endpoint));
	endpoints.set(docker, endpoint);
	return docker;
}

/** Rootless Docker says so in its security options; Podman only in its own (versioned) API. */
async function isRootless(docker: Docker, podmanApi: string | undefined): Promise<boolean> {
	if (podmanApi === undefined) {
		const info = (await docker.info()) as {SecurityOptions?: string[]};
		return (info.SecurityOptions ?? []).includes('name=rootless');
	}
	const info = await new Promise<{host?: {security?: {rootless?: boolean}}}>((resolve, reject) => {
		docker.modem.dial({path: `/v${podmanApi}/libpod/info`, method: 'GET', statusCodes: {200: true}, options: {}}, (error, data) => (error ? reject(error) : resolve(data as never)));
	});
	return info.host?.security?.rootless === true;
}

export function engineLabel({name, version, rootless, via}: Pick<Engine, 'name' | 'version' | 'rootless' | 'via'>): string {
	return `${rootless ? 'rootless ' : ''}${name} ${version} via ${via}`;
}

/** Connects, and says which engine answered; a failure to connect becomes advice. */
export async function connectEngine(docker: Docker, env: NodeJS.ProcessEnv = process.env): Promise<Engine> {
	const endpoint = endpoints.get(docker) ?? findEngine(env);
	let version: Docker.DockerVersion;
	try {
		version = await docker.version();
	} catch (error) {
		throw unreachable(endpoint, error, env);
	}
	const podman = (version.Components ?? []).find(component => /podman/i.test(component.Name));
	const name = podman ? 'Podman' : 'Docker';
	const podmanApi = podman ? String((podman.Details as {APIVersion?: string} | undefined)?.APIVersion ?? version.Version) : undefined;
	const rootless = await isRootless(docker, podmanApi);
	const described = {...endpoint, name, version: version.Version, rootless} as const;
	return {...described, label: engineLabel(described)};
}

function unreachable(endpoint: EngineEndpoint, error: unknown, env: NodeJS.ProcessEnv): KilnError {
	const code = (error as NodeJS.ErrnoException).code;
	const socket = endpoint.host.startsWith('unix://') ? endpoint.host.slice('unix://'.length) : undefined;
	if (socket && code === 'EACCES') {
		return new KilnError(`Permission denied on the engine socket ${socket}`, {
			why: `kiln talks to the container engine through its socket (found as ${endpoint.via}); this one belongs to root and the "docker" group.`,
			hint: 'Add yourself to the group (sudo usermod -aG docker $USER, then log in again), run a rootless engine (dockerd-rootless.sh, or podman system service), or set DOCKER_HOST.',
		});
	}
	const chosen = endpoint.via === defaultSocket
		? `Start the engine (sudo systemctl start docker, or sudo dockerd &; rootless: dockerd-rootless.sh, or podman system service), or set DOCKER_HOST. kiln looked for ${socketCandidates(env).map(candidate => candidate.file).join(', ')}.`
		: `Check that ${endpoint.via} points at a running engine, or choose another (DOCKER_HOST, DOCKER_CONTEXT).`;
	return new KilnError(`Cannot reach the container engine at ${endpoint.host} (${endpoint.via})${code ? ` (${code})` : ''}`, {
		why: 'kiln builds the image and assembles the disk in containers.',
		hint: chosen,
	});
}

/**
 * The uid:gid a container must run as for the files it writes to be the
 * caller's: under a rootless engine the container's root is the user who
 * started the engine (any other uid maps into their subordinate range); under
 * a rootful one, the caller's own ids.
 */
export function containerUser(engine: Pick<Engine, 'rootless'>): string {
	return engine.rootless ? '0:0' : `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
}
