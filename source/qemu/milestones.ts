// Reads a boot from its serial console: which milestones it reached and when,
// and — as early as the console makes it certain — why it will not reach a
// login prompt. Pure: fed lines with their times, and ticks for silence.

import type {FailureCode, Milestone, MilestoneName} from '../core/boot-check-result.js';

export interface BootFailure {
	code: FailureCode;
	/** The reason in words. */
	reason: string;
	/** The console line that shows it, when one does. */
	line?: string;
}

export interface WatchLimits {
	/** The whole boot, to the login prompt. */
	timeoutSec: number;
	/** Silence after the firmware hands over to the disk, before any bootloader output. */
	bootloaderSilenceSec: number;
	/** Silence once the kernel runs, before the login prompt. */
	silenceSec: number;
}

const order: MilestoneName[] = ['firmware', 'bootloader', 'kernel', 'init', 'login'];

const signs: Record<Exclude<MilestoneName, 'login'>, RegExp> = {
	firmware: /SeaBIOS \(version|BdsDxe:|UEFI firmware|EDK II|Booting from Hard Disk/,
	bootloader: /GRUB loading|Welcome to GRUB|Booting `|kiln: loading kernel|(SYS|ISO|EXT)LINUX \d|Loading Linux|EFI stub:/,
	kernel: /Linux version \d/,
	// The real init announcing itself (after any initramfs), or the kernel
	// starting it directly when there is no initramfs.
	init: /systemd\[1\]: systemd \d|^Welcome to .+!$|INIT: version|runit: \$Id|- runit: .*booting|OpenRC .* is starting up|Run \/(s?bin|usr\/s?bin|lib\/systemd|usr\/lib\/systemd)\/\S+ as init process/,
};

// "testvm login:" (kernel messages may follow it on the same line), and not
// "Last login: …" from a previous session.
export const loginPrompt = /^(?!Last )(\S+ )?login:(\s|$)/;

const firmwareGaveUp = /No bootable device|Boot failed: (not a bootable disk|could not read the boot disk)|UEFI Interactive Shell/;
const bootloaderStuck = /Press any key to continue/;
const bootloaderError = /^error: /;
const panic = /Kernel panic - not syncing.*/;
const handoff = /Run \S+ as init process/;
const rootMissing = /ALERT! .* does not exist|VFS: Unable to mount root fs|Cannot open root device/;
const waitingForRoot = /Waiting for root file ?system/;
const emergency = /You are in emergency mode|Give root password for maintenance|Cannot open access to console, the root account is locked|UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY|Entering emergency mode/;
// Prompts of shells nobody should land in; they end without a newline.
const strandedPrompt = /^\(initramfs\)$|^grub rescue>$|^grub>$|Shell>$/;

export class BootWatch {
	readonly milestones: Milestone[] = [];
	private failure?: BootFailure;
	private lastOutputSec?: number;
	private handoffSec?: number;
	private grubError?: string;
	private rootWait?: string;

	constructor(private readonly limits: WatchLimits) {}

	reached(name: MilestoneName): boolean {
		return this.milestones.some(milestone => milestone.name === name);
	}

	get verdict(): BootFailure | undefined {
		return this.failure;
	}

	/** A complete console line. Returns a milestone when this line reached one. */
	line(text: string, atSec: number): Milestone | undefined {
		this.lastOutputSec = atSec;
		if (this.failure || this.reached('login')) return undefined;
		this.spotFailure(text);
		if (handoff.test(text)) this.handoffSec ??= atSec;
		if (waitingForRoot.test(text)) this.rootWait = text;
		if (loginPrompt.test(text)) return this.reach('login', atSec);
		// The first stage whose sign the line shows owns it ("Welcome to GRUB!"
		// is the bootloader's, not an init's welcome).
		const name = order.find(stage => stage !== 'login' && signs[stage as keyof typeof signs].test(text));
		const furthest = this.milestones.at(-1);
		if (!name || (furthest && order.indexOf(name) <= order.indexOf(furthest.name))) return undefined;
		return this.reach(name, atSec);
	}

	/** The unterminated tail of the console: prompts live here. */
	partial(text: string, atSec: number): Milestone | undefined {
		if (text === '' || this.failure || this.reached('login')) return undefined;
		this.lastOutputSec = atSec;
		if (loginPrompt.test(text)) return this.reach('login', atSec);
		if (strandedPrompt.test(text)) this.stranded(text);
		return undefined;
	}

	/** Decides what silence, or the deadline, means. Call it periodically. */
	tick(nowSec: number): BootFailure | undefined {
		if (this.failure || this.reached('login')) return this.failure;
		const quietSec = nowSec - (this.lastOutputSec ?? 0);
		const deadline = nowSec >= this.limits.timeoutSec;
		const furthest = this.milestones.at(-1)?.name;
		if (this.reached('kernel')) {
			if (deadline || quietSec >= this.limits.silenceSec) this.fail(this.stalled(quietSec, deadline));
		} else if (furthest === 'bootloader') {
			if (deadline || quietSec >= this.limits.silenceSec) {
				this.fail({code: 'bootloader-failed', reason: `the bootloader ran but the kernel did not start (${this.grubError ?? `no output for ${Math.round(quietSec)} s`})`, line: this.grubError});
			}
		} else if (furthest === 'firmware') {
			if (deadline || quietSec >= this.limits.bootloaderSilenceSec) {
				this.fail({code: 'no-bootloader', reason: `the firmware found the disk but no bootloader printed anything in ${Math.round(quietSec)} s: the boot code is missing or broken`});
			}
		} else if (deadline) {
			this.fail(this.lastOutputSec === undefined
				? {code: 'no-output', reason: `nothing at all on the serial console within ${this.limits.timeoutSec} s (wrong firmware for this image, or the accelerator hangs)`}
				: {code: 'timeout', reason: `no boot milestone within ${this.limits.timeoutSec} s`});
		}
		return this.failure;
	}

	private stalled(quietSec: number, deadline: boolean): BootFailure {
		const quiet = `${Math.round(quietSec)} s`;
		const within = deadline ? `no login prompt within ${this.limits.timeoutSec} s` : `the console has been silent for ${quiet}`;
		if (this.rootWait && !this.reached('init')) {
			return {code: 'root-not-found', reason: `the initramfs is still waiting for the root filesystem: ${within}`, line: this.rootWait};
		}
		if (this.reached('init') || this.handoffSec !== undefined) {
			const started = this.reached('init') ? 'init started' : 'the kernel started userspace';
			return {code: 'init-hung', reason: `${started} but ${within}, and no login prompt came`};
		}
		return {code: deadline ? 'timeout' : 'kernel-stalled', reason: `the kernel started but never handed over to init: ${within}`};
	}

	private spotFailure(text: string): void {
		if (bootloaderError.test(text)) this.grubError ??= text;
		const panicked = panic.exec(text);
		if (panicked) {
			return this.fail({code: 'kernel-panic', reason: `kernel panic: ${panicked[0].replace(/^Kernel panic - not syncing:\s*/, '').replace(/\s*\]---$/, '')}`, line: text});
		}
		if (rootMissing.test(text)) {
			return this.fail({code: 'root-not-found', reason: 'the root filesystem was not found (wrong root= UUID or a missing disk driver)', line: text});
		}
		if (emergency.test(text)) {
			return this.fail({code: 'emergency-shell', reason: 'the boot dropped into an emergency shell', line: text});
		}
		if (bootloaderStuck.test(text)) {
			return this.fail({code: 'bootloader-failed', reason: `the bootloader stopped${this.grubError ? `: ${this.grubError}` : ''}`, line: this.grubError ?? text});
		}
		if (firmwareGaveUp.test(text) && !this.reached('bootloader')) {
			this.fail({code: 'no-bootloader', reason: 'the firmware found no bootable disk: no bootloader output', line: text});
		}
	}

	private stranded(prompt: string): void {
		if (/^grub/.test(prompt)) return this.fail({code: 'bootloader-failed', reason: `GRUB stopped at its ${prompt} prompt${this.grubError ? `: ${this.grubError}` : ''}`, line: this.grubError ?? prompt});
		if (/Shell>$/.test(prompt)) return this.fail({code: 'no-bootloader', reason: 'the UEFI firmware found nothing to boot and opened its shell', line: prompt});
		this.fail({code: 'emergency-shell', reason: 'the boot dropped into the initramfs shell', line: prompt});
	}

	private reach(name: MilestoneName, atSec: number): Milestone {
		const milestone = {name, atSec: Math.round(atSec * 10) / 10};
		this.milestones.push(milestone);
		return milestone;
	}

	private fail(failure: BootFailure): void {
		this.failure ??= failure;
	}
}
