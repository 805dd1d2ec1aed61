// What a disk's first sectors say about how it boots: MBR or GPT, whether
// the MBR carries BIOS boot code, whether there is an EFI system partition,
// and whether every partition fits on the disk (a truncated copy does not).
// Pure: given the guest disk's first 17 KiB or more and its size.
import {KilnError} from '../core/errors.js';

export interface Partition {
	number: number;
	startBytes: number;
	sizeBytes: number;
	/** MBR type byte (e.g. "83") or GPT type GUID. */
	type: string;
}

export interface DiskLayout {
	table: 'mbr' | 'gpt';
	partitions: Partition[];
	/** The MBR's first 440 bytes hold code: a BIOS can start something. */
	biosBootCode: boolean;
	/** An EFI system partition: UEFI firmware can start something. */
	efiSystemPartition: boolean;
}

const sector = 512;
export const espGuid = 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b';
/** Enough for a GPT header and 128 partition entries. */
export const layoutBytes = 34 * sector;

function guid(bytes: Buffer): string {
	const hex = (buffer: Buffer) => buffer.toString('hex');
	const swapped = (start: number, length: number) => hex(Buffer.from(bytes.subarray(start, start + length)).reverse());
	return `${swapped(0, 4)}-${swapped(4, 2)}-${swapped(6, 2)}-${hex(bytes.subarray(8, 10))}-${hex(bytes.subarray(10, 16))}`;
}

export function readLayout(source: string, head: Buffer, diskBytes: number): DiskLayout {
	const biosBootCode = head.subarray(0, 440).some(byte => byte !== 0);
	const mbr = [0, 1, 2, 3].map(index => {
		const entry = head.subarray(446 + 16 * index, 462 + 16 * index);
		return {number: index + 1, type: entry[4]!, start: entry.readUInt32LE(8), sectors: entry.readUInt32LE(12)};
	}).filter(entry => entry.type !== 0 && entry.sectors > 0);

	let layout: DiskLayout;
	if (mbr.some(entry => entry.type === 0xee) && head.subarray(sector, sector + 8).toString('latin1') === 'EFI PART') {
		layout = gpt(source, head, diskBytes, biosBootCode);
	} else {
		const partitions = mbr.map(entry => ({
			number: entry.number,
			startBytes: entry.start * sector,
			sizeBytes: entry.sectors * sector,
			type: entry.type.toString(16).padStart(2, '0'),
		}));
		layout = {table: 'mbr', partitions, biosBootCode, efiSystemPartition: partitions.some(partition => partition.type === 'ef')};
	}
	for (const partition of layout.partitions) {
		const end = partition.startBytes + partition.sizeBytes;
		if (end > diskBytes) {
			throw new KilnError(`${source} is cut short: partition ${partition.number} ends at byte ${end} but the disk has ${diskBytes}`, {
				exitCode: 2,
				why: 'The partition table describes a bigger disk than the file holds, so part of the filesystem is missing.',
				hint: 'Copy or build the image again and check that the copy finished.',
			});
		}
	}
	return layout;
}

function gpt(source: string, head: Buffer, diskBytes: number, biosBootCode: boolean): DiskLayout {
	const header = head.subarray(sector, 2 * sector);
	const backupLba = Number(header.readBigUInt64LE(32));
	if ((backupLba + 1) * sector > diskBytes) {
		throw new KilnError(`${source} is cut short: its backup GPT belongs at byte ${backupLba * sector} but the disk has ${diskBytes}`, {
			exitCode: 2,
			hint: 'Copy or build the image again and check that the copy finished.',
		});
	}
	const entriesAt = Number(header.readBigUInt64LE(72)) * sector;
	const count = header.readUInt32LE(80);
	const size = header.readUInt32LE(84);
	const partitions: Partition[] = [];
	for (let index = 0; index < count && entriesAt + (index + 1) * size <= head.length; index++) {
		const entry = head.subarray(entriesAt + index * size, entriesAt + (index + 1) * size);
		const type = guid(entry.subarray(0, 16));
		if (type === '00000000-0000-0000-0000-000000000000') continue;
		const first = Number(entry.readBigUInt64LE(32));
		const last = Number(entry.readBigUInt64LE(40));
		partitions.push({number: index + 1, startBytes: first * sector, sizeBytes: (last - first + 1) * sector, type});
	}
	return {table: 'gpt', partitions, biosBootCode, efiSystemPartition: partitions.some(partition => partition.type === espGuid)};
}
