import {describe, expect, test} from 'vitest';
import {KilnError} from '../../../source/core/errors.js';
import {accelFrom, cpusFrom, firmwareFrom, forwardFrom, imageFrom, memoryFrom, networkFrom, timeoutFrom} from '../../../source/commands/vm-flags.js';

function usage(run: () => unknown): KilnError {
	try {
		run();
	} catch (error) {
		if (error instanceof KilnError) return error;
		throw error;
	}
	throw new Error('expected a usage error');
}

describe('boot flag values', () => {
	test('defaults', () => {
		expect([accelFrom(), firmwareFrom(), networkFrom(), memoryFrom(), cpusFrom(), timeoutFrom()]).toEqual(['auto', 'auto', 'user', 1024, 2, undefined]);
	});

	test('memory sizes', () => {
		expect(memoryFrom('1G')).toBe(1024);
		expect(memoryFrom('1536M')).toBe(1536);
		expect(memoryFrom('2GiB')).toBe(2048);
		expect(memoryFrom('512')).toBe(512);
	});

	test('forwards', () => {
		expect(forwardFrom('2222:22')).toEqual({host: 2222, guest: 22});
	});

	test.each([
		['--accel', () => accelFrom('fast')],
		['--firmware', () => firmwareFrom('coreboot')],
		['--net', () => networkFrom('bridge')],
		['--memory', () => memoryFrom('lots')],
		['--memory', () => memoryFrom('0')],
		['--cpus', () => cpusFrom('0')],
		['--cpus', () => cpusFrom('2.5')],
		['--timeout', () => timeoutFrom('-5')],
		['--timeout', () => timeoutFrom('5x')],
		['--forward', () => forwardFrom('22')],
		['--forward', () => forwardFrom('70000:22')],
		['IMAGE', () => imageFrom('boot', [])],
		['IMAGE', () => imageFrom('boot', ['a.img', 'b.img'])],
	])('%s: a bad value is a usage error naming the flag', (flag, run) => {
		const error = usage(run);
		expect(error.exitCode).toBe(2);
		expect(error.field).toBe(flag);
	});
});
