// The one way kiln gets a QEMU machine ready for an image: which QEMU (the
// host's or a container's), what the image is and how it can boot, the
// accelerator, then the command line. `kiln boot`, `kiln boot-check` and the
// command the result screen prints all come from here, so what kiln shows is
// what kiln runs.
import {randomBytes} from 'node:crypto';
import type {ImageFormat} from '../core/boot-check-result.js';
import type {Firmware} from '../core/choices.js';
import {type AccelChoice, chooseAccel} from '../qemu/accel.js';
import type {AccelDecision} from '../qemu/accel-decision.js';
import {chooseFirmware, type FirmwareChoice, type FirmwarePlan} from '../qemu/firmware.js';
import {type Arch, archInfo} from '../core/arch.js';
import {debianOvmf, hostOvmf} from '../qemu/host-toolbox.js';
import {inspectImage} from '../qemu/inspect-image.js';
import type {PreparedMachine} from '../qemu/machine.js';
import {type PortForward, qemuArgs} from '../qemu/qemu-args.js';
import {selectToolbox} from '../qemu/select-toolbox.js';

/** console: the user's terminal, writes kept (`kiln boot`). check: serial on pipes, writes discarded unless kept (`kiln boot-check`). */
export type MachineUse = 'console' | 'check';

export interface MachineRequest {
	image: string;
	use: MachineUse;
	accel?: AccelChoice;
	firmware?: FirmwareChoice;
	memoryMiB?: number;
	cpus?: number;
	network?: 'user' | 'none';
	forwards?: PortForward[];
	signal?: AbortSignal;
	env?: NodeJS.ProcessEnv;
	/** Labels a QEMU container (when the host has no QEMU) with the run. */
	runId?: string;
	/** What happens while QEMU is found (a QEMU image being pulled, say). */
	onStatus?: (line: string) => void;
	/** A check keeps the guest's writes in the image (a test booting twice, to see what the first boot did). */
	keepWrites?: boolean;
}

export const machineDefaults = {memoryMiB: 1024, cpus: 2};

interface MachineShape {
	name?: string;
	arch: Arch;
	image: {path: string; format: ImageFormat};
	use: MachineUse;
	keepWrites?: boolean;
	firmware: FirmwarePlan;
	accel: AccelDecision['accel'];
	memoryMiB: number;
	cpus: number;
	network: 'user' | 'none';
	forwards: PortForward[];
	forwardAddress: string;
}

function machineArgs(shape: MachineShape): string[] {
	return qemuArgs({
		name: shape.name,
		arch: shape.arch,
		image: shape.image,
		accel: shape.accel,
		firmware: shape.firmware.firmware,
		ovmf: shape.firmware.ovmf,
		memoryMiB: shape.memoryMiB,
		cpus: shape.cpus,
		network: shape.network,
		forwards: shape.forwards,
		forwardAddress: shape.forwardAddress,
		console: shape.use === 'console' ? 'terminal' : 'pipe',
		snapshot: shape.use === 'check' && !shape.keepWrites,
	});
}

/** toolbox → image → firmware → accelerator → command line. A disk that cannot boot is `firmware.unbootable`, for the caller to report. */
export async function prepareMachine(request: MachineRequest): Promise<PreparedMachine> {
	const env = request.env ?? process.env;
	const {signal} = request;
	const prefix = request.use === 'check' ? 'boot-check' : 'boot';
	const runId = request.runId ?? `${prefix}-${randomBytes(4).toString('hex')}`;
	const toolbox = await selectToolbox({env, signal, runId, log: request.onStatus});
	const image = await inspectImage(request.image, toolbox);
	const firmware = chooseFirmware(request.firmware ?? 'auto', image, toolbox);
	const accel = await chooseAccel(request.accel ?? 'auto', toolbox, {env, signal, arch: image.arch});
	const network = request.network ?? 'user';
	const forwards = request.forwards ?? [];
	const args = machineArgs({
		name: `kiln-${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`,
		arch: image.arch,
		image: {path: image.path, format: image.format},
		use: request.use,
		keepWrites: request.keepWrites,
		firmware,
		accel: accel.accel,
		memoryMiB: request.memoryMiB ?? machineDefaults.memoryMiB,
		cpus: request.cpus ?? machineDefaults.cpus,
		network,
		forwards,
		forwardAddress: toolbox.forwardAddress,
	});
	return {
		toolbox,
		image,
		firmware,
		accel,
		args,
		start: {
			arch: image.arch,
			mounts: [{path: image.path, writable: request.use === 'console' || request.keepWrites === true}],
			kvm: accel.accel === 'kvm',
			ports: forwards.map(forward => forward.host),
			network: network === 'user',
		},
	};
}

/**
 * What `kiln boot IMAGE --accel tcg` runs with the host's QEMU, for a user to
 * run by hand: the same arguments, without the process name kiln uses to find
 * its own QEMUs. A hybrid disk boots with BIOS, as `auto` does.
 */
export function printedBootCommand(artifact: {path: string; format: ImageFormat}, firmware: Firmware, arch: Arch = 'amd64'): string[] {
	const plan: FirmwarePlan = firmware === 'uefi' ? {firmware: 'uefi', ovmf: hostOvmf(arch) ?? debianOvmf(arch)} : {firmware: 'bios'};
	return [archInfo[arch].qemu, ...machineArgs({
		arch,
		image: artifact,
		use: 'console',
		firmware: plan,
		accel: 'tcg',
		...machineDefaults,
		network: 'user',
		forwards: [],
		forwardAddress: '127.0.0.1',
	})];
}
