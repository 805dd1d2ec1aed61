// What the review screen lists: each step's answer in words.
import path from 'node:path';
import {type BuildChoices, bootloaderInfo} from '../../core/choices.js';
import {archInfo} from '../../core/arch.js';
import type {DistroDef} from '../../engine/distros.js';
import {type Answers, type StepId, stepOrder} from './answers.js';
import {autoSizeDescription} from './descriptions.js';

const loginWords = {
	password: 'password (typed here, kept only as a hash)',
	key: (file: string) => `SSH key ${file}`,
	locked: 'locked — nobody can log in',
} as const;

export function describeAnswer(step: Exclude<StepId, 'review'>, answers: Answers, filled: BuildChoices, distro: DistroDef, cwd: string): string {
	switch (step) {
		case 'distro':
			return distro.name;
		case 'arch':
			return archInfo[filled.arch].label;
		case 'release':
			return distro.releases.find(release => release.id === filled.release)?.name ?? filled.release;
		case 'kernel':
			return `${filled.kernel} · ${distro.kernels.find(kernel => kernel.id === filled.kernel)?.description ?? ''}`;
		case 'init':
			return filled.init;
		case 'size':
			return filled.size === 'auto' ? `auto, ${autoSizeDescription}` : filled.size;
		case 'firmware':
			return filled.bootloader === 'grub' ? filled.firmware : `${filled.firmware} · ${filled.bootloader}, ${bootloaderInfo[filled.bootloader].label}`;
		case 'format':
			return filled.format;
		case 'output':
			return path.resolve(cwd, filled.output);
		case 'hostname':
			return filled.hostname;
		case 'login':
			if (answers.login === 'key') return loginWords.key(filled.sshKey ?? '');
			// A preset or a past build says a password is used; it is never stored, so Start build asks for it.
			if (answers.login === 'password' && answers.password === undefined) return 'password (asked when the build starts)';
			return answers.login ? loginWords[answers.login] : 'not chosen yet (asked when the build starts)';
	}
}

export const reviewSteps = stepOrder.filter((step): step is Exclude<StepId, 'review'> => step !== 'review');
