// Rows for issue 7: the compressed qcow2 against the article's zlib
// conversion, and the slim default image against the classic configuration
// (the default assembly against the classic method is in assembly.ts).
import path from 'node:path';
import {measureBuild, type MeasuredBuild} from './build-run.js';
import {timeCompressions} from './qcow2-compression.js';

type Row = (name: string, value: string, note?: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number | undefined) => (bytes === undefined ? '…' : `${(bytes / 1e6).toFixed(0)} MB`);

export async function benchQcow2AndSlim(dir: string, bios: MeasuredBuild, raw: string, row: Row): Promise<void> {
	console.log(`\nCompressed qcow2 of the same ${mb(bios.artifact?.diskBytes)} raw image (one run each, same qemu-img):`);
	const timings = await timeCompressions(raw);
	for (const timing of timings) row(timing.name, seconds(timing.ms), `${mb(timing.diskBytes)} on disk`);
	row('ratio kiln / article zlib', `${(timings[0]!.ms / timings[1]!.ms).toFixed(2)}x`);

	const generic = await measureBuild(['--no-root-password', '--kernel', 'generic', '--keep-docs', '--firmware', 'bios', '--output', path.join(dir, 'generic.img')]);
	console.log('\nImage size: the slim default against the classic configuration (generic kernel, docs kept):');
	const sizes = (build: MeasuredBuild) => `rootfs; OS image ${mb(build.osImage?.sizeBytes)}; BIOS disk ${mb(build.artifact?.diskBytes)} on disk`;
	row('default: cloud kernel, slimmed', mb(bios.rootfsBytes), sizes(bios));
	row('classic: generic kernel, --keep-docs', mb(generic.rootfsBytes), sizes(generic));
	row('ratio default / classic configuration', `${((bios.rootfsBytes ?? 0) / (generic.rootfsBytes ?? 1)).toFixed(2)}x`, 'rootfs bytes');
}
