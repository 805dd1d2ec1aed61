// kiln's proof that an image boots, once its machine is prepared: start it
// headless (guest writes discarded), read the serial console to the login
// prompt, and with a root password log in, probe the running system and
// power it off. Whatever happens (failure, timeout, abort) QEMU is stopped
// before this returns.
import type {Accel, BootCheckResult, CheckResult, Milestone, ProbeResult} from '../core/boot-check-result.js';
import {CancelledError} from '../core/errors.js';
import {runGuestChecks} from './guest-checks.js';
import {GuestConsole} from './guest-console.js';
import {loginAndProbe} from './guest-session.js';
import type {PreparedMachine} from './machine.js';
import {BootWatch, type BootFailure} from './milestones.js';
import {SerialLines} from './serial-lines.js';
import {type QemuExit, qemuName} from './toolbox.js';

export interface WatchOptions {
	/** When given: log in as root, probe, power off. Typed into the guest only; never reported. */
	rootPassword?: string;
	/** Boot to the login prompt; default 180 s under TCG, 90 s under KVM. */
	timeoutSec?: number;
	signal?: AbortSignal;
	/** When the check began (before the machine was prepared), for its duration. */
	startedAt?: number;
	/** Every serial console line, cleaned and with the password masked. */
	onLine?: (line: string) => void;
	onMilestone?: (milestone: Milestone) => void;
	/** --expect-port: TCP ports that must accept inside the guest (needs the root password). */
	expectPorts?: number[];
	/** --expect-output: a console line that must appear. */
	expectOutput?: RegExp;
	/** Run what a converted image recorded (EXPOSE, HEALTHCHECK); default true. Needs the root password. */
	imageChecks?: boolean;
	/** Each check as it finishes. */
	onCheck?: (check: CheckResult) => void;
}

export const defaultTimeoutSec: Record<Accel, number> = {tcg: 180, kvm: 90};
const keptLines = 40;
/** Lines that follow a failure (a panic's trace) are worth keeping. */
const graceMs = 1500;

const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms).unref());

/** Boots a prepared (check) machine and watches it to the login, and with a password through a root session. */
export async function watchBoot(machine: PreparedMachine, options: WatchOptions): Promise<BootCheckResult> {
	const started = options.startedAt ?? Date.now();
	const {signal} = options;
	const {toolbox, image, firmware, accel} = machine;
	const timeoutSec = options.timeoutSec ?? defaultTimeoutSec[accel.accel];
	const result: BootCheckResult = {
		ok: false,
		image: {path: image.path, format: image.format, firmware: firmware.firmware},
		qemu: qemuName(toolbox, image.arch),
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
	const bootStarted = Date.now();
	const atSec = () => (Date.now() - bootStarted) / 1000;
	// --expect-output is watched on every console line from the first one on.
	let outputSeen: {atSec: number; line: string} | undefined;
	let onOutputSeen = () => {};
	const watchOutput = (shown: string) => {
		if (outputSeen || !options.expectOutput || /kiln-(probe|check)[:;]/.test(shown) || !options.expectOutput.test(shown)) return;
		outputSeen = {atSec: atSec(), line: shown};
		onOutputSeen();
	};
	const qemu = await toolbox.start(machine.args, {...machine.start, signal});
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
				watchOutput(shown);
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
		const checks: CheckResult[] = [];
		const record = (check: CheckResult) => {
			checks.push(check);
			result.checks = checks;
			options.onCheck?.(check);
		};
		const tenths = (sec: number) => Math.round(sec * 10) / 10;
		/** Waits (up to a minute, scaled) for --expect-output, then judges every check. */
		const judge = async (): Promise<BootFailure | undefined> => {
			const expected = options.expectOutput;
			if (expected) {
				const waitStarted = atSec();
				if (!outputSeen && !exit && !signal?.aborted) {
					await Promise.race([new Promise<void>(resolve => {
						onOutputSeen = resolve;
					}), sleep(60_000 * scale), qemu.exited]);
				}
				if (signal?.aborted) throw new CancelledError();
				const name = `output /${expected.source}/`;
				record(outputSeen
					? {name, source: 'flag', ok: true, atSec: tenths(outputSeen.atSec), durationSec: tenths(outputSeen.atSec), detail: outputSeen.line}
					: {name, source: 'flag', ok: false, atSec: tenths(atSec()), durationSec: tenths(atSec() - waitStarted), detail: `no console line matched within ${Math.round(atSec())} s of the boot`});
			}
			const failed = checks.filter(check => !check.ok);
			if (failed.length === 0) return undefined;
			return {code: 'check-failed', reason: `${failed.length === 1 ? 'a check' : `${failed.length} checks`} failed: ${failed.map(check => `${check.name} (${check.detail})`).join('; ')}`};
		};
		if (!options.rootPassword) {
			const failure = await judge();
			if (failure) return finish(failure);
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
		signal?.addEventListener('abort', endSession, {once: true});
		const guestChecks = await runGuestChecks(guest, {ports: options.expectPorts ?? [], imageChecks: options.imageChecks ?? true}, {portSec: 60 * scale, commandSec: 30 * scale}, atSec, sessionEnd.signal);
		for (const check of guestChecks) record(check);
		signal?.removeEventListener('abort', endSession);
		if (signal?.aborted) throw new CancelledError();
		if (exit) return finish(exitedEarly(exit, 'while checking the app'));
		const failure = await judge();
		if (failure) {
			guest.type('poweroff');
			await Promise.race([qemu.exited, sleep(30_000 * scale)]);
			return finish(failure);
		}
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
