// A hidden password prompt on the terminal, for commands that need a root
// password they cannot take from a stored build (kiln never stores one).
import {KilnError, usageError} from '../engine/errors.js';
import type {Io} from './types.js';

/** Reads one line without echoing it; Ctrl-C or Ctrl-D cancels (exit 130). */
function readHidden(io: Io, prompt: string): Promise<string> {
	const {stdin, stderr} = io;
	stderr.write(prompt);
	stdin.setRawMode(true);
	stdin.resume();
	return new Promise<string>((resolve, reject) => {
		let answer = '';
		const finish = (error?: Error) => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			stderr.write('\n');
			if (error) reject(error);
			else resolve(answer);
		};
		const onData = (chunk: Buffer | string) => {
			for (const char of chunk.toString()) {
				if (char === '\r' || char === '\n') return finish();
				if (char === '\u0003' || char === '\u0004') return finish(new KilnError('Cancelled at the password prompt', {exitCode: 130}));
				if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('');
				else if (char >= ' ') answer += char;
			}
		};
		stdin.on('data', onData);
	});
}

/** Asks twice, since a mistyped password would lock the owner out of the image. */
export async function askNewPassword(io: Io, purpose: string): Promise<string> {
	const first = await readHidden(io, `Root password for ${purpose}: `);
	const second = await readHidden(io, 'Again, to confirm: ');
	if (first !== second) throw usageError('--root-password', 'The two passwords differ', 'Run the command again, or pass --root-password-file FILE.');
	return first;
}
