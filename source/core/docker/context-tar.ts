// Writes a Docker build context as a tar in memory. It holds a Dockerfile and
// a few small generated files (never the rootfs), so a buffer is right here,
// and no temporary folder with a password hash is left on disk.
export interface TarEntry {
	name: string;
	content: string;
	mode: number;
}

function header(name: string, size: number, mode: number): Buffer {
	const block = Buffer.alloc(512);
	const field = (text: string, offset: number, length: number) => block.write(text, offset, length, 'ascii');
	const octal = (value: number, offset: number, length: number) => field(value.toString(8).padStart(length - 1, '0'), offset, length - 1);
	if (Buffer.byteLength(name) > 100) throw new Error(`context path too long: ${name}`);
	field(name, 0, 100);
	octal(mode, 100, 8);
	octal(0, 108, 8);
	octal(0, 116, 8);
	octal(size, 124, 12);
	// A fixed mtime keeps identical contexts identical, so Docker's cache hits.
	octal(0, 136, 12);
	field('        ', 148, 8);
	field('0', 156, 1);
	field('ustar\u000000', 257, 8);
	let sum = 0;
	for (const byte of block) sum += byte;
	field(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8);
	return block;
}

export function contextTar(entries: TarEntry[]): Buffer {
	const parts: Buffer[] = [];
	for (const entry of entries) {
		const body = Buffer.from(entry.content, 'utf8');
		parts.push(header(entry.name, body.length, entry.mode), body, Buffer.alloc((512 - (body.length % 512)) % 512));
	}
	parts.push(Buffer.alloc(1024));
	return Buffer.concat(parts);
}
