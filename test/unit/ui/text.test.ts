import {describe, expect, it} from 'vitest';
import {commandLines, quote} from '../../../source/ui/shell-quote.js';
import {colorsEnabled} from '../../../source/ui/theme.js';
import {wrapCommand, wrapWords} from '../../../source/ui/wrap.js';

describe('wrapWords', () => {
	it('breaks between words without leading spaces and cuts words longer than a line', () => {
		expect(wrapWords('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
		expect(wrapWords('aaaaaaaaaaaaaaa b', 6)).toEqual(['aaaaaa', 'aaaaaa', 'aaa b']);
		expect(wrapWords('one\ntwo', 80)).toEqual(['one', 'two']);
	});
});

describe('command lines', () => {
	it('quotes only what a shell would misread', () => {
		expect(quote('debian-bookworm.img')).toBe('debian-bookworm.img');
		expect(quote('my image.img')).toBe("'my image.img'");
		expect(quote("it's")).toBe(`'it'\\''s'`);
		expect(quote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
	});

	it('continues lines with a backslash and keeps a flag with its value', () => {
		const lines = wrapCommand(['kiln', 'build', '--distro', 'debian', '--release', 'bookworm', '--force'], 30);
		expect(lines).toEqual(['kiln build --distro debian \\', '  --release bookworm --force']);
		// A flag and its value stay whole even when longer than a line (the screen wraps them).
		expect(commandLines(['qemu-system-x86_64', '-drive', 'file=/a b/c.img,format=raw'], 30)).toEqual(['qemu-system-x86_64 \\', "  -drive 'file=/a b/c.img,format=raw'"]);
	});
});

describe('colorsEnabled', () => {
	it('follows NO_COLOR, with FORCE_COLOR taking precedence', () => {
		expect(colorsEnabled({})).toBe(true);
		expect(colorsEnabled({NO_COLOR: '1'})).toBe(false);
		expect(colorsEnabled({NO_COLOR: ''})).toBe(true);
		expect(colorsEnabled({NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(true);
		expect(colorsEnabled({NO_COLOR: '1', FORCE_COLOR: '0'})).toBe(false);
	});
});
