// kiln's compressed qcow2 (zstd, 4 coroutines, in-order writes) against
// the article's `qemu-img convert -c` (zlib) on the same raw image, both run
// by the same qemu-img in kiln's builder image, so only the options differ.
import {rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';
import {dockerClient} from '../core/docker/connect.js';
import {ensureBuilderImage} from '../engine/docker/builder-image.js';

export interface ConvertTiming {
	name: string;
	options: string[];
	ms: number;
	diskBytes: number;
}

export const compressions = [
	{name: 'kiln: zstd, -m 4', options: ['-m', '4', '-o', 'compression_type=zstd']},
	{name: "article: zlib (qemu-img convert -c)", options: []},
	{name: 'zlib, one coroutine (-m 1)', options: ['-m', '1']},
];

export async function timeCompressions(raw: string): Promise<ConvertTiming[]> {
	const builder = await ensureBuilderImage(await dockerClient(), AbortSignal.timeout(30 * 60_000), () => undefined);
	const folder = path.dirname(raw);
	const timings: ConvertTiming[] = [];
	for (const {name, options} of compressions) {
		const out = path.join(folder, 'bench-compressed.qcow2');
		const started = Date.now();
		await execa('docker', [
			'run', '--rm', '--network', 'none', '--cap-drop', 'ALL', '-u', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`,
			'-v', `${folder}:/w`, '--entrypoint', 'qemu-img', builder,
			'convert', '-c', ...options, '-O', 'qcow2', `/w/${path.basename(raw)}`, '/w/bench-compressed.qcow2',
		]);
		const ms = Date.now() - started;
		timings.push({name, options, ms, diskBytes: (await stat(out)).blocks * 512});
		await rm(out, {force: true});
	}
	return timings;
}
