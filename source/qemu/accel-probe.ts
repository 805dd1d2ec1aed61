// Boots the probe sector under KVM for a few seconds and reads COM1.
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {probeBootSector, probeDoneMarker} from './accel-probe-payload.js';
import type {AccelDecision} from './accel-decision.js';
import {optionValue} from './qemu-args.js';
import type {Toolbox} from './toolbox.js';

/** Working KVM finishes in well under a second; allow for QEMU's start on a busy machine. */
const probeSec = 8;

export async function probeKvm(toolbox: Toolbox, signal?: AbortSignal): Promise<AccelDecision> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-accel-probe-'));
	try {
		const sector = path.join(dir, 'probe.img');
		await writeFile(sector, probeBootSector);
		const started = Date.now();
		const qemu = await toolbox.start([
			'-name', `kiln-accel-probe-${process.pid}`,
			'-accel', 'kvm', '-m', '64',
			'-drive', `file=${optionValue(sector)},format=raw,if=ide,snapshot=on`,
			'-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-no-reboot',
			'-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04',
		], {arch: 'amd64', mounts: [{path: dir, writable: false}], kvm: true, ports: [], network: false, signal});
		let seen = '';
		const done = new Promise<boolean>(resolve => {
			qemu.output.on('data', (chunk: Buffer) => {
				seen = (seen + chunk.toString('latin1')).slice(-4096);
				if (seen.includes(probeDoneMarker)) resolve(true);
			});
			void qemu.exited.then(() => resolve(seen.includes(probeDoneMarker)));
			setTimeout(() => resolve(false), probeSec * 1000).unref();
			signal?.addEventListener('abort', () => resolve(false), {once: true});
		});
		const passed = await done;
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		await qemu.stop();
		signal?.throwIfAborted();
		if (passed) return {accel: 'kvm', reason: `KVM: a test boot ran real mode to long mode in ${seconds} s`};
		const {stderr} = await qemu.exited;
		const failure = /(KVM internal error|kvm.*(fail|error))[^\n]*/i.exec(stderr)?.[0];
		return {
			accel: 'tcg',
			reason: failure
				? `TCG: KVM failed a test boot (${failure.trim()})`
				: `TCG: /dev/kvm exists, but a test boot made no progress under KVM in ${probeSec} s (bootloader-style real-mode and unpaged code hangs there)`,
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
