// `kiln preset …`: named build choices, saved from the same flags `kiln build`
// takes, shared as JSON files. Never a password (see store/preset-file.ts).
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {usageError} from '../core/errors.js';
import {printable} from '../core/value-checks.js';
import {checkPresetName} from '../store/names.js';
import {parsePresetFile, presetFileText} from '../store/preset-file.js';
import {deletePreset, findPreset, listPresets, presetFromChoices, savePreset} from '../store/presets.js';
import {renderPreset, renderPresetList} from '../report/preset-text.js';
import {buildFlagHelp, buildOptions, choicesFromFlags, parseFlags} from './build-flags.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

const json = {json: {type: 'boolean'}} as const;
const force = {force: {type: 'boolean', short: 'f'}} as const;

/** Prints a store warning (a file moved aside) where scripts reading stdout won't trip on it. */
export function warn(io: Io, warning: string | undefined): void {
	if (warning) io.stderr.write(`${warning}\n`);
}

function oneName(positionals: string[], what: string, usage: string): string {
	if (positionals.length !== 1) throw usageError(what, positionals.length ? `Expected one ${what}, got ${positionals.length}` : `Missing ${what}`, `Usage: ${usage}`);
	return positionals[0]!;
}

function save(argv: string[], io: Io): number {
	const {values, positionals} = parseFlags(argv, {...buildOptions, description: {type: 'string'}}, true);
	const name = checkPresetName(oneName(positionals, 'NAME', 'kiln preset save NAME [build flags]'));
	const {choices} = choicesFromFlags(values);
	const preset = presetFromChoices(name, choices, {cwd: io.cwd, description: values.description});
	// --force is a build flag too; here it means "replace the preset", never "replace images built from it".
	warn(io, savePreset(preset, {replace: choices.force ?? false}, io.env).warning);
	io.stdout.write(`Saved preset "${name}". Build from it with: kiln build --preset ${name}\n`);
	if (choices.rootPassword) {
		io.stderr.write(`kiln: the root password itself is not stored; builds from "${name}" need --root-password-file (or --root-password) again.\n`);
	}
	return 0;
}

function list(argv: string[], io: Io): number {
	const {values} = parseFlags(argv, json);
	const {value: presets, warning} = listPresets(io.env);
	warn(io, warning);
	io.stdout.write(values.json ? `${JSON.stringify(presets, null, 2)}\n` : renderPresetList(presets));
	return 0;
}

function show(argv: string[], io: Io): number {
	const {values, positionals} = parseFlags(argv, json, true);
	const {value: preset, warning} = findPreset(oneName(positionals, 'NAME', 'kiln preset show NAME [--json]'), io.env);
	warn(io, warning);
	io.stdout.write(values.json ? `${JSON.stringify(preset, null, 2)}\n` : renderPreset(preset));
	return 0;
}

function remove(argv: string[], io: Io): number {
	const {positionals} = parseFlags(argv, {}, true);
	const name = oneName(positionals, 'NAME', 'kiln preset delete NAME');
	warn(io, deletePreset(name, io.env).warning);
	io.stdout.write(`Deleted preset "${name}".\n`);
	return 0;
}

function exportPreset(argv: string[], io: Io): number {
	const {values, positionals} = parseFlags(argv, force, true);
	if (positionals.length === 0 || positionals.length > 2) throw usageError('NAME', 'Expected a preset name and at most one file', 'Usage: kiln preset export NAME [FILE]');
	const [name, file] = positionals as [string, string?];
	const {value: preset, warning} = findPreset(name, io.env);
	warn(io, warning);
	const text = presetFileText(preset);
	if (file === undefined || file === '-') {
		io.stdout.write(text);
		return 0;
	}
	const target = path.resolve(io.cwd, file);
	try {
		// 'wx' refuses to replace a file that exists: nothing is lost without --force.
		writeFileSync(target, text, {flag: values.force ? 'w' : 'wx'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') throw usageError('FILE', `${target} already exists`, 'Pass --force to replace it, or give another file name.');
		throw usageError('FILE', `Cannot write ${target}: ${code ?? (error as Error).message}`, 'Give a path in a folder you can write to.');
	}
	io.stdout.write(`Exported preset "${name}" to ${target}.\n`);
	return 0;
}

function importPreset(argv: string[], io: Io): number {
	const {values, positionals} = parseFlags(argv, {...force, name: {type: 'string'}}, true);
	const file = oneName(positionals, 'FILE', 'kiln preset import FILE [--name NAME] [--force]');
	const source = file === '-' ? 'standard input' : path.resolve(io.cwd, file);
	let text: string;
	try {
		text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(source, 'utf8');
	} catch (error) {
		throw usageError('FILE', `Cannot read the preset file ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
			'Give the path of a readable file written by kiln preset export.');
	}
	const parsed = parsePresetFile(text, source);
	const name = values.name ?? parsed.name;
	if (name === undefined) throw usageError('--name', `${source} has no "name" field`, 'Pass --name NAME to name the preset.');
	checkPresetName(name, values.name === undefined ? 'name' : '--name');
	warn(io, savePreset({...parsed, name, createdAt: parsed.createdAt ?? new Date().toISOString()}, {replace: values.force ?? false}, io.env).warning);
	io.stdout.write(`Imported preset "${name}" from ${printable(source)}.\n`);
	return 0;
}

const subcommands: Record<string, (argv: string[], io: Io) => number> = {
	save,
	list,
	show,
	delete: remove,
	export: exportPreset,
	import: importPreset,
};

export const presetCommand: Command = {
	name: 'preset',
	get usage() {
		return `kiln preset save NAME [build flags] [--description TEXT] [--force]
kiln preset list [--json]
kiln preset show NAME [--json]
kiln preset delete NAME
kiln preset export NAME [FILE] [--force]     (JSON on stdout without FILE)
kiln preset import FILE [--name NAME] [--force]   (FILE - reads stdin)

A preset keeps the build choices given as flags under a name; build from it
with kiln build --preset NAME [flags], where flags override the preset.
It never keeps a password: saved with --root-password*, it only records that
builds from it need one. --force replaces an existing preset (or export FILE);
built-in presets cannot be replaced or deleted. Names: 1-64 letters, digits,
dots, dashes and underscores, not starting with a dot or dash.

${buildFlagHelp()}`;
	},
	async run(argv: string[], io: Io) {
		const [name, ...rest] = argv;
		const subcommand = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
		if (!subcommand) {
			throw usageError('SUBCOMMAND', name === undefined ? 'kiln preset needs a subcommand' : `kiln preset has no subcommand "${printable(name)}"`,
				`Use one of: ${Object.keys(subcommands).join(', ')}. kiln help preset shows how.`);
		}
		return subcommand(rest, io);
	},
};
