// The app as a systemd unit. systemd parses unit values itself: words in
// ExecStart= and Environment= are double-quoted with C escapes, "%" starts a
// specifier everywhere, and "$" in ExecStart= substitutes variables. Every
// string from the image is escaped for exactly those rules, so the program
// receives the image's arguments byte for byte, with no shell in between.
import {type AppSpec, appRootfs, searchPath} from './model.js';

export const systemdUnitName = 'kiln-app.service';

const cEscapes: Record<string, string> = {'\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r'};

/** One double-quoted systemd word; `dollars` for ExecStart=, where $ substitutes variables. */
export function systemdWord(text: string, {dollars = false} = {}): string {
	let out = '';
	for (const char of text) {
		if (char in cEscapes) out += cEscapes[char];
		else if (char === '%') out += '%%';
		else if (char === '$' && dollars) out += '$$';
		else if (/[\u0000-\u001f\u007f]/.test(char)) out += `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
		else out += char;
	}
	return `"${out}"`;
}

/** A value that systemd takes whole (paths, names): only specifiers need escaping. */
function literal(text: string): string {
	return text.replaceAll('%', '%%');
}

export function systemdUnit(app: AppSpec): string {
	const lines = [
		...serviceStart(app, 'with its ENV, WORKDIR and USER'),
		// A bare command is found in the image's PATH, as Docker finds it (systemd >= 250).
		`ExecSearchPath=${searchPath(app).map(literal).join(':')}`,
		...app.env.map(({name, value}) => `Environment=${systemdWord(`${name}=${value}`)}`),
		`WorkingDirectory=${literal(app.workdir)}`,
		...(app.user ? [`User=${literal(app.user.name)}`] : []),
		...(app.user?.group ? [`Group=${literal(app.user.group)}`] : []),
		...serviceEnd(app),
	];
	return `${lines.join('\n')}\n`;
}

// What Docker's runtime would bind over the image's own files.
const dockerBinds = ['/etc/resolv.conf', '/etc/hosts', '/etc/hostname'];
// systemd sets these for User=; Docker does not, so they go unless the image sets them.
const userVariables = ['USER', 'LOGNAME', 'SHELL'];

/**
 * The app inside its image's tree (Debian base): RootDirectory= with the API
 * filesystems and a minimal /dev (PrivateDevices=), as a container runtime
 * gives them; the guest's resolv.conf, hosts and hostname bound read-only;
 * numeric ids from the image's own user database; the host's network.
 */
export function rootedSystemdUnit(app: AppSpec): string {
	const root = app.root!;
	const lines = [
		...serviceStart(app, 'inside its own tree, with its ENV, WORKDIR and USER'),
		`RootDirectory=${appRootfs}`,
		'MountAPIVFS=yes',
		'PrivateDevices=yes',
		// "-": a guest without one of them still starts the app.
		`BindReadOnlyPaths=${dockerBinds.map(path => `-${path}`).join(' ')}`,
		...app.env.map(({name, value}) => `Environment=${systemdWord(`${name}=${value}`)}`),
		...userVariables.filter(name => !app.env.some(variable => variable.name === name)).map(name => `UnsetEnvironment=${name}`),
		`WorkingDirectory=${literal(app.workdir)}`,
		`User=${root.uid}`,
		`Group=${root.gid}`,
		...(root.groups.length > 0 ? [`SupplementaryGroups=${root.groups.join(' ')}`] : []),
		...serviceEnd(app),
	];
	return `${lines.join('\n')}\n`;
}

/** The head both units share: what wrote them, and a simple service after the network. */
function serviceStart(app: AppSpec, how: string): string[] {
	return [
		`# Written by kiln convert: the ENTRYPOINT/CMD of ${app.image}, ${how}.`,
		'[Unit]',
		`Description=${literal(`App of ${app.image}`)}`,
		'After=network-online.target',
		'Wants=network-online.target',
		'',
		'[Service]',
		'Type=simple',
	];
}

/** How both units start the app and keep it running, and where its output goes. */
function serviceEnd(app: AppSpec): string[] {
	return [
		`ExecStart=${app.argv.map(arg => systemdWord(arg, {dollars: true})).join(' ')}`,
		'Restart=on-failure',
		'RestartSec=2',
		'StandardOutput=journal+console',
		'StandardError=journal+console',
		'',
		'[Install]',
		'WantedBy=multi-user.target',
	];
}
