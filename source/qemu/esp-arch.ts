// Which architecture a disk's UEFI boot is for, from the removable-media boot
// file on its EFI system partition (EFI/BOOT/BOOTAA64.EFI or BOOTX64.EFI):
// a small FAT reader over a read(offset, length) function, so raw files and
// other formats (through qemu-img) read the same way. Pure but for `read`.
import {type Arch, archInfo, arches} from '../core/arch.js';

export type ReadAt = (offset: number, length: number) => Promise<Buffer>;

interface Fat {
	bits: 12 | 16 | 32;
	clusterBytes: number;
	fatStart: number;
	dataStart: number;
	/** FAT12/16: the fixed root directory region; FAT32: its first cluster. */
	root: {offset: number; bytes: number} | {cluster: number};
}

async function readFat(read: ReadAt): Promise<Fat | undefined> {
	const boot = await read(0, 512);
	if (boot.length < 512 || boot.readUInt16LE(510) !== 0xaa55) return undefined;
	const sectorBytes = boot.readUInt16LE(11);
	const perCluster = boot[13]!;
	const reserved = boot.readUInt16LE(14);
	const fats = boot[16]!;
	const rootEntries = boot.readUInt16LE(17);
	const totalSectors = boot.readUInt16LE(19) || boot.readUInt32LE(32);
	const fatSectors = boot.readUInt16LE(22) || boot.readUInt32LE(36);
	if (![512, 1024, 2048, 4096].includes(sectorBytes) || perCluster === 0 || fats === 0 || fatSectors === 0) return undefined;
	const rootSectors = Math.ceil((rootEntries * 32) / sectorBytes);
	const fatStart = reserved * sectorBytes;
	const rootOffset = fatStart + fats * fatSectors * sectorBytes;
	const dataStart = rootOffset + rootSectors * sectorBytes;
	const clusters = Math.floor((totalSectors - dataStart / sectorBytes) / perCluster);
	const bits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
	return {
		bits, clusterBytes: perCluster * sectorBytes, fatStart, dataStart,
		root: bits === 32 ? {cluster: boot.readUInt32LE(44)} : {offset: rootOffset, bytes: rootEntries * 32},
	};
}

async function nextCluster(fat: Fat, read: ReadAt, cluster: number): Promise<number | undefined> {
	if (fat.bits === 12) {
		const at = Math.floor(cluster * 1.5);
		const pair = (await read(fat.fatStart + at, 2)).readUInt16LE(0);
		const next = cluster % 2 === 0 ? pair & 0xfff : pair >> 4;
		return next >= 0xff8 ? undefined : next;
	}
	if (fat.bits === 16) {
		const next = (await read(fat.fatStart + cluster * 2, 2)).readUInt16LE(0);
		return next >= 0xfff8 ? undefined : next;
	}
	const next = (await read(fat.fatStart + cluster * 4, 4)).readUInt32LE(0) & 0x0fffffff;
	return next >= 0x0ffffff8 ? undefined : next;
}

/** A directory's 8.3 entries: name (as "BOOTAA64.EFI") → first cluster and whether it is a directory. */
async function listDirectory(fat: Fat, read: ReadAt, where: Fat['root']): Promise<Map<string, {cluster: number; directory: boolean}>> {
	const chunks: Buffer[] = [];
	if ('offset' in where) {
		chunks.push(await read(where.offset, where.bytes));
	} else {
		// A bound on the chain keeps a damaged FAT from looping.
		for (let cluster: number | undefined = where.cluster, count = 0; cluster !== undefined && cluster >= 2 && count < 64; count++) {
			chunks.push(await read(fat.dataStart + (cluster - 2) * fat.clusterBytes, fat.clusterBytes));
			cluster = await nextCluster(fat, read, cluster);
		}
	}
	const entries = new Map<string, {cluster: number; directory: boolean}>();
	for (const chunk of chunks) {
		for (let at = 0; at + 32 <= chunk.length; at += 32) {
			const entry = chunk.subarray(at, at + 32);
			if (entry[0] === 0) return entries;
			const attributes = entry[11]!;
			// Deleted entries, long-name pieces and the volume label.
			if (entry[0] === 0xe5 || attributes === 0x0f || attributes & 0x08) continue;
			const base = entry.subarray(0, 8).toString('latin1').trimEnd();
			const extension = entry.subarray(8, 11).toString('latin1').trimEnd();
			const cluster = (entry.readUInt16LE(20) << 16) | entry.readUInt16LE(26);
			entries.set(extension ? `${base}.${extension}` : base, {cluster, directory: (attributes & 0x10) !== 0});
		}
	}
	return entries;
}

/** The architectures whose boot file EFI/BOOT holds (empty when there is none, or no FAT). */
export async function espArches(read: ReadAt): Promise<Arch[]> {
	const fat = await readFat(read);
	if (!fat) return [];
	const root = await listDirectory(fat, read, fat.root);
	const efi = root.get('EFI');
	if (!efi?.directory) return [];
	const boot = (await listDirectory(fat, read, {cluster: efi.cluster})).get('BOOT');
	if (!boot?.directory) return [];
	const files = await listDirectory(fat, read, {cluster: boot.cluster});
	return arches.filter(arch => files.has(archInfo[arch].efiBootFile));
}
