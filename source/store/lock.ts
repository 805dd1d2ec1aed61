// Cross-process mutual exclusion around a store's read-modify-write. conf
// writes each file atomically, but two kiln processes that both read the
// history, add their record and write it back would each drop the other's
// record; holding this lock makes read, change and write one step.
//
// The lock is a file created with O_EXCL holding "pid token". Holders keep it
// for milliseconds, so waiting is a short synchronous sleep, and a lock whose
// process is gone (killed mid-write) is broken rather than waited on forever.
import {randomBytes} from 'node:crypto';
import {closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {KilnError} from '../core/errors.js';

export interface LockOptions {
	/** Give up waiting for a live holder after this long. */
	waitMs?: number;
	/** A lock this old is broken even if its pid looks alive (the pid may have been reused). */
	staleMs?: number;
}

export function withLock<T>(lockPath: string, work: () => T, options: LockOptions = {}): T {
	const token = `${process.pid} ${randomBytes(8).toString('hex')}`;
	acquire(lockPath, token, options.waitMs ?? 15_000, options.staleMs ?? 10 * 60_000);
	try {
		return work();
	} finally {
		release(lockPath, token);
	}
}

function acquire(lockPath: string, token: string, waitMs: number, staleMs: number): void {
	const deadline = Date.now() + waitMs;
	for (;;) {
		if (tryCreate(lockPath, token)) return;
		const holder = readHolder(lockPath);
		if (!holder) continue; // released between our attempt and our look: try again at once
		if (isStale(holder, staleMs)) {
			breakStale(lockPath, holder.text);
			continue;
		}
		if (Date.now() > deadline) {
			throw new KilnError(`${lockPath} is held by another kiln (process ${holder.pid})`, {
				why: `kiln waited ${Math.round(waitMs / 1000)} s for it to finish writing the store.`,
				hint: `If no other kiln is running, delete ${lockPath} and try again.`,
			});
		}
		sleep(5 + Math.random() * 20);
	}
}

function tryCreate(lockPath: string, token: string): boolean {
	let fd: number;
	try {
		fd = openSync(lockPath, 'wx', 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw new KilnError(`Cannot create the lock file ${lockPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
			hint: 'Check that the kiln config and state folders exist and are writable by you (set KILN_CONFIG_DIR or KILN_STATE_DIR to use others).',
		});
	}
	try {
		writeSync(fd, token);
	} finally {
		closeSync(fd);
	}
	return true;
}

interface Holder {
	text: string;
	/** NaN while the creator has not written its pid yet. */
	pid: number;
	ageMs: number;
}

function readHolder(lockPath: string): Holder | undefined {
	try {
		const text = readFileSync(lockPath, 'utf8');
		const ageMs = Date.now() - statSync(lockPath).mtimeMs;
		return {text, pid: Number.parseInt(text, 10), ageMs};
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

function isStale(holder: Holder, staleMs: number): boolean {
	if (holder.ageMs > staleMs) return true;
	// Without a pid the creator is writing it right now, or died doing so a while ago.
	if (!Number.isInteger(holder.pid)) return holder.ageMs > 5_000;
	return !isAlive(holder.pid);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Removes a stale lock without removing a fresh one: the lock is renamed to a
 * private name first (atomic, so only one breaker gets it), then checked. If
 * another process had already replaced the stale lock with its own live one,
 * that lock is put back under its name.
 */
function breakStale(lockPath: string, staleText: string): void {
	const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
	try {
		renameSync(lockPath, aside);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw error;
	}
	let moved = '';
	try {
		moved = readFileSync(aside, 'utf8');
	} catch {
		// Unreadable right after our own rename: treat it as someone else's.
	}
	if (moved !== staleText) {
		try {
			linkSync(aside, lockPath);
		} catch {
			// A third process holds the lock by now; the live lock we took is lost either way.
		}
	}
	unlinkSync(aside);
}

function release(lockPath: string, token: string): void {
	try {
		if (readFileSync(lockPath, 'utf8') === token) unlinkSync(lockPath);
	} catch {
		// Already gone: nothing to release.
	}
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Store calls are synchronous (conf is), so waiting for the lock is too. */
function sleep(ms: number): void {
	Atomics.wait(sleeper, 0, 0, ms);
}
