// Opens one of kiln's conf stores (presets in the config folder, history in the state folder),
// under its lock, with a schema and a layout version so a later layout can
// migrate. A file kiln cannot understand is never wiped: it is moved aside to
// a timestamped backup, the caller gets a warning naming it, and the store
// starts empty.
import {readFileSync, unlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import Conf, {type Schema} from 'conf';
import {KilnError} from '../core/errors.js';
import {ensureConfigDir, ensureStateDir} from '../core/config-dir.js';
import {withLock} from './lock.js';

/** The layout version written into every store; a new layout adds a migration keyed by its version. */
export const storeLayoutVersion = '1.0.0';

export interface StoreSpec<T extends Record<string, unknown>> {
	/** File name without extension: `presets` → presets.json. */
	name: string;
	/** What the store holds, for messages: "presets", "build history". */
	what: string;
	/** Its folder: config for what a person chose (presets), state for what kiln recorded (history). */
	folder: 'config' | 'state';
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
export function withStore<T extends Record<string, unknown>, R>(
	spec: StoreSpec<T>,
	work: (store: Conf<T>) => R,
	env: NodeJS.ProcessEnv = process.env,
): StoreResult<R> {
	const dir = spec.folder === 'config' ? ensureConfigDir(env) : ensureStateDir(env);
	const file = path.join(dir, `${spec.name}.json`);
	return withLock(`${file}.lock`, () => {
		let warning: string | undefined;
		const original = readStoreFile(file, spec.folder === 'config' ? 'KILN_CONFIG_DIR' : 'KILN_STATE_DIR');
		const problem = original && unreadableContent(original);
		if (original && problem) warning = moveAside(file, original, problem, spec.what);
		let store: Conf<T>;
		try {
			store = connect(spec, dir, file, !original || Boolean(problem));
		} catch (error) {
			const message = (error as Error).message ?? '';
			if (!original || !message.startsWith('Config schema violation:')) throw error;
			// conf may already have written its layout version into the file: back up the bytes as they were.
			warning = moveAside(file, original, `it does not match the expected layout (${message.slice('Config schema violation: '.length)})`, spec.what);
			store = connect(spec, dir, file, true);
		}
		return {value: work(store), warning};
	});
}

// conf reads the file afresh on every access, so one instance per file serves
// every call in a process; making one compiles the schema, which is slow.
const opened = new Map<string, Conf<Record<string, unknown>>>();

/** The store for `file`, checked against the schema as the file is now; `fresh` when there is no file to reuse an instance for. */
function connect<T extends Record<string, unknown>>(spec: StoreSpec<T>, dir: string, file: string, fresh: boolean): Conf<T> {
	const known = fresh ? undefined : (opened.get(file) as Conf<T> | undefined);
	if (known) {
		void known.store; // reads and validates; throws a schema violation like the constructor
		return known;
	}
	// The constructor writes defaults and the layout version into a new file.
	const store = open(spec, dir);
	opened.set(file, store as Conf<Record<string, unknown>>);
	return store;
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

/** The store file's bytes, or undefined when there is none yet. */
function readStoreFile(file: string, override: string): Buffer | undefined {
	try {
		return readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') return undefined;
		throw new KilnError(`Cannot read ${file}: ${code ?? (error as Error).message}`, {
			why: 'kiln keeps its presets or its build history there.',
			hint: `Make ${file} readable and writable by you (chmod 600), or set ${override} to use another folder.`,
		});
	}
}

/**
 * Why the content is not a JSON object, or undefined when it is. Checked
 * before conf sees the file, because conf would treat JSON such as `null` as
 * an empty store and write over it.
 */
function unreadableContent(content: Buffer): string | undefined {
	let data: unknown;
	try {
		data = JSON.parse(content.toString('utf8'));
	} catch (error) {
		return `it is not valid JSON (${(error as Error).message})`;
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'it does not hold a JSON object';
	return undefined;
}

function moveAside(file: string, original: Buffer, problem: string, what: string): string {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const backup = file.replace(/\.json$/, `.corrupt-${stamp}-${process.pid}.json`);
	// Written before the store is removed, so a failure here leaves the store where it was.
	writeFileSync(backup, original, {mode: 0o600, flag: 'wx'});
	unlinkSync(file);
	return `kiln: the ${what} file ${file} could not be used: ${problem}. ` +
		`It was moved to ${backup} and kiln continues with empty ${what}. ` +
		`Nothing was deleted: fix that file and move it back to restore it.`;
}
