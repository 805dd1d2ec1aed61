// The rootfs reaches the builder through a FIFO: a reader that opens late
// gets every byte, and a reader that never opens or stops early never leaves
// the writer waiting.
import {createHash, randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {execa} from 'execa';
import {expect, it} from 'vitest';
import {fifoFeed, makeFifo} from '../../../source/engine/fifo-feed.js';

const data = randomBytes(3 * 1024 * 1024);
const chunks = () => Readable.from(Array.from({length: 48}, (_, i) => data.subarray(i * 65_536, (i + 1) * 65_536)));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function fifo(): Promise<string> {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'kiln-fifo-')), 'rootfs.tar');
	await makeFifo(file);
	return file;
}

it('hands every byte to a reader that opens after the writer started', async () => {
	const file = await fifo();
	const out = `${file}.out`;
	const reader = new Promise(resolve => setTimeout(resolve, 150)).then(() => execa('sh', ['-c', 'cat < "$0" > "$1"', file, out]));
	await pipeline(chunks(), fifoFeed(file, reader));
	await reader;
	expect(sha(readFileSync(out))).toBe(sha(data));
});

it('ends instead of waiting when the reader is gone before it opened', async () => {
	const file = await fifo();
	await pipeline(chunks(), fifoFeed(file, new Promise(resolve => setTimeout(resolve, 100))));
});

it('drops the rest when the reader stops reading part-way', async () => {
	const file = await fifo();
	const reader = execa('sh', ['-c', 'head -c 100000 < "$0" | wc -c', file]);
	await pipeline(chunks(), fifoFeed(file, reader));
	expect((await reader).stdout.trim()).toBe('100000');
});
