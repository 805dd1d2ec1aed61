// Everything kiln checks about an image file before booting it: that it is
// there and readable, its format (from its bytes), that it is whole, and how
// its disk can boot (BIOS boot code, EFI system partition).
import {mkdtemp, open, readFile, rm, stat} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {KilnError, usageError} from '../core/errors.js';
import {detectFormat, type FormatInfo, headBytes} from './image-format.js';
import {type Arch, hostArch} from '../core/arch.js';
import {type ReadAt, espArches} from './esp-arch.js';
import {type DiskLayout, espGuid, layoutBytes, readLayout} from './partitions.js';
import type {Toolbox} from './toolbox.js';

export interface ImageInfo extends FormatInfo {
	/** Absolute path. */
	path: string;
	fileBytes: number;
	/** Undefined when the disk inside a non-raw file could not be read (no qemu-img). */
	layout?: DiskLayout;
	/** The machine its UEFI boot file is for; a disk without one boots as amd64 (BIOS is x86's). */
	arch: Arch;
}

/** How much of an ESP inside a non-raw image is read: its FAT and first directories, on any ESP kiln writes. */
const espHeadBytes = 8 * 1024 * 1024;

/** One architecture from the ESP's boot files; this machine's when the disk boots several. */
function bootArch(found: Arch[]): Arch {
	if (found.length <= 1) return found[0] ?? 'amd64';
	return found.includes(hostArch()) ? hostArch() : found[0]!;
}

function espOf(layout: DiskLayout | undefined) {
	return layout?.partitions.find(partition => partition.type === espGuid || partition.type === 'ef');
}

/** Reads stop at the buffer's end (a short read means "not there"). */
function bufferReader(buffer: Buffer): ReadAt {
	return async (offset, length) => buffer.subarray(offset, offset + length);
}

async function readEnds(file: string, fileBytes: number): Promise<{head: Buffer; tail: Buffer}> {
	const handle = await open(file, 'r');
	try {
		const head = Buffer.alloc(Math.min(headBytes, fileBytes));
		await handle.read(head, 0, head.length, 0);
		const tail = Buffer.alloc(Math.min(1024, fileBytes));
		await handle.read(tail, 0, tail.length, fileBytes - tail.length);
		return {head, tail};
	} finally {
		await handle.close();
	}
}

export async function inspectImage(given: string, toolbox: Toolbox): Promise<ImageInfo> {
	const file = path.resolve(given);
	const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
		throw usageError('image', error.code === 'ENOENT' ? `No such image: ${file}` : `Cannot read ${file}: ${error.message}`);
	});
	if (!info.isFile()) throw usageError('image', `${file} is not a file`, 'Give the path of a disk image (for example one made by kiln build).');
	const {head, tail} = await readEnds(file, info.size).catch((error: NodeJS.ErrnoException) => {
		throw usageError('image', `Cannot read ${file}: ${error.code ?? error.message}`);
	});
	const format = detectFormat(file, head, info.size, tail);
	if (format.format === 'raw') {
		const layout = readLayout(file, head, info.size);
		const esp = espOf(layout);
		const arch = esp ? bootArch(await rawEspArches(file, esp.startBytes)) : 'amd64';
		return {...format, path: file, fileBytes: info.size, layout, arch};
	}
	await checkConsistency(file, format.format, toolbox);
	const disk = await readDiskHead(file, format.format, toolbox, 0, layoutBytes);
	const layout = disk && format.virtualBytes ? readLayout(file, disk, format.virtualBytes) : undefined;
	const esp = espOf(layout);
	const espHead = esp ? await readDiskHead(file, format.format, toolbox, esp.startBytes, Math.min(esp.sizeBytes, espHeadBytes)) : undefined;
	const arch = espHead ? bootArch(await espArches(bufferReader(espHead))) : 'amd64';
	return {...format, path: file, fileBytes: info.size, layout, arch};
}

async function rawEspArches(file: string, start: number): Promise<Arch[]> {
	const handle = await open(file, 'r');
	try {
		return await espArches(async (offset, length) => {
			const buffer = Buffer.alloc(length);
			const {bytesRead} = await handle.read(buffer, 0, length, start + offset);
			return buffer.subarray(0, bytesRead);
		});
	} finally {
		await handle.close();
	}
}

/** qemu-img's own check finds what a header cannot show, such as data cut off at the end. */
async function checkConsistency(file: string, format: string, toolbox: Toolbox): Promise<void> {
	const result = await toolbox.run('qemu-img', ['check', '-f', format, file], [{path: file, writable: false}]);
	// 0 clean, 3 only leaked clusters (harmless), 63 format has no check, 127 no qemu-img.
	if ([0, 3, 63, 127].includes(result.exitCode)) return;
	const detail = `${result.stdout}\n${result.stderr}`.split('\n').map(line => line.trim()).filter(Boolean);
	throw new KilnError(`${file} is damaged: qemu-img check found errors in this ${format} image`, {
		exitCode: 2,
		why: detail.find(line => /^(ERROR|qemu-img:)/.test(line)) ?? detail[0],
		hint: 'Copy or build the image again and check that the copy finished.',
		logTail: detail.slice(0, 8),
	});
}

/** `bytes` of the guest disk from `offset` (both whole sectors), through qemu-img. */
async function readDiskHead(file: string, format: string, toolbox: Toolbox, offset: number, bytes: number): Promise<Buffer | undefined> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-inspect-'));
	try {
		const out = path.join(dir, 'head.raw');
		const result = await toolbox.run(
			'qemu-img',
			['dd', '-f', format, '-O', 'raw', 'bs=512', `skip=${offset / 512}`, `count=${(offset + bytes) / 512}`, `if=${file}`, `of=${out}`],
			[{path: file, writable: false}, {path: dir, writable: true}],
		);
		return result.exitCode === 0 ? await readFile(out) : undefined;
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
