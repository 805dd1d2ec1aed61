// Streams the OS image's root filesystem out of Docker as a tar, counting
// bytes on the way. The tar is never stored: it flows into the builder.
import {Transform, type Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {runLabels} from '../../core/cleanup.js';
import {formatBytes} from '../size.js';
import type {Stage, StageContext} from '../context.js';

export function exportRootfs(into: Writable): Stage {
	return {
		id: 'export',
		title: 'rootfs export',
		async run(context: StageContext) {
			const {docker, results, resources, signal, runId} = context;
			const image = results.osImage!;
			const container = await docker.createContainer({Image: image.tag, Cmd: ['/bin/true'], Labels: runLabels(runId)});
			resources.container(container.id);
			const started = Date.now();
			let bytes = 0;
			const counter = new Transform({
				transform(chunk: Buffer, _encoding, done) {
					bytes += chunk.length;
					context.progress('export', bytes);
					done(null, chunk);
				},
			});
			const stream = (await container.export()) as unknown as NodeJS.ReadableStream;
			await pipeline(stream, counter, into, {signal});
			context.progress('export', bytes, bytes);
			await resources.release(container.id);
			const seconds = Math.max((Date.now() - started) / 1000, 0.001);
			return `${formatBytes(bytes)} · ${formatBytes(bytes / seconds)}/s`;
		},
	};
}
