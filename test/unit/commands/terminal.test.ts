import {describe, expect, it} from 'vitest';
import {interactive} from '../../../source/commands/terminal.js';

const io = (env: NodeJS.ProcessEnv, tty: {stdin?: boolean; stdout?: boolean} = {}) => ({
	stdin: {isTTY: tty.stdin ?? true} as NodeJS.ReadStream,
	stdout: {isTTY: tty.stdout ?? true} as NodeJS.WriteStream,
	env,
});

describe('interactive', () => {
	it('is a terminal on both ends, outside CI, with a terminal that is not dumb', () => {
		expect(interactive(io({TERM: 'xterm-256color'}))).toBe(true);
		expect(interactive(io({}))).toBe(true);
	});

	it('is not when stdin or stdout is not a terminal', () => {
		expect(interactive(io({}, {stdin: false}))).toBe(false);
		expect(interactive(io({}, {stdout: false}))).toBe(false);
	});

	it('follows Ink\'s CI rule: CI or CONTINUOUS_INTEGRATION set to anything but "false" or "0"', () => {
		for (const value of ['true', '1', '', 'yes', 'woodpecker']) {
			expect(interactive(io({CI: value})), `CI=${JSON.stringify(value)}`).toBe(false);
			expect(interactive(io({CONTINUOUS_INTEGRATION: value})), `CONTINUOUS_INTEGRATION=${JSON.stringify(value)}`).toBe(false);
		}
		for (const value of ['false', '0']) {
			expect(interactive(io({CI: value, CONTINUOUS_INTEGRATION: value}))).toBe(true);
		}
		// Ink 6.8 (is-in-ci 2) looks at these two only: other CI_* variables do not make it static.
		expect(interactive(io({CI_NAME: 'x', BUILD_NUMBER: '3'}))).toBe(true);
	});

	it('is not with TERM=dumb, where the live area cannot be redrawn', () => {
		expect(interactive(io({TERM: 'dumb'}))).toBe(false);
	});
});
