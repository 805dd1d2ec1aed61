// The app as a systemd unit. systemd parses unit values itself: words in
// ExecStart= and Environment= are double-quoted with C escapes, "%" starts a
// specifier everywhere, and "$" in ExecStart= substitutes variables. Every
// string from the image is escaped for exactly those rules, so the program
// receives the image's arguments byte for byte, with no shell in between.
import {type AppSpec, searchPath} from './model.js';

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
		`# Written by kiln convert: the ENTRYPOINT/CMD of ${app.image}, with its ENV, WORKDIR and USER.`,
		'[Unit]',
		`Description=${literal(`App of ${app.image}`)}`,
		'After=network-online.target',
		'Wants=network-online.target',
		'',
		'[Service]',
		'Type=simple',
		// A bare command is found in the image's PATH, as Docker finds it (systemd >= 250).
		`ExecSearchPath=${searchPath(app).map(literal).join(':')}`,
		...app.env.map(({name, value}) => `Environment=${systemdWord(`${name}=${value}`)}`),
		`WorkingDirectory=${literal(app.workdir)}`,
		...(app.user ? [`User=${literal(app.user.name)}`] : []),
		...(app.user?.group ? [`Group=${literal(app.user.group)}`] : []),
		`ExecStart=${app.argv.map(arg => systemdWord(arg, {dollars: true})).join(' ')}`,
		'Restart=on-failure',
		'RestartSec=2',
		'StandardOutput=journal+console',
		'StandardError=journal+console',
		'',
		'[Install]',
		'WantedBy=multi-user.target',
	];
	return `${lines.join('\n')}\n`;
}
