// Which firmware boots an image: what was asked, checked against what the
// disk can do, so "UEFI on a BIOS-only disk" is an error before any boot.
import {archInfo} from '../core/arch.js';
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
	if (archInfo[image.arch].uefiOnly && asked !== 'auto' && asked !== 'uefi') {
		throw new KilnError(`${image.path} is an ${image.arch} disk, which boots by UEFI only, not --firmware ${asked}`, {
			exitCode: 2,
			why: `Its EFI system partition holds EFI/BOOT/${archInfo[image.arch].efiBootFile}; ${image.arch} machines have no BIOS.`,
			hint: 'Boot it with --firmware uefi or auto.',
		});
	}
	if (asked === 'uefi' || archInfo[image.arch].uefiOnly) {
		if (layout && !layout.efiSystemPartition) {
			throw new KilnError(`${image.path} cannot boot with UEFI: it has no EFI system partition`, {
				exitCode: 2,
				why: `Its ${layout.table === 'mbr' ? 'MBR' : 'GPT'} partition table holds only BIOS-bootable partitions.`,
				hint: 'Boot it with --firmware bios, or build a UEFI image (kiln build --firmware uefi or hybrid).',
			});
		}
		const ovmf = toolbox.ovmf(image.arch);
		if (!ovmf) {
			const arm = image.arch === 'arm64';
			throw new KilnError(`UEFI boots need ${arm ? 'AAVMF (UEFI for arm64)' : 'OVMF'} firmware, which is not installed`, {
				exitCode: 2,
				hint: arm ? 'Install it (apt-get install qemu-efi-aarch64).' : 'Install it (apt-get install ovmf), or boot with --firmware bios.',
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
