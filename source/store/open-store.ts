// Opens one of kiln's conf stores (presets, history) in the config folder,
// under its lock, with a schema and a layout version so a later layout can
// migrate. A file kiln cannot understand is never wiped: it is moved aside to
// a timestamped backup, the caller gets a warning naming it, and the store
// starts empty.
import {readFileSync, renameSync} from 'node:fs';
import path from 'node:path';
import Conf, {type Schema} from 'conf';
import {KilnError} from '../engine/errors.js';
import {ensureConfigDir} from './config-dir.js';
import {withLock} from './lock.js';

/** The layout version written into every store; a new layout adds a migration keyed by its version. */
export const storeLayoutVersion = '1.0.0';

export interface StoreSpec<T extends Record<string, unknown>> {
	/** File name without extension: `presets` → presets.json. */
	name: string;
	/** What the store holds, for messages: "presets", "build history". */
	what: string;
	schema: Schema<T>;
	defaults: T;
	migrations: Record<string, (store: Conf<T>) => void>;
}

export interface StoreResult<R> {
	value: R;
	/** Set when the store file was unreadable and moved aside; print it on stderr. */
	warning?: string;
}

/** Runs `work` on the store with the lock held, so concurrent kiln processes never lose each other's changes. */
export function useStore<T extends Record<string, unknown>, R>(
	spec: StoreSpec<T>,
	work: (store: Conf<T>) => R,
	env: NodeJS.ProcessEnv = process.env,
): StoreResult<R> {
	const dir = ensureConfigDir(env);
	const file = path.join(dir, `${spec.name}.json`);
	return withLock(`${file}.lock`, () => {
		let warning: string | undefined;
		const problem = unreadableContent(file);
		if (problem) warning = moveAside(file, problem, spec.what);
		let store: Conf<T>;
		try {
			store = open(spec, dir);
		} catch (error) {
			const message = (error as Error).message ?? '';
			if (!message.startsWith('Config schema violation:')) throw error;
			warning = moveAside(file, `it does not match the expected layout (${message.slice('Config schema violation: '.length)})`, spec.what);
			store = open(spec, dir);
		}
		return {value: work(store), warning};
	});
}

function open<T extends Record<string, unknown>>(spec: StoreSpec<T>, dir: string): Conf<T> {
	return new Conf<T>({
		cwd: dir,
		configName: spec.name,
		schema: spec.schema,
		defaults: spec.defaults,
		projectVersion: storeLayoutVersion,
		migrations: spec.migrations,
		// Preset names may contain dots; keys are never paths.
		accessPropertiesByDotNotation: false,
		configFileMode: 0o600,
	});
}

/**
 * Why the file is not a JSON object, or undefined when it is (or is absent).
 * Checked before conf sees the file, because conf would treat JSON such as
 * `null` as an empty store and write over it.
 */
function unreadableContent(file: string): string | undefined {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return undefined;
		throw new KilnError(`Cannot read ${file}: ${code ?? (error as Error).message}`, {
			why: 'kiln keeps its presets and build history there.',
			hint: `Make ${file} readable and writable by you (chmod 600), or set KILN_CONFIG_DIR to use another folder.`,
		});
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return `it is not valid JSON (${(error as Error).message})`;
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'it does not hold a JSON object';
	return undefined;
}

function moveAside(file: string, problem: string, what: string): string {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const backup = file.replace(/\.json$/, `.corrupt-${stamp}-${process.pid}.json`);
	renameSync(file, backup);
	return `kiln: the ${what} file ${file} could not be used: ${problem}. ` +
		`It was moved to ${backup} and kiln continues with empty ${what}. ` +
		`Nothing was deleted: fix that file and move it back to restore it.`;
}
