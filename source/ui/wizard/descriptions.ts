// One-line descriptions for the choices kiln itself defines (choices.ts);
// everything distro-specific is described in distros/*.json.
import {type Bootloader, type Firmware, type Format, bootloaderInfo, bootloaders, firmwares} from '../../core/choices.js';
import type {ListItem} from '../ChoiceList.js';
import {type Arch, archInfo} from '../../core/arch.js';

const firmwareDescriptions: Record<Firmware, string> = {
	bios: 'legacy BIOS boot with an MBR — simplest, boots anywhere',
	uefi: 'UEFI boot with GPT and an EFI system partition',
	hybrid: 'GPT disk that boots under both BIOS and UEFI',
};

/**
 * Firmware and bootloader in one list: GRUB boots every firmware, and each
 * other bootloader appears beside the firmwares it can boot; UEFI-only
 * architectures get UEFI alone. Values read
 * "bios/extlinux".
 */
export function bootItems(arch: Arch): Array<ListItem<string>> {
	return firmwares.filter(firmware => !archInfo[arch].uefiOnly || firmware === 'uefi').flatMap(firmware =>
		bootloaders
			.filter(bootloader => bootloaderInfo[bootloader].firmwares.includes(firmware))
			.map(bootloader => {
				const plain = bootloader === 'grub';
				return {
					key: `${firmware}/${bootloader}`,
					label: plain ? firmware : `${firmware} · ${bootloader}`,
					description: plain ? firmwareDescriptions[firmware] : bootloaderInfo[bootloader].label,
					value: `${firmware}/${bootloader}`,
				};
			}));
}

export function parseBoot(value: string): {firmware: Firmware; bootloader: Bootloader} {
	const [firmware, bootloader] = value.split('/') as [Firmware, Bootloader];
	return {firmware, bootloader};
}

export const formatDescriptions: Record<Format, string> = {
	raw: 'plain disk image (.img) — every tool reads it, dd-able to a real disk',
	qcow2: "QEMU's own format — grows as used, supports snapshots",
	vmdk: 'VMware',
	vdi: 'VirtualBox',
	vhdx: 'Hyper-V',
};

export const sizePresets = ['2G', '4G', '8G'];
export const autoSizeDescription = 'estimated after the OS image is built (its size + 30% + 256 MiB)';
