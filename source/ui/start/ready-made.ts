// Wizard answers for a build that is already decided: a preset or a past
// build. The review shows them; only the root password, never stored, is
// asked again (the review's Start build opens the login step for it).
import {withDefaults} from '../../engine/plan.js';
import type {HistoryRecord} from '../../store/history-record.js';
import type {ListedPreset} from '../../store/presets.js';
import type {Answers, LoginMethod} from '../wizard/answers.js';

function loginOf(choices: Answers['choices']): LoginMethod | undefined {
	if (choices.rootPassword) return 'password';
	if (choices.sshKey) return 'key';
	// A preset that says nothing about root login leaves the choice to the person.
	return choices.rootPassword === false ? 'locked' : undefined;
}

/** The wizard's choice steps; a preset that leaves one out means its default. */
const choiceSteps = ['distro', 'arch', 'release', 'kernel', 'init', 'size', 'firmware', 'format', 'hostname'] as const;

export function presetAnswers(preset: ListedPreset): Answers {
	// Filled in, so the review's Start build asks only for what is missing: the login.
	const filled = withDefaults(preset.choices);
	const defaults = Object.fromEntries(choiceSteps.map(step => [step, filled[step]]));
	return {choices: {...defaults, ...preset.choices}, login: loginOf(preset.choices)};
}

/** As kiln rerun: the recorded output path, never the recorded --force. */
export function recordAnswers(record: HistoryRecord): Answers {
	const choices = {...record.choices, output: record.outputPath, force: false};
	return {choices, login: loginOf(choices)};
}
