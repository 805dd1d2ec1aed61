// The one table of build choices: what a person chooses for a build, as plain
// data without secrets. The flag parser and every command's --help
// (commands/build-flags.ts), the wizard's "same build without the wizard"
// command line (ui/wizard/command-line.ts), preset files and the stores'
// schemas (store/choice-fields.ts) and the BuildChoices type are all derived
// from it; the plan (engine/plan.ts) resolves the choices against distros/.
//
// To add a choice: add one entry to `choiceTable` below (in the place it
// should have in --help), give it an example value in
// test/unit/choices.test.ts (which walks every entry through --help, the
// parser, a preset file and the wizard's command line), then write the engine
// code that uses it. Values are checked here: their type, a `oneOf` list, and
// an entry's own `check` (core/value-checks.ts) for every build, preset and
// import; a check that needs distro data (does this kernel exist) belongs in
// the plan (engine/plan.ts resolvePlan).

import {arches, hostArch} from './arch.js';
import {usageError} from './errors.js';
import {checkHostname, checkSeed} from './value-checks.js';

export const formats = ['raw', 'qcow2', 'vmdk', 'vdi', 'vhdx'] as const;
export type Format = (typeof formats)[number];
export const firmwares = ['bios', 'uefi', 'hybrid'] as const;
export type Firmware = (typeof firmwares)[number];
export const bootloaders = ['grub', 'extlinux'] as const;
export type Bootloader = (typeof bootloaders)[number];
/**
 * What each bootloader asks of Docker. `extlinux` is the article's classic
 * method: it loop-mounts the filesystem, so its builder needs CAP_SYS_ADMIN
 * and the host's loop devices. Front ends show `label` and ask before using
 * a privileged one.
 */
export const bootloaderInfo: Record<Bootloader, {label: string; privileged: boolean; firmwares: readonly Firmware[]}> = {
	grub: {label: 'GRUB (unprivileged builder)', privileged: false, firmwares: firmwares},
	extlinux: {label: 'classic (needs privileged Docker)', privileged: true, firmwares: ['bios']},
};
export const pullPolicies = ['always', 'missing', 'never'] as const;
/** kiln convert: where the image's app runs (plan-summary.ts says more). */
export const appBasePaths = ['inplace', 'debian'] as const;
export type AppBasePath = (typeof appBasePaths)[number];
export type PullPolicy = (typeof pullPolicies)[number];

export const formatExtension: Record<Format, string> = {raw: 'img', qcow2: 'qcow2', vmdk: 'vmdk', vdi: 'vdi', vhdx: 'vhdx'};

export function defaultOutput(distro: string, release: string, format: Format): string {
	return `${distro}-${release}.${formatExtension[format]}`;
}

/** What a default may depend on: the chosen distro's own defaults and choices already filled in. */
export interface DefaultsContext {
	distro: {id: string; defaultRelease: string; defaultKernel: string; defaultInit: string};
	/** Another choice with its default applied. */
	value(id: string): unknown;
}

export interface ChoiceFlag {
	/** Long name without the dashes. */
	name: string;
	short?: string;
	/** Placeholder of the flag's argument in --help; a flag without one is a switch. */
	arg?: string;
	/** --help lines (the first beside the flag, the rest below it). */
	help: readonly string[];
	/** The same lines where `kiln convert` or `kiln rerun` mean something else by the flag. */
	convertHelp?: readonly string[];
	rerunHelp?: readonly string[];
	/** A switch that sets the choice to this value (default: true). */
	sets?: boolean;
	/** The argument is a secret (or a file holding one, `-` for stdin) that goes to Secrets, never into the choices; it sets the choice to true. */
	secret?: 'value' | 'file';
}

export interface ChoiceSpec {
	/** text: any string (see `check`); oneOf: one of `values`; switch: a boolean; list: names, comma-separated or repeated. */
	type: 'text' | 'oneOf' | 'switch' | 'list';
	values?: readonly string[];
	/** Throws a usage error (naming the flag) for a bad value; checks that need distro data are the plan's. */
	check?: (value: string) => void;
	/** Usually one; more than one are alternatives, and only one may be given. */
	flags: readonly ChoiceFlag[];
	/** A fixed default or one from the distro and other choices; without one the choice stays unset. */
	default?: string | boolean | readonly string[] | ((context: DefaultsContext) => string);
	/** The wizard step that asks for it (ui/wizard/answers.ts); its command line always names such a choice, even at its default. */
	wizard?: string;
	/** Never stored in a preset: a decision for each run. */
	notInPreset?: true;
	/** `kiln convert` reads it from the image instead. */
	fromImage?: true;
	/** Only `kiln convert` takes it: it is about the image being converted. */
	convertOnly?: true;
	/** `kiln rerun` takes it to change a recorded build; the other choices come from the history. */
	rerun?: true;
}

