// sysvinit and busybox init: the runner as an /etc/inittab "respawn" entry.
// init starts it once the runlevel's rc scripts (network included) have run,
// and starts it again whenever it exits.
import {runnerPath} from './runner.js';

/** sysvinit's format is id:runlevels:action:process; busybox ignores the first two fields. */
export function inittabEnable(flavour: 'sysvinit' | 'busybox'): string[] {
	const entry = flavour === 'sysvinit' ? `KA:2345:respawn:${runnerPath}` : `::respawn:${runnerPath}`;
	return [`echo '${entry}' >> /etc/inittab`];
}
