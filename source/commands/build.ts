import {runBuild} from '../engine/run.js';
import {resolvePlan} from '../engine/plan.js';
import type {Plan} from '../engine/plan.js';
import {jsonReporter, lineReporter} from '../report/reporters.js';
import {buildFlagHelp, buildOptions, choicesFromFlags, outputOptions, parseFlags} from './build-flags.js';
import {interactive} from './terminal.js';
import {cancelOnSignals} from './signals.js';
import type {Command, Io} from './types.js';

export interface OutputMode {
	json?: boolean;
	plain?: boolean;
	verbose?: boolean;
}

/** Runs a resolved plan with the front end the terminal calls for; resolves to the exit code. */
export async function executePlan(plan: Plan, mode: OutputMode, io: Io): Promise<number> {
	if (!mode.json && !mode.plain && interactive(io)) {
		const {renderBuild} = await import('../ui/app.js');
		return renderBuild(plan, io);
	}
	const report = mode.json ? jsonReporter(io.stdout) : lineReporter(io.stdout, {verbose: mode.verbose ?? false});
	const controller = new AbortController();
	const dispose = cancelOnSignals(controller, io.stderr);
	let exitCode = 1;
	try {
		for await (const event of runBuild(plan, {signal: controller.signal})) {
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
	summary: 'build a bootable disk image (non-interactive)',
	usage: `kiln build [flags]

${buildFlagHelp}

Output:
  --json                 JSON lines, one event each (schema: README)
  --plain                plain lines even on a terminal
  -v, --verbose          include build and assembly log lines`,
	async run(argv: string[], io: Io) {
		const {values} = parseFlags(argv, {...buildOptions, ...outputOptions});
		const {choices, secrets} = choicesFromFlags(values);
		const plan = resolvePlan(choices, secrets, {cwd: io.cwd});
		return executePlan(plan, values, io);
	},
};
