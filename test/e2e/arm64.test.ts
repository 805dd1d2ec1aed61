// arm64 on this amd64 machine: the OS image is built under qemu-user
// emulation (binfmt_misc), the disk assembled by the host-native builder
// (GPT, ESP, EFI/BOOT/BOOTAA64.EFI), and the image booted by kiln's boot check
// in qemu-system-aarch64 (-M virt, TCG, AAVMF, ttyAMA0) to a root shell whose
// probe says aarch64, an ext4 root mounted read-write and the network up.
// Emulation is slow, so there are two cases and one OS image: the
// application image of the second is built FROM the first build's OS image
// (arm64, kernel already in), so its convert installs nothing new.
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import Docker from 'dockerode';
import {afterAll, describe, expect, it} from 'vitest';
import {contextTar} from '../../source/core/docker/context-tar.js';
import {eventsOf, kiln} from './helpers/cli.js';

const docker = new Docker({socketPath: '/var/run/docker.sock'});
const dir = mkdtempSync(path.join(tmpdir(), 'kiln-arm64-e2e-'));
const env = {KILN_STATE_DIR: path.join(dir, 'state'), KILN_CONFIG_DIR: path.join(dir, 'config')};
const appImage = `kiln-test/arm64-app:${Math.random().toString(36).slice(2, 8)}`;
// Emulated boots on a busy 2-core machine: minutes, not seconds.
const bootTimeout = ['--boot-check-timeout', '1200'];
const timeoutMs = 60 * 60_000;
let osImage: string | undefined;

afterAll(async () => {
	rmSync(dir, {recursive: true, force: true});
	await docker.getImage(appImage).remove({force: true}).catch(() => undefined);
});

describe('arm64 on an amd64 machine', () => {
	it('builds debian bookworm cloud systemd for arm64 and boots it in qemu-system-aarch64 to a root shell', async () => {
		const output = path.join(dir, 'debian-arm64.img');
		const result = await kiln(['build', '--arch', 'arm64', '--release', 'bookworm', '--kernel', 'cloud', '--init', 'systemd',
			'--root-password', 's3cret', '-o', output, '--boot-check', ...bootTimeout, '--json'], {env, timeoutMs});
		expect(result.exitCode, result.stderr.slice(-3000)).toBe(0);
		const [started] = eventsOf(result.events, 'run-started');
		expect(started?.plan).toMatchObject({baseImage: 'arm64v8/debian:bookworm', kernelPackages: ['linux-image-cloud-arm64'], choices: {arch: 'arm64', firmware: 'uefi'}});
		osImage = eventsOf(result.events, 'os-image')[0]?.tag;
		expect(osImage).toBeDefined();
		const inspected = await docker.getImage(osImage!).inspect();
		expect(inspected.Architecture).toBe('arm64');
		const [check] = eventsOf(result.events, 'boot-check');
		expect(check?.result, result.stderr.slice(-3000)).toMatchObject({
			ok: true,
			loggedIn: true,
			accel: 'tcg',
			image: {firmware: 'uefi'},
			probe: {machine: 'aarch64', rootFs: {type: 'ext4', mode: 'rw'}, network: {up: true}},
		});
		expect(check!.result.qemu).toMatch(/qemu-system-aarch64|QEMU/);
		expect(check!.result.accelReason).toMatch(/arm64 guest on an amd64 machine/);
	}, timeoutMs);

	it('converts an arm64 application image whose service prints its marker at boot', async () => {
		expect(osImage, 'the first case built the arm64 OS image').toBeDefined();
		const dockerfile = `FROM ${osImage}
RUN printf '#!/bin/sh\\necho "KILN-ARM64-APP machine=$(uname -m)"\\nexec sleep infinity\\n' > /usr/local/bin/app && chmod 755 /usr/local/bin/app
ENTRYPOINT ["/usr/local/bin/app"]
`;
		const stream = await docker.buildImage(Readable.from([contextTar([{name: 'Dockerfile', content: dockerfile, mode: 0o644}])]), {t: appImage, rm: true, forcerm: true, platform: 'linux/arm64'} as Docker.ImageBuildOptions);
		const built = await new Promise<Array<{error?: string}>>((resolve, reject) => docker.modem.followProgress(stream, (error, items) => (error ? reject(error) : resolve(items))));
		expect(built.find(item => item.error)).toBeUndefined();

		const output = path.join(dir, 'app-arm64.img');
		// No --arch: convert builds for the image's own architecture; naming another is refused before any work.
		const refused = await kiln(['convert', appImage, '--arch', 'amd64', '-o', output], {env});
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toContain(`--arch amd64 does not match ${appImage}, an image for arm64`);
		expect(existsSync(output)).toBe(false);
		const result = await kiln(['convert', appImage, '--root-password', 's3cret', '-o', output,
			'--boot-check', ...bootTimeout, '--expect-output', 'KILN-ARM64-APP machine=aarch64', '--json'], {env, timeoutMs});
		expect(result.exitCode, result.stderr.slice(-3000)).toBe(0);
		const [check] = eventsOf(result.events, 'boot-check');
		expect(check?.result).toMatchObject({ok: true, probe: {machine: 'aarch64'}});
		expect(check!.result.checks?.map(({name, ok}) => ({name, ok}))).toContainEqual({name: expect.stringMatching(/KILN-ARM64-APP/), ok: true});
	}, timeoutMs);
});
