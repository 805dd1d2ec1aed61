// OpenRC: a service that needs the network, supervised by supervise-daemon,
// which starts the runner again when the app exits. It needs "networking"
// rather than the virtual "net": Debian's OpenRC runs ifupdown's LSB script
// of that name and provides no "net"; Alpine's networking service provides it.
import type {ContextFile} from '../context-file.js';
import type {AppSpec} from './model.js';
import {runnerPath} from './runner.js';

export const openrcServicePath = '/etc/init.d/kiln-app';

export function openrcService(app: AppSpec): ContextFile {
	// The image reference is checked to [A-Za-z0-9._/:@-], so it is safe in a comment.
	const content = `#!/sbin/openrc-run
# Written by kiln convert: the ENTRYPOINT/CMD of ${app.image}, started by ${runnerPath}.
description="App of the converted image"
supervisor=supervise-daemon
command=${runnerPath}
respawn_delay=2
respawn_max=0

depend() {
	need networking
	after firewall
}
`;
	return {content, mode: 0o755};
}

export const openrcEnable = ['rc-update add kiln-app default'];
