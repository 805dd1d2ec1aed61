// QEMU from the host's PATH. Every child gets a parent-death signal (setpriv,
// when present) so that even a kiln killed with SIGKILL leaves no QEMU behind;
// execa's cleanup covers every ordinary exit.
import {accessSync, constants, existsSync} from 'node:fs';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {type Mount, type OvmfFiles, type QemuExit, type QemuProcess, type StartOptions, tailOf, type Toolbox, type ToolResult} from './toolbox.js';

export const qemuBinary = 'qemu-system-x86_64';

/** Where distributions put OVMF: Debian/Ubuntu (4M, then 2M), Fedora, Arch. */
const ovmfCandidates: OvmfFiles[] = [
	{code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd'},
	{code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd'},
	{code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.fd'},
	{code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', vars: '/usr/share/edk2/x64/OVMF_VARS.4m.fd'},
];

/** The host's OVMF files, or undefined when none is installed. */
export function hostOvmf(): OvmfFiles | undefined {
	return ovmfCandidates.find(files => existsSync(files.code) && existsSync(files.vars));
}

/** Where Debian puts OVMF, for a command printed before it is installed. */
export const debianOvmf: OvmfFiles = ovmfCandidates[0]!;

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	for (const dir of (env.PATH ?? '').split(path.delimiter)) {
		if (!dir) continue;
		const candidate = path.join(dir, name);
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// not here
		}
	}
	return undefined;
}

export function hostToolbox(binary: string, version: string): Toolbox {
	const setpriv = findOnPath('setpriv');
	const command = (file: string, args: string[]): [string, string[]] =>
		setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, args];
	const sibling = (name: string) => path.join(path.dirname(binary), name);

	return {
		kind: 'host',
		description: `${binary} ${version}`,
		forwardAddress: '127.0.0.1',
		ovmf: hostOvmf,
		async run(tool: 'qemu-img', args: string[], _mounts: Mount[]): Promise<ToolResult> {
			const file = existsSync(sibling(tool)) ? sibling(tool) : findOnPath(tool);
			if (!file) return {exitCode: 127, stdout: '', stderr: `${tool} is not installed`};
			const result = await execa(...command(file, args), {reject: false, stdin: 'ignore'});
			return {exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr};
		},
		async start(args: string[], _options: StartOptions): Promise<QemuProcess> {
			const child = execa(...command(binary, args), {stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, forceKillAfterDelay: 3000});
			const stderr = tailOf(child.stderr);
			const exited = child.then(result => ({code: result.exitCode, stderr: stderr()}));
			return {output: child.stdout, input: child.stdin, exited, stop: () => stop(child, exited)};
		},
		async attach(args: string[], options: StartOptions): Promise<number> {
			const result = await execa(...command(binary, args), {stdio: 'inherit', reject: false, forceKillAfterDelay: 3000, cancelSignal: options.signal});
			return result.exitCode ?? 1;
		},
	};
}

async function stop(child: ResultPromise, exited: Promise<QemuExit>): Promise<void> {
	// QEMU ends cleanly on SIGTERM; forceKillAfterDelay follows up with SIGKILL.
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	await exited;
}
