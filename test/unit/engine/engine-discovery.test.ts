// Engine discovery in the docker CLI's order, read from fake config folders:
// DOCKER_HOST, DOCKER_CONTEXT, the current context of config.json and its
// metadata, then the default, rootless and Podman sockets.
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {type DiscoveryHost, clientOptions, containerUser, engineLabel, findEngine} from '../../../source/core/docker/connect.js';

let home: string;
/** Socket paths that exist, and whether this user may use each. */
let sockets: Map<string, 'usable' | 'denied'>;

beforeEach(() => {
	home = mkdtempSync(path.join(tmpdir(), 'kiln-unit-discovery-'));
	sockets = new Map();
});
afterEach(() => rmSync(home, {recursive: true, force: true}));

const host = (): DiscoveryHost => ({
	home,
	exists: file => sockets.has(file),
	usable: file => sockets.get(file) === 'usable',
	readFile(file) {
		try {
			return readFileSync(file, 'utf8');
		} catch {
			return undefined;
		}
	},
});

function write(file: string, content: string): void {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, content);
}

/** A context as `docker context create NAME --docker host=HOST` stores it. */
function context(name: string, dockerHost: string, config = path.join(home, '.docker')): string {
	const id = createHash('sha256').update(name).digest('hex');
	write(path.join(config, 'contexts', 'meta', id, 'meta.json'), JSON.stringify({
		Name: name,
		Metadata: {Description: `${name} engine`},
		Endpoints: {docker: {Host: dockerHost, SkipTLSVerify: false}},
	}));
	return id;
}

function currentContext(name: string, config = path.join(home, '.docker')): void {
	write(path.join(config, 'config.json'), JSON.stringify({auths: {}, currentContext: name}));
}

const runtime = '/run/user/1000';

describe('findEngine', () => {
	it('DOCKER_HOST comes first, before DOCKER_CONTEXT and the current context', () => {
		context('podman', 'unix:///run/user/1000/podman/podman.sock');
		currentContext('podman');
		sockets.set('/var/run/docker.sock', 'usable');
		expect(findEngine({DOCKER_HOST: 'tcp://10.0.0.5:2375', DOCKER_CONTEXT: 'podman'}, host())).toEqual({host: 'tcp://10.0.0.5:2375', via: 'DOCKER_HOST'});
	});

	it('DOCKER_CONTEXT comes next, read from the context metadata under the sha256 of its name', () => {
		context('podman', 'unix:///run/user/1000/podman/podman.sock');
		context('rootless', 'unix:///run/user/1000/docker.sock');
		currentContext('rootless');
		expect(findEngine({DOCKER_CONTEXT: 'podman', XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: 'unix:///run/user/1000/podman/podman.sock', via: 'DOCKER_CONTEXT=podman'});
	});

	it('then the current context of ~/.docker/config.json', () => {
		context('rootless', 'unix:///run/user/1000/docker.sock');
		currentContext('rootless');
		sockets.set('/var/run/docker.sock', 'usable');
		expect(findEngine({}, host())).toEqual({host: 'unix:///run/user/1000/docker.sock', via: 'docker context rootless'});
	});

	it('DOCKER_CONFIG moves the config folder, as for the docker CLI', () => {
		const config = path.join(home, 'elsewhere');
		context('remote', 'ssh://builder@build.example', config);
		currentContext('remote', config);
		// A config in the default place is not read.
		context('rootless', 'unix:///run/user/1000/docker.sock');
		currentContext('rootless');
		expect(findEngine({DOCKER_CONFIG: config}, host())).toEqual({host: 'ssh://builder@build.example', via: 'docker context remote'});
	});

	it('DOCKER_CONTEXT=default and a current context "default" mean the sockets', () => {
		context('rootless', 'unix:///run/user/1000/docker.sock');
		currentContext('rootless');
		sockets.set('/var/run/docker.sock', 'usable');
		expect(findEngine({DOCKER_CONTEXT: 'default'}, host())).toEqual({host: 'unix:///var/run/docker.sock', via: '/var/run/docker.sock'});
		currentContext('default');
		expect(findEngine({}, host())).toEqual({host: 'unix:///var/run/docker.sock', via: '/var/run/docker.sock'});
	});

	it('a context\'s TLS files come along', () => {
		const id = context('secure', 'tcp://10.0.0.5:2376');
		const tls = path.join(home, '.docker', 'contexts', 'tls', id, 'docker');
		for (const name of ['ca', 'cert', 'key']) write(path.join(tls, `${name}.pem`), `${name} pem`);
		const endpoint = findEngine({DOCKER_CONTEXT: 'secure'}, host());
		expect(endpoint.tls).toEqual({ca: 'ca pem', cert: 'cert pem', key: 'key pem', verify: true});
		expect(clientOptions(endpoint)).toMatchObject({protocol: 'https', host: '10.0.0.5', port: '2376', ca: 'ca pem', cert: 'cert pem', key: 'key pem'});
	});

	describe('without a host or context: the sockets, first one this user may use', () => {
		it('the default socket', () => {
			sockets.set('/var/run/docker.sock', 'usable');
			sockets.set(`${runtime}/docker.sock`, 'usable');
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: 'unix:///var/run/docker.sock', via: '/var/run/docker.sock'});
		});

		it('rootless Docker in $XDG_RUNTIME_DIR when the default socket is not this user\'s', () => {
			sockets.set('/var/run/docker.sock', 'denied');
			sockets.set(`${runtime}/docker.sock`, 'usable');
			sockets.set(`${runtime}/podman/podman.sock`, 'usable');
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: `unix://${runtime}/docker.sock`, via: '$XDG_RUNTIME_DIR/docker.sock'});
		});

		it('then rootless Podman\'s socket, then rootful Podman\'s', () => {
			sockets.set(`${runtime}/podman/podman.sock`, 'usable');
			sockets.set('/run/podman/podman.sock', 'usable');
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: `unix://${runtime}/podman/podman.sock`, via: '$XDG_RUNTIME_DIR/podman/podman.sock'});
			sockets.delete(`${runtime}/podman/podman.sock`);
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: 'unix:///run/podman/podman.sock', via: '/run/podman/podman.sock'});
		});

		it('a relative XDG_RUNTIME_DIR is ignored, as the XDG spec says', () => {
			sockets.set('run/docker.sock', 'usable');
			sockets.set('/run/podman/podman.sock', 'usable');
			expect(findEngine({XDG_RUNTIME_DIR: 'run'}, host()).via).toBe('/run/podman/podman.sock');
		});

		it('none usable: the first that exists, so the error can say "permission denied"', () => {
			sockets.set('/var/run/docker.sock', 'denied');
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: 'unix:///var/run/docker.sock', via: '/var/run/docker.sock'});
			sockets.clear();
			sockets.set('/run/podman/podman.sock', 'denied');
			expect(findEngine({}, host()).via).toBe('/run/podman/podman.sock');
		});

		it('none at all: the default socket', () => {
			expect(findEngine({XDG_RUNTIME_DIR: runtime}, host())).toEqual({host: 'unix:///var/run/docker.sock', via: '/var/run/docker.sock'});
		});
	});

	describe('a broken configuration is an error that names it', () => {
		it('a context that does not exist', () => {
			expect(() => findEngine({DOCKER_CONTEXT: 'colima'}, host())).toThrow(/The docker context "colima" does not exist/);
			currentContext('desktop-linux');
			expect(() => findEngine({}, host())).toThrow(/The docker context "desktop-linux" does not exist/);
		});

		it('a config.json that is not JSON', () => {
			write(path.join(home, '.docker', 'config.json'), '{"currentContext": ');
			expect(() => findEngine({}, host())).toThrow(/config\.json is not valid JSON/);
		});

		it('a context without a Docker endpoint', () => {
			const id = createHash('sha256').update('empty').digest('hex');
			write(path.join(home, '.docker', 'contexts', 'meta', id, 'meta.json'), JSON.stringify({Name: 'empty', Endpoints: {}}));
			expect(() => findEngine({DOCKER_CONTEXT: 'empty'}, host())).toThrow(/has no Docker endpoint/);
		});

		it('a config.json without a current context is no context', () => {
			write(path.join(home, '.docker', 'config.json'), JSON.stringify({auths: {}}));
			sockets.set('/var/run/docker.sock', 'usable');
			expect(findEngine({}, host()).via).toBe('/var/run/docker.sock');
		});
	});
});

