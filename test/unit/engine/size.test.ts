import {describe, expect, it} from 'vitest';
import {autoDiskSize, formatBytes, formatDuration, formatSizeFlag, minimumDiskSize, parseSize} from '../../../source/engine/size.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('parseSize', () => {
	it.each([
		['2G', 2 * GiB],
		['1500M', 1500 * MiB],
		['4GiB', 4 * GiB],
		['3.5g', 3.5 * GiB],
		['512k', 512 * 1024],
		['1073741824', GiB],
		[' 8G ', 8 * GiB],
	])('%s', (text, bytes) => expect(parseSize(text)).toBe(bytes));

	it.each(['', 'big', '-1G', '0', '0G', '2X', '1e9', '2 G B', '$(touch /tmp/x)'])('refuses %j with a usage error', text => {
		expect(() => parseSize(text)).toThrow(expect.objectContaining({exitCode: 2, field: '--size'}));
	});
});

describe('disk sizes', () => {
	it('auto adds headroom and rounds to 64 MiB', () => {
		const size = autoDiskSize(380 * 1000 ** 2, 'bios');
		expect(size % (64 * MiB)).toBe(0);
		expect(size).toBeGreaterThan(380 * 1000 ** 2 * 1.3 + 256 * MiB);
	});

	it('leaves room for the ESP with UEFI firmware', () => {
		expect(autoDiskSize(GiB, 'uefi')).toBeGreaterThan(autoDiskSize(GiB, 'bios'));
		expect(minimumDiskSize(GiB, 'hybrid')).toBeGreaterThan(minimumDiskSize(GiB, 'bios'));
	});

	it('never allows less than the rootfs', () => {
		expect(minimumDiskSize(GiB, 'bios')).toBeGreaterThan(GiB);
		expect(minimumDiskSize(GiB, 'bios')).toBeLessThan(autoDiskSize(GiB, 'bios'));
	});
});

describe('formatting', () => {
	it('bytes', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(29_100_000)).toBe('29.1 MB');
		expect(formatBytes(212_400_000)).toBe('212 MB');
		expect(formatBytes(undefined)).toBe('…');
	});

	it('size flags', () => {
		expect(formatSizeFlag(4 * GiB)).toBe('4G');
		expect(formatSizeFlag(1500 * MiB)).toBe('1500M');
	});

	it('durations', () => {
		expect(formatDuration(200)).toBe('0.2s');
		expect(formatDuration(41_000)).toBe('41s');
		expect(formatDuration(125_000)).toBe('2m05s');
	});
});
