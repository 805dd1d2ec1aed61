// Lines out of byte streams whose chunks may end anywhere, inside a UTF-8
// character or between the CR and LF of a line end.
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {LineSplitter, onLines, Utf8Chunks} from '../../../source/core/lines.js';

/** Every way of cutting the bytes in two. */
function everyCut(bytes: Buffer): Array<[Buffer, Buffer]> {
	return Array.from({length: bytes.length + 1}, (_, at) => [bytes.subarray(0, at), bytes.subarray(at)]);
}

describe('LineSplitter', () => {
	// '€' is 3 bytes in UTF-8 (e2 82 ac), '🔥' 4 (f0 9f 94 a5).
	it.each([
		['a 3-byte character', 'prix: 5 €\nfin\n', ['prix: 5 €', 'fin']],
		['a 4-byte character', 'chaud 🔥 ici\n🔥\n', ['chaud 🔥 ici', '🔥']],
		['CRLF line ends', 'one\r\ntwo €\r\n', ['one', 'two €']],
	])('keeps %s whole wherever a chunk boundary falls', (_, text, lines) => {
		for (const [first, second] of everyCut(Buffer.from(text))) {
			const splitter = new LineSplitter();
			expect([...splitter.push(first), ...splitter.push(second), ...splitter.end()]).toEqual(lines);
		}
	});

	it('keeps a 4-byte character fed one byte at a time', () => {
		const splitter = new LineSplitter();
		const lines = [...Buffer.from('🔥€\n')].flatMap(byte => splitter.push(Uint8Array.of(byte)));
		expect(lines).toEqual(['🔥€']);
	});

	it('gives out the unterminated tail at the end, and a cut character there as U+FFFD', () => {
		const splitter = new LineSplitter();
		expect(splitter.push(Buffer.from('done\nlogin: '))).toEqual(['done']);
		expect(splitter.partial()).toBe('login: ');
		expect(splitter.push(Buffer.from('🔥').subarray(0, 2))).toEqual([]);
		expect(splitter.end()).toEqual(['login: \ufffd']);
		expect(splitter.end()).toEqual([]);
	});

	it('ends lines at its own separator and bounds an endless line', () => {
		const splitter = new LineSplitter({separator: /[\r\n]+/, maxLength: 8});
		expect(splitter.push('Booting\r\r\nGRUB\r')).toEqual(['Booting', 'GRUB']);
		expect(splitter.push('x'.repeat(9))).toEqual(['x'.repeat(9)]);
		expect(splitter.partial()).toBe('');
	});
});

describe('Utf8Chunks', () => {
	it('decodes a 3-byte character split across chunks', () => {
		const text = new Utf8Chunks();
		const bytes = Buffer.from('€');
		expect(text.write(bytes.subarray(0, 1)) + text.write(bytes.subarray(1)) + text.end()).toBe('€');
	});
});

describe('onLines', () => {
	it('reads a stream cut inside characters and CRLFs, the last line unterminated', async () => {
		const stream = new PassThrough();
		const lines: string[] = [];
		onLines(stream, line => lines.push(line));
		const bytes = Buffer.from('mke2fs: ext4 €\r\nerror: 🔥');
		for (const byte of bytes) stream.write(Uint8Array.of(byte));
		stream.end();
		await new Promise(resolve => stream.once('end', resolve));
		expect(lines).toEqual(['mke2fs: ext4 €', 'error: 🔥']);
	});
});
