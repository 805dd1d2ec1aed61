// KVM or TCG. `/dev/kvm` existing proves little: on some machines (nested,
// page-table based KVM) it runs long-mode code but hangs on the real-mode and
// unpaged code every bootloader starts with. So `auto` boots a probe sector
// under KVM once per machine, kernel and QEMU, remembers the answer, and
// falls back to TCG saying why.
import {constants} from 'node:fs';
import {access, mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {type Arch, hostArch} from '../core/arch.js';
import {KilnError} from '../core/errors.js';
import {cacheDirectory} from '../core/paths.js';
import type {AccelDecision} from './accel-decision.js';
import {probeKvm} from './accel-probe.js';
import type {Toolbox} from './toolbox.js';

export type AccelChoice = 'auto' | 'kvm' | 'tcg';

interface CacheEntry extends AccelDecision {
	probedAt: string;
}

const kvmDevice = '/dev/kvm';

async function kvmAccess(): Promise<'ok' | 'missing' | 'denied'> {
	try {
		await access(kvmDevice, constants.R_OK | constants.W_OK);
		return 'ok';
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'denied';
	}
}

async function machineKey(toolbox: Toolbox): Promise<string> {
	const machineId = await readFile('/etc/machine-id', 'utf8').then(text => text.trim(), () => os.hostname());
	return `${machineId}|${os.release()}|${toolbox.kind}|${toolbox.description}`;
}

/** `arch` is the guest's: KVM runs only this machine's own architecture. */
export async function chooseAccel(choice: AccelChoice, toolbox: Toolbox, options: {env?: NodeJS.ProcessEnv; signal?: AbortSignal; arch?: Arch} = {}): Promise<AccelDecision> {
	if (choice === 'tcg') return {accel: 'tcg', reason: 'TCG as asked (--accel tcg)'};
	const guest = options.arch ?? 'amd64';
	const host = hostArch();
	if (guest !== host) {
		if (choice === 'kvm') {
			throw new KilnError(`KVM cannot run an ${guest} guest on this ${host} machine`, {exitCode: 2, hint: 'Use --accel auto or --accel tcg: TCG emulates the other architecture.'});
		}
		return {accel: 'tcg', reason: `TCG: an ${guest} guest on an ${host} machine is emulated`};
	}
	const device = await kvmAccess();
	if (choice === 'kvm') {
		if (device !== 'ok') {
			throw new KilnError(device === 'missing' ? 'KVM was asked for, but this machine has no /dev/kvm' : 'KVM was asked for, but /dev/kvm is not accessible', {
				exitCode: 2,
				hint: device === 'missing'
					? 'Use --accel auto or --accel tcg (slower, works everywhere), or enable virtualisation for this machine.'
					: 'Add yourself to the kvm group (sudo usermod -aG kvm $USER, then log in again), or use --accel tcg.',
			});
		}
		return {accel: 'kvm', reason: 'KVM as asked (--accel kvm)'};
	}
	if (device === 'missing') return {accel: 'tcg', reason: 'TCG: this machine has no /dev/kvm'};
	if (device === 'denied') return {accel: 'tcg', reason: 'TCG: no permission on /dev/kvm (join the kvm group to use KVM)'};
	// The probe is an x86 boot sector; on an arm64 machine /dev/kvm is taken at its word.
	if (host !== 'amd64') return {accel: 'kvm', reason: `KVM: ${kvmDevice} is accessible (the KVM probe is x86 code and runs on amd64 machines only)`};

	const file = path.join(cacheDirectory(options.env), 'accel.json');
	const key = await machineKey(toolbox);
	const cache = await readFile(file, 'utf8').then(text => JSON.parse(text) as Record<string, CacheEntry>, () => ({} as Record<string, CacheEntry>));
	const known = cache[key];
	if (known) return {accel: known.accel, reason: `${known.reason} (probed ${known.probedAt.slice(0, 10)}, cached in ${file})`};

	const decision = await probeKvm(toolbox, options.signal);
	cache[key] = {...decision, probedAt: new Date().toISOString()};
	await mkdir(path.dirname(file), {recursive: true});
	const temporary = `${file}.${process.pid}`;
	await writeFile(temporary, `${JSON.stringify(cache, null, '\t')}\n`);
	await rename(temporary, file);
	return decision;
}
