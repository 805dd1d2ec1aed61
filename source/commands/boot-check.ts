import type {BootCheckResult, Milestone} from '../core/boot-check-result.js';
import {createWriteStream, readFileSync} from 'node:fs';
import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {CancelledError, KilnError, usageError} from '../core/errors.js';
import {logDirectory} from '../core/paths.js';
import {accelFrom, firmwareFrom, imageFrom, timeoutFrom} from './vm-flags.js';
import {bootCheck} from '../qemu/boot-check.js';
import {parseFlags} from './build-flags.js';
import {cancelOnSignals} from '../app/signals.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';


const options = {
	'root-password': {type: 'string'},
	'root-password-file': {type: 'string'},
	timeout: {type: 'string'},
	accel: {type: 'string'},
	firmware: {type: 'string'},
	json: {type: 'boolean'},
} as const;

const milestoneTitles: Record<Milestone['name'], string> = {
	firmware: 'firmware',
	bootloader: 'bootloader',
	kernel: 'kernel started',
	init: 'init started',
	login: 'login prompt',
};

function rootPassword(values: {'root-password'?: string; 'root-password-file'?: string}, io: Io): string | undefined {
	if (values['root-password'] !== undefined && values['root-password-file'] !== undefined) {
		throw usageError('--root-password', 'Give only one of --root-password and --root-password-file');
	}
	const file = values['root-password-file'];
	if (file === undefined) return values['root-password'];
	try {
		// The first line is the password, as with chpasswd (and kiln build).
		return readFileSync(file === '-' ? 0 : path.resolve(io.cwd, file), 'utf8').split(/\r?\n/)[0];
	} catch (error) {
		throw usageError('--root-password-file', `--root-password-file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
}

function describeProbe(result: BootCheckResult): string[] {
	const probe = result.probe;
	if (!probe) return [];
	const network = probe.network.up ? `up (${[probe.network.interface, probe.network.address].filter(Boolean).join(' ')})` : 'no default route';
	return [
		`  os:      ${probe.os.name ?? probe.os.id ?? 'unknown'}`,
		`  kernel:  ${probe.kernel ?? 'unknown'}`,
		`  root:    ${probe.rootFs.type ?? 'unknown'} (${probe.rootFs.mode ?? '?'})`,
		`  network: ${network}`,
	];
}

export const bootCheckCommand: Command = {
	name: 'boot-check',
	usage: `kiln boot-check IMAGE [flags]

Boots the image in QEMU without a display (its writes are discarded), reports
when it reached the firmware, bootloader, kernel, init and the login prompt,
and with a root password logs in, probes the system (os-release, kernel, root
filesystem, network) and powers it off. Exit 0 only if all of that worked.

  --root-password PW       log in as root with PW (prefer --root-password-file)
  --root-password-file F   read the password from F's first line (- for stdin)
  --timeout SEC            seconds to the login prompt (default 180 with TCG, 90 with KVM)
  --accel MODE             auto (KVM when it really works, else TCG), kvm, tcg
  --firmware MODE          auto (what the disk supports), bios, uefi
  --json                   print one JSON result object`,
	async run(argv: string[], io: Io) {
		const {values, positionals} = parseFlags(argv, options, true);
		const image = imageFrom('boot-check', positionals);
		const settings = {
			image,
			rootPassword: rootPassword(values, io),
			timeoutSec: timeoutFrom(values.timeout),
			accel: accelFrom(values.accel),
			firmware: firmwareFrom(values.firmware),
		};
		const json = values.json === true;
		const say = (text: string) => {
			if (!json) io.stdout.write(`${text}\n`);
		};
		const logFile = path.join(logDirectory(io.env), `boot-check-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
		await mkdir(path.dirname(logFile), {recursive: true});
		const log = createWriteStream(logFile, {mode: 0o600});
		const controller = new AbortController();
		const dispose = cancelOnSignals(controller, io.stderr);
		try {
			const result = await bootCheck({
				...settings,
				signal: controller.signal,
				env: io.env,
				onStatus: line => say(`kiln: ${line}`),
				onLine: line => log.write(`${line}\n`),
				onMilestone: milestone => say(`  ✓ ${milestoneTitles[milestone.name].padEnd(14)} ${milestone.atSec.toFixed(1).padStart(6)} s`),
			});
			if (json) {
				io.stdout.write(`${JSON.stringify({...result, serialLog: logFile})}\n`);
			} else if (result.ok) {
				if (result.loggedIn) say('  ✓ logged in as root');
				for (const line of describeProbe(result)) say(line);
				if (result.poweredOff === false) say('  ! the guest did not power off by itself; QEMU was stopped');
				say(`boot check passed in ${result.durationSec.toFixed(1)} s (serial log: ${logFile})`);
			} else {
				say(`  ✗ boot check failed after ${result.durationSec.toFixed(1)} s: ${result.reason}`);
				if (result.line) say(`    ${result.line}`);
				if (result.lastLines.length > 0) {
					say(`last ${result.lastLines.length} serial lines (full log: ${logFile}):`);
					for (const line of result.lastLines) say(`  | ${line}`);
				}
			}
			return result.ok ? 0 : 1;
		} catch (error) {
			if (error instanceof CancelledError || controller.signal.aborted) {
				if (json) io.stdout.write(`${JSON.stringify({ok: false, code: 'cancelled', reason: 'cancelled', serialLog: logFile})}\n`);
				return 130;
			}
			if (json && error instanceof KilnError) {
				io.stdout.write(`${JSON.stringify({ok: false, code: error.exitCode === 2 ? 'bad-input' : 'error', reason: error.message, why: error.why, hint: error.hint})}\n`);
				return error.exitCode;
			}
			throw error;
		} finally {
			dispose();
			log.end();
		}
	},
};
