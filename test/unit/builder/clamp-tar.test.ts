import {mkdtempSync, mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {buffer} from 'node:stream/consumers';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {clampTarTimes} from '../../../source/engine/clamp-tar.js';

const epoch = 1_500_000_000;

/** Feeds a buffer through in awkward chunk sizes, so headers straddle chunks. */
async function clamp(tar: Buffer): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for (let at = 0, i = 0; at < tar.length; i++) {
		const size = [7, 1000, 512, 3, 4096][i % 5]!;
		chunks.push(tar.subarray(at, at + size));
		at += size;
	}
	return buffer(Readable.from(chunks).pipe(clampTarTimes(epoch)));
}

function fixture(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'kiln-clamp-'));
	const root = path.join(dir, 'root');
	const long = path.join(root, 'a'.repeat(90));
	mkdirSync(long, {recursive: true});
	writeFileSync(path.join(root, 'new.txt'), 'x'.repeat(1234));
	writeFileSync(path.join(root, 'old.txt'), 'old');
	writeFileSync(path.join(long, 'deep.bin'), Buffer.alloc(70_000, 7));
	utimesSync(path.join(root, 'new.txt'), 2_000_000_000, 2_000_000_000);
	utimesSync(path.join(root, 'old.txt'), 1_000_000_000, 1_000_000_000);
	utimesSync(path.join(long, 'deep.bin'), 2_000_000_000, 2_000_000_000);
	return dir;
}

describe('clampTarTimes', () => {
	it.each(['ustar', 'gnu'])('clamps later mtimes to the epoch and keeps earlier ones and all contents (%s)', async format => {
		const dir = fixture();
		const {stdout: tar} = await execa('tar', ['-C', path.join(dir, 'root'), `--format=${format}`, '-cf', '-', '.'], {encoding: 'buffer'});
		const clamped = await clamp(Buffer.from(tar));
		expect(clamped.length).toBe(tar.length);
		const out = path.join(dir, 'out');
		mkdirSync(out);
		await execa('tar', ['-C', out, '-xf', '-'], {input: clamped});
		const {stdout: listing} = await execa('tar', ['-tvf', '-', '--full-time', '--utc'], {input: clamped});
		expect(listing).toMatch(/2017-07-14 02:40:00 \.\/new\.txt/);
		expect(listing).toMatch(/2001-09-09 01:46:40 \.\/old\.txt/);
		expect(listing).not.toMatch(/2033-/);
		expect(readFileSync(path.join(out, 'a'.repeat(90), 'deep.bin'))).toEqual(Buffer.alloc(70_000, 7));
		expect(readFileSync(path.join(out, 'new.txt'), 'utf8')).toBe('x'.repeat(1234));
	});

	it('is a no-op on a stream whose times are all before the epoch', async () => {
		const dir = fixture();
		const {stdout: tar} = await execa('tar', ['-C', path.join(dir, 'root'), '--format=ustar', '-cf', '-', 'old.txt'], {encoding: 'buffer'});
		expect(Buffer.compare(await clamp(Buffer.from(tar)), Buffer.from(tar))).toBe(0);
	});
});