describe('clientOptions', () => {
	it('a unix socket sets every remote field, so the process\'s own DOCKER_HOST cannot leak in', () => {
		expect(clientOptions({host: 'unix:///run/user/1000/docker.sock', via: 'x'})).toEqual({socketPath: '/run/user/1000/docker.sock', host: undefined, port: undefined});
	});

	it('tcp without TLS is http on 2375; ssh keeps the user', () => {
		expect(clientOptions({host: 'tcp://10.0.0.5', via: 'x'})).toEqual({protocol: 'http', host: '10.0.0.5', port: 2375});
		expect(clientOptions({host: 'ssh://builder@build.example:2222', via: 'x'})).toMatchObject({protocol: 'ssh', host: 'build.example', port: '2222', username: 'builder'});
	});

	it('refuses a scheme it cannot speak, naming where it came from', () => {
		expect(() => clientOptions({host: 'npipe:////./pipe/docker_engine', via: 'docker context win'})).toThrow(/npipe:\/\/.*docker context win/s);
	});
});

describe('what kiln says and does with the engine', () => {
	it('labels it with how it was found', () => {
		expect(engineLabel({name: 'Docker', version: '20.10.24', rootless: true, via: '$XDG_RUNTIME_DIR/docker.sock'})).toBe('rootless Docker 20.10.24 via $XDG_RUNTIME_DIR/docker.sock');
		expect(engineLabel({name: 'Podman', version: '4.3.1', rootless: false, via: 'DOCKER_CONTEXT=podman'})).toBe('Podman 4.3.1 via DOCKER_CONTEXT=podman');
	});

	it('runs containers as root under a rootless engine (that root is the user), else as the caller', () => {
		expect(containerUser({rootless: true})).toBe('0:0');
		expect(containerUser({rootless: false})).toBe(`${process.getuid!()}:${process.getgid!()}`);
	});
});