export const choiceTable = {
	distro: {
		type: 'text', default: 'debian', wizard: 'distro', fromImage: true,
		flags: [{name: 'distro', arg: 'ID', help: ['debian (default), ubuntu, alpine']}],
	},
	release: {
		// kiln convert reads the release from an image it builds on in place; on a Debian base it is the base's.
		type: 'text', default: ({distro}) => distro.defaultRelease, wizard: 'release',
		flags: [{name: 'release', arg: 'ID', help: ['(listed per distro from distros/, in commands/build-flags.ts)'], convertHelp: ["the Debian base's release (on a Debian base only):"]}],
	},
	arch: {
		type: 'oneOf', values: arches, default: () => hostArch(), wizard: 'arch',
		flags: [{name: 'arch', arg: 'ARCH', help: ["amd64, arm64 (default: this machine's)"], convertHelp: ["amd64, arm64 (default: the image's; another is refused)"]}],
	},
	kernel: {
		type: 'text', default: ({distro}) => distro.defaultKernel, wizard: 'kernel',
		flags: [{name: 'kernel', arg: 'ID', help: ['e.g. cloud (default), generic']}],
	},
	init: {
		type: 'text', default: ({distro}) => distro.defaultInit, wizard: 'init',
		flags: [{name: 'init', arg: 'ID', help: ['e.g. systemd (default), sysvinit, openrc, runit']}],
	},
	base: {
		type: 'text', fromImage: true,
		flags: [{name: 'base', arg: 'REF', help: ["base image instead of the release's (e.g. myorg/debian:12)"]}],
	},
	pull: {
		type: 'oneOf', values: pullPolicies, default: 'missing',
		flags: [{name: 'pull', arg: 'POLICY', help: ['missing (default), always, never']}],
	},
	size: {
		type: 'text', default: 'auto', wizard: 'size',
		flags: [{name: 'size', arg: 'SIZE', help: ['auto (default) or e.g. 2G, 1500M']}],
	},
	firmware: {
		// Hybrid boots on BIOS and UEFI firmware alike; extlinux is BIOS only; arm64 has only UEFI.
		type: 'oneOf', values: firmwares, wizard: 'firmware',
		default: ({value}) => value('bootloader') === 'extlinux' ? 'bios' : value('arch') === 'arm64' ? 'uefi' : 'hybrid',
		flags: [{name: 'firmware', arg: 'FW', help: ['hybrid (default: boots BIOS and UEFI), bios, uefi', '(arm64: uefi only, the default there)']}],
	},
	bootloader: {
		type: 'oneOf', values: bootloaders, default: 'grub',
		flags: [{name: 'bootloader', arg: 'BL', help: ['grub (default, unprivileged), extlinux (the classic', 'method: needs privileged Docker, BIOS only)']}],
	},
	/** Seeds the disk's UUIDs and ids; default: from the OS image id and these choices. */
	seed: {
		type: 'text', check: checkSeed,
		flags: [{name: 'seed', arg: 'TEXT', help: ["seeds the disk's UUIDs (default: OS image id + choices)"]}],
	},
	format: {
		type: 'oneOf', values: formats, default: 'raw', wizard: 'format',
		flags: [{name: 'format', arg: 'FMT', help: ['raw (default), qcow2, vmdk, vdi, vhdx']}],
	},
	compress: {
		type: 'switch', default: false,
		flags: [{name: 'compress', help: ['compress qcow2 (zstd)']}],
	},
	hostname: {
		type: 'text', check: checkHostname, default: ({distro}) => distro.id, wizard: 'hostname',
		flags: [{name: 'hostname', arg: 'NAME', help: ['guest hostname (default: the distro id)'], convertHelp: ["guest hostname (default: the image's name)"]}],
	},
	packages: {
		type: 'list', default: [],
		flags: [{name: 'packages', arg: 'A,B', help: ['extra packages (repeatable)']}],
	},
	/** Whether root logs in with a password (the password itself is never stored). */
	rootPassword: {
		type: 'switch', default: false, wizard: 'login', rerun: true,
		flags: [
			{name: 'root-password', arg: 'PW', secret: 'value', help: ['root password (hashed; prefer --root-password-file)']},
			{name: 'root-password-file', arg: 'F', secret: 'file', help: ['read the root password from F (- for stdin)']},
			{name: 'no-root-password', sets: false, help: ["leave root's password locked (use with --ssh-key)"]},
		],
	},
	/** Path of an SSH public key for root. */
	sshKey: {
		type: 'text', wizard: 'login', rerun: true,
		flags: [{name: 'ssh-key', arg: 'FILE', help: ['SSH public key for root (installs an SSH server;', 'root may log in over SSH with the key only)'], rerunHelp: ['another SSH public key for root']}],
	},
	keepDocs: {
		type: 'switch', default: false,
		flags: [{name: 'keep-docs', help: ['keep docs, man pages and locales']}],
	},
	/** Grow the root partition and filesystem to fill the disk at first boot (engine/first-boot.ts). */
	grow: {
		type: 'switch', default: true,
		flags: [{name: 'no-grow', sets: false, help: ["don't grow the root partition and filesystem to", 'fill a larger disk at first boot']}],
	},
	/** Where the image is written. */
	output: {
		type: 'text', wizard: 'output', rerun: true,
		default: ({distro, value}) => defaultOutput(distro.id, value('release') as string, value('format') as Format),
		flags: [{name: 'output', short: 'o', arg: 'PATH', help: ['image file (default: DISTRO-RELEASE.img)'], convertHelp: ['image file (default: NAME.img)'], rerunHelp: ['write the image here instead']}],
	},
	/** kiln convert: keep the app in the image with a kernel added (inplace), or run it inside the image's tree on a Debian base. */
	appBase: {
		type: 'oneOf', values: appBasePaths, convertOnly: true, notInPreset: true,
		flags: [{name: 'app-base', arg: 'BASE', help: ['inplace (default when kiln knows the distro: a kernel', 'and init go into the image itself) or debian (the', "image's tree kept whole on a Debian base, the app", 'run inside it: scratch, distroless, other distros)']}],
	},
	/** Replace an existing file at the output path. */
	force: {
		type: 'switch', default: false, notInPreset: true, rerun: true,
		flags: [{name: 'force', short: 'f', help: ['replace an existing output file']}],
	},
} as const satisfies Record<string, ChoiceSpec>;

