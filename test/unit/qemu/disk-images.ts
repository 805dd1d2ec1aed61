// Small disk images made in memory: an MBR disk with BIOS boot code, and a
// GPT disk with an EFI system partition.
const sector = 512;

export function mbrDisk(options: {bytes: number; bootCode?: boolean; partitionEnd?: number}): Buffer {
	const disk = Buffer.alloc(options.bytes);
	if (options.bootCode ?? true) disk.fill(0x90, 0, 440);
	const entry = 446;
	disk[entry + 4] = 0x83;
	disk.writeUInt32LE(2048, entry + 8);
	disk.writeUInt32LE((options.partitionEnd ?? options.bytes) / sector - 2048, entry + 12);
	disk[510] = 0x55;
	disk[511] = 0xaa;
	return disk;
}

function guidBytes(guid: string): Buffer {
	const hex = guid.replaceAll('-', '');
	const swap = (start: number, length: number) => Buffer.from(hex.slice(start * 2, (start + length) * 2), 'hex').reverse();
	return Buffer.concat([swap(0, 4), swap(4, 2), swap(6, 2), Buffer.from(hex.slice(16), 'hex')]);
}

export const espType = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
export const linuxType = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

export function gptDisk(options: {bytes: number; types: string[]; backupLba?: number}): Buffer {
	const disk = Buffer.alloc(Math.max(options.bytes, 64 * 1024));
	const lastLba = options.bytes / sector - 1;
	const protective = 446;
	disk[protective + 4] = 0xee;
	disk.writeUInt32LE(1, protective + 8);
	disk.writeUInt32LE(Math.min(lastLba, 0xffffffff), protective + 12);
	disk[510] = 0x55;
	disk[511] = 0xaa;
	const header = disk.subarray(sector, 2 * sector);
	header.write('EFI PART', 0, 'latin1');
	header.writeBigUInt64LE(1n, 24);
	header.writeBigUInt64LE(BigInt(options.backupLba ?? lastLba), 32);
	header.writeBigUInt64LE(2n, 72);
	header.writeUInt32LE(128, 80);
	header.writeUInt32LE(128, 84);
	let start = 2048;
	options.types.forEach((type, index) => {
		const entry = disk.subarray(2 * sector + index * 128, 2 * sector + (index + 1) * 128);
		guidBytes(type).copy(entry, 0);
		entry.writeBigUInt64LE(BigInt(start), 32);
		entry.writeBigUInt64LE(BigInt(start + 2047), 40);
		start += 2048;
	});
	return disk;
}
