import {describe, expect, test} from 'vitest';
import {cleanLine, mask, SerialLines} from '../../../source/qemu/serial-lines.js';

describe('SerialLines', () => {
	test('splits on CR and LF, drops empty lines, keeps the prompt as the partial', () => {
		const lines = new SerialLines();
		expect(lines.push('Booting from Hard Disk...\r\nGRUB loa')).toEqual(['Booting from Hard Disk...']);
		expect(lines.push('ding...\r\n\r\r\ntestvm login: ')).toEqual(['GRUB loading...']);
		expect(lines.partial()).toBe('testvm login:');
		expect(lines.end()).toEqual(['testvm login:']);
	});

	test('strips terminal escapes from firmware and GRUB', () => {
		expect(cleanLine('\u001bc\u001b[?7l\u001b[2J\u001b[0mSeaBIOS (version 1.16.2)')).toBe('SeaBIOS (version 1.16.2)');
		expect(cleanLine('[\u001b[0;32m  OK  \u001b[0m] Started \u001b[0;1;39mgetty\u001b[0m.')).toBe('[  OK  ] Started getty.');
	});

	test('decodes UTF-8 split across chunks', () => {
		const lines = new SerialLines();
		const bytes = Buffer.from('systemd-tmpfiles-c… Cleanup\n');
		const cut = bytes.indexOf(0xe2) + 1;
		expect(lines.push(bytes.subarray(0, cut))).toEqual([]);
		expect(lines.push(bytes.subarray(cut))).toEqual(['systemd-tmpfiles-c… Cleanup']);
	});

	test('redact masks every secret, also when it arrived in pieces', () => {
		const lines = new SerialLines(['s3cret', '']);
		expect(lines.push('testvm login: s3cret\n').map(line => lines.redact(line))).toEqual([`testvm login: ${mask}`]);
		lines.push('echo s3cr');
		lines.push('et s3cret');
		expect(lines.redact(lines.partial())).toBe(`echo ${mask} ${mask}`);
	});

	test('a console that never sends a newline does not grow without bound', () => {
		const lines = new SerialLines();
		const out = lines.push('x'.repeat(5000));
		expect(out).toHaveLength(1);
		expect(lines.partial()).toBe('');
	});
});
