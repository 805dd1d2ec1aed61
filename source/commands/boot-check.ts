import {readFileSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {BootCheckResult} from '../core/boot-check-result.js';
import {junitReport} from '../core/junit.js';
import {checkFlagsFrom, checkOptions} from './check-flags.js';
import {CancelledError, KilnError, usageError} from '../core/errors.js';
import {accelFrom, firmwareFrom, imageFrom, timeoutFrom} from './vm-flags.js';
import {terminalBootCheck} from '../app/boot-check.js';
import {bootCheckJsonReporter, bootCheckLineReporter} from '../report/boot-check-lines.js';
import {parseFlags} from './build-flags.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';


const options = {
	'root-password': {type: 'string'},
	'root-password-file': {type: 'string'},
	timeout: {type: 'string'},
	accel: {type: 'string'},
	firmware: {type: 'string'},
	json: {type: 'boolean'},
	'no-image-checks': {type: 'boolean'},
	...checkOptions,
} as const;

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

export const bootCheckCommand: Command = {
	name: 'boot-check',
	usage: `kiln boot-check IMAGE [flags]

Boots the image in QEMU without a display (its writes are discarded), reports
when it reached the firmware, bootloader, kernel, init and the login prompt,
and with a root password logs in, probes the system (os-release, kernel, root
filesystem, network), checks the app (a converted image's EXPOSE ports and
HEALTHCHECK, --expect-port, --expect-output) and powers it off. Exit 0 only if
all of that worked.

  --root-password PW       log in as root with PW (prefer --root-password-file)
  --root-password-file F   read the password from F's first line (- for stdin)
  --timeout SEC            seconds to the login prompt (default 180 with TCG, 90 with KVM)
  --accel MODE             auto (KVM when it really works, else TCG), kvm, tcg
  --firmware MODE          auto (what the disk supports), bios, uefi
  --json                   print one JSON result object
  --expect-port N          a TCP port that must accept inside the guest
                           (repeatable; needs the root password)
  --expect-output REGEX    a console line that must match (JavaScript syntax)
  --junit FILE             write the result as a JUnit XML report
  --no-image-checks        skip what a converted image asks for (its EXPOSE
                           ports and HEALTHCHECK, run by default)`,
	async run(argv: string[], io: Io) {
		const {values, positionals} = parseFlags(argv, options, true);
		const image = imageFrom('boot-check', positionals);
		const password = rootPassword(values, io);
		const checks = checkFlagsFrom(values, io.cwd, password);
		const settings = {
			image,
			rootPassword: password,
			expectPorts: checks.expectPorts,
			expectOutput: checks.expectOutput,
			imageChecks: !values['no-image-checks'],
			timeoutSec: timeoutFrom(values.timeout),
			accel: accelFrom(values.accel),
			firmware: firmwareFrom(values.firmware),
		};
		const json = values.json === true;
		const check = await terminalBootCheck(settings, io);
		const report = json ? bootCheckJsonReporter(io.stdout, check.serialLog) : bootCheckLineReporter(io.stdout, check.serialLog);
		try {
			let result: BootCheckResult | undefined;
			for await (const event of check.events) {
				report(event);
				if (event.type === 'boot-result') result = event.result;
			}
			if (!result) throw new Error('the boot check ended without a result');
			if (checks.junit) await writeFile(checks.junit, junitReport(result));
			return result.ok ? 0 : 1;
		} catch (error) {
			if (error instanceof CancelledError) {
				if (json) io.stdout.write(`${JSON.stringify({ok: false, code: 'cancelled', reason: 'cancelled', serialLog: check.serialLog})}\n`);
				return 130;
			}
			if (json && error instanceof KilnError) {
				io.stdout.write(`${JSON.stringify({ok: false, code: error.exitCode === 2 ? 'bad-input' : 'error', reason: error.message, why: error.why, hint: error.hint})}\n`);
				return error.exitCode;
			}
			throw error;
		}
	},
};
