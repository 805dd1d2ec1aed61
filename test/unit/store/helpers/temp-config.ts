// A fresh KILN_CONFIG_DIR per test, removed afterwards.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

export function useTempConfig(): {dir: () => string; env: () => NodeJS.ProcessEnv} {
	let current: string | undefined;
	afterEach(() => {
		if (current) rmSync(current, {recursive: true, force: true});
		current = undefined;
	});
	const dir = () => {
		current ??= path.join(mkdtempSync(path.join(os.tmpdir(), 'kiln-store-')), 'config');
		return current;
	};
	return {dir, env: () => ({KILN_CONFIG_DIR: dir()})};
}
