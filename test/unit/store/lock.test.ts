import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {withLock} from '../../../source/store/lock.js';
import {useTempConfig} from './helpers/temp-config.js';
import {thrown} from './helpers/thrown.js';

/** A pid that surely belongs to no running process: one that just exited. */
function deadPid(): number {
	return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('store lock', () => {
	const temp = useTempConfig();
	const lockFile = () => {
		mkdirSync(temp.dir(), {recursive: true});
		return path.join(temp.dir(), 'x.lock');
	};

	it('is held during the work and gone afterwards, even when the work throws', () => {
		const lock = lockFile();
		expect(withLock(lock, () => existsSync(lock))).toBe(true);
		expect(existsSync(lock)).toBe(false);
		expect(() => withLock(lock, () => {
			throw new Error('boom');
		})).toThrow('boom');
		expect(existsSync(lock)).toBe(false);
	});

	it('breaks a lock left by a process that died', () => {
		const lock = lockFile();
		writeFileSync(lock, `${deadPid()} abc`);
		expect(withLock(lock, () => 'ran', {waitMs: 200})).toBe('ran');
		expect(readdirSync(temp.dir())).toEqual([]);
	});

	it('waits for a live holder, then names it and says what to do', () => {
		const lock = lockFile();
		writeFileSync(lock, `${process.pid} someone-else`);
		const started = Date.now();
		const error = thrown(() => withLock(lock, () => 'ran', {waitMs: 150}));
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
		expect(error.message).toBe(`${lock} is held by another kiln (process ${process.pid})`);
		expect(error.hint).toBe(`If no other kiln is running, delete ${lock} and try again.`);
	});

	it('breaks a lock that is older than the stale limit even if its pid is alive (reused)', async () => {
		const lock = lockFile();
		writeFileSync(lock, `${process.pid} old`);
		await new Promise(resolve => setTimeout(resolve, 30));
		expect(withLock(lock, () => 'ran', {waitMs: 1000, staleMs: 20})).toBe('ran');
	});
});
