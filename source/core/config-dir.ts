// kiln's own folders are created owner-only: presets and history name paths
// and keys a person may not want others to see. Where they are: paths.ts.
import {mkdirSync} from 'node:fs';
import {configDir, stateDirectory} from './paths.js';

/** The config folder, created with mode 0700 if it does not exist yet (an existing one is left as its owner set it). */
export function ensureConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	const dir = configDir(env);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	return dir;
}

/** The state folder, made like the config folder. */
export function ensureStateDir(env: NodeJS.ProcessEnv = process.env): string {
	const dir = stateDirectory(env);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	return dir;
}
