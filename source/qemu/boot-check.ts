// kiln's proof that an image boots: start it headless in QEMU (guest writes
// discarded), read the serial console to the login prompt, and with a root
// password log in, probe the running system and power it off. Whatever
// happens — failure, timeout, abort — QEMU is stopped before this returns.
import type {Accel, BootCheckResult, Milestone, ProbeResult} from '../core/boot-check-result.js';
import {randomBytes} from 'node:crypto';
import {CancelledError} from '../core/errors.js';
import {type AccelChoice, chooseAccel} from './accel.js';
import {chooseFirmware, type FirmwareChoice} from './firmware.js';
import {GuestConsole} from './guest-console.js';
import {loginAndProbe} from './guest-session.js';
import {inspectImage} from './inspect-image.js';
import {BootWatch, type BootFailure} from './milestones.js';
import {qemuArgs} from './qemu-args.js';
import {selectToolbox} from './select-toolbox.js';
import {SerialLines} from './serial-lines.js';
import type {QemuExit} from './toolbox.js';

export interface BootCheckOptions {
	image: string;
	/** When given: log in as root, probe, power off. Typed into the guest only; never reported. */
	rootPassword?: string;
	/** Boot to the login prompt; default 180 s under TCG, 90 s under KVM. */
	timeoutSec?: number;
	accel?: AccelChoice;
	firmware?: FirmwareChoice;
	memoryMiB?: number;
	cpus?: number;
	signal?: AbortSignal;
	/** Every serial console line, cleaned and with the password masked. */
	onLine?: (line: string) => void;
	onMilestone?: (milestone: Milestone) => void;
	/** What happens around the guest: which QEMU and accelerator, and why. */
	onStatus?: (line: string) => void;
	env?: NodeJS.ProcessEnv;
	/** Labels a QEMU container (when the host has no QEMU) with the run. */
	runId?: string;
}

export const defaultTimeoutSec: Record<Accel, number> = {tcg: 180, kvm: 90};
const keptLines = 40;
/** Lines that follow a failure (a panic's trace) are worth keeping. */
const graceMs = 1500;

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms).unref());

