// Where kiln keeps its files, by the XDG base directory spec:
//   config  presets                         $XDG_CONFIG_HOME/kiln  (~/.config/kiln)       KILN_CONFIG_DIR
//   state   history, logs, the run registry $XDG_STATE_HOME/kiln   (~/.local/state/kiln) KILN_STATE_DIR
//   cache   what can be made again (accel)  $XDG_CACHE_HOME/kiln   (~/.cache/kiln)       KILN_CACHE_DIR
// History, logs and run records are state, not cache: a cache cleaner that
// empties ~/.cache must not make `kiln doctor` blind to a run's leftovers.
import os from 'node:os';
import path from 'node:path';

/**
 * `$variable/kiln`, or `~/fallback/kiln` when the variable is unset, empty or
 * relative (the spec says a relative path there is invalid and to be ignored).
 */
function xdgFolder(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
	const base = env[variable];
	return path.join(base && path.isAbsolute(base) ? base : path.join(os.homedir(), fallback), 'kiln');
}

/** A KILN_*_DIR override, made absolute; undefined when unset or empty. */
function override(env: NodeJS.ProcessEnv, variable: string): string | undefined {
	const value = env[variable];
	return value ? path.resolve(value) : undefined;
}

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	return override(env, 'KILN_CONFIG_DIR') ?? xdgFolder(env, 'XDG_CONFIG_HOME', '.config');
}

export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return override(env, 'KILN_STATE_DIR') ?? xdgFolder(env, 'XDG_STATE_HOME', path.join('.local', 'state'));
}

export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return override(env, 'KILN_CACHE_DIR') ?? xdgFolder(env, 'XDG_CACHE_HOME', '.cache');
}

export function logDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(stateDirectory(env), 'logs');
}
