// The flags that describe a build, shared by `build`, `preset save` and `rerun`.
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import type {Bootloader, BuildChoices, Firmware, Format, PullPolicy, Secrets} from '../core/choices.js';
import {usageError} from '../core/errors.js';

export const buildOptions = {
	distro: {type: 'string'},
	release: {type: 'string'},
	kernel: {type: 'string'},
	init: {type: 'string'},
	base: {type: 'string'},
	pull: {type: 'string'},
	size: {type: 'string'},
	firmware: {type: 'string'},
	bootloader: {type: 'string'},
	seed: {type: 'string'},
	format: {type: 'string'},
	compress: {type: 'boolean'},
	hostname: {type: 'string'},
	packages: {type: 'string', multiple: true},
	'root-password': {type: 'string'},
	'root-password-file': {type: 'string'},
	'no-root-password': {type: 'boolean'},
	'ssh-key': {type: 'string'},
	'keep-docs': {type: 'boolean'},
	output: {type: 'string', short: 'o'},
	force: {type: 'boolean', short: 'f'},
} as const;

export const outputFlagHelp = `Output:
  --json                 JSON lines, one event each (schema: README)
  --plain                plain lines even on a terminal
  -v, --verbose          include build and assembly log lines`;

export const outputOptions = {
	json: {type: 'boolean'},
	plain: {type: 'boolean'},
	verbose: {type: 'boolean', short: 'v'},
} as const;

export const buildFlagHelp = `Build choices:
  --distro ID            debian (default), ubuntu, alpine
  --release ID           e.g. bookworm (default), trixie
  --kernel ID            e.g. cloud (default), generic
  --init ID              e.g. systemd (default), sysvinit, openrc, runit
  --base REF             base image instead of the release's (e.g. myorg/debian:12)
  --pull POLICY          missing (default), always, never
  --size SIZE            auto (default) or e.g. 2G, 1500M
  --firmware FW          hybrid (default: boots BIOS and UEFI), bios, uefi
  --bootloader BL        grub (default, unprivileged), extlinux (the classic
                         method: needs privileged Docker, BIOS only)
  --seed TEXT            seeds the disk's UUIDs (default: OS image id + choices)
  --format FMT           raw (default), qcow2, vmdk, vdi, vhdx
  --compress             compress qcow2 (zstd)
  --hostname NAME        guest hostname (default: the distro id)
  --packages A,B         extra packages (repeatable)
  --root-password PW     root password (hashed; prefer --root-password-file)
  --root-password-file F read the root password from F (- for stdin)
  --no-root-password     leave root's password locked (use with --ssh-key)
  --ssh-key FILE         SSH public key for root (installs an SSH server)
  --keep-docs            keep docs, man pages and locales
  -o, --output PATH      image file (default: DISTRO-RELEASE.img)
  -f, --force            replace an existing output file`;

export type FlagValues = {[K in keyof typeof buildOptions]?: (typeof buildOptions)[K] extends {multiple: true} ? string[] : (typeof buildOptions)[K]['type'] extends 'boolean' ? boolean : string};

export function parseFlags<T extends Record<string, {type: 'string' | 'boolean'; multiple?: boolean; short?: string}>>(argv: string[], options: T, allowPositionals = false) {
	try {
		return parseArgs({args: argv, options, allowPositionals, strict: true});
	} catch (error) {
		const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
		throw usageError('arguments', message, 'Run kiln help for the list of commands and flags.');
	}
}

/** Turns parsed flag values into choices (only what was given) and secrets. */
export function choicesFromFlags(values: FlagValues, stdin?: () => string): {choices: Partial<BuildChoices>; secrets: Secrets} {
	const choices: Partial<BuildChoices> = {};
	const copy = <K extends keyof BuildChoices>(key: K, value: BuildChoices[K] | undefined) => {
		if (value !== undefined) choices[key] = value;
	};
	copy('distro', values.distro);
	copy('release', values.release);
	copy('kernel', values.kernel);
	copy('init', values.init);
	copy('base', values.base);
	copy('pull', values.pull as PullPolicy | undefined);
	copy('size', values.size);
	copy('firmware', values.firmware as Firmware | undefined);
	copy('bootloader', values.bootloader as Bootloader | undefined);
	copy('seed', values.seed);
	copy('format', values.format as Format | undefined);
	copy('compress', values.compress);
	copy('hostname', values.hostname);
	copy('sshKey', values['ssh-key']);
	copy('keepDocs', values['keep-docs']);
	copy('output', values.output);
	copy('force', values.force);
	if (values.packages) {
		choices.packages = values.packages.flatMap(list => list.split(',')).map(name => name.trim()).filter(Boolean);
	}
	const secrets: Secrets = {};
	const given = [values['root-password'] !== undefined, values['root-password-file'] !== undefined, values['no-root-password'] === true].filter(Boolean).length;
	if (given > 1) {
		throw usageError('--root-password', 'Give only one of --root-password, --root-password-file and --no-root-password');
	}
	if (values['root-password'] !== undefined) secrets.rootPassword = values['root-password'];
	const file = values['root-password-file'];
	if (file !== undefined) secrets.rootPassword = readPasswordFile(file, stdin);
	if (secrets.rootPassword !== undefined) choices.rootPassword = true;
	if (values['no-root-password']) choices.rootPassword = false;
	return {choices, secrets};
}

function readPasswordFile(file: string, stdin?: () => string): string {
	try {
		const text = file === '-' ? (stdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(file, 'utf8');
		// The first line is the password, as with chpasswd and docker login.
		return text.split(/\r?\n/)[0] ?? '';
	} catch (error) {
		throw usageError('--root-password-file', `--root-password-file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'Give a readable file whose first line is the password.');
	}
}
