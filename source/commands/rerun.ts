// `kiln rerun [ID|last]`: the same choices as a recorded build, run through
// the same path as `kiln build`. Only what history cannot hold is asked again:
// the root password (never stored), and optionally another key or output.
import {usageError} from '../core/errors.js';
import {resolvePlan} from '../engine/plan.js';
import {findRecord} from '../store/history.js';
import {keyChangeWarning} from '../store/key-change.js';
import {mergeChoices} from '../store/presets.js';
import {askNewPassword} from './ask-password.js';
import {bootCheckFromFlags, bootOptions, executePlan} from './build.js';
import {choiceHelp, choiceOptions, choicesFromFlags, flagHelpLines, outputOptions, parseFlags} from './build-flags.js';
import {warn} from './preset.js';
import {interactive} from './terminal.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

const rerunOptions = {
	...choiceOptions('rerun'),
	'boot-check': bootOptions['boot-check'],
	'boot-check-timeout': bootOptions['boot-check-timeout'],
	...outputOptions,
} as const;

export const rerunCommand: Command = {
	name: 'rerun',
	usage: `kiln rerun [ID|last] [flags]

Runs the choices of a recorded build (default: the last one) again, the same
way as kiln build. The image goes to the same path unless --output says
otherwise; an existing file there is replaced only with --force. A build that
used a root password needs it again: on a terminal kiln asks for it, otherwise
pass --root-password-file (or --root-password, or --no-root-password to lock
root this time).

${choiceHelp('rerun')}
${flagHelpLines('--boot-check', ['boot the image and prove it reaches a login'])}
${flagHelpLines('--boot-check-timeout S', ['seconds to wait for the login'])}
${flagHelpLines('--json | --plain | -v', ['output as with kiln build'])}`,
	async run(argv: string[], io: Io) {
		const {values, positionals} = parseFlags(argv, rerunOptions, true);
		if (positionals.length > 1) throw usageError('ID', 'kiln rerun takes at most one build id', 'Usage: kiln rerun [ID|last]; kiln history lists the ids.');
		const {value: record, warning} = findRecord(positionals[0] ?? 'last', io.env);
		warn(io, warning);
		if (record.appService) {
			// Records from before convertedFrom existed converted their base image in place.
			const image = record.convertedFrom ?? record.baseImage;
			throw usageError('ID', `Build ${record.id} was a kiln convert of ${image} with its app as a boot service, which a rerun cannot repeat`,
				`Run kiln convert ${image} again.`);
		}

		const {choices: given, secrets} = choicesFromFlags(values);
		// The recorded output as an absolute path (the rerun may start elsewhere); never the recorded --force.
		const choices = mergeChoices(record.choices, {output: record.outputPath, force: false}, given);
		if (choices.rootPassword && secrets.rootPassword === undefined) {
			if (!interactive(io)) {
				throw usageError('--root-password', `Build ${record.id} let root log in with a password, and kiln never stores passwords`,
					'Pass --root-password-file FILE (or --root-password PW) for the rerun.');
			}
			secrets.rootPassword = await askNewPassword(io, `the rerun of ${record.id}`);
		}
		if (!given.sshKey) warn(io, keyChangeWarning(record.choices.sshKey, record.sshKeyFingerprint, `build ${record.id}`));

		const plan = resolvePlan(choices, secrets, {cwd: io.cwd});
		io.stderr.write(`kiln: rerunning build ${record.id} (${record.choices.distro} ${record.choices.release}, kernel ${record.choices.kernel}, init ${record.choices.init}) -> ${plan.outputPath}\n`);
		return executePlan(plan, values, io, bootCheckFromFlags(values, secrets.rootPassword, io.cwd));
	},
};
