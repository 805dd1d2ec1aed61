import {usageError} from '../core/errors.js';
import {checkFlagHelp, checkFlagsFrom, checkOptions} from './check-flags.js';
import {consoleOnTerminal} from '../app/boot-console.js';
import {resolvePlan} from '../engine/plan.js';
import type {Plan} from '../engine/plan.js';
import {jsonReporter, lineReporter} from '../report/reporters.js';
import {loadPresetChoices, mergeChoices} from '../store/presets.js';
import {type BuildOptions, recordedBuild} from '../app/recorded-build.js';
import {buildFlagHelp, buildOptions, choicesFromFlags, outputFlagHelp, outputOptions, parseFlags} from './build-flags.js';
import {interactive} from './terminal.js';
import {cancelOnSignals} from '../app/signals.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

export const bootOptions = {
	boot: {type: 'boolean'},
	'boot-check': {type: 'boolean'},
	'boot-check-timeout': {type: 'string'},
	...checkOptions,
} as const;

export const bootFlagHelp = `After the build:
  --boot-check           boot the image in QEMU and prove it reaches a login
                         (logs in as root and probes it when a password is given)
  --boot-check-timeout S seconds to wait for the login (default 180 under TCG)
${checkFlagHelp}
  --boot                 then open the image's serial console here (Ctrl-A X quits)`;

type BootFlagValues = {'boot-check'?: boolean; 'boot-check-timeout'?: string; 'expect-port'?: string[]; 'expect-output'?: string; junit?: string};

/** The boot check to run after the build, if asked for. */
export function bootCheckFromFlags(values: BootFlagValues, rootPassword: string | undefined, cwd: string): Pick<BuildOptions, 'bootCheck'> {
	const timeout = values['boot-check-timeout'];
	if (timeout !== undefined && !/^[1-9]\d{0,4}$/.test(timeout)) {
		throw usageError('--boot-check-timeout', `--boot-check-timeout "${timeout}" is not a number of seconds`, 'Use a whole number of seconds, like 300.');
	}
	if (!values['boot-check']) {
		const given = (['boot-check-timeout', 'expect-port', 'expect-output', 'junit'] as const).find(flag => values[flag] !== undefined);
		if (given) throw usageError(`--${given}`, `--${given} needs --boot-check`, `Add --boot-check, or drop --${given}.`);
		return {};
	}
	return {bootCheck: {rootPassword, timeoutSec: timeout === undefined ? undefined : Number(timeout), ...checkFlagsFrom(values, cwd, rootPassword)}};
}

export interface OutputMode {
	json?: boolean;
	plain?: boolean;
	verbose?: boolean;
}

/** Runs a resolved plan with the front end the terminal calls for; resolves to the exit code. */
export async function executePlan(plan: Plan, mode: OutputMode, io: Io, options: Omit<BuildOptions, 'signal'> = {}): Promise<number> {
	if (!mode.json && !mode.plain && interactive(io)) {
		const {renderBuild} = await import('../ui/app.js');
		return renderBuild(plan, io, options);
	}
	const report = mode.json ? jsonReporter(io.stdout) : lineReporter(io.stdout, {verbose: mode.verbose ?? false});
	const controller = new AbortController();
	const dispose = cancelOnSignals(controller, io.stderr);
	let exitCode = 1;
	try {
		const warn = (text: string) => io.stderr.write(`${text}\n`);
		for await (const event of recordedBuild(plan, {...options, signal: controller.signal}, io, warn)) {
			report(event);
			if (event.type === 'run-finished') exitCode = event.exitCode;
		}
	} finally {
		dispose();
	}
	return exitCode;
}

export const buildCommand: Command = {
	name: 'build',
	get usage() {
		return `kiln build [--preset NAME] [flags]

  --preset NAME          start from a saved or built-in preset; flags override it

${buildFlagHelp()}

${bootFlagHelp}

${outputFlagHelp}`;
	},
	async run(argv: string[], io: Io) {
		const {values} = parseFlags(argv, {...buildOptions, ...outputOptions, ...bootOptions, preset: {type: 'string'}});
		const {choices: flagChoices, secrets} = choicesFromFlags(values);
		const onWarning = (text: string) => io.stderr.write(`${text}\n`);
		const choices = values.preset === undefined ? flagChoices : mergeChoices(loadPresetChoices(values.preset, {env: io.env, onWarning}), flagChoices);
		const plan = resolvePlan(choices, secrets, {cwd: io.cwd});
		const code = await executePlan(plan, values, io, bootCheckFromFlags(values, secrets.rootPassword, io.cwd));
		return code === 0 && values.boot ? consoleOnTerminal({image: plan.outputPath}, io) : code;
	},
};
