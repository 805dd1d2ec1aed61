// What a person chooses for a build. Plain data without secrets: presets and
// history store it as it is; the plan resolves it against distros/.

export const formats = ['raw', 'qcow2', 'vmdk', 'vdi', 'vhdx'] as const;
export type Format = (typeof formats)[number];
export const firmwares = ['bios', 'uefi', 'hybrid'] as const;
export type Firmware = (typeof firmwares)[number];
export const bootloaders = ['grub', 'extlinux'] as const;
export type Bootloader = (typeof bootloaders)[number];
/**
 * What each bootloader asks of Docker. `extlinux` is the article's classic
 * method: it loop-mounts the filesystem, so its builder needs CAP_SYS_ADMIN
 * and the host's loop devices. Front ends show `label` and ask before using
 * a privileged one.
 */
export const bootloaderInfo: Record<Bootloader, {label: string; privileged: boolean; firmwares: readonly Firmware[]}> = {
	grub: {label: 'GRUB (unprivileged builder)', privileged: false, firmwares: firmwares},
	extlinux: {label: 'classic (needs privileged Docker)', privileged: true, firmwares: ['bios']},
};
export const pullPolicies = ['always', 'missing', 'never'] as const;
export type PullPolicy = (typeof pullPolicies)[number];

export interface BuildChoices {
	distro: string;
	release: string;
	kernel: string;
	init: string;
	/** Overrides the release's base image reference. */
	base?: string;
	pull: PullPolicy;
	/** `auto` or a size such as `4G`. */
	size: string;
	firmware: Firmware;
	/** grub (default, unprivileged) or extlinux (the article's classic method, privileged). */
	bootloader: Bootloader;
	format: Format;
	/** Compress qcow2 output (zstd). */
	compress: boolean;
	hostname: string;
	/** Extra packages to install. */
	packages: string[];
	/** Whether root logs in with a password (the password itself is never stored). */
	rootPassword: boolean;
	/** Path of an SSH public key for root. */
	sshKey?: string;
	/** Keep documentation, man pages and locales. */
	keepDocs: boolean;
	/** Seeds the disk's UUIDs and ids; default: from the OS image id and these choices. */
	seed?: string;
	/** Where the image is written. */
	output: string;
	/** Replace an existing file at the output path. */
	force: boolean;
}

/** Secrets travel beside the choices, never inside them. */
export interface Secrets {
	rootPassword?: string;
}

export const formatExtension: Record<Format, string> = {raw: 'img', qcow2: 'qcow2', vmdk: 'vmdk', vdi: 'vdi', vhdx: 'vhdx'};

export function defaultOutput(distro: string, release: string, format: Format): string {
	return `${distro}-${release}.${formatExtension[format]}`;
}
