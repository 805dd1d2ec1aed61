// Two real kiln-like processes append to the history at the same moment;
// every record of both must land (conf alone would lose some).
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {listHistory} from '../../../source/store/history.js';
import {useTempConfig} from './helpers/temp-config.js';

const helpers = fileURLToPath(new URL('helpers/', import.meta.url));
function worker(tag: string, count: number, signals: string, env: NodeJS.ProcessEnv): Promise<{code: number | null; stderr: string}> {
	return new Promise(resolve => {
		const args = [tag, String(count), path.join(signals, `${tag}.ready`), path.join(signals, 'go')];
		const child = spawn(process.execPath, ['--import', `${helpers}register-ts.mjs`, `${helpers}append-worker.ts`, ...args], {
			env: {...process.env, ...env},
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('close', code => resolve({code, stderr}));
	});
}

async function whenExists(...files: string[]): Promise<void> {
	while (!files.every(file => existsSync(file))) await new Promise(resolve => setTimeout(resolve, 20));
}

describe('history written by two processes at once', () => {
	const temp = useTempConfig();

	it('keeps every record of both', async () => {
		const count = 25;
		const signals = mkdtempSync(path.join(os.tmpdir(), 'kiln-race-'));
		const done = Promise.all([worker('a', count, signals, temp.env()), worker('b', count, signals, temp.env())]);
		// Both have loaded their code; start them together.
		await whenExists(path.join(signals, 'a.ready'), path.join(signals, 'b.ready'));
		writeFileSync(path.join(signals, 'go'), '');
		expect(await done).toEqual([{code: 0, stderr: ''}, {code: 0, stderr: ''}]);
		rmSync(signals, {recursive: true});
		const ids = new Set(listHistory(temp.env()).value.map(record => record.id));
		expect(ids.size).toBe(2 * count);
		for (let i = 0; i < count; i++) {
			expect(ids.has(`a-${i}`) && ids.has(`b-${i}`)).toBe(true);
		}
	}, 180_000);
});
