// Checks for the free-text values a person types. Values that pass are safe
// to carry literally into files; none of them is ever given to a shell.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {usageError} from '../core/errors.js';
import {printable} from '../core/value-checks.js';

const packagePatterns = {
	apt: /^[a-z0-9][a-z0-9+.-]{0,99}$/,
	apk: /^[a-z0-9][a-z0-9+._-]{0,99}$/,
};

export function checkPackages(names: string[], manager: 'apt' | 'apk'): string[] {
	for (const name of names) {
		if (!packagePatterns[manager].test(name)) {
			throw usageError('--packages', `--packages: "${printable(name)}" is not a package name`,
				'List package names separated by commas, like "curl,vim". Names use lower-case letters, digits and + . -');
		}
	}
	return names;
}

const keyTypes = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) ([A-Za-z0-9+/]+={0,2})( [^\n\r]*)?$/;

export interface PublicKey {
	line: string;
	fingerprint: string;
}

/** Reads and checks an SSH public key file; refuses private keys and junk. */
export function readPublicKey(file: string): PublicKey {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw usageError('--ssh-key', `--ssh-key: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
			'Give the path of a public key file, such as ~/.ssh/id_ed25519.pub.');
	}
	if (text.includes('PRIVATE KEY')) {
		throw usageError('--ssh-key', `--ssh-key: ${file} is a private key`,
			`Give the public half instead (usually ${file}.pub). A private key never belongs in an image.`);
	}
	const line = text.trim();
	const match = keyTypes.exec(line);
	if (!match || line.includes('\n')) {
		throw usageError('--ssh-key', `--ssh-key: ${file} is not an SSH public key`,
			'Expected one line like "ssh-ed25519 AAAA… comment", as written by ssh-keygen to a .pub file.');
	}
	const blob = Buffer.from(match[3]!, 'base64');
	const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
	return {line, fingerprint};
}

export function checkPassword(password: string): string {
	if (password.length === 0) throw usageError('--root-password', 'The root password is empty', 'Give a password, or leave root locked and use --ssh-key.');
	if (/[\n\r\0]/.test(password)) throw usageError('--root-password', 'The root password contains a line break or NUL', 'Use a single-line password.');
	return password;
}

/** Docker image reference: registry/name:tag@digest, nothing a parser could misread. */
export function checkImageRef(ref: string, field: string): string {
	if (!/^[a-zA-Z0-9][a-zA-Z0-9._/:@-]{0,254}$/.test(ref)) {
		throw usageError(field, `${field} "${printable(ref)}" is not an image reference`, 'Use a reference like debian:bookworm or registry.example.com/team/app:1.2.');
	}
	return ref;
}
