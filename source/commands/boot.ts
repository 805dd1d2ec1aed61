import {consoleOnTerminal} from '../app/boot-console.js';
import {accelFrom, cpusFrom, firmwareFrom, forwardFrom, imageFrom, memoryFrom, networkFrom} from './vm-flags.js';
import {usageError} from '../core/errors.js';
import {parseFlags} from './build-flags.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

const options = {
	memory: {type: 'string'},
	cpus: {type: 'string'},
	accel: {type: 'string'},
	firmware: {type: 'string'},
	net: {type: 'string'},
	forward: {type: 'string', multiple: true},
} as const;

export const bootCommand: Command = {
	name: 'boot',
	usage: `kiln boot IMAGE [flags]

Starts the image (raw, qcow2, vmdk, vdi or vhdx: detected from its bytes) with
its serial console on this terminal. Every key goes to the guest; Ctrl-A X
quits, Ctrl-A C opens the QEMU monitor. Changes the guest makes are kept.

  --memory SIZE        guest memory, such as 512M or 2G (default 1G)
  --cpus N             virtual CPUs (default 2)
  --accel MODE         auto (KVM when it really works, else TCG), kvm, tcg
  --firmware MODE      auto (what the disk supports), bios, uefi
  --net MODE           user (NAT to the host's network, default) or none
  --forward H:G        forward host port H to guest port G (repeatable), e.g. 2222:22`,
	async run(argv: string[], io: Io) {
		const {values, positionals} = parseFlags(argv, options, true);
		const network = networkFrom(values.net);
		const forwards = (values.forward ?? []).map(forwardFrom);
		if (network === 'none' && forwards.length > 0) throw usageError('--forward', '--forward needs networking: drop --net none');
		return consoleOnTerminal({
			image: imageFrom('boot', positionals),
			memoryMiB: memoryFrom(values.memory),
			cpus: cpusFrom(values.cpus),
			accel: accelFrom(values.accel),
			firmware: firmwareFrom(values.firmware),
			network,
			forwards,
		}, io);
	},
};
