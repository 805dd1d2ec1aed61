// Where QEMU runs: the host's own binaries, or the same binaries inside a
// small container when the host has none. Callers build one command line and
// get the same behaviour from either.
import {type Arch, archInfo} from '../core/arch.js';
import {Utf8Chunks} from '../core/lines.js';

export interface Mount {
	/** Absolute host path; it appears at the same path inside a container. */
	path: string;
	writable: boolean;
}

export interface StartOptions {
	/** Which qemu-system-* runs the machine. */
	arch: Arch;
	mounts: Mount[];
	/** Pass /dev/kvm through. */
	kvm: boolean;
	/** Host TCP ports QEMU forwards into the guest (a container must publish them). */
	ports: number[];
	/** Whether the guest gets user-mode networking at all. */
	network: boolean;
	/** Aborting ends QEMU. */
	signal?: AbortSignal;
}

export interface QemuExit {
	code?: number;
	/** QEMU's own last words on stderr, for the reason when it fails. */
	stderr: string;
}

/** A QEMU whose serial console is a pair of pipes. */
export interface QemuProcess {
	readonly output: NodeJS.ReadableStream;
	readonly input: NodeJS.WritableStream;
	readonly exited: Promise<QemuExit>;
	/** Ends QEMU (politely, then by force) and resolves once it is gone. */
	stop(): Promise<void>;
}

export interface ToolResult {
	exitCode: number;
	stdout: string;
	stderr: string;
}

export interface OvmfFiles {
	code: string;
	vars: string;
}

export interface Toolbox {
	readonly kind: 'host' | 'container';
	/** For messages: which QEMU this is. */
	readonly description: string;
	/**
	 * The address QEMU binds forwarded ports to: the host's loopback, or every
	 * address inside a container (whose publishing then keeps to the loopback).
	 */
	readonly forwardAddress: string;
	/** UEFI firmware for the architecture (OVMF, AAVMF) as seen by QEMU, or undefined when it is not installed. */
	ovmf(arch: Arch): OvmfFiles | undefined;
	/** Runs a short tool (qemu-img) to completion. */
	run(tool: 'qemu-img', args: string[], mounts: Mount[]): Promise<ToolResult>;
	/** Starts the architecture's qemu-system-* with its serial console on pipes. */
	start(args: string[], options: StartOptions): Promise<QemuProcess>;
	/** Runs the architecture's qemu-system-* on the user's terminal until it exits; resolves to its exit code. */
	attach(args: string[], options: StartOptions): Promise<number>;
}

/** Which QEMU runs a guest of this architecture, for messages and results. */
export function qemuName(toolbox: Pick<Toolbox, 'description'>, arch: Arch): string {
	return `${archInfo[arch].qemu}, ${toolbox.description}`;
}

/** Keeps the last few KiB of a stream, for error messages. */
export function tailOf(stream: NodeJS.ReadableStream, limit = 4096): () => string {
	let text = '';
	const decoded = new Utf8Chunks();
	stream.on('data', (chunk: Buffer | string) => {
		text = (text + decoded.write(chunk)).slice(-limit);
	});
	return () => text.trim();
}
