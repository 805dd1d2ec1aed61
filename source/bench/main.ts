// npm run bench: figures for kiln's pipeline, each next to a reference
// measured in the same run on the same machine.
import {mkdtemp, rm} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {formatBytes} from '../engine/size.js';
import {benchArches} from './arches.js';
import {measureBuild} from './build-run.js';
import {benchClassicAndSlim} from './classic-and-slim.js';
import {benchColdBuild} from './cold-build.js';
import {timeExportToFile} from './export-floor.js';
import {benchFirstFrame, benchTimeToLogin} from './startup-and-boot.js';

const runs = Number(process.env.KILN_BENCH_RUNS ?? 3);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function row(name: string, value: string, note = ''): void {
	console.log(`${name.padEnd(44)} ${value.padStart(12)}  ${note}`);
}

async function main(): Promise<void> {
	const dir = await mkdtemp(path.join(tmpdir(), 'kiln-bench-'));
	try {
		console.log(`kiln bench — ${runs} runs each, medians (KILN_BENCH_RUNS changes it; KILN_BENCH_BOOT=0 skips the boots; KILN_BENCH_ARCH=0 the other architecture, KILN_BENCH_ONLY=arch or =frame runs those rows alone); load average ${loadavg().map(load => load.toFixed(2)).join(' ')}\n`);
		// KILN_BENCH_ONLY=arch: the architectures' rows alone.
		if (process.env.KILN_BENCH_ONLY === 'arch') return await benchArches(dir, row, process.env.KILN_BENCH_BOOT !== '0');
		// KILN_BENCH_ONLY=frame: the first wizard frame beside its floors, no Docker needed.
		if (process.env.KILN_BENCH_ONLY === 'frame') return await benchFirstFrame(runs, row);
		// First, while nothing is cached; it leaves the default OS image built.
		await benchColdBuild(dir, row);
		console.log('');
		// The first build warms Docker's cache (OS image, builder image).
		const warm = await measureBuild(['--root-password', 'bench', '--output', path.join(dir, 'warm.img')]);
		const image = warm.osImage?.tag;
		if (!image) throw new Error('the warm-up build reported no OS image');
		const kiln: number[] = [];
		const floor: number[] = [];
		const peaks: number[] = [warm.peakBytes];
		let last = warm;
		for (let i = 0; i < runs; i++) {
			last = await measureBuild(['--root-password', 'bench', '--output', path.join(dir, `run-${i}.img`)]);
			kiln.push(last.exportAndAssembleMs);
			peaks.push(last.peakBytes);
			floor.push((await timeExportToFile(image, path.join(dir, 'rootfs.tar'))).ms);
			await rm(path.join(dir, `run-${i}.img`), {force: true});
		}
		console.log('Debian trixie, cloud kernel, systemd, hybrid (the default), raw:');
		row('rootfs export + disk assembly (kiln)', seconds(median(kiln)), 'export stream -> bootable raw image');
		row('floor: docker export to a file', seconds(median(floor)), 'same rootfs, same run');
		row('ratio kiln / floor', `${(median(kiln) / median(floor)).toFixed(2)}x`);
		row('ratio kiln / article pipeline (15 s)', `${(median(kiln) / 15_000).toFixed(2)}x`, 'export+extract+loop copy+extlinux, measured here with docker-to-linux');
		row('image bytes on disk', formatBytes(last.artifact?.diskBytes), `virtual ${formatBytes(last.artifact?.virtualBytes)}; the article's: 776 MiB (814 MB)`);
		row('kiln peak memory (RSS) during a build', formatBytes(Math.max(...peaks)), 'whole process, all stages');
		await benchClassicAndSlim(dir, runs, row);
		await benchFirstFrame(runs, row);
		// Nine builds, booted `runs` times each: KILN_BENCH_BOOT=0 leaves them out.
		if (process.env.KILN_BENCH_BOOT !== '0') await benchTimeToLogin(dir, runs, row);
		// One build (and boot) per architecture; the emulated one takes many minutes.
		if (process.env.KILN_BENCH_ARCH !== '0') await benchArches(dir, row, process.env.KILN_BENCH_BOOT !== '0');
	} finally {
		console.log(`\nload average at the end: ${loadavg().map(load => load.toFixed(2)).join(' ')}`);
		await rm(dir, {recursive: true, force: true});
	}
}

await main();
