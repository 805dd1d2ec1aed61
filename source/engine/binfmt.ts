// Whether this machine's kernel runs another architecture's programs: a
// binfmt_misc entry for its ELF files, enabled, with the F flag (the
// interpreter is opened when registered, so it works inside containers,
// whose filesystem does not have it).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {type Arch, archInfo} from '../core/arch.js';
import {KilnError} from '../core/errors.js';

export const binfmtDir = '/proc/sys/fs/binfmt_misc';

export type BinfmtState = {ok: true; entry: string} | {ok: false; problem: string};

export function binfmtState(arch: Arch, dir = binfmtDir): BinfmtState {
	let names: string[];
	try {
		names = readdirSync(dir).filter(name => name !== 'register' && name !== 'status');
	} catch {
		return {ok: false, problem: `binfmt_misc is not mounted (${dir} cannot be read)`};
	}
	if (names.length === 0 && !readable(path.join(dir, 'status'))) return {ok: false, problem: `binfmt_misc is not mounted at ${dir}`};
	// The magic is the ELF header up to e_machine: bytes 18-19, hex 36-40.
	const entries = names.map(name => ({name, text: readable(path.join(dir, name)) ?? ''}))
		.filter(({text}) => /^magic 7f454c4602/m.test(text) && /^magic (\S+)/m.exec(text)![1]!.slice(36, 40) === archInfo[arch].elfMachine);
	if (entries.length === 0) return {ok: false, problem: `no binfmt_misc entry runs ${arch} programs`};
	const usable = entries.find(({text}) => /^enabled$/m.test(text) && /^flags: \S*F/m.test(text));
	if (usable) return {ok: true, entry: usable.name};
	const entry = entries[0]!;
	return {ok: false, problem: /^enabled$/m.test(entry.text)
		? `the binfmt_misc entry ${entry.name} lacks the F flag, so containers cannot reach its interpreter`
		: `the binfmt_misc entry ${entry.name} is disabled`};
}

function readable(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** The refusal when the host cannot run the image's programs, saying exactly what to install. */
export function emulationMissing(arch: Arch, host: Arch, problem: string): KilnError {
	const name = `qemu-${archInfo[arch].machine}`;
	return new KilnError(`This ${host} machine cannot run ${arch} programs, which building an ${arch} image needs: ${problem}`, {
		exitCode: 2,
		why: `The OS image is built by running its own ${arch} apt or apk; on another architecture the kernel runs them under qemu-user, registered with binfmt_misc.`,
		hint: `Install and register the emulator: sudo apt-get install qemu-user-static binfmt-support; sudo mount -t binfmt_misc binfmt_misc ${binfmtDir} (if it is not mounted); sudo update-binfmts --enable ${name}. Or build on an ${arch} machine.`,
	});
}
