// Preset names appear in file names of exports and on command lines, so they
// are kept to characters that are safe everywhere: no path separators, no
// leading dot (hidden files) or dash (read as a flag).
import {usageError} from '../core/errors.js';
import {printable} from '../core/value-checks.js';

const namePattern = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;

export function isPresetName(name: string): boolean {
	return namePattern.test(name);
}

export function checkPresetName(name: string, field = 'NAME'): string {
	if (!isPresetName(name)) {
		throw usageError(field, `"${printable(name)}" is not a valid preset name`,
			'Use 1–64 letters, digits, dots, dashes and underscores, not starting with a dot or dash, like "web-server" or "debian.v2".');
	}
	return name;
}