type Table = typeof choiceTable;
export type ChoiceId = keyof Table;
export const choiceIds = Object.keys(choiceTable) as ChoiceId[];

type ValueOf<C> = C extends {type: 'oneOf'; values: readonly (infer V)[]} ? V
	: C extends {type: 'switch'} ? boolean
		: C extends {type: 'list'} ? string[]
			: string;
type WithDefault = {[K in ChoiceId]: Table[K] extends {default: unknown} ? K : never}[ChoiceId];
type Simplify<T> = {[K in keyof T]: T[K]};

/** A build's choices with every default applied; choices without a default may stay unset. */
export type BuildChoices = Simplify<
	{[K in WithDefault]: ValueOf<Table[K]>} & {[K in Exclude<ChoiceId, WithDefault>]?: ValueOf<Table[K]>}
>;

/** Secrets travel beside the choices, never inside them. */
export interface Secrets {
	rootPassword?: string;
}

/** The entry of a choice, seen through the general shape. */
export function choiceSpec(id: ChoiceId): ChoiceSpec {
	return choiceTable[id];
}

/** The flag a message about this choice names, like `--ssh-key`. */
export function choiceFlag(id: ChoiceId): string {
	return `--${choiceSpec(id).flags[0]!.name}`;
}

/** The choice a flag (with or without its dashes) belongs to. */
export function choiceOfFlag(flag: string): ChoiceId | undefined {
	const name = flag.replace(/^--/, '');
	return choiceIds.find(id => choiceSpec(id).flags.some(item => item.name === name));
}

/** The checks of a value that need no distro data: one of a `oneOf` list, and the entry's own `check`. */
export function checkChoiceValue(id: ChoiceId, value: unknown): void {
	const {type, values, check} = choiceSpec(id);
	if (type === 'oneOf' && !values!.includes(value as string)) {
		const flag = choiceFlag(id);
		throw usageError(flag, `${flag} "${String(value)}" is not supported`, `Choose one of: ${values!.join(', ')}.`);
	}
	if (check && typeof value === 'string') check(value);
}

/**
 * Fills every unset choice with its default, checking each value as it goes
 * (a format that does not exist has no file extension for the default output).
 */
export function fillDefaults(input: Partial<BuildChoices>, distro: DefaultsContext['distro']): BuildChoices {
	const filled: Record<string, unknown> = {};
	const value = (id: string): unknown => {
		if (!(id in filled)) {
			const spec = choiceSpec(id as ChoiceId);
			const given = (input as Record<string, unknown>)[id];
			const fallback = () => typeof spec.default === 'function' ? spec.default({distro, value}) : Array.isArray(spec.default) ? [...spec.default] : spec.default;
			filled[id] = given ?? fallback();
			if (filled[id] !== undefined) checkChoiceValue(id as ChoiceId, filled[id]);
		}
		return filled[id];
	};
	return Object.fromEntries(choiceIds.map(id => [id, value(id)])) as BuildChoices;
}
