// The rootfs tar goes to the disk builder through a FIFO in the output folder
// (bound into the builder as /out), not through the container's stdin: the
// engine's attach stream and its shim cost two more copies of every byte.
// Where the folder can hold no FIFO, stdin it is (assemble-disk.ts).
// A FIFO's writer cannot open it before a reader has, and a builder that
// fails before reading never will; so the writer opens without blocking,
// retrying until the builder reads or is gone, and then writes through a
// non-blocking pipe handle that a cancel can always destroy.
import {execFile} from 'node:child_process';
import {constants, openSync} from 'node:fs';
import {lstat, rm} from 'node:fs/promises';
import {Socket} from 'node:net';
import {Writable} from 'node:stream';
import {promisify} from 'node:util';

const retryMs = 10;

/**
 * Makes a FIFO at `file`; false where the folder's filesystem holds none
 * (FAT, exFAT, SMB: a USB stick or a share). exFAT under FUSE fails the call
 * and still leaves a regular file there, so the result is what is there.
 */
export async function makeFifo(file: string): Promise<boolean> {
	// Node has no mkfifo(3); coreutils' mkfifo is on every Linux host.
	const made = await promisify(execFile)('mkfifo', ['-m', '600', '--', file]).then(() => true, () => false);
	const isFifo = made && (await lstat(file).then(stats => stats.isFIFO(), () => false));
	if (!isFifo) await rm(file, {force: true});
	return isFifo;
}

/**
 * A writable into the FIFO at `file`. Once `readerGone` settles (the builder
 * exited) or the builder closes its end, what is left is dropped: the
 * export still ends, and the builder's exit code tells what happened.
 */
export function fifoFeed(file: string, readerGone: Promise<unknown>): Writable {
	let socket: Socket | undefined;
	let gone = false;
	/** The callback of the write in flight, which a drop completes. */
	let pending: (() => void) | undefined;
	const drop = () => {
		gone = true;
		socket?.destroy();
		const done = pending;
		pending = undefined;
		done?.();
	};
	readerGone.then(drop, drop);

	const opened = new Promise<void>((resolve, reject) => {
		const attempt = () => {
			if (gone) return resolve();
			try {
				const fd = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
				socket = new Socket({fd, readable: false, writable: true});
				// EPIPE: the builder stopped reading; its exit code is the news.
				socket.on('error', drop);
				resolve();
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ENXIO') return reject(error);
				setTimeout(attempt, retryMs);
			}
		};
		attempt();
	});

	return new Writable({
		write(chunk: Buffer, _encoding, done) {
			opened.then(() => {
				if (gone || !socket) return done();
				pending = done;
				socket.write(chunk, () => {
					if (pending !== done) return;
					pending = undefined;
					done();
				});
			}, done);
		},
		final(done) {
			opened.then(() => {
				if (gone || !socket) return done();
				// No end(): shutdown(2) is for sockets. Closing the fd once the
				// last write is in the pipe is the reader's end of file.
				socket.write(Buffer.alloc(0), () => {
					socket!.destroy();
					done();
				});
			}, done);
		},
		destroy(error, done) {
			drop();
			done(error);
		},
	});
}
