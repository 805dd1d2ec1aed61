// Quoting for command lines that are shown to a person to copy. kiln itself
// never hands these strings to a shell.
import {wrapCommand} from './wrap.js';

const plain = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quote(arg: string): string {
	return plain.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The quoted command as lines, ending in ` \` where it continues, that fit `width`. */
export function commandLines(argv: string[], width: number): string[] {
	return wrapCommand(argv.map(quote), width);
}
