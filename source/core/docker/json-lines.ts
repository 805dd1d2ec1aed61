import {onLines} from '../lines.js';

/** Calls `onMessage` for each JSON object in a stream of newline-separated JSON (Docker's progress format). */
export function onJsonLines<T>(stream: NodeJS.ReadableStream, onMessage: (message: T) => void): void {
	onLines(stream, line => parseLine(line, onMessage));
}

function parseLine<T>(line: string, onMessage: (message: T) => void): void {
	if (line.trim() === '') return;
	try {
		onMessage(JSON.parse(line) as T);
	} catch {
		// Docker only sends JSON here; a torn line is not worth failing a build for.
	}
}
