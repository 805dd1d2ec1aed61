// A fresh KILN_CONFIG_DIR and KILN_STATE_DIR per test, removed afterwards.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach} from 'vitest';

export function useTempConfig(): {dir: () => string; stateDir: () => string; env: () => NodeJS.ProcessEnv} {
	let current: string | undefined;
	afterEach(() => {
		if (current) rmSync(current, {recursive: true, force: true});
		current = undefined;
	});
	const root = () => (current ??= mkdtempSync(path.join(os.tmpdir(), 'kiln-store-')));
	const dir = () => path.join(root(), 'config');
	const stateDir = () => path.join(root(), 'state');
	return {dir, stateDir, env: () => ({KILN_CONFIG_DIR: dir(), KILN_STATE_DIR: stateDir()})};
}
