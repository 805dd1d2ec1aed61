// The flags that describe a build, derived from the choice table
// (core/choices.ts) for `build`, `convert`, `preset save` and `rerun`.
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {type BuildChoices, type ChoiceFlag, type ChoiceSpec, type Secrets, choiceFlag, choiceIds, choiceSpec} from '../core/choices.js';
import {usageError} from '../core/errors.js';
import {type DistroDef, loadDistros, supportEnded} from '../engine/distros.js';

/** The commands that take build choices as flags; each takes the choices it can use. */
export type ChoiceCommand = 'build' | 'convert' | 'rerun';

function takes(command: ChoiceCommand, spec: ChoiceSpec): boolean {
	if (command === 'convert') return !spec.fromImage;
	if (spec.convertOnly) return false;
	if (command === 'rerun') return spec.rerun === true;
	return true;
}

type FlagOption = {type: 'string' | 'boolean'; multiple?: boolean; short?: string};

/** parseArgs options for the choices a command takes. */
export function choiceOptions(command: ChoiceCommand): Record<string, FlagOption> {
	const options: Record<string, FlagOption> = {};
	for (const id of choiceIds) {
		const spec = choiceSpec(id);
		if (!takes(command, spec)) continue;
		for (const flag of spec.flags) {
			options[flag.name] = {type: flag.arg ? 'string' : 'boolean', ...(spec.type === 'list' && {multiple: true}), ...(flag.short && {short: flag.short})};
		}
	}
	return options;
}

export const buildOptions = choiceOptions('build');

/** One flag in --help: the flag, then its text from column 26 (further lines below it). */
export function flagHelpLines(label: string, text: readonly string[]): string {
	const [first = '', ...more] = text;
	return [`  ${label.padEnd(22)} ${first}`, ...more.map(line => `${' '.repeat(25)}${line}`)].join('\n');
}

function flagLabel(flag: ChoiceFlag): string {
	return `${flag.short ? `-${flag.short}, ` : ''}--${flag.name}${flag.arg ? ` ${flag.arg}` : ''}`;
}

/** Each distro's releases, the default first, releases past their end of support marked so (--release's help). */
export function releaseHelp(distros: DistroDef[], today = new Date()): string[] {
	return distros.map(distro => {
		const supported = distro.releases.filter(release => !supportEnded(release, today)).map(release => (release.id === distro.defaultRelease ? `${release.id} (default)` : release.id));
		const ended = distro.releases.filter(release => supportEnded(release, today)).map(release => release.id);
		return `${distro.id}: ${[supported.join(', '), ended.length > 0 ? `past end of support: ${ended.join(', ')}` : ''].filter(Boolean).join('; ')}`;
	});
}

/** --release's lines: every distro's releases, or under convert the Debian base's. */
function releaseText(command: ChoiceCommand, flag: ChoiceFlag): readonly string[] {
	const distros = loadDistros();
	if (command !== 'convert') return releaseHelp(distros);
	return [...flag.convertHelp ?? [], ...releaseHelp(distros.filter(distro => distro.id === 'debian'))];
}

/** The --help lines of the choices a command takes, in table order; the release list comes from distros/. */
export function choiceHelp(command: ChoiceCommand): string {
	return choiceIds.filter(id => takes(command, choiceSpec(id))).flatMap(id => choiceSpec(id).flags.map(flag => {
		const text = id === 'release' ? releaseText(command, flag) : (command === 'convert' && flag.convertHelp) || (command === 'rerun' && flag.rerunHelp) || flag.help;
		return flagHelpLines(flagLabel(flag), text);
	})).join('\n');
}

export const outputFlagHelp = `Output:
${flagHelpLines('--json', ['JSON lines, one event each (schema: README)'])}
${flagHelpLines('--plain', ['plain lines even on a terminal'])}
${flagHelpLines('-v, --verbose', ['include build and assembly log lines'])}`;

export const outputOptions = {
	json: {type: 'boolean'},
	plain: {type: 'boolean'},
	verbose: {type: 'boolean', short: 'v'},
} as const;

/** A function: the release list reads distros/, which happens when help is shown, not when a command loads. */
export const buildFlagHelp = () => `Build choices:
${choiceHelp('build')}`;

export function parseFlags<T extends Record<string, {type: 'string' | 'boolean'; multiple?: boolean; short?: string}>>(argv: string[], options: T, allowPositionals = false) {
	try {
		return parseArgs({args: argv, options, allowPositionals, strict: true});
	} catch (error) {
		const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
		throw usageError('arguments', message, 'Run kiln help for the list of commands and flags.');
	}
}

/** Turns parsed flag values into choices (only what was given) and secrets. */
export function choicesFromFlags(values: Record<string, unknown>, stdin?: () => string): {choices: Partial<BuildChoices>; secrets: Secrets} {
	const choices: Record<string, unknown> = {};
	const secrets: Record<string, string> = {};
	for (const id of choiceIds) {
		const spec = choiceSpec(id);
		const given = spec.flags.filter(flag => values[flag.name] !== undefined);
		if (given.length > 1) {
			const names = spec.flags.map(flag => `--${flag.name}`);
			throw usageError(choiceFlag(id), `Give only one of ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
		}
		const flag = given[0];
		if (!flag) continue;
		const value = values[flag.name];
		if (flag.secret) {
			secrets[id] = flag.secret === 'file' ? readSecretFile(flag.name, value as string, stdin) : value as string;
			choices[id] = true;
		} else if (spec.type === 'list') {
			choices[id] = (value as string[]).flatMap(list => list.split(',')).map(name => name.trim()).filter(Boolean);
		} else {
			choices[id] = spec.type === 'switch' ? flag.sets ?? true : value;
		}
	}
	return {choices: choices as Partial<BuildChoices>, secrets: secrets as Secrets};
}

function readSecretFile(flag: string, file: string, stdin?: () => string): string {
	try {
		const text = file === '-' ? (stdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(file, 'utf8');
		// The first line is the password, as with chpasswd and docker login.
		return text.split(/\r?\n/)[0] ?? '';
	} catch (error) {
		throw usageError(`--${flag}`, `--${flag}: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'Give a readable file whose first line is the password.');
	}
}
