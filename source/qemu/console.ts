// `kiln boot`: the image's serial console on the user's terminal. QEMU owns
// the terminal while it runs (raw mode, every key to the guest, Ctrl-A X to
// quit, Ctrl-A C for its monitor) and gives it back when the VM exits.
import {randomBytes} from 'node:crypto';
import {type AccelChoice, chooseAccel} from './accel.js';
import {chooseFirmware, type FirmwareChoice} from './firmware.js';
import {inspectImage} from './inspect-image.js';
import {KilnError} from '../core/errors.js';
import {type PortForward, qemuArgs} from './qemu-args.js';
import {selectToolbox} from './select-toolbox.js';

export interface ConsoleOptions {
	image: string;
	memoryMiB?: number;
	cpus?: number;
	accel?: AccelChoice;
	firmware?: FirmwareChoice;
	network?: 'user' | 'none';
	forwards?: PortForward[];
	signal?: AbortSignal;
	/** Told before QEMU takes the terminal: what boots, how, and how to quit. */
	onStatus?: (line: string) => void;
	env?: NodeJS.ProcessEnv;
	runId?: string;
}

/** Resolves to QEMU's exit code once the VM is off (or quit with Ctrl-A X). */
export async function bootConsole(options: ConsoleOptions): Promise<number> {
	const env = options.env ?? process.env;
	const status = options.onStatus ?? (() => undefined);
	const runId = options.runId ?? `boot-${randomBytes(4).toString('hex')}`;
	const toolbox = await selectToolbox({env, signal: options.signal, runId, log: status});
	const image = await inspectImage(options.image, toolbox);
	const firmware = chooseFirmware(options.firmware ?? 'auto', image, toolbox);
	if (firmware.unbootable) throw new KilnError(`${image.path} cannot boot: ${firmware.unbootable}`, {exitCode: 2});
	const accel = await chooseAccel(options.accel ?? 'auto', toolbox, {env, signal: options.signal});
	const network = options.network ?? 'user';
	const forwards = options.forwards ?? [];
	const args = qemuArgs({
		name: `kiln-boot-${process.pid}-${randomBytes(3).toString('hex')}`,
		image: {path: image.path, format: image.format},
		accel: accel.accel,
		firmware: firmware.firmware,
		ovmf: firmware.ovmf,
		memoryMiB: options.memoryMiB ?? 1024,
		cpus: options.cpus ?? 2,
		network,
		forwards,
		forwardAddress: toolbox.forwardAddress,
		console: 'terminal',
		snapshot: false,
	});
	status(`booting ${image.path} (${image.format}, ${firmware.firmware.toUpperCase()}) — ${accel.reason}`);
	for (const forward of forwards) status(`port ${forward.host} on this machine reaches port ${forward.guest} in the guest`);
	status('serial console follows; Ctrl-A X quits, Ctrl-A C opens the QEMU monitor');
	options.signal?.throwIfAborted();
	return toolbox.attach(args, {
		mounts: [{path: image.path, writable: true}],
		kvm: accel.accel === 'kvm',
		ports: forwards.map(forward => forward.host),
		network: network === 'user',
		signal: options.signal,
	});
}
