// A boot check as an event stream, like a build: the machine is prepared the
// same way `kiln boot` prepares it, then watched to the login (and through a
// root session with a password). `kiln boot-check`'s reporters, the result
// screen and the build's boot-check stage all consume this one stream.
import {createWriteStream} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import type {BootCheckResult} from '../core/boot-check-result.js';
import {Channel} from '../core/channel.js';
import {CancelledError} from '../core/errors.js';
import type {BootCheckEvent} from '../core/events.js';
import type {AccelChoice} from '../qemu/accel.js';
import type {FirmwareChoice} from '../qemu/firmware.js';
import {qemuName} from '../qemu/toolbox.js';
import {watchBoot} from '../qemu/watch-boot.js';
import type {Io} from './io.js';
import {logDirectory} from '../core/paths.js';
import {prepareMachine} from './prepare-machine.js';
import {cancelOnSignals} from './signals.js';

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
	env?: NodeJS.ProcessEnv;
	/** Labels a QEMU container (when the host has no QEMU) with the run. */
	runId?: string;
	/** --expect-port, --expect-output, and whether to run a converted image's own checks (default yes). */
	expectPorts?: number[];
	expectOutput?: RegExp;
	imageChecks?: boolean;
	/** Keep the guest's writes in the image (tests that boot it twice); by default they are discarded. */
	keepWrites?: boolean;
}

/** The check's events; the last is `boot-result`. Throws on bad input (KilnError) or when cancelled. */
export async function* bootCheckEvents(options: BootCheckOptions): AsyncGenerator<BootCheckEvent, void> {
	const channel = new Channel<BootCheckEvent>();
	const checked = check(options, event => channel.push(event)).finally(() => channel.close());
	// Its failure is raised below, once the events before it are out.
	checked.catch(() => undefined);
	yield* channel;
	yield {type: 'boot-result', result: await checked};
}

async function check(options: BootCheckOptions, emit: (event: BootCheckEvent) => void): Promise<BootCheckResult> {
	const startedAt = Date.now();
	const status = (line: string) => emit({type: 'boot-status', line});
	const machine = await prepareMachine({...options, use: 'check', onStatus: status});
	const {image, firmware, toolbox, accel} = machine;
	status(`booting ${image.path} (${image.format}, ${firmware.firmware.toUpperCase()}) headless with ${qemuName(toolbox, image.arch)}; ${options.keepWrites ? "the guest's writes are kept" : "the guest's writes are discarded"}`);
	status(accel.reason);
	const watch = () => watchBoot(machine, {
		rootPassword: options.rootPassword,
		timeoutSec: options.timeoutSec,
		signal: options.signal,
		startedAt,
		onLine: line => emit({type: 'boot-serial', line}),
		onMilestone: milestone => emit({type: 'boot-milestone', milestone}),
		expectPorts: options.expectPorts,
		expectOutput: options.expectOutput,
		imageChecks: options.imageChecks,
		onCheck: check => emit({type: 'boot-app-check', check}),
	});
	const first = await watch();
	if (!hitTcgPatchRace(first, accel.accel)) return first;
	status("the guest's kernel panicked on a breakpoint of its own code patching (Oops: int3), which QEMU's multi-threaded TCG can leave behind on another vCPU: booting once more");
	return watch();
}

/**
 * QEMU 7.2's multi-threaded TCG can let a vCPU run a breakpoint another vCPU's
 * kernel text patching has already removed: the kernel dies with "Oops: int3"
 * seconds into its boot, in no particular function (seen about once in fifty
 * trixie boots here). It is the emulator's, not the image's, so the check boots
 * once more; any other panic is the image's verdict. One vCPU or one TCG thread
 * avoid it but cost half again the time to login (42 s against 28 s here).
 */
export function hitTcgPatchRace(result: BootCheckResult, accel: string): boolean {
	return accel === 'tcg' && result.code === 'kernel-panic' && result.lastLines.some(line => /\] Oops: int3: /.test(line));
}

/** Drains the stream to its result, passing each event on. */
export async function bootCheck(options: BootCheckOptions, onEvent?: (event: BootCheckEvent) => void): Promise<BootCheckResult> {
	for await (const event of bootCheckEvents(options)) {
		onEvent?.(event);
		if (event.type === 'boot-result') return event.result;
	}
	throw new Error('the boot check ended without a result');
}

export interface TerminalBootCheck {
	/** Where the serial console is written, known before the check starts. */
	serialLog: string;
	/** Iterating runs the check: it ends with `boot-result`, or throws (bad input; CancelledError once cancelled). */
	events: AsyncIterable<BootCheckEvent>;
	/** Stops the check (a key in a UI); QEMU is stopped before the stream ends. */
	cancel(): void;
}

/**
 * A boot check for a front end on this terminal: the serial console goes to a
 * log file in kiln's log folder, and while it runs SIGINT, SIGTERM and SIGHUP
 * cancel it (a second one forces the exit).
 */
export async function terminalBootCheck(options: Omit<BootCheckOptions, 'signal' | 'env'>, io: Io): Promise<TerminalBootCheck> {
	const serialLog = path.join(logDirectory(io.env), `boot-check-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
	await mkdir(path.dirname(serialLog), {recursive: true});
	const controller = new AbortController();
	async function* events(): AsyncGenerator<BootCheckEvent, void> {
		const log = createWriteStream(serialLog, {mode: 0o600});
		const dispose = cancelOnSignals(controller, io.stderr);
		try {
			for await (const event of bootCheckEvents({...options, signal: controller.signal, env: io.env})) {
				if (event.type === 'boot-serial') log.write(`${event.line}\n`);
				yield event;
			}
		} catch (error) {
			throw controller.signal.aborted ? new CancelledError() : error;
		} finally {
			dispose();
			log.end();
		}
	}
	return {serialLog, events: events(), cancel: () => controller.abort(new Error('cancelled'))};
}
