import type {Firmware} from '../../core/choices.js';

/** Debian's ovmf package: UEFI firmware for QEMU. */
const ovmf = '/usr/share/ovmf/OVMF.fd';

/** The QEMU command line that boots an image on the serial console. */
export function qemuCommand(artifact: {path: string; format: string}, firmware: Firmware): string[] {
	// QEMU reads commas as option separators; a comma in the path is written twice.
	const drive = `file=${artifact.path.replaceAll(',', ',,')},format=${artifact.format},if=virtio`;
	return [
		'qemu-system-x86_64', '-accel', 'tcg', '-m', '1024',
		...(firmware === 'uefi' ? ['-bios', ovmf] : []),
		'-drive', drive, '-nographic',
	];
}
