// The machine architectures kiln builds for, and what each asks of the
// pieces that differ: the container platform, the kernel's serial console,
// the firmware that can start it and the QEMU that emulates it.

export const arches = ['amd64', 'arm64'] as const;
export type Arch = (typeof arches)[number];

export interface ArchInfo {
	/** Docker's platform string (pull, build, image config). */
	platform: `linux/${Arch}`;
	/** What `uname -m` says in the guest. */
	machine: string;
	/** The first serial port's device: the kernel's console and the login's tty. */
	serial: string;
	/** UEFI only: the architecture has no BIOS boot path. */
	uefiOnly: boolean;
	/** The removable-media boot file UEFI firmware looks for on the ESP. */
	efiBootFile: string;
	qemu: string;
	/** ELF e_machine, as the hex of its two little-endian bytes (how binfmt_misc magic spells it). */
	elfMachine: string;
	/** For messages. */
	label: string;
}

export const archInfo: Record<Arch, ArchInfo> = {
	amd64: {platform: 'linux/amd64', machine: 'x86_64', serial: 'ttyS0', uefiOnly: false, efiBootFile: 'BOOTX64.EFI', qemu: 'qemu-system-x86_64', elfMachine: '3e00', label: 'amd64 (x86-64)'},
	arm64: {platform: 'linux/arm64', machine: 'aarch64', serial: 'ttyAMA0', uefiOnly: true, efiBootFile: 'BOOTAA64.EFI', qemu: 'qemu-system-aarch64', elfMachine: 'b700', label: 'arm64 (AArch64)'},
};

/** Node's name for the CPU (process.arch) as kiln's, or undefined for one kiln does not build for. */
export function archOfNode(nodeArch: string): Arch | undefined {
	return ({x64: 'amd64', arm64: 'arm64'} as Record<string, Arch>)[nodeArch];
}

/** The host's architecture; a host kiln knows no target for defaults to amd64. */
export function hostArch(nodeArch: string = process.arch): Arch {
	return archOfNode(nodeArch) ?? 'amd64';
}

/** Docker's image config names (Architecture) as kiln's; "aarch64" is what some tools write. */
export function archOfImage(architecture: string): Arch | undefined {
	return ({amd64: 'amd64', x86_64: 'amd64', arm64: 'arm64', aarch64: 'arm64'} as Record<string, Arch>)[architecture];
}