export async function bootCheck(options: BootCheckOptions): Promise<BootCheckResult> {
	const started = Date.now();
	const {signal} = options;
	const env = options.env ?? process.env;
	const status = options.onStatus ?? (() => undefined);
	const runId = options.runId ?? `boot-check-${randomBytes(4).toString('hex')}`;

	const toolbox = await selectToolbox({env, signal, runId, log: status});
	const image = await inspectImage(options.image, toolbox);
	const firmware = chooseFirmware(options.firmware ?? 'auto', image, toolbox);
	const accel = await chooseAccel(options.accel ?? 'auto', toolbox, {env, signal});
	status(`booting ${image.path} (${image.format}, ${firmware.firmware.toUpperCase()}) headless with ${toolbox.description}; the guest's writes are discarded`);
	status(accel.reason);
	const timeoutSec = options.timeoutSec ?? defaultTimeoutSec[accel.accel];
	const result: BootCheckResult = {
		ok: false,
		image: {path: image.path, format: image.format, firmware: firmware.firmware},
		qemu: toolbox.description,
		accel: accel.accel,
		accelReason: accel.reason,
		timeoutSec,
		milestones: [],
		durationSec: 0,
		lastLines: [],
	};
	const lines = new SerialLines(options.rootPassword ? [options.rootPassword] : []);
	const finish = (failure?: BootFailure): BootCheckResult => {
		result.durationSec = Math.round((Date.now() - started) / 100) / 10;
		if (failure) {
			Object.assign(result, {ok: false, code: failure.code, reason: lines.redact(failure.reason), line: failure.line && lines.redact(failure.line)});
		}
		return result;
	};
	if (firmware.unbootable) return finish({code: 'no-bootloader', reason: firmware.unbootable});
	signal?.throwIfAborted();

	// Session limits follow the accelerator through the timeout's scale.
	const scale = Math.max(0.5, timeoutSec / defaultTimeoutSec.tcg);
	const watch = new BootWatch({timeoutSec, bootloaderSilenceSec: timeoutSec / 6, silenceSec: timeoutSec / 2});
	result.milestones = watch.milestones;
	const args = qemuArgs({
		name: `kiln-boot-check-${process.pid}-${randomBytes(3).toString('hex')}`,
		image: {path: image.path, format: image.format},
		accel: accel.accel,
		firmware: firmware.firmware,
		ovmf: firmware.ovmf,
		memoryMiB: options.memoryMiB ?? 1024,
		cpus: options.cpus ?? 2,
		network: 'user',
		forwards: [],
		forwardAddress: toolbox.forwardAddress,
		console: 'pipe',
		snapshot: true,
	});
	const mounts = [{path: image.path, writable: false}];
	const bootStarted = Date.now();
	const atSec = () => (Date.now() - bootStarted) / 1000;
	const qemu = await toolbox.start(args, {mounts, kvm: accel.accel === 'kvm', ports: [], network: true, signal});
	const guest = new GuestConsole(qemu.input);
	let exit: QemuExit | undefined;
	void qemu.exited.then(value => {
		exit = value;
	});

	try {
		// Wakes the boot phase whenever something it waits for may have happened.
		let wake = () => {};
		const changed = () => wake();
		let partial = '';
		qemu.output.on('data', (chunk: Buffer) => {
			// The guest console reads what the guest sent; everything reported is masked.
			for (const line of lines.push(chunk)) {
				const shown = lines.redact(line);
				result.lastLines.push(shown);
				if (result.lastLines.length > keptLines) result.lastLines.shift();
				options.onLine?.(shown);
				const milestone = watch.line(shown, atSec());
				if (milestone) options.onMilestone?.(milestone);
				guest.see(line, false);
			}
			if (lines.partial() !== partial) {
				partial = lines.partial();
				const milestone = watch.partial(lines.redact(partial), atSec());
				if (milestone) options.onMilestone?.(milestone);
				guest.see(partial, true);
			}
			changed();
		});
		void qemu.exited.then(changed);
		signal?.addEventListener('abort', changed, {once: true});
		const ticker = setInterval(changed, 250);
		try {
			while (!watch.reached('login') && !watch.tick(atSec()) && !exit && !signal?.aborted) {
				await new Promise<void>(resolve => {
					wake = resolve;
				});
			}
		} finally {
			clearInterval(ticker);
			signal?.removeEventListener('abort', changed);
		}
		if (signal?.aborted) throw new CancelledError();

		if (!watch.reached('login')) {
			if (!exit) await Promise.race([sleep(graceMs), qemu.exited]);
			return finish(watch.verdict ?? exitedEarly(exit, 'before the login prompt'));
		}
		result.timeToLoginSec = watch.milestones.at(-1)!.atSec;
		if (!options.rootPassword) {
			result.ok = true;
			return finish();
		}

		// A guest that dies mid-session ends the session too.
		const sessionEnd = new AbortController();
		const endSession = () => sessionEnd.abort();
		signal?.addEventListener('abort', endSession, {once: true});
		void qemu.exited.then(endSession);
		const session = await loginAndProbe(guest, options.rootPassword, {loginSec: 60 * scale, probeSec: 90 * scale}, sessionEnd.signal);
		signal?.removeEventListener('abort', endSession);
		if (signal?.aborted) throw new CancelledError();
		if (exit) return finish(exitedEarly(exit, 'while logging in and probing'));
		result.loggedIn = session.loggedIn;
		result.probe = session.probe && redactProbe(session.probe, text => lines.redact(text));
		if (session.failure) return finish(session.failure);
		guest.type('poweroff');
		const off = await Promise.race([qemu.exited, sleep(60_000 * scale)]);
		result.poweredOff = off?.code === 0;
		result.ok = true;
		return finish();
	} finally {
		result.lastLines.push(...lines.end().map(line => lines.redact(line)));
		result.lastLines.splice(0, result.lastLines.length - keptLines);
		await qemu.stop();
	}
}

function redactProbe(probe: ProbeResult, redact: (text: string) => string): ProbeResult {
	return JSON.parse(JSON.stringify(probe), (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value)) as ProbeResult;
}

function exitedEarly(exit: QemuExit | undefined, when: string): BootFailure {
	if (exit?.code === 0) return {code: 'qemu-failed', reason: `the machine powered off or rebooted ${when}`};
	const said = exit?.stderr.split('\n').map(line => line.trim()).filter(Boolean).at(-1);
	return {code: 'qemu-failed', reason: `QEMU exited with code ${exit?.code ?? 'unknown'} ${when}${said ? `: ${said}` : ''}`, line: said};
}
