import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {askNewPassword} from '../../../source/commands/ask-password.js';
import {HiddenLineReader} from '../../../source/commands/hidden-line.js';
import {fakeIo} from '../store/helpers/fake-io.js';

/** Every line (or cancel) a reader makes of these reads, fed one after another. */
function read(...chunks: string[]) {
	const reader = new HiddenLineReader();
	return chunks.flatMap(chunk => reader.feed(chunk));
}

const line = (text: string) => ({type: 'line', text});

describe('the hidden line reader', () => {
	it('drops arrow keys in both cursor modes (CSI and SS3)', () => {
		expect(read('ab\u001b[Ac\u001b[D\u001bOB\u001bOCd\r')).toEqual([line('abcd')]);
	});

	it('drops CSI sequences with parameters and intermediates: Delete, Ctrl+arrow, F5, a cursor report', () => {
		expect(read('a\u001b[3~b\u001b[1;5Cc\u001b[15~d\u001b[12;40Re\r')).toEqual([line('abcde')]);
	});

	it('drops an escape sequence split across reads, even byte by byte', () => {
		expect(read('pa', '\u001b', '[', '1', ';', '5', 'A', 'ss\r')).toEqual([line('pass')]);
		expect(read('x\u001b', 'Oy', 'z\r')).toEqual([line('xz')]);
	});

	it('keeps the text of a bracketed paste and drops its markers', () => {
		expect(read('\u001b[200~p@ste d\u001b[201~\r')).toEqual([line('p@ste d')]);
	});

	it('drops Alt+key (ESC and one character) and the 8-bit CSI', () => {
		expect(read('a\u001bxb\u009b2Jc\r')).toEqual([line('abc')]);
	});

	it('ends a CSI cut short by a control character and takes that character', () => {
		expect(read('ab\u001b[1\rcd\r')).toEqual([line('ab'), line('cd')]);
	});

	it('edits with backspace (DEL and ^H, one character at a time, astral too) and Ctrl-U', () => {
		expect(read('abx\u007fc\r', 'q\u{1F511}\b\b\u0015pw\r')).toEqual([line('abc'), line('pw')]);
	});

	it('keeps other control characters out and Unicode in', () => {
		expect(read('p\u0001\u0007\tä\u00a0\u0085ß\r')).toEqual([line('pä\u00a0ß')]);
	});

	it('cancels on Ctrl-C or Ctrl-D and reads no further', () => {
		expect(read('ab\u0003cd\r')).toEqual([{type: 'cancel'}]);
		expect(read('one\rtw\u0004')).toEqual([line('one'), {type: 'cancel'}]);
	});

	it('takes \\n as well as \\r, and an empty line', () => {
		expect(read('a\n\r')).toEqual([line('a'), line('')]);
	});
});

describe('the password prompt, fed bytes', () => {
	const typed = (...chunks: Buffer[]) => {
		const stdin = new PassThrough();
		const io = fakeIo({env: {}, cwd: '/', tty: true, stdin});
		let at = 5;
		for (const chunk of chunks) setTimeout(() => stdin.write(chunk), (at += 5));
		return io;
	};

	it('ignores an arrow key pressed in it', async () => {
		const io = typed(Buffer.from('se\u001b[Acret\r'), Buffer.from('secret\u001b[B\r'));
		await expect(askNewPassword(io, 'x')).resolves.toBe('secret');
		expect(io.err()).toBe('Root password for x: \nAgain, to confirm: \n');
	});

	it('joins a UTF-8 character split across two reads', async () => {
		const bytes = Buffer.from('pä\rpä\r');
		await expect(askNewPassword(typed(bytes.subarray(0, 2), bytes.subarray(2)), 'x')).resolves.toBe('pä');
	});
});
