// What a boot check found, as plain data: it travels in the event stream and
// in history, so it lives below both the engine and the VM code.

export type Accel = 'kvm' | 'tcg';

export type ImageFormat = 'raw' | 'qcow2' | 'vmdk' | 'vdi' | 'vhdx';

export type MilestoneName = 'firmware' | 'bootloader' | 'kernel' | 'init' | 'login';

export interface Milestone {
	name: MilestoneName;
	/** Seconds since QEMU started. */
	atSec: number;
}

export type FailureCode =
	| 'no-output'
	| 'no-bootloader'
	| 'bootloader-failed'
	| 'kernel-panic'
	| 'kernel-stalled'
	| 'root-not-found'
	| 'emergency-shell'
	| 'init-hung'
	| 'timeout'
	| 'login-failed'
	| 'probe-failed'
	| 'check-failed'
	| 'qemu-failed'
	| 'cancelled';

export interface ProbeResult {
	os: {id?: string; name?: string; version?: string};
	kernel?: string;
	/** `uname -m`: x86_64, aarch64. */
	machine?: string;
	rootFs: {
		type?: string;
		mode?: 'rw' | 'ro';
		options?: string;
		/** The filesystem's size as df reports it (bytes): a disk grown at first boot shows here. */
		sizeBytes?: number;
	};
	network: {
		/** A default route exists: the guest's networking came up. */
		up: boolean;
		interface?: string;
		/** IPv4 address with prefix length, e.g. 10.0.2.15/24. */
		address?: string;
	};
}

/** One thing the boot check proved (or could not) once the guest was up. */
export interface CheckResult {
	/** "port 8080", "healthcheck", "output /ready/". */
	name: string;
	/** image: recorded in a converted image (EXPOSE, HEALTHCHECK); flag: --expect-port, --expect-output. */
	source: 'image' | 'flag';
	ok: boolean;
	/** Seconds since QEMU started when it passed or was given up. */
	atSec: number;
	/** Seconds from the check's start to its outcome. */
	durationSec: number;
	/** Why it failed, or what passed it. */
	detail?: string;
}

export interface BootCheckResult {
	ok: boolean;
	code?: FailureCode;
	/** Why it failed, in words. */
	reason?: string;
	/** The console line that shows why, when one does. */
	line?: string;
	image: {path: string; format: ImageFormat; firmware: 'bios' | 'uefi'};
	qemu: string;
	accel: Accel;
	accelReason: string;
	timeoutSec: number;
	milestones: Milestone[];
	timeToLoginSec?: number;
	loggedIn?: boolean;
	probe?: ProbeResult;
	/** Ports, HEALTHCHECK and console output, in the order they were checked. */
	checks?: CheckResult[];
	/** The guest powered itself off after the probe. */
	poweredOff?: boolean;
	durationSec: number;
	lastLines: string[];
}
