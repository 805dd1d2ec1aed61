// Rows for disk assembly (issue 13, part 5): rootfs export + assembly against
// the floor of exporting the same rootfs to a file, where the time goes
// (each assembly sub-step), and kiln's default assembly against the classic
// loop-mount method on one OS image. Runs of the things compared alternate,
// so a change in the machine's load falls on both alike.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {formatBytes} from '../engine/size.js';
import type {SubStepId} from '../core/events.js';
import {measureBuild, type MeasuredBuild} from './build-run.js';
import {timeExportToFile} from './export-floor.js';

type Row = (name: string, value: string, note?: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number | undefined) => (bytes === undefined ? '…' : `${(bytes / 1e6).toFixed(0)} MB`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type Notes = Record<Exclude<SubStepId, 'convert'>, string>;
const defaultNotes: Notes = {
	partition: 'sfdisk on a sparse file; the GRUB images start in the background',
	filesystem: 'mke2fs -d reading the stream, then one debugfs run',
	bootloader: 'waits for the GRUB images, writes them and the ESP',
};
const classicNotes: Notes = {
	partition: 'dd of zeros over the whole disk, sfdisk',
	filesystem: 'mkfs.ext4 on a loop device, mount, tar -x reading the stream',
	bootloader: 'extlinux --install, syslinux.cfg, unmount',
};

function subStepRows(builds: MeasuredBuild[], row: Row, notes: Notes): void {
	const of = (pick: (build: MeasuredBuild) => number | undefined) => seconds(median(builds.map(build => pick(build) ?? 0)));
	row('  builder start (before the export)', of(build => build.builderStartMs), 'builder image check, container create and start; not in the total');
	row('  export stream (export stage)', of(build => build.stageMs.export), 'the tar flowing into the builder, to its last byte');
	for (const [id, note] of Object.entries(notes) as Array<[keyof Notes, string]>) row(`  ${id}`, of(build => build.substepMs[id]), note);
	row('  after the last export byte', of(build => build.afterExportMs), 'what the total adds to the export');
	row('  write-out (SHA-256 + rename)', of(build => build.stageMs.write), 'after the total: hashes every byte of the disk');
}

/** The warm-up build, then `runs` builds, each followed by the floor. */
export async function benchExportAndAssembly(dir: string, runs: number, row: Row): Promise<void> {
	const warm = await measureBuild(['--root-password', 'bench', '--output', path.join(dir, 'warm.img')]);
	await rm(path.join(dir, 'warm.img'), {force: true});
	const image = warm.osImage?.tag;
	if (!image) throw new Error('the warm-up build reported no OS image');
	const builds: MeasuredBuild[] = [];
	const floor: number[] = [];
	for (let i = 0; i < runs; i++) {
		builds.push(await measureBuild(['--root-password', 'bench', '--output', path.join(dir, `run-${i}.img`)]));
		floor.push((await timeExportToFile(image, path.join(dir, 'rootfs.tar'))).ms);
		await rm(path.join(dir, `run-${i}.img`), {force: true});
	}
	const kiln = builds.map(build => build.exportAndAssembleMs);
	const last = builds.at(-1)!;
	console.log('Debian trixie, cloud kernel, systemd, hybrid (the default), raw:');
	row('rootfs export + disk assembly (kiln)', seconds(median(kiln)), 'export stream -> bootable raw image');
	subStepRows(builds, row, defaultNotes);
	row('floor: docker export to a file', seconds(median(floor)), 'same rootfs, same run');
	row('ratio kiln / floor', `${(median(kiln) / median(floor)).toFixed(2)}x`);
	row('ratio kiln / article pipeline (15 s)', `${(median(kiln) / 15_000).toFixed(2)}x`, 'export+extract+loop copy+extlinux, measured here with docker-to-linux');
	row('image bytes on disk', formatBytes(last.artifact?.diskBytes), `virtual ${formatBytes(last.artifact?.virtualBytes)}; the article's: 776 MiB (814 MB)`);
	row('kiln peak memory (RSS) during a build', formatBytes(Math.max(warm.peakBytes, ...builds.map(build => build.peakBytes))), 'whole process, all stages');
}

/**
 * Default (hybrid), --firmware bios and the classic method, in turns, without
 * a password so all three use one OS image. Returns the last BIOS build, left
 * on disk for the qcow2 rows.
 */
export async function benchDefaultVsClassic(dir: string, runs: number, row: Row): Promise<{bios: MeasuredBuild; biosImage: string}> {
	const kinds = {default: [] as string[], bios: ['--firmware', 'bios'], classic: ['--bootloader', 'extlinux']};
	const builds: Record<keyof typeof kinds, MeasuredBuild[]> = {default: [], bios: [], classic: []};
	for (let i = 0; i < runs; i++) {
		for (const [kind, args] of Object.entries(kinds) as Array<[keyof typeof kinds, string[]]>) {
			const output = path.join(dir, `${kind}-${i}.img`);
			builds[kind].push(await measureBuild(['--no-root-password', ...args, '--output', output]));
			if (!(kind === 'bios' && i === runs - 1)) await rm(output, {force: true});
		}
	}
	const [kiln, bios, classic] = [builds.default, builds.bios, builds.classic].map(list => ({ms: median(list.map(build => build.exportAndAssembleMs)), last: list.at(-1)!}));
	if (kiln!.last.osImage?.id !== classic!.last.osImage?.id) throw new Error('the default and classic builds used different OS images');
	const disk = (build: MeasuredBuild) => `${mb(build.artifact?.diskBytes)} on disk, ${mb(build.artifact?.virtualBytes)} virtual`;
	console.log('\nDefault assembly vs the article\'s classic method (same OS image, export + assembly, runs in turns):');
	row('kiln default (hybrid, unprivileged)', seconds(kiln!.ms), disk(kiln!.last));
	subStepRows(builds.default, row, defaultNotes);
	row('kiln --firmware bios (unprivileged)', seconds(bios!.ms), disk(bios!.last));
	row('classic: loop mount + tar + extlinux', seconds(classic!.ms), disk(classic!.last));
	subStepRows(builds.classic, row, classicNotes);
	row('ratio kiln default / classic', `${(kiln!.ms / classic!.ms).toFixed(2)}x`);
	return {bios: bios!.last, biosImage: path.join(dir, `bios-${runs - 1}.img`)};
}
