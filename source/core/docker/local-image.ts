// Builds one of kiln's own helper images (the disk builder, QEMU for hosts
// without it) from an in-memory context, logging the build as it goes.
import {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {type BuildMessage, BuildStreamParser} from './build-progress.js';
import {untilEnd} from './history.js';
import {onJsonLines} from './json-lines.js';

/** Resolves to the build's error message (undefined on success) and its last log lines. */
export async function buildLocalImage(docker: Docker, context: Buffer, tag: string, signal: AbortSignal, log: (line: string) => void): Promise<{failure?: string; tail: string[]}> {
	const stream = await docker.buildImage(Readable.from([context]), {t: tag, rm: true, forcerm: true});
	const parser = new BuildStreamParser();
	const tail: string[] = [];
	let failure: string | undefined;
	onJsonLines<BuildMessage>(stream, message => {
		for (const item of parser.feed(message)) {
			if (item.kind === 'error') failure ??= item.message;
			if (item.kind === 'log' || item.kind === 'step') {
				const line = item.kind === 'log' ? item.line : `Step ${item.index}/${item.count} : ${item.instruction}`;
				log(line);
				tail.push(line);
				tail.splice(0, tail.length - 20);
			}
		}
	});
	await untilEnd(stream, signal);
	return {failure, tail};
}
