// Rows for issue 7: kiln's default assembly against the article's classic
// method on the same rootfs, the compressed qcow2 against the article's zlib
// conversion, and the slim default image against the classic configuration.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {measureBuild, type MeasuredBuild} from './build-run.js';
import {timeCompressions} from './qcow2-compression.js';

type Row = (name: string, value: string, note?: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number | undefined) => (bytes === undefined ? '…' : `${(bytes / 1e6).toFixed(0)} MB`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Builds without a password, so every build reuses one OS image: the same rootfs. */
async function repeat(dir: string, name: string, args: string[], runs: number): Promise<{ms: number; last: MeasuredBuild}> {
	const times: number[] = [];
	let last: MeasuredBuild | undefined;
	for (let i = 0; i < runs; i++) {
		const output = path.join(dir, `${name}-${i}.img`);
		last = await measureBuild(['--no-root-password', ...args, '--output', output]);
		times.push(last.exportAndAssembleMs);
		if (i < runs - 1) await rm(output, {force: true});
	}
	return {ms: median(times), last: last!};
}

export async function benchClassicAndSlim(dir: string, runs: number, row: Row): Promise<void> {
	const kiln = await repeat(dir, 'default', [], runs);
	const bios = await repeat(dir, 'bios', ['--firmware', 'bios'], runs);
	const classic = await repeat(dir, 'classic', ['--bootloader', 'extlinux'], runs);
	if (kiln.last.osImage?.id !== classic.last.osImage?.id) throw new Error('the default and classic builds used different OS images');
	console.log('\nDefault assembly vs the article\'s classic method (same OS image, export + assembly):');
	row('kiln default (hybrid, unprivileged)', seconds(kiln.ms), `${mb(kiln.last.artifact?.diskBytes)} on disk, ${mb(kiln.last.artifact?.virtualBytes)} virtual`);
	row('kiln --firmware bios (unprivileged)', seconds(bios.ms), `${mb(bios.last.artifact?.diskBytes)} on disk, ${mb(bios.last.artifact?.virtualBytes)} virtual`);
	row('classic: loop mount + tar + extlinux', seconds(classic.ms), `${mb(classic.last.artifact?.diskBytes)} on disk, ${mb(classic.last.artifact?.virtualBytes)} virtual`);
	row('ratio kiln default / classic', `${(kiln.ms / classic.ms).toFixed(2)}x`);

	const raw = path.join(dir, `bios-${runs - 1}.img`);
	console.log(`\nCompressed qcow2 of the same ${mb(bios.last.artifact?.diskBytes)} raw image (one run each, same qemu-img):`);
	const timings = await timeCompressions(raw);
	for (const timing of timings) row(timing.name, seconds(timing.ms), `${mb(timing.diskBytes)} on disk`);
	row('ratio kiln / article zlib', `${(timings[0]!.ms / timings[1]!.ms).toFixed(2)}x`);

	const generic = await measureBuild(['--no-root-password', '--kernel', 'generic', '--keep-docs', '--firmware', 'bios', '--output', path.join(dir, 'generic.img')]);
	console.log('\nImage size: the slim default against the classic configuration (generic kernel, docs kept):');
	const sizes = (build: MeasuredBuild) => `rootfs; OS image ${mb(build.osImage?.sizeBytes)}; BIOS disk ${mb(build.artifact?.diskBytes)} on disk`;
	row('default: cloud kernel, slimmed', mb(bios.last.rootfsBytes), sizes(bios.last));
	row('classic: generic kernel, --keep-docs', mb(generic.rootfsBytes), sizes(generic));
	row('ratio default / classic configuration', `${((bios.last.rootfsBytes ?? 0) / (generic.rootfsBytes ?? 1)).toFixed(2)}x`, 'rootfs bytes');
}
