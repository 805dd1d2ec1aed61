// SHA-512 crypt ("$6$", Ulrich Drepper's specification): the salted hash that
// /etc/shadow and chpasswd -e accept. Implemented here so a root password is
// hashed inside kiln and only the hash ever reaches Docker.
import {createHash, randomBytes} from 'node:crypto';

const alphabet = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// The byte triples the specification encodes, in its order.
const order = [
	[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48],
	[28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13],
	[56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41],
] as const;

const sha512 = (...parts: Buffer[]) => {
	const hash = createHash('sha512');
	for (const part of parts) hash.update(part);
	return hash.digest();
};

/** `length` bytes made by repeating `block`. */
function stretch(block: Buffer, length: number): Buffer {
	const out = Buffer.alloc(length);
	for (let i = 0; i < length; i += block.length) block.copy(out, i, 0, Math.min(block.length, length - i));
	return out;
}

function encode(bytes: Buffer): string {
	let text = '';
	const put = (w: number, n: number) => {
		for (let i = 0; i < n; i++, w >>= 6) text += alphabet[w & 0x3f];
	};
	for (const [a, b, c] of order) put((bytes[a]! << 16) | (bytes[b]! << 8) | bytes[c]!, 4);
	put(bytes[63]!, 2);
	return text;
}

export function sha512Crypt(password: string, salt: string, rounds = 5000): string {
	const p = Buffer.from(password, 'utf8');
	const s = Buffer.from(salt.slice(0, 16), 'utf8');
	const b = sha512(p, s, p);
	const a = createHash('sha512').update(p).update(s);
	a.update(stretch(b, p.length));
	for (let n = p.length; n > 0; n >>= 1) a.update(n & 1 ? b : p);
	let c = a.digest();
	const pBytes = stretch(sha512(...Array.from({length: p.length}, () => p)), p.length);
	const sBytes = stretch(sha512(...Array.from({length: 16 + c[0]!}, () => s)), s.length);
	for (let i = 0; i < rounds; i++) {
		const h = createHash('sha512');
		h.update(i & 1 ? pBytes : c);
		if (i % 3) h.update(sBytes);
		if (i % 7) h.update(pBytes);
		h.update(i & 1 ? c : pBytes);
		c = h.digest();
	}
	const roundsPart = rounds === 5000 ? '' : `rounds=${rounds}$`;
	return `$6$${roundsPart}${s.toString('utf8')}$${encode(c)}`;
}

/** A fresh random 16-character salt and 65536 rounds. */
export function hashPassword(password: string): string {
	const salt = [...randomBytes(16)].map(byte => alphabet[byte & 0x3f]).join('');
	return sha512Crypt(password, salt, 65_536);
}
