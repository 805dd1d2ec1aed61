// A hidden password prompt on the terminal, for commands that need a root
// password they cannot take from a stored build (kiln never stores one).
import {KilnError, usageError} from '../core/errors.js';
import {Utf8Chunks} from '../core/lines.js';
import type {Io} from '../app/io.js';
import {HiddenLineReader} from './hidden-line.js';

/**
 * Asks each prompt in turn and reads one line for it without echoing. One
 * reader serves all prompts, so input typed (or pasted) ahead is not lost.
 * Ctrl-C or Ctrl-D cancels (exit 130); arrow keys and other escape sequences
 * are ignored, backspace and Ctrl-U edit.
 */
function readHidden(io: Io, prompts: string[]): Promise<string[]> {
	const {stdin, stderr} = io;
	stderr.write(prompts[0]!);
	stdin.setRawMode(true);
	stdin.resume();
	return new Promise<string[]>((resolve, reject) => {
		const answers: string[] = [];
		const reader = new HiddenLineReader();
		// A character split across two reads is joined before it is looked at.
		const typed = new Utf8Chunks();
		const finish = (error?: Error) => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			if (error) {
				stderr.write('\n');
				reject(error);
			} else {
				resolve(answers);
			}
		};
		const onData = (chunk: Buffer | string) => {
			for (const event of reader.feed(typed.write(chunk))) {
				if (event.type === 'cancel') return finish(new KilnError('Cancelled at the password prompt', {exitCode: 130}));
				answers.push(event.text);
				stderr.write('\n');
				if (answers.length === prompts.length) return finish();
				stderr.write(prompts[answers.length]!);
			}
		};
		stdin.on('data', onData);
	});
}

/** Asks twice, since a mistyped password would lock the owner out of the image. */
export async function askNewPassword(io: Io, purpose: string): Promise<string> {
	const [first, second] = await readHidden(io, [`Root password for ${purpose}: `, 'Again, to confirm: ']);
	if (first !== second) throw usageError('--root-password', 'The two passwords differ', 'Run the command again, or pass --root-password-file FILE.');
	return first!;
}
