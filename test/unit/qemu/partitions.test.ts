import {describe, expect, test} from 'vitest';
import {readLayout} from '../../../source/qemu/partitions.js';
import {espType, gptDisk, linuxType, mbrDisk} from './disk-images.js';

const MiB = 1024 * 1024;

describe('readLayout', () => {
	test('an MBR disk with BIOS boot code and one Linux partition', () => {
		const layout = readLayout('x.img', mbrDisk({bytes: 4 * MiB}), 4 * MiB);
		expect(layout).toEqual({
			table: 'mbr',
			partitions: [{number: 1, startBytes: MiB, sizeBytes: 3 * MiB, type: '83'}],
			biosBootCode: true,
			efiSystemPartition: false,
		});
	});

	test('zeroed boot code', () => {
		expect(readLayout('x.img', mbrDisk({bytes: 4 * MiB, bootCode: false}), 4 * MiB).biosBootCode).toBe(false);
	});

	test('a partition past the end of the file means the file was cut short', () => {
		expect(() => readLayout('x.img', mbrDisk({bytes: 4 * MiB, partitionEnd: 8 * MiB}), 4 * MiB)).toThrow(/x.img is cut short: partition 1 ends at byte 8388608 but the disk has 4194304/);
	});

	test('a GPT disk with an EFI system partition', () => {
		const layout = readLayout('x.img', gptDisk({bytes: 8 * MiB, types: [espType, linuxType]}), 8 * MiB);
		expect(layout.table).toBe('gpt');
		expect(layout.efiSystemPartition).toBe(true);
		expect(layout.biosBootCode).toBe(false);
		expect(layout.partitions.map(partition => partition.type)).toEqual([espType.toLowerCase(), linuxType.toLowerCase()]);
	});

	test('a GPT whose backup header lies beyond the file', () => {
		expect(() => readLayout('x.img', gptDisk({bytes: 8 * MiB, types: [linuxType], backupLba: 32 * 2048 - 1}), 8 * MiB)).toThrow(/backup GPT/);
	});
});
