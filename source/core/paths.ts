// Where kiln keeps logs and caches (XDG, with KILN_CACHE_DIR for tests).
import os from 'node:os';
import path from 'node:path';

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
	if (env.KILN_CACHE_DIR) return env.KILN_CACHE_DIR;
	return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln');
}

export function logDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(cacheDirectory(env), 'logs');
}
