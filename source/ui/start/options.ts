// What the start screen offers. Only what works is listed: "From a preset"
// once there are presets, "Rerun the last build" and "History" once a build
// has been recorded.
import type {Answers, StepId} from '../wizard/answers.js';
import {lastBuildLabel} from './history-label.js';
import {recordAnswers} from './ready-made.js';
import {emptyStart, type StartData} from './start-data.js';

/** Where the wizard starts, and under which key its left-behind answers are kept. */
export interface WizardStart {
	key: string;
	answers: Answers;
	/** The first step, or the review for a ready-made build. */
	step: StepId;
}

export type StartTarget = {screen: 'wizard'; start: WizardStart} | {screen: 'presets'} | {screen: 'history'};

export interface StartOption {
	key: string;
	label: string;
	description: string;
	target: StartTarget;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function startOptions({presets, history}: StartData = emptyStart): StartOption[] {
	const options: StartOption[] = [
		{key: 'new', label: 'New build', description: 'choose a distro, kernel, init and disk step by step', target: {screen: 'wizard', start: {key: 'new', answers: {choices: {}}, step: 'distro'}}},
	];
	if (presets.length > 0) {
		options.push({key: 'presets', label: 'From a preset', description: `${plural(presets.length, 'preset')}: built-in and your own`, target: {screen: 'presets'}});
	}
	const last = history[0];
	if (last) {
		options.push(
			{key: 'rerun', label: 'Rerun the last build', description: lastBuildLabel(last), target: {screen: 'wizard', start: {key: `history-${last.id}`, answers: recordAnswers(last), step: 'review'}}},
			{key: 'history', label: 'History', description: `${plural(history.length, 'past build')}, newest first: pick one to run again`, target: {screen: 'history'}},
		);
	}
	return options;
}
