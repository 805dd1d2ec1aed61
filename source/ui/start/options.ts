// What the start screen offers. Only what works is listed: presets and the
// last build join as one entry each once the store provides them, e.g.
//   ...listPresets().map(preset => ({key: `preset-${preset.name}`, label: `From preset ${preset.name}`, …, step: 'review'})),
import type {Answers, StepId} from '../wizard/answers.js';

export interface StartOption {
	key: string;
	label: string;
	description: string;
	/** What the wizard starts from. */
	answers: Answers;
	/** Where it starts: the first step, or the review for a ready-made build. */
	step: StepId;
}

export function startOptions(): StartOption[] {
	return [{key: 'new', label: 'New build', description: 'choose a distro, kernel, init and disk step by step', answers: {choices: {}}, step: 'distro'}];
}
