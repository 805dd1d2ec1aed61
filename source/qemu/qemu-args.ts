// The qemu-system-x86_64 / qemu-system-aarch64 command line for a kiln machine. Pure. Values are
// argument-array entries, never shell text; inside QEMU's own key=value
// option syntax a comma in a path is doubled, so a file named "a,b" cannot
// smuggle in extra drive options.
import type {Arch} from '../core/arch.js';
import type {Accel, ImageFormat} from '../core/boot-check-result.js';
import type {OvmfFiles} from './toolbox.js';

export interface PortForward {
	host: number;
	guest: number;
}

export interface MachineSpec {
	/** The guest's architecture: which machine QEMU emulates. */
	arch: Arch;
	/** Names the process too, so kiln's QEMUs can be found (pgrep -f) and told apart; a command printed for the user has none. */
	name?: string;
	image: {path: string; format: ImageFormat};
	accel: Accel;
	firmware: 'bios' | 'uefi';
	/** Required for UEFI. */
	ovmf?: OvmfFiles;
	memoryMiB: number;
	cpus: number;
	network: 'user' | 'none';
	forwards: PortForward[];
	/** Where forwarded host ports listen (see Toolbox.forwardAddress). */
	forwardAddress: string;
	/**
	 * terminal: the serial console and QEMU's monitor share the user's terminal
	 * (Ctrl-A X quits, Ctrl-A C opens the monitor). pipe: the serial console
	 * alone on stdin/stdout, for a program to read.
	 */
	console: 'terminal' | 'pipe';
	/** Discard the guest's writes: a boot check leaves the image as it was. */
	snapshot: boolean;
}

export function optionValue(text: string): string {
	return text.replaceAll(',', ',,');
}

export function qemuArgs(spec: MachineSpec): string[] {
	const args = spec.name === undefined ? [] : ['-name', spec.name];
	// arm64: the virt board (PL011 serial, PCIe); under TCG the newest CPU,
	// with QEMU's cheap pointer-authentication algorithm instead of the
	// architected one, which is far slower to emulate.
	if (spec.arch === 'arm64') args.push('-M', 'virt');
	// The PC's default CD-ROM, floppy and parallel port only give the guest's
	// udev more to probe and load drivers for (ata CD-ROM, sr_mod, cdrom: ~6 s
	// of a sysvinit boot's coldplug under TCG); the VGA stays for the firmware.
	else args.push('-nodefaults', '-vga', 'std');
	args.push('-accel', spec.accel);
	if (spec.accel === 'kvm') args.push('-cpu', 'host');
	else if (spec.arch === 'arm64') args.push('-cpu', 'max,pauth-impdef=on');
	args.push('-m', `${spec.memoryMiB}M`, '-smp', String(spec.cpus));
	if (spec.firmware === 'uefi') {
		if (!spec.ovmf) throw new Error('UEFI needs firmware files (OVMF, AAVMF)');
		// The variable store is per-machine state: snapshot it so the system copy stays pristine.
		args.push(
			'-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${optionValue(spec.ovmf.code)}`,
			'-drive', `if=pflash,format=raw,unit=1,snapshot=on,file=${optionValue(spec.ovmf.vars)}`,
		);
	}
	// if=virtio is virtio-blk on PCI on both machines (pc and virt).
	const drive = [`file=${optionValue(spec.image.path)}`, `format=${spec.image.format}`, 'if=virtio'];
	if (spec.snapshot) drive.push('snapshot=on');
	args.push('-drive', drive.join(','));
	if (spec.network === 'user') {
		const forwards = spec.forwards.map(forward => `,hostfwd=tcp:${spec.forwardAddress}:${forward.host}-:${forward.guest}`).join('');
		// romfile= drops iPXE: no network boot attempt delays a disk that fails to boot.
		args.push('-netdev', `user,id=net0${forwards}`, '-device', 'virtio-net-pci,netdev=net0,romfile=');
	} else {
		args.push('-nic', 'none');
	}
	// -nographic also makes SeaBIOS and OVMF print to the serial port.
	args.push('-nographic', '-serial', spec.console === 'terminal' ? 'mon:stdio' : 'stdio');
	if (spec.console === 'pipe') args.push('-monitor', 'none');
	// A triple fault or a reboot request ends QEMU instead of looping.
	args.push('-no-reboot');
	return args;
}
