// Everything random-looking in a disk image (filesystem UUID, ext4 hash seed,
// partition and disk identifiers, the FAT volume id) is derived from one seed,
// and every timestamp comes from one epoch, so the same OS image and the same
// choices assemble into a byte-identical disk.
import {createHash} from 'node:crypto';
import type {BuildChoices} from '../core/choices.js';
import {usageError} from '../core/errors.js';

export interface DiskIds {
	/** ext4 filesystem UUID; GRUB, fstab and the kernel find the root by it. */
	rootUuid: string;
	/** ext4 directory hash seed (a UUID). */
	hashSeed: string;
	/** GPT disk GUID; its first 8 hex digits are the DOS disk identifier. */
	diskId: string;
	/** GPT partition GUIDs, in partition order (BIOS boot, ESP, root). */
	partitionUuids: [string, string, string];
	/** FAT volume id of the EFI system partition, 8 hex digits. */
	fatVolumeId: string;
}

/**
 * The seed when none is given: the OS image id (which pins the rootfs) and
 * the choices that shape the disk, so different disks never share UUIDs.
 */
export function defaultSeed(osImageId: string, choices: BuildChoices): string {
	const {size, firmware, format, compress, hostname, bootloader} = choices;
	return `${osImageId}:${JSON.stringify({size, firmware, format, compress, hostname, bootloader})}`;
}

function derive(seed: string, purpose: string): Buffer {
	return createHash('sha256').update(`kiln-disk-v1\0${seed}\0${purpose}`).digest();
}

/** An RFC 4122 version-4-shaped UUID from 16 derived bytes. */
function uuidFrom(bytes: Buffer): string {
	const b = Buffer.from(bytes.subarray(0, 16));
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const hex = b.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function diskIds(seed: string): DiskIds {
	const uuid = (purpose: string) => uuidFrom(derive(seed, purpose));
	return {
		rootUuid: uuid('root-fs'),
		hashSeed: uuid('root-fs-hash-seed'),
		diskId: uuid('disk'),
		partitionUuids: [uuid('part-1'), uuid('part-2'), uuid('part-3')],
		fatVolumeId: derive(seed, 'esp-fat').subarray(0, 4).toString('hex'),
	};
}

/**
 * Seconds since the epoch for every timestamp in the disk: SOURCE_DATE_EPOCH
 * when set (the reproducible-builds convention), else the OS image's
 * creation time, which is fixed for a given image id.
 */
export function sourceDateEpoch(osImageCreated: string, env: NodeJS.ProcessEnv = process.env): number {
	const given = env.SOURCE_DATE_EPOCH;
	if (given !== undefined && given !== '') {
		if (!/^\d{1,12}$/.test(given)) {
			throw usageError('SOURCE_DATE_EPOCH', `SOURCE_DATE_EPOCH="${given.slice(0, 20)}" is not a number of seconds`, 'Unset it, or set it to a Unix time such as 1700000000.');
		}
		return Number(given);
	}
	const created = Date.parse(osImageCreated);
	if (Number.isNaN(created)) throw new Error(`the OS image has no valid creation time (${osImageCreated})`);
	return Math.floor(created / 1000);
}
