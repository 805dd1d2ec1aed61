// A QEMU machine ready to start: everything decided about it (which QEMU,
// what the image is, firmware, accelerator) and the command line that
// follows. The application layer's prepareMachine() makes one.
import type {AccelDecision} from './accel-decision.js';
import type {FirmwarePlan} from './firmware.js';
import type {ImageInfo} from './inspect-image.js';
import type {StartOptions, Toolbox} from './toolbox.js';

export interface PreparedMachine {
	toolbox: Toolbox;
	image: ImageInfo;
	firmware: FirmwarePlan;
	accel: AccelDecision;
	/** qemu-system-x86_64's arguments. */
	args: string[];
	/** How the toolbox starts it; the caller adds its abort signal. */
	start: Omit<StartOptions, 'signal'>;
}
