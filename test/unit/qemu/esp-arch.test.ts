// The ESP's boot file names the disk's architecture; a hand-made FAT12
// volume stands in for an ESP (kiln's own FAT32 ESPs boot in the arm64 e2e).
import {describe, expect, it} from 'vitest';
import {type ReadAt, espArches} from '../../../source/qemu/esp-arch.js';

const sector = 512;

function entry(name: string, extension: string, cluster: number, directory: boolean): Buffer {
	const bytes = Buffer.alloc(32);
	bytes.write(name.padEnd(8) + extension.padEnd(3), 0, 'latin1');
	bytes[11] = directory ? 0x10 : 0x20;
	bytes.writeUInt16LE(cluster, 26);
	return bytes;
}

/** Boot sector, one FAT, a one-sector root, then clusters 2 (EFI), 3 (BOOT) and 4 onwards (the files). */
function volume(bootFiles: string[]): Buffer {
	const disk = Buffer.alloc(64 * sector);
	disk.writeUInt16LE(sector, 11);
	disk[13] = 1;
	disk.writeUInt16LE(1, 14);
	disk[16] = 1;
	disk.writeUInt16LE(16, 17);
	disk.writeUInt16LE(64, 19);
	disk.writeUInt16LE(1, 22);
	disk.writeUInt16LE(0xaa55, 510);
	// Every cluster used here ends its chain.
	disk.fill(0xff, sector, sector + 12);
	entry('KILN', '', 0, false).copy(disk, 2 * sector);
	disk[2 * sector + 11] = 0x08;
	entry('EFI', '', 2, true).copy(disk, 2 * sector + 32);
	entry('BOOT', '', 3, true).copy(disk, 3 * sector);
	bootFiles.forEach((file, i) => {
		const [name, extension] = file.split('.') as [string, string];
		entry(name, extension, 4 + i, false).copy(disk, 4 * sector + 32 * i);
	});
	return disk;
}

const reader = (disk: Buffer): ReadAt => async (offset, length) => disk.subarray(offset, offset + length);

describe('espArches', () => {
	it('reads EFI/BOOT for each architecture\'s removable-media boot file', async () => {
		expect(await espArches(reader(volume(['BOOTAA64.EFI'])))).toEqual(['arm64']);
		expect(await espArches(reader(volume(['BOOTX64.EFI', 'GRUBX64.EFI'])))).toEqual(['amd64']);
		expect(await espArches(reader(volume(['BOOTX64.EFI', 'BOOTAA64.EFI'])))).toEqual(['amd64', 'arm64']);
	});

	it('finds nothing on a volume without the boot folder or a FAT at all', async () => {
		expect(await espArches(reader(volume([])))).toEqual([]);
		expect(await espArches(reader(Buffer.alloc(64 * sector)))).toEqual([]);
		const noBoot = volume(['BOOTAA64.EFI']);
		noBoot.fill(0, 3 * sector, 4 * sector);
		expect(await espArches(reader(noBoot))).toEqual([]);
	});
});
