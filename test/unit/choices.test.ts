// Walks the choice table: every choice is in --help, parses from its flags,
// survives a preset file and the wizard's command line. README's flag list
// is `kiln build --help` itself.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {buildCommand} from '../../source/commands/build.js';
import {buildOptions, choiceOptions, choicesFromFlags, parseFlags} from '../../source/commands/build-flags.js';
import {convertCommand} from '../../source/commands/convert.js';
import {rerunCommand} from '../../source/commands/rerun.js';
import {type BuildChoices, type ChoiceId, choiceIds, choiceSpec} from '../../source/core/choices.js';
import {resolvePlan, withDefaults} from '../../source/engine/plan.js';
import {parsePresetFile, presetFileText} from '../../source/store/preset-file.js';
import {stepOrder} from '../../source/ui/wizard/answers.js';
import {buildArgv, passwordFilePlaceholder} from '../../source/ui/wizard/command-line.js';

/**
 * A valid build that sets each choice to something other than its default
 * (with what else it needs). A new choice in the table needs one here.
 */
const examples: Record<ChoiceId, Partial<BuildChoices>> = {
	distro: {distro: 'alpine'},
	release: {release: 'bookworm'},
	arch: {arch: 'arm64'},
	kernel: {kernel: 'generic'},
	init: {init: 'sysvinit'},
	base: {base: 'myorg/debian:12'},
	pull: {pull: 'never'},
	size: {size: '2G'},
	firmware: {firmware: 'uefi'},
	bootloader: {bootloader: 'extlinux'},
	seed: {seed: 'release-1.4'},
	format: {format: 'qcow2'},
	compress: {compress: true, format: 'qcow2'},
	hostname: {hostname: 'web-1'},
	packages: {packages: ['curl', 'vim']},
	rootPassword: {rootPassword: true},
	sshKey: {sshKey: '/home/me/.ssh/id.pub'},
	keepDocs: {keepDocs: true},
	grow: {grow: false},
	output: {output: 'out/web.img'},
	force: {force: true},
	appBase: {appBase: 'debian'},
};

/** A value each choice with its own `check` refuses. */
const refused: Partial<Record<ChoiceId, string>> = {
	seed: 'two words',
	hostname: 'Web_1',
};

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-choices-test-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const passwordFile = path.join(dir, 'password');
writeFileSync(passwordFile, 's3cret\n');

/** The flag lines of a command's --help, as the flags they name. */
function helpFlags(usage: string): string[] {
	return [...usage.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)].map(match => match[1]!);
}

function parse(argv: string[]) {
	return choicesFromFlags(parseFlags(argv, {...buildOptions, ...choiceOptions('convert')}).values);
}

describe('the choice table', () => {
	it('has an example for every choice, each changing its choice', () => {
		expect(Object.keys(examples).sort()).toEqual([...choiceIds].sort());
		const defaults = withDefaults({});
		for (const id of choiceIds) expect(withDefaults(examples[id])[id], id).not.toEqual(defaults[id]);
	});

	it("names the wizard's steps, and every step but the review asks for a choice", () => {
		const asked = new Set(choiceIds.map(id => choiceSpec(id).wizard).filter(Boolean));
		expect([...asked].every(step => (stepOrder as readonly string[]).includes(step!))).toBe(true);
		expect(stepOrder.filter(step => step !== 'review' && !asked.has(step))).toEqual([]);
	});

	describe.each(choiceIds)('%s', id => {
		const spec = choiceSpec(id);
		const example = examples[id];

		it('appears in kiln build --help (unless only convert takes it), in convert unless the image gives it, in rerun when a rerun may change it', () => {
			for (const flag of spec.flags) {
				expect(helpFlags(buildCommand.usage).includes(flag.name)).toBe(!spec.convertOnly);
				expect(helpFlags(convertCommand.usage).includes(flag.name)).toBe(!spec.fromImage);
				expect(helpFlags(rerunCommand.usage).includes(flag.name)).toBe(spec.rerun === true);
				expect(Object.hasOwn(choiceOptions('convert'), flag.name)).toBe(!spec.fromImage);
			}
		});

		it('parses from each of its flags', () => {
			for (const flag of spec.flags) {
				const names = [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])];
				for (const name of names) {
					if (flag.secret) {
						const {choices, secrets} = parse([name, flag.secret === 'file' ? passwordFile : 's3cret']);
						expect(choices).toEqual({[id]: true});
						expect(secrets).toEqual({[id]: 's3cret'});
					} else if (!flag.arg) {
						expect(parse([name]).choices).toEqual({[id]: flag.sets ?? true});
					} else {
						const value = example[id]!;
						expect(parse([name, Array.isArray(value) ? value.join(',') : String(value)]).choices).toEqual({[id]: value});
					}
				}
			}
			if (spec.flags.length > 1) {
				expect(() => parse(spec.flags.flatMap(flag => [`--${flag.name}`, ...(flag.arg ? [passwordFile] : [])]))).toThrow(/Give only one of/);
			}
		});

		it(spec.notInPreset ? 'is refused in a preset file' : 'round-trips through a preset file', () => {
			const text = presetFileText({name: 'walk', choices: example});
			if (spec.notInPreset) {
				expect(() => parsePresetFile(text, 'walk.json')).toThrow(`field "choices.${id}" cannot be stored in a preset`);
			} else {
				expect(parsePresetFile(text, 'walk.json').choices).toEqual(example);
				const wrong = JSON.stringify({kind: 'kiln-preset', version: 1, choices: {[id]: spec.type === 'switch' ? 'yes' : 1}});
				expect(() => parsePresetFile(wrong, 'walk.json')).toThrow(`field "choices.${id}" must be`);
			}
		});

		if (spec.type === 'oneOf' || spec.check) {
			it('refuses a bad value, naming its flag on the command line and its field in a preset file', () => {
				const bad = spec.type === 'oneOf' ? 'bogus' : refused[id]!;
				expect(bad, `a value ${id} refuses, in "refused" above`).toBeDefined();
				const flag = `--${spec.flags[0]!.name}`;
				expect(() => resolvePlan(parse([flag, bad]).choices, {})).toThrow(expect.objectContaining({field: flag, exitCode: 2}));
				const text = presetFileText({name: 'walk', choices: {[id]: bad}});
				expect(() => parsePresetFile(text, 'walk.json')).toThrow(spec.notInPreset ? `field "choices.${id}" cannot be stored in a preset` : `field "choices.${id}" is wrong`);
			});
		}

		it(spec.convertOnly ? "is left out of the wizard's kiln build command line" : "round-trips through the wizard's command line", () => {
			const choices = withDefaults(example);
			const argv = buildArgv(choices).map(arg => (arg === passwordFilePlaceholder ? passwordFile : arg));
			if (spec.convertOnly) {
				expect(argv).not.toContain(`--${spec.flags[0]!.name}`);
				return;
			}
			expect(argv.slice(0, 2)).toEqual(['kiln', 'build']);
			expect(withDefaults(parse(argv.slice(2)).choices)).toEqual(choices);
		});
	});
});

describe("README's kiln build flags", () => {
	it('are kiln build --help', () => {
		const readme = readFileSync(path.join(import.meta.dirname, '../../README.md'), 'utf8');
		const block = /<!-- kiln build --help.*-->\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
		expect(block, 'README.md has the marked kiln build --help block').toBeDefined();
		expect(block).toBe(buildCommand.usage);
	});
});
