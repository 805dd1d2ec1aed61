// Which firmware boots an image: what was asked, checked against what the
// disk can do, so "UEFI on a BIOS-only disk" is an error before any boot.
import {KilnError} from '../core/errors.js';
import type {ImageInfo} from './inspect-image.js';
import type {OvmfFiles, Toolbox} from './toolbox.js';

/** hybrid (a disk built for both) boots with BIOS, like auto does when it can. */
export type FirmwareChoice = 'auto' | 'bios' | 'uefi' | 'hybrid';

export interface FirmwarePlan {
	firmware: 'bios' | 'uefi';
	ovmf?: OvmfFiles;
	/** Set when the disk certainly cannot boot this way: the reason, in words. */
	unbootable?: string;
}

export function chooseFirmware(asked: FirmwareChoice, image: ImageInfo, toolbox: Toolbox): FirmwarePlan {
	const layout = image.layout;
	if (asked === 'uefi') {
		if (layout && !layout.efiSystemPartition) {
			throw new KilnError(`${image.path} cannot boot with UEFI: it has no EFI system partition`, {
				exitCode: 2,
				why: `Its ${layout.table === 'mbr' ? 'MBR' : 'GPT'} partition table holds only BIOS-bootable partitions.`,
				hint: 'Boot it with --firmware bios, or build a UEFI image (kiln build --firmware uefi or hybrid).',
			});
		}
		const ovmf = toolbox.ovmf();
		if (!ovmf) {
			throw new KilnError('UEFI boots need OVMF firmware, which is not installed', {
				exitCode: 2,
				hint: 'Install it (apt-get install ovmf), or boot with --firmware bios.',
			});
		}
		return {firmware: 'uefi', ovmf};
	}
	if (asked !== 'bios' && layout && !layout.biosBootCode && layout.efiSystemPartition) return chooseFirmware('uefi', image, toolbox);
	if (layout && !layout.biosBootCode) {
		return {
			firmware: 'bios',
			unbootable: layout.efiSystemPartition
				? 'the disk has no BIOS boot code (the first 440 bytes of its MBR are zero); it has an EFI system partition: use --firmware uefi'
				: 'the disk has no bootloader: the first 440 bytes of its MBR, where BIOS boot code lives, are all zero',
		};
	}
	return {firmware: 'bios'};
}
