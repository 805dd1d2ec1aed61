// Rows for each target architecture on this machine: build time (the OS
// image built natively, or under qemu-user emulation) and time to login
// (KVM-less TCG for both, so the figures compare; arm64 on an amd64 host is
// emulated whole). The build's OS image is removed after, so each bench
// run measures a build without Docker's layer cache.
import {rm} from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import {type Arch, arches, hostArch} from '../core/arch.js';
import {dockerClient} from '../core/docker/connect.js';
import {measureBuild} from './build-run.js';
import {measureTimeToLogin} from './time-to-login.js';

type Row = (name: string, value: string, note?: string) => void;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function benchArches(dir: string, row: Row, boot: boolean): Promise<void> {
	const docker: Docker = await dockerClient();
	const figures: Array<{arch: Arch; buildMs: number; cached: boolean; loginSec?: number}> = [];
	for (const arch of arches) {
		const image = path.join(dir, `arch-${arch}.img`);
		const build = await measureBuild(['--arch', arch, '--release', 'bookworm', '--firmware', 'uefi', '--no-root-password', '--output', image]);
		const loginSec = boot ? await measureTimeToLogin(image, {timeoutSec: 1800}) : undefined;
		figures.push({arch, buildMs: build.wallMs, cached: build.cachedSteps > 0, loginSec});
		await rm(image, {force: true});
		if (build.osImage) await docker.getImage(build.osImage.tag).remove().catch(() => undefined);
	}
	console.log(`\nArchitectures on this ${hostArch()} machine (bookworm, cloud kernel, systemd, UEFI, raw; TCG boots):`);
	for (const {arch, buildMs, cached, loginSec} of figures) {
		const how = arch === hostArch() ? 'native' : 'OS image under qemu-user';
		row(`${arch}: build`, seconds(buildMs), `${how}${cached ? '; some steps from Docker\'s cache' : ''}`);
		if (loginSec !== undefined) row(`${arch}: time to login: prompt`, `${loginSec.toFixed(1)} s`, arch === hostArch() ? '' : 'whole machine emulated (qemu-system-aarch64 -M virt)');
	}
	const [native, other] = [figures.find(item => item.arch === hostArch()), figures.find(item => item.arch !== hostArch())];
	if (native && other) {
		row(`ratio ${other.arch} / ${native.arch} build`, `${(other.buildMs / native.buildMs).toFixed(2)}x`);
		if (native.loginSec && other.loginSec) row(`ratio ${other.arch} / ${native.arch} time to login`, `${(other.loginSec / native.loginSec).toFixed(2)}x`);
	}
}
