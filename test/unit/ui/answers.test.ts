import {describe, expect, it} from 'vitest';
import {type Answers, change, login, nextStep} from '../../../source/ui/wizard/answers.js';

const base: Answers = {choices: {distro: 'debian', arch: 'amd64', release: 'trixie', kernel: 'generic', init: 'runit', hostname: 'debian', size: '4G'}};

describe('wizard answers', () => {
	it('walks the steps in order before the review', () => {
		expect(nextStep(base, 'distro', false)).toBe('arch');
		expect(nextStep(base, 'arch', false)).toBe('release');
		expect(nextStep(base, 'login', false)).toBe('review');
	});

	it('after the review, returns to it unless a change reopened a step', () => {
		expect(nextStep(base, 'size', true)).toBe('firmware');
		const locked = login(base, 'locked', {});
		expect(nextStep({...locked, choices: {...locked.choices, firmware: 'bios', format: 'raw'}}, 'size', true)).toBe('review');
		const otherDistro = change(locked, {distro: 'alpine'});
		expect(nextStep(otherDistro, 'distro', true)).toBe('release');
	});

	it('a new distro drops its release, kernel, init and default hostname, and keeps the rest', () => {
		expect(change(base, {distro: 'alpine'}).choices).toEqual({distro: 'alpine', arch: 'amd64', size: '4G'});
		expect(change({choices: {...base.choices, hostname: 'web'}}, {distro: 'alpine'}).choices.hostname).toBe('web');
		expect(change(base, {distro: 'debian'}).choices).toEqual(base.choices);
	});

	it('another architecture drops the kernel and the firmware, whose choices differ there', () => {
		const chosen = {choices: {...base.choices, firmware: 'hybrid', bootloader: 'grub'}} satisfies Answers;
		expect(change(chosen, {arch: 'arm64'}).choices).toEqual({distro: 'debian', arch: 'arm64', release: 'trixie', init: 'runit', hostname: 'debian', size: '4G'});
		expect(change(chosen, {arch: 'amd64'}).choices).toEqual(chosen.choices);
	});

	it('keeps exactly one way for root to log in', () => {
		const withKey = login(base, 'key', {sshKey: '/k.pub'});
		expect(withKey).toMatchObject({login: 'key', choices: {sshKey: '/k.pub', rootPassword: false}});
		const withPassword = login(withKey, 'password', {password: 'pw'});
		expect(withPassword).toMatchObject({login: 'password', password: 'pw', choices: {rootPassword: true}});
		expect(withPassword.choices.sshKey).toBeUndefined();
	});
});
