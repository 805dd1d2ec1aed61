// Checks of the free-text values a person types that need no distro data;
// the choice table (core/choices.ts) runs them for every build, preset and
// import. Values that pass are safe to carry literally into files; none of
// them is ever given to a shell.
import {usageError} from './errors.js';

const hostnamePattern = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export function checkHostname(hostname: string): string {
	if (!hostnamePattern.test(hostname)) {
		throw usageError('--hostname', `--hostname "${printable(hostname)}" is not a valid hostname`,
			'Use 1–63 lower-case letters, digits and inner dashes, like "web-1".',
			'The guest writes it to /etc/hostname and announces it over DHCP.');
	}
	return hostname;
}

const seedPattern = /^[A-Za-z0-9._:+-]{1,128}$/;

/** Checks a --seed value; it is only ever hashed, never passed on as text. */
export function checkSeed(seed: string): string {
	if (!seedPattern.test(seed)) {
		throw usageError('--seed', `--seed "${seed.slice(0, 40)}" is not a valid seed`,
			'Use 1–128 letters, digits and . _ : + -, like "release-1.4".');
	}
	return seed;
}

/** Shows control characters visibly in messages. */
export function printable(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
