// Clamps every modification time in a tar stream to an epoch, rewriting only
// the 512-byte headers as they pass. `docker export` stamps what the runtime
// adds to a container (/.dockerenv, /etc/hosts, /etc/hostname, /dev, and
// the folders holding them) with the container's creation time, so two
// exports of one image differ; clamped, they are identical. Docker writes
// whole-second times that fit the ustar field, so no PAX mtime record occurs.
import {Transform, type TransformCallback} from 'node:stream';

const block = 512;
const mtimeAt = 136;
const mtimeLength = 12;
const checksumAt = 148;
const sizeAt = 124;

/** Reads a numeric header field: octal text, or GNU base-256 when the top bit is set. */
function readNumber(header: Buffer, at: number, length: number): number {
	if (header[at]! & 0x80) {
		let value = header[at]! & 0x7f;
		for (let i = 1; i < length; i++) value = value * 256 + header[at + i]!;
		return value;
	}
	const text = header.toString('latin1', at, at + length).replace(/[\0 ].*$/s, '').trim();
	return text === '' ? 0 : Number.parseInt(text, 8);
}

function writeChecksum(header: Buffer): void {
	header.fill(0x20, checksumAt, checksumAt + 8);
	let sum = 0;
	for (const byte of header) sum += byte;
	header.write(`${sum.toString(8).padStart(6, '0')}\0 `, checksumAt, 'latin1');
}

/** Returns the header with its mtime clamped; its size tells how many data bytes follow. */
export function clampHeader(header: Buffer, epoch: number): Buffer {
	const isEmpty = header.every(byte => byte === 0);
	if (isEmpty || readNumber(header, mtimeAt, mtimeLength) <= epoch) return header;
	const clamped = Buffer.from(header);
	clamped.write(`${epoch.toString(8).padStart(11, '0')}\0`, mtimeAt, 'latin1');
	writeChecksum(clamped);
	return clamped;
}

export function clampTarTimes(epoch: number): Transform {
	let pending = Buffer.alloc(0);
	/** Data bytes (with padding) still to pass through before the next header. */
	let skip = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, done: TransformCallback) {
			let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
			pending = Buffer.alloc(0);
			const out: Buffer[] = [];
			while (data.length > 0) {
				if (skip > 0) {
					const take = Math.min(skip, data.length);
					out.push(data.subarray(0, take));
					data = data.subarray(take);
					skip -= take;
					continue;
				}
				if (data.length < block) {
					pending = Buffer.from(data);
					break;
				}
				const header = data.subarray(0, block);
				out.push(clampHeader(header, epoch));
				const size = header.every(byte => byte === 0) ? 0 : readNumber(header, sizeAt, 12);
				skip = Math.ceil(size / block) * block;
				data = data.subarray(block);
			}
			done(null, out.length === 1 ? out[0] : Buffer.concat(out));
		},
		flush(done: TransformCallback) {
			done(null, pending.length > 0 ? pending : undefined);
		},
	});
}
