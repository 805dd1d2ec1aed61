// Text out of byte streams, one chunk at a time. A chunk boundary can fall
// inside a multi-byte UTF-8 character; decoding each chunk on its own would
// turn both halves into U+FFFD, so every reader of a stream as text (Docker's
// JSON lines, builder logs, the serial console, a password typed in raw mode)
// decodes through one streaming decoder here.

/** Decodes a byte stream's chunks in order, holding back a character cut in two. */
export class Utf8Chunks {
	private readonly decoder = new TextDecoder('utf-8');

	write(chunk: Uint8Array | string): string {
		return typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, {stream: true});
	}

	/** At the stream's end: a U+FFFD for a character it was cut inside of, else nothing. */
	end(): string {
		return this.decoder.decode();
	}
}

export interface LineSplitterOptions {
	/** What ends a line; CRLF and LF by default. */
	separator?: RegExp;
	/** A longer unterminated tail is given out as a line, so memory stays bounded. */
	maxLength?: number;
}

export class LineSplitter {
	private readonly text = new Utf8Chunks();
	private readonly separator: RegExp;
	private readonly maxLength: number;
	private pending = '';

	constructor({separator = /\r?\n/, maxLength = Number.POSITIVE_INFINITY}: LineSplitterOptions = {}) {
		this.separator = separator;
		this.maxLength = maxLength;
	}

	/** The lines this chunk completes, without their line ends. */
	push(chunk: Uint8Array | string): string[] {
		this.pending += this.text.write(chunk);
		const lines = this.pending.split(this.separator);
		this.pending = lines.pop() ?? '';
		if (this.pending.length > this.maxLength) {
			lines.push(this.pending);
			this.pending = '';
		}
		return lines;
	}

	/** The unterminated tail so far (a prompt, say). */
	partial(): string {
		return this.pending;
	}

	/** The tail left when the stream ends: one line, or none if it was empty. */
	end(): string[] {
		const last = this.pending + this.text.end();
		this.pending = '';
		return last === '' ? [] : [last];
	}
}

/** Calls `onLine` for each line of a stream, the unterminated last one included. */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
	const splitter = new LineSplitter();
	stream.on('data', (chunk: Uint8Array | string) => splitter.push(chunk).forEach(line => onLine(line)));
	stream.on('end', () => splitter.end().forEach(line => onLine(line)));
}
