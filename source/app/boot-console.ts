// `kiln boot`: the image's serial console on the user's terminal. QEMU owns
// the terminal while it runs (raw mode, every key to the guest, Ctrl-A X to
// quit, Ctrl-A C for its monitor) and gives it back when the VM exits.
import {KilnError} from '../core/errors.js';
import type {AccelChoice} from '../qemu/accel.js';
import type {FirmwareChoice} from '../qemu/firmware.js';
import type {PortForward} from '../qemu/qemu-args.js';
import type {Io} from './io.js';
import {prepareMachine} from './prepare-machine.js';
import {cancelOnSignals} from './signals.js';

export interface ConsoleOptions {
	image: string;
	memoryMiB?: number;
	cpus?: number;
	accel?: AccelChoice;
	firmware?: FirmwareChoice;
	network?: 'user' | 'none';
	forwards?: PortForward[];
}

/** An image's console on this terminal until the VM exits (or is quit with Ctrl-A X); resolves to QEMU's exit code. A signal stops it. */
export async function consoleOnTerminal(options: ConsoleOptions, io: Io): Promise<number> {
	const controller = new AbortController();
	const dispose = cancelOnSignals(controller, io.stderr);
	const {signal} = controller;
	// Told before QEMU takes the terminal: what boots, how, and how to quit.
	const status = (line: string) => io.stderr.write(`kiln: ${line}\n`);
	try {
		const machine = await prepareMachine({...options, use: 'console', signal, env: io.env, onStatus: status});
		const {image, firmware, accel} = machine;
		if (firmware.unbootable) throw new KilnError(`${image.path} cannot boot: ${firmware.unbootable}`, {exitCode: 2});
		status(`booting ${image.path} (${image.format}, ${firmware.firmware.toUpperCase()}) — ${accel.reason}`);
		for (const forward of options.forwards ?? []) status(`port ${forward.host} on this machine reaches port ${forward.guest} in the guest`);
		status('serial console follows; Ctrl-A X quits, Ctrl-A C opens the QEMU monitor');
		signal.throwIfAborted();
		return await machine.toolbox.attach(machine.args, {...machine.start, signal});
	} finally {
		dispose();
	}
}
