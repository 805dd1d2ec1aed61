import {statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ensureConfigDir, ensureStateDir} from '../../../source/core/config-dir.js';
import {cacheDirectory, configDir, logDirectory, stateDirectory} from '../../../source/core/paths.js';
import {registryDirectory} from '../../../source/core/run-registry.js';
import {useTempConfig} from './helpers/temp-config.js';

const home = os.homedir();

describe('kiln\'s folders', () => {
	const temp = useTempConfig();

	it('are KILN_CONFIG_DIR, KILN_STATE_DIR and KILN_CACHE_DIR when set, over the XDG variables, made absolute', () => {
		const env = {KILN_CONFIG_DIR: '/a/config', KILN_STATE_DIR: '/a/state', KILN_CACHE_DIR: 'rel/cache', XDG_CONFIG_HOME: '/x', XDG_STATE_HOME: '/x', XDG_CACHE_HOME: '/x'};
		expect(configDir(env)).toBe('/a/config');
		expect(stateDirectory(env)).toBe('/a/state');
		expect(cacheDirectory(env)).toBe(path.resolve('rel/cache'));
	});

	it('are $XDG_*_HOME/kiln when those are absolute', () => {
		const env = {XDG_CONFIG_HOME: '/x/conf', XDG_STATE_HOME: '/x/state', XDG_CACHE_HOME: '/x/cache'};
		expect([configDir(env), stateDirectory(env), cacheDirectory(env)]).toEqual(['/x/conf/kiln', '/x/state/kiln', '/x/cache/kiln']);
	});

	it.each([
		['unset', undefined],
		['empty', ''],
		['relative', 'relative/dir'],
	])('fall back to ~/.config, ~/.local/state and ~/.cache when the XDG variables are %s (the spec says to ignore them)', (_what, value) => {
		const env = {XDG_CONFIG_HOME: value, XDG_STATE_HOME: value, XDG_CACHE_HOME: value, KILN_CONFIG_DIR: value === '' ? '' : undefined};
		expect(configDir(env)).toBe(path.join(home, '.config', 'kiln'));
		expect(stateDirectory(env)).toBe(path.join(home, '.local', 'state', 'kiln'));
		expect(cacheDirectory(env)).toBe(path.join(home, '.cache', 'kiln'));
	});

	it('keep history, logs and run records in the state folder, out of the cache a cleaner may empty', () => {
		const env = {XDG_STATE_HOME: '/s', XDG_CACHE_HOME: '/c'};
		expect(logDirectory(env)).toBe('/s/kiln/logs');
		expect(registryDirectory(env)).toBe('/s/kiln/runs');
	});

	it('are created readable only by their owner', () => {
		expect(statSync(ensureConfigDir(temp.env())).mode & 0o777).toBe(0o700);
		expect(statSync(ensureStateDir(temp.env())).mode & 0o777).toBe(0o700);
	});
});
