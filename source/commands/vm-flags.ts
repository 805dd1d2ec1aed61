// Checks the values of `kiln boot` and `kiln boot-check` flags; each bad
// value is a usage error (exit 2) naming the flag and what it accepts.
import {usageError} from '../core/errors.js';
import type {AccelChoice} from '../qemu/accel.js';
import type {FirmwareChoice} from '../qemu/firmware.js';
import type {PortForward} from '../qemu/qemu-args.js';

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
	if (value === undefined) return fallback;
	if (allowed.includes(value as T)) return value as T;
	throw usageError(flag, `${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

export const accelFrom = (value?: string): AccelChoice => oneOf('--accel', value, ['auto', 'kvm', 'tcg'], 'auto');
export const firmwareFrom = (value?: string): FirmwareChoice => oneOf('--firmware', value, ['auto', 'bios', 'uefi'], 'auto');
export const networkFrom = (value?: string): 'user' | 'none' => oneOf('--net', value, ['user', 'none'], 'user');

function wholeNumber(flag: string, value: string, min: number, max: number, what: string): number {
	const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
	if (!(number >= min && number <= max)) throw usageError(flag, `${flag} must be ${what} from ${min} to ${max}, not "${value}"`);
	return number;
}

/** "1G", "1536M", "1024" (MiB) → MiB. */
export function memoryFrom(value?: string): number {
	if (value === undefined) return 1024;
	const match = /^(\d+)\s*([MG]i?B?)?$/i.exec(value.trim());
	const mib = match ? Number(match[1]) * (match[2]?.[0]?.toUpperCase() === 'G' ? 1024 : 1) : Number.NaN;
	if (!(mib >= 64 && mib <= 1024 * 1024)) throw usageError('--memory', `--memory must be a size such as 512M or 2G (at least 64M), not "${value}"`);
	return mib;
}

export const cpusFrom = (value?: string): number => (value === undefined ? 2 : wholeNumber('--cpus', value, 1, 64, 'a whole number'));

export const timeoutFrom = (value?: string): number | undefined =>
	value === undefined ? undefined : wholeNumber('--timeout', value, 10, 24 * 3600, 'a number of seconds');

/** "2222:22" → host port 2222 forwards to guest port 22. */
export function forwardFrom(value: string): PortForward {
	const match = /^(\d+):(\d+)$/.exec(value);
	if (!match) throw usageError('--forward', `--forward must be HOSTPORT:GUESTPORT, such as 2222:22, not "${value}"`);
	return {
		host: wholeNumber('--forward', match[1]!, 1, 65535, 'a port'),
		guest: wholeNumber('--forward', match[2]!, 1, 65535, 'a port'),
	};
}

/** Exactly one IMAGE positional. */
export function imageFrom(command: string, positionals: string[]): string {
	if (positionals.length !== 1 || positionals[0] === '') {
		throw usageError('IMAGE', positionals.length === 0 ? `kiln ${command} needs an IMAGE to boot` : `kiln ${command} takes one IMAGE, not ${positionals.length}`, `Usage: kiln ${command} IMAGE [flags]`);
	}
	return positionals[0]!;
}
