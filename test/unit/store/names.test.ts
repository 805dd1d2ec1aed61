import {describe, expect, it} from 'vitest';
import {checkPresetName, isPresetName} from '../../../source/store/names.js';
import {thrown} from './helpers/thrown.js';

describe('preset names', () => {
	it.each(['web', 'debian-minimal', 'a', 'v1.2_x', 'A'.repeat(64), '_private'])('accepts %j', name => {
		expect(isPresetName(name)).toBe(true);
	});

	it.each(['', '.hidden', '-flag', '--force', 'a/b', '../up', 'a\\b', 'two words', 'A'.repeat(65), '$(touch x)', 'semi;colon', 'new\nline', 'tab\t', 'ünï'])('refuses %j', name => {
		expect(isPresetName(name)).toBe(false);
	});

	it('explains the rule and shows control characters visibly', () => {
		expect(thrown(() => checkPresetName('a\nb')).message).toBe('"a\\x0ab" is not a valid preset name');
		const error = thrown(() => checkPresetName('a/b'));
		expect(error.hint).toMatch(/letters, digits, dots, dashes and underscores/);
		expect(error.exitCode).toBe(2);
	});
});
