// QEMU from the host's PATH. Every child gets a parent-death signal (setpriv,
// when present) so that even a kiln killed with SIGKILL leaves no QEMU behind;
// execa's cleanup covers every ordinary exit.
import {accessSync, constants, existsSync} from 'node:fs';
import {type Arch, archInfo} from '../core/arch.js';
import {KilnError} from '../core/errors.js';
import path from 'node:path';
import type {ResultPromise} from 'execa';
import {type Mount, type OvmfFiles, type QemuExit, type QemuProcess, type StartOptions, tailOf, type Toolbox, type ToolResult} from './toolbox.js';

/** Where distributions put OVMF: Debian/Ubuntu (4M, then 2M), Fedora, Arch. */
const ovmfCandidates: OvmfFiles[] = [
	{code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd'},
	{code: '/usr/share/OVMF/OVMF_CODE.fd', vars: '/usr/share/OVMF/OVMF_VARS.fd'},
	{code: '/usr/share/edk2/ovmf/OVMF_CODE.fd', vars: '/usr/share/edk2/ovmf/OVMF_VARS.fd'},
	{code: '/usr/share/edk2/x64/OVMF_CODE.4m.fd', vars: '/usr/share/edk2/x64/OVMF_VARS.4m.fd'},
];

/**
 * AArch64's: Debian's qemu-efi-aarch64 (AAVMF, padded to the 64 MiB pflash
 * of -M virt), Fedora's edk2-aarch64 (padded as well).
 */
const aavmfCandidates: OvmfFiles[] = [
	{code: '/usr/share/AAVMF/AAVMF_CODE.fd', vars: '/usr/share/AAVMF/AAVMF_VARS.fd'},
	{code: '/usr/share/edk2/aarch64/QEMU_EFI-pflash.raw', vars: '/usr/share/edk2/aarch64/vars-template-pflash.raw'},
];
const firmwareCandidates: Record<Arch, OvmfFiles[]> = {amd64: ovmfCandidates, arm64: aavmfCandidates};

/** The host's UEFI firmware files for the architecture, or undefined when none is installed. */
export function hostOvmf(arch: Arch = 'amd64'): OvmfFiles | undefined {
	return firmwareCandidates[arch].find(files => existsSync(files.code) && existsSync(files.vars));
}

/** Where Debian puts the firmware, for a command printed before it is installed. */
export function debianOvmf(arch: Arch): OvmfFiles {
	return firmwareCandidates[arch][0]!;
}

/** Debian's packages for each architecture's QEMU and UEFI firmware, for messages. */
export const qemuPackages: Record<Arch, string> = {amd64: 'qemu-system-x86 ovmf', arm64: 'qemu-system-arm qemu-efi-aarch64'};

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

/** execa is loaded when a QEMU tool first runs: the wizard imports this file (the result screen prints the boot command) but starts no process before its first frame. */
export const loadExeca = async () => (await import('execa')).execa;

/** `binary` is the QEMU found first; the other architectures' are looked for beside it, then on the PATH. */
export function hostToolbox(binary: string, version: string): Toolbox {
	const setpriv = findOnPath('setpriv');
	const command = (file: string, args: string[]): [string, string[]] =>
		setpriv ? [setpriv, ['--pdeathsig', 'KILL', '--', file, ...args]] : [file, args];
	const sibling = (name: string) => path.join(path.dirname(binary), name);
	const system = (arch: Arch): string => {
		const name = archInfo[arch].qemu;
		const file = existsSync(sibling(name)) ? sibling(name) : findOnPath(name);
		if (file) return file;
		throw new KilnError(`Booting an ${arch} image needs ${name}, which is not installed`, {
			exitCode: 2,
			hint: `Install it (apt-get install ${qemuPackages[arch]}), or run QEMU in a container (KILN_QEMU=container).`,
		});
	};

	return {
		kind: 'host',
		description: `QEMU ${version} (${path.dirname(binary)})`,
		forwardAddress: '127.0.0.1',
		ovmf: hostOvmf,
		async run(tool: 'qemu-img', args: string[], _mounts: Mount[]): Promise<ToolResult> {
			const file = existsSync(sibling(tool)) ? sibling(tool) : findOnPath(tool);
			if (!file) return {exitCode: 127, stdout: '', stderr: `${tool} is not installed`};
			const execa = await loadExeca();
			const result = await execa(...command(file, args), {reject: false, stdin: 'ignore'});
			return {exitCode: result.exitCode ?? 1, stdout: result.stdout, stderr: result.stderr};
		},
		async start(args: string[], options: StartOptions): Promise<QemuProcess> {
			const execa = await loadExeca();
			const child = execa(...command(system(options.arch), args), {stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false, forceKillAfterDelay: 3000});
			const stderr = tailOf(child.stderr);
			const exited = child.then(result => ({code: result.exitCode, stderr: stderr()}));
			return {output: child.stdout, input: child.stdin, exited, stop: () => stop(child, exited)};
		},
		async attach(args: string[], options: StartOptions): Promise<number> {
			const execa = await loadExeca();
			const result = await execa(...command(system(options.arch), args), {stdio: 'inherit', reject: false, forceKillAfterDelay: 3000, cancelSignal: options.signal});
			return result.exitCode ?? 1;
		},
	};
}

async function stop(child: ResultPromise, exited: Promise<QemuExit>): Promise<void> {
	// QEMU ends cleanly on SIGTERM; forceKillAfterDelay follows up with SIGKILL.
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	await exited;
}
