// Moves history, logs and run records from where kiln kept them before the
// state folder existed (history in the config folder, logs and runs in the
// cache folder) into the state folder. Each file moves on its own and without
// overwriting anything, so the move is safe to repeat: after a crash halfway,
// with a second kiln process doing the same at the same time, or across
// filesystems. Once the old places are empty it costs a few failed readdirs.
import {copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, rmdirSync, unlinkSync} from 'node:fs';
import path from 'node:path';
import {cacheDirectory, configDir, stateDirectory} from './paths.js';

export interface MigrationResult {
	/** Files now in the state folder that were in an old place. */
	moved: string[];
	/** Old files that differ from a file of the same name already in the state folder, kept beside it under another name. */
	keptAside: string[];
}

const historyFile = (name: string) => name === 'history.json' || /^history\.corrupt-.*\.json$/.test(name);

/** Moves what is still in the old places; never throws for a file it cannot move (it stays where it is, and is tried again next time). */
export function migrateState(env: NodeJS.ProcessEnv = process.env): MigrationResult {
	const state = stateDirectory(env);
	const result: MigrationResult = {moved: [], keptAside: []};
	const moves: Array<{from: string; to: string; files: (name: string) => boolean; removeEmpty: boolean}> = [
		{from: configDir(env), to: state, files: historyFile, removeEmpty: false},
		{from: path.join(cacheDirectory(env), 'runs'), to: path.join(state, 'runs'), files: name => name.endsWith('.json'), removeEmpty: true},
		{from: path.join(cacheDirectory(env), 'logs'), to: path.join(state, 'logs'), files: name => name.endsWith('.log'), removeEmpty: true},
	];
	for (const {from, to, files, removeEmpty} of moves) {
		// KILN_*_DIR may point two kinds of folder at one place: then there is nothing to move.
		if (path.resolve(from) === path.resolve(to)) continue;
		let names: string[];
		try {
			names = readdirSync(from).filter(files);
		} catch {
			continue;
		}
		for (const name of names) {
			try {
				mkdirSync(to, {recursive: true, mode: 0o700});
				const outcome = moveWithoutOverwriting(path.join(from, name), path.join(to, name));
				if (outcome === 'moved') result.moved.push(path.join(to, name));
				else if (outcome) result.keptAside.push(outcome);
			} catch {
				// Unreadable or on a read-only filesystem: left where it is, nothing lost.
			}
		}
		if (removeEmpty) {
			try {
				rmdirSync(from);
			} catch {
				// Not empty (a file that could not be moved, or something else of the user's): left alone.
			}
		}
	}
	return result;
}

/**
 * Moves `from` to `to` unless `to` exists. A hard link never replaces a file,
 * and a second process (or a run after a crash) finds the same file at both
 * names and only removes the old one. A different file already at `to` is
 * not touched: `from` moves beside it, under a name that says so.
 * Returns 'moved', the aside name, or undefined when another process
 * finished the move.
 */
function moveWithoutOverwriting(from: string, to: string): 'moved' | string | undefined {
	const placed = place(from, to);
	if (placed === 'gone') return undefined;
	if (placed === 'exists') {
		if (!sameBytes(from, to)) {
			const ext = path.extname(to);
			for (let n = 1; ; n++) {
				const aside = `${to.slice(0, -ext.length || undefined)}.migrated-${n}${ext}`;
				const again = place(from, aside);
				if (again === 'gone') return undefined;
				// Placed now, or by an earlier try that stopped before removing the old file.
				if (again === 'placed' || sameBytes(from, aside)) return removeIfThere(from) ? aside : undefined;
			}
		}
	}
	// Whoever removes the old file finished the move (another process may have placed it).
	return removeIfThere(from) ? 'moved' : undefined;
}

/** Puts a copy of `from` at `to` (a hard link, or a copy across filesystems), never replacing a file there. */
function place(from: string, to: string): 'placed' | 'exists' | 'gone' {
	try {
		linkSync(from, to);
		return 'placed';
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return 'exists';
		if (code === 'ENOENT') return 'gone';
		if (code !== 'EXDEV' && code !== 'EPERM') throw error;
	}
	// Another filesystem (or one without hard links): copy to a private name, then link that into place.
	const temp = path.join(path.dirname(to), `.${path.basename(to)}.${process.pid}.migrating`);
	try {
		copyFileSync(from, temp);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
		throw error;
	}
	try {
		linkSync(temp, to);
		return 'placed';
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
		throw error;
	} finally {
		removeIfThere(temp);
	}
}

function sameBytes(a: string, b: string): boolean {
	try {
		return readFileSync(a).equals(readFileSync(b));
	} catch {
		return false;
	}
}

/** False when it was gone already. */
function removeIfThere(file: string): boolean {
	try {
		unlinkSync(file);
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		return false;
	}
}
