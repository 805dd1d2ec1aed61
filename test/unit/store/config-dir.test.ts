import {statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {configDir, ensureConfigDir} from '../../../source/core/config-dir.js';
import {useTempConfig} from './helpers/temp-config.js';

describe('config folder', () => {
	const temp = useTempConfig();

	it('is KILN_CONFIG_DIR when set, over XDG_CONFIG_HOME', () => {
		expect(configDir({KILN_CONFIG_DIR: '/a/b', XDG_CONFIG_HOME: '/x'})).toBe('/a/b');
	});

	it('is $XDG_CONFIG_HOME/kiln, or ~/.config/kiln when XDG_CONFIG_HOME is unset or relative', () => {
		expect(configDir({XDG_CONFIG_HOME: '/x/conf'})).toBe('/x/conf/kiln');
		expect(configDir({})).toBe(path.join(os.homedir(), '.config', 'kiln'));
		expect(configDir({XDG_CONFIG_HOME: 'relative'})).toBe(path.join(os.homedir(), '.config', 'kiln'));
	});

	it('is created readable only by its owner', () => {
		const dir = ensureConfigDir(temp.env());
		expect(statSync(dir).mode & 0o777).toBe(0o700);
	});
});
