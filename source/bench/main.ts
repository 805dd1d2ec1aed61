// npm run bench: figures for kiln's pipeline, each next to a reference
// measured in the same run on the same machine.
import {mkdtemp, rm} from 'node:fs/promises';
import {loadavg, tmpdir} from 'node:os';
import path from 'node:path';
import {benchArches} from './arches.js';
import {benchDefaultVsClassic, benchExportAndAssembly} from './assembly.js';
import {benchQcow2AndSlim} from './classic-and-slim.js';
import {benchColdBuild} from './cold-build.js';
import {benchFirstFrame, benchTimeToLogin} from './startup-and-boot.js';

const runs = Number(process.env.KILN_BENCH_RUNS ?? 3);

function row(name: string, value: string, note = ''): void {
	console.log(`${name.padEnd(44)} ${value.padStart(12)}  ${note}`);
}

async function main(): Promise<void> {
	const dir = await mkdtemp(path.join(tmpdir(), 'kiln-bench-'));
	try {
		console.log(`kiln bench — ${runs} runs each, medians (KILN_BENCH_RUNS changes it; KILN_BENCH_BOOT=0 skips the boots; KILN_BENCH_ARCH=0 the other architecture, KILN_BENCH_ONLY=arch, =frame, =assembly or =login runs those rows alone); load average ${loadavg().map(load => load.toFixed(2)).join(' ')}\n`);
		// KILN_BENCH_ONLY=arch: the architectures' rows alone.
		if (process.env.KILN_BENCH_ONLY === 'arch') return await benchArches(dir, row, process.env.KILN_BENCH_BOOT !== '0');
		// KILN_BENCH_ONLY=frame: the first wizard frame beside its floors, no Docker needed.
		if (process.env.KILN_BENCH_ONLY === 'frame') return await benchFirstFrame(runs, row);
		// KILN_BENCH_ONLY=assembly: export + assembly and default vs classic alone.
		if (process.env.KILN_BENCH_ONLY === 'assembly') {
			await benchExportAndAssembly(dir, runs, row);
			await benchDefaultVsClassic(dir, runs, row);
			return;
		}
		// KILN_BENCH_ONLY=login: time to login per kernel x init and its reference, alone.
		if (process.env.KILN_BENCH_ONLY === 'login') return await benchTimeToLogin(dir, runs, row);
		// First, while nothing is cached; it leaves the default OS image built.
		await benchColdBuild(dir, row);
		console.log('');
		// The first build warms Docker's cache (OS image, builder image).
		await benchExportAndAssembly(dir, runs, row);
		const {bios, biosImage} = await benchDefaultVsClassic(dir, runs, row);
		await benchQcow2AndSlim(dir, bios, biosImage, row);
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
