// An Io whose output is collected, for running commands in tests.
import {PassThrough} from 'node:stream';
import type {Io} from '../../../../source/app/io.js';

export interface FakeIo extends Io {
	out: () => string;
	err: () => string;
}

export function fakeIo(options: {env: NodeJS.ProcessEnv; cwd: string; tty?: boolean; stdin?: PassThrough}): FakeIo {
	let out = '';
	let err = '';
	const stdin = (options.stdin ?? new PassThrough()) as unknown as NodeJS.ReadStream & {setRawMode(mode: boolean): void};
	stdin.isTTY = options.tty ?? false;
	stdin.setRawMode = () => stdin;
	return {
		stdout: {write: (text: string) => (out += text), isTTY: options.tty ?? false} as unknown as NodeJS.WriteStream,
		stderr: {write: (text: string) => (err += text)} as unknown as NodeJS.WriteStream,
		stdin,
		env: {CI: 'false', ...options.env},
		cwd: options.cwd,
		out: () => out,
		err: () => err,
	};
}
