// The flags that say what the boot check must prove beyond the login, shared
// by `kiln boot-check` and `--boot-check` on build and convert.
import path from 'node:path';
import {usageError} from '../core/errors.js';

export const checkOptions = {
	'expect-port': {type: 'string', multiple: true},
	'expect-output': {type: 'string'},
	junit: {type: 'string'},
} as const;

export const checkFlagHelp = `  --expect-port N        a TCP port that must accept inside the guest (repeatable;
                         needs the root password)
  --expect-output REGEX  a console line that must match (JavaScript syntax)
  --junit FILE           write the result as a JUnit XML report`;

export interface CheckFlags {
	expectPorts?: number[];
	expectOutput?: RegExp;
	/** Absolute path of the JUnit report. */
	junit?: string;
}

export function checkFlagsFrom(values: {'expect-port'?: string[]; 'expect-output'?: string; junit?: string}, cwd: string, rootPassword: string | undefined): CheckFlags {
	const flags: CheckFlags = {};
	const ports = (values['expect-port'] ?? []).flatMap(list => list.split(',')).map(text => text.trim());
	for (const text of ports) {
		if (!/^[1-9]\d{0,4}$/.test(text) || Number(text) > 65535) {
			throw usageError('--expect-port', `--expect-port "${text}" is not a TCP port`, 'Give a port number from 1 to 65535, e.g. --expect-port 8080.');
		}
	}
	if (ports.length > 0) {
		if (rootPassword === undefined) {
			throw usageError('--expect-port', '--expect-port needs the root password: the port is checked from a shell inside the guest',
				'Add --root-password-file FILE (or --root-password PW).');
		}
		flags.expectPorts = [...new Set(ports.map(Number))];
	}
	const pattern = values['expect-output'];
	if (pattern !== undefined) {
		try {
			flags.expectOutput = new RegExp(pattern);
		} catch (error) {
			throw usageError('--expect-output', `--expect-output: ${(error as Error).message}`, 'Give a JavaScript regular expression, e.g. --expect-output "listening on :8080".');
		}
	}
	if (values.junit !== undefined) {
		if (values.junit === '') throw usageError('--junit', '--junit needs a file name', 'For example --junit boot-check.xml.');
		flags.junit = path.resolve(cwd, values.junit);
	}
	return flags;
}
