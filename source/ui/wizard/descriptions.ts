// One-line descriptions for the choices kiln itself defines (choices.ts);
// everything distro-specific is described in distros/*.json.
import type {Firmware, Format} from '../../engine/choices.js';

export const firmwareDescriptions: Record<Firmware, string> = {
	bios: 'legacy BIOS boot with an MBR — simplest, boots anywhere',
	uefi: 'UEFI boot with GPT and an EFI system partition',
	hybrid: 'GPT disk that boots under both BIOS and UEFI',
};

export const formatDescriptions: Record<Format, string> = {
	raw: 'plain disk image (.img) — every tool reads it, dd-able to a real disk',
	qcow2: "QEMU's own format — grows as used, supports snapshots",
	vmdk: 'VMware',
	vdi: 'VirtualBox',
	vhdx: 'Hyper-V',
};

export const sizePresets = ['2G', '4G', '8G'];
export const autoSizeDescription = 'estimated after the OS image is built (its size + 30% + 256 MiB)';
