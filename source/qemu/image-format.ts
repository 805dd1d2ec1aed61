// Which disk format a file holds, from its magic bytes — never its name —
// and whether its header is whole. Pure: given the file's first bytes (at
// least `headBytes`, fewer only when the file is that short), its size, and
// for VMDK stream images its last KiB.
import type {ImageFormat} from '../core/boot-check-result.js';
import {KilnError} from '../core/errors.js';

export interface FormatInfo {
	format: ImageFormat;
	/** The disk size the guest sees, when the header says. */
	virtualBytes?: number;
}

/** Enough for every header checked here (VHDX's region table sits at 192 KiB). */
export const headBytes = 256 * 1024;

const compressed: Array<[string, Buffer]> = [
	['gzip', Buffer.from([0x1f, 0x8b])],
	['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
	['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd])],
	['bzip2', Buffer.from('BZh')],
];

function corrupt(path: string, format: string, detail: string): KilnError {
	return new KilnError(`${path} is not a usable ${format} image: ${detail}`, {
		exitCode: 2,
		why: 'The file looks cut short or damaged, so QEMU would fail or boot garbage.',
		hint: 'Copy or build the image again and check that the copy finished (its size, or a checksum).',
	});
}

export function detectFormat(path: string, head: Buffer, fileBytes: number, tail?: Buffer): FormatInfo {
	if (fileBytes === 0) throw corrupt(path, 'disk', 'the file is empty');
	for (const [name, magic] of compressed) {
		if (head.subarray(0, magic.length).equals(magic)) {
			throw new KilnError(`${path} is ${name}-compressed, not a disk image`, {
				exitCode: 2,
				hint: `Decompress it first (for example with ${name === 'gzip' ? 'gunzip' : name === 'bzip2' ? 'bunzip2' : `${name} -d`}), then boot the result.`,
			});
		}
	}
	const at = (text: string, offset = 0) => head.subarray(offset, offset + text.length).toString('latin1') === text;
	if (at('QFI\u00fb')) return qcow2(path, head, fileBytes);
	if (at('KDMV')) return vmdkSparse(path, head, fileBytes, tail);
	if (at('# Disk DescriptorFile')) return {format: 'vmdk'};
	if (head.length >= 0x48 && head.readUInt32LE(0x40) === 0xbeda107f) return vdi(path, head, fileBytes);
	if (at('vhdxfile')) return vhdx(path, head, fileBytes);
	return raw(path, head, fileBytes);
}

function need(path: string, format: string, head: Buffer, bytes: number): void {
	if (head.length < bytes) throw corrupt(path, format, `the file ends inside its ${bytes}-byte header`);
}

function qcow2(path: string, head: Buffer, fileBytes: number): FormatInfo {
	need(path, 'qcow2', head, 72);
	const version = head.readUInt32BE(4);
	const clusterBits = head.readUInt32BE(20);
	if (version !== 2 && version !== 3) throw corrupt(path, 'qcow2', `unknown version ${version}`);
	if (clusterBits < 9 || clusterBits > 21) throw corrupt(path, 'qcow2', `impossible cluster size 2^${clusterBits}`);
	const l1End = Number(head.readBigUInt64BE(40)) + head.readUInt32BE(36) * 8;
	const refcountEnd = Number(head.readBigUInt64BE(48)) + head.readUInt32BE(56) * 2 ** clusterBits;
	const end = Math.max(l1End, refcountEnd);
	if (end > fileBytes) throw corrupt(path, 'qcow2', `its tables reach byte ${end} but the file has ${fileBytes}`);
	return {format: 'qcow2', virtualBytes: Number(head.readBigUInt64BE(24))};
}

function vmdkSparse(path: string, head: Buffer, fileBytes: number, tail?: Buffer): FormatInfo {
	need(path, 'VMDK', head, 512);
	const capacitySectors = Number(head.readBigUInt64LE(12));
	let gdSector = head.readBigUInt64LE(56);
	// Stream-optimised VMDKs put the grain directory's location in a footer.
	if (gdSector === 0xffffffffffffffffn) {
		const footer = tail?.subarray(0, 512);
		if (!footer || footer.subarray(0, 4).toString('latin1') !== 'KDMV') throw corrupt(path, 'VMDK', 'its footer is missing (the file was cut short)');
		gdSector = footer.readBigUInt64LE(56);
	}
	if (Number(gdSector) * 512 >= fileBytes) throw corrupt(path, 'VMDK', `its grain directory lies beyond the end of the file (${fileBytes} bytes)`);
	return {format: 'vmdk', virtualBytes: capacitySectors * 512};
}

function vdi(path: string, head: Buffer, fileBytes: number): FormatInfo {
	need(path, 'VDI', head, 0x188);
	const dataOffset = head.readUInt32LE(0x158);
	const blockBytes = head.readUInt32LE(0x178);
	const allocated = head.readUInt32LE(0x184);
	const end = dataOffset + allocated * blockBytes;
	if (end > fileBytes) throw corrupt(path, 'VDI', `its ${allocated} data blocks reach byte ${end} but the file has ${fileBytes}`);
	return {format: 'vdi', virtualBytes: Number(head.readBigUInt64LE(0x170))};
}

function vhdx(path: string, head: Buffer, fileBytes: number): FormatInfo {
	// Headers at 64 and 128 KiB, region tables at 192 and 256 KiB; payload after 1 MiB.
	const kib = 1024;
	need(path, 'VHDX', head, 196 * kib);
	const sign = (offset: number) => head.subarray(offset, offset + 4).toString('latin1');
	if (sign(64 * kib) !== 'head' && sign(128 * kib) !== 'head') throw corrupt(path, 'VHDX', 'both of its headers are damaged');
	if (sign(192 * kib) !== 'regi') throw corrupt(path, 'VHDX', 'its region table is damaged');
	if (fileBytes < 1024 * kib) throw corrupt(path, 'VHDX', 'the file ends before its metadata');
	return {format: 'vhdx'};
}

function raw(path: string, head: Buffer, fileBytes: number): FormatInfo {
	const signed = head.length >= 512 && head[510] === 0x55 && head[511] === 0xaa;
	if (!signed) {
		throw new KilnError(`${path} is not a disk image kiln can boot`, {
			exitCode: 2,
			why: 'It is none of qcow2, VMDK, VDI or VHDX, and as a raw disk it has no partition table (no boot signature in its first sector).',
			hint: fileBytes < 512 ? 'The file is shorter than one disk sector: it was cut short.' : 'Give the path of a disk image (for example one made by kiln build).',
		});
	}
	return {format: 'raw', virtualBytes: fileBytes};
}
