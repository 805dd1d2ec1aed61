// What the wizard has been told so far, and which steps are still open.
import type {BuildChoices} from '../../core/choices.js';

export type LoginMethod = 'password' | 'key' | 'locked';

export interface Answers {
	choices: Partial<BuildChoices>;
	login?: LoginMethod;
	/** Typed in the wizard, held only in memory until the plan hashes it. */
	password?: string;
}

export const stepOrder = ['distro', 'arch', 'release', 'kernel', 'init', 'size', 'firmware', 'format', 'output', 'hostname', 'login', 'review'] as const;
export type StepId = (typeof stepOrder)[number];

export const stepTitles: Record<StepId, string> = {
	distro: 'Distribution',
	arch: 'Architecture',
	release: 'Release',
	kernel: 'Kernel',
	init: 'Init system',
	size: 'Disk size',
	firmware: 'Firmware',
	format: 'Output format',
	output: 'Output file',
	hostname: 'Hostname',
	login: 'Root login',
	review: 'Review',
};

/** Whether a step has an answer; output is optional, since its default follows the other answers. */
export function answered(answers: Answers, step: StepId): boolean {
	const {choices} = answers;
	switch (step) {
		case 'login':
			return answers.login === 'locked' || (answers.login === 'password' && answers.password !== undefined) || (answers.login === 'key' && choices.sshKey !== undefined);
		case 'output':
		case 'review':
			return true;
		default:
			return choices[step] !== undefined;
	}
}

/**
 * Where to go after `step`: the next step in order, or, once the person has
 * reached the review, the next step still open (a new distro reopens its
 * release, kernel and init) and otherwise the review again.
 */
export function nextStep(answers: Answers, step: StepId, reviewing: boolean): StepId {
	const later = stepOrder.slice(stepOrder.indexOf(step) + 1);
	if (!reviewing) return later[0] ?? 'review';
	return later.find(id => !answered(answers, id)) ?? 'review';
}

/** Records a change; a different distro drops what belonged to the old one. */
export function change(answers: Answers, patch: Partial<BuildChoices>): Answers {
	const before = answers.choices;
	const choices = {...before, ...patch};
	if (patch.distro !== undefined && patch.distro !== before.distro) {
		delete choices.release;
		delete choices.kernel;
		delete choices.init;
		// A hostname that was the old distro's default (its id) follows the new one.
		if (before.hostname === before.distro) delete choices.hostname;
	}
	// Another architecture may lack the kernel chosen and boot other firmware.
	if (patch.arch !== undefined && patch.arch !== before.arch) {
		delete choices.kernel;
		delete choices.firmware;
		delete choices.bootloader;
	}
	return {...answers, choices};
}

/** The login answer as choices: a password flag, a key path, or neither (root locked). */
export function login(answers: Answers, method: LoginMethod, detail: {password?: string; sshKey?: string}): Answers {
	const choices = {...answers.choices, rootPassword: method === 'password'};
	delete choices.sshKey;
	if (method === 'key') choices.sshKey = detail.sshKey;
	return {choices, login: method, password: method === 'password' ? detail.password : undefined};
}
