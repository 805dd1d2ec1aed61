import {describe, expect, it} from 'vitest';
import {hashPassword, sha512Crypt} from '../../../source/engine/crypt.js';

describe('sha512Crypt', () => {
	// Expected values from `openssl passwd -6 -salt …`.
	it('matches openssl with the default rounds', () => {
		expect(sha512Crypt('s3cret', 'saltsalt')).toBe('$6$saltsalt$As4wrv0kZlfch1du9WeH7qhskyLriQWySXrZzynnvi46nFnNxjdpl6ksRegrrKexvhIa/Iny8S8uF3fVWTMuC1');
	});

	it('matches openssl with explicit rounds and a non-ASCII password', () => {
		expect(sha512Crypt('pässwörd with spaces', 'abcdefgh12345678', 65_536)).toBe(
			'$6$rounds=65536$abcdefgh12345678$9z.AjP2.VjK4/EYVMQjyRqOKgNphfHyKNzn2NNaLbUhUsDMViV2WkU8nTWhBcNM.x6.kdTXIkUHUp2IW9KsX90');
	});

	it('salts every hash differently and never contains the password', () => {
		const a = hashPassword('s3cret');
		const b = hashPassword('s3cret');
		expect(a).not.toBe(b);
		expect(a).toMatch(/^\$6\$rounds=65536\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
		expect(a).not.toContain('s3cret');
	});
});
