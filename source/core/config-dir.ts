// Where kiln keeps presets and history: $KILN_CONFIG_DIR when set (tests and
// portable setups), else the XDG config folder. Created owner-only, because
// build history names paths and keys a person may not want others to see.
import {mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	if (env.KILN_CONFIG_DIR) return path.resolve(env.KILN_CONFIG_DIR);
	// XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
	const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
	return path.join(xdg, 'kiln');
}

/** The config folder, created with mode 0700 if it does not exist yet (an existing one is left as its owner set it). */
export function ensureConfigDir(env: NodeJS.ProcessEnv = process.env): string {
	const dir = configDir(env);
	mkdirSync(dir, {recursive: true, mode: 0o700});
	return dir;
}
