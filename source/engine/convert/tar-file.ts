// Reads the one file out of the small tar Docker's archive endpoint returns
// for a single path. Extended headers (pax, GNU long names) are skipped:
// only the entry's type, link target and content are needed.
export interface TarFile {
	/** "file", "symlink" or another tar type flag. */
	type: 'file' | 'symlink' | 'other';
	linkName: string;
	content: Buffer;
}

const block = 512;

function text(header: Buffer, offset: number, length: number): string {
	const field = header.subarray(offset, offset + length);
	const end = field.indexOf(0);
	return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

export function firstTarFile(tar: Buffer): TarFile | undefined {
	for (let at = 0; at + block <= tar.length;) {
		const header = tar.subarray(at, at + block);
		if (header.every(byte => byte === 0)) return undefined;
		const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
		const flag = String.fromCharCode(header[156]!);
		const body = tar.subarray(at + block, at + block + size);
		at += block + Math.ceil(size / block) * block;
		if (flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K') continue;
		const type = flag === '0' || flag === '\0' ? 'file' : flag === '2' ? 'symlink' : 'other';
		return {type, linkName: text(header, 157, 100), content: Buffer.from(body)};
	}
	return undefined;
}
