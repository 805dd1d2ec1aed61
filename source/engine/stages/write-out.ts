// Moves the finished image to --output in one rename, so the output path
// never holds a partial image, then measures and fingerprints it.
import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {rename, stat} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import {formatBytes} from '../size.js';
import type {Stage} from '../context.js';

export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
	const hash = createHash('sha256');
	await pipeline(createReadStream(file, {highWaterMark: 256 * 1024}), hash, {signal});
	return hash.digest('hex');
}

export const writeOut: Stage = {
	id: 'write',
	title: 'write-out',
	async run({plan, results, resources, signal, emit}) {
		const temp = results.tempOutput!;
		const sha256 = await sha256File(temp, signal);
		signal.throwIfAborted();
		await rename(temp, plan.outputPath);
		resources.keep(temp);
		const info = await stat(plan.outputPath);
		const diskBytes = info.blocks * 512;
		const virtualBytes = results.diskBytes ?? info.size;
		emit({type: 'artifact', path: plan.outputPath, format: plan.choices.format, virtualBytes, diskBytes, sha256});
		return `${plan.outputPath} · ${formatBytes(virtualBytes)} virtual · ${formatBytes(diskBytes)} on disk`;
	},
};
