import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {osImageRecipe} from '../../../source/engine/dockerfile.js';
import {firstBootRecipe, growPendingPath, growScriptPath} from '../../../source/engine/first-boot.js';
import {resolvePlan} from '../../../source/engine/plan.js';

const plan = (choices: Parameters<typeof resolvePlan>[0]) => resolvePlan(choices, {}, {cwd: '/'});

describe('growing the disk at first boot', () => {
	it('is on by default: the script, its pending marker, a unit and the package with sfdisk', () => {
		const recipe = osImageRecipe(plan({}));
		expect(recipe.files[`first-boot${growScriptPath}`]?.mode).toBe(0o755);
		expect(recipe.files[`first-boot${growPendingPath}`]?.content).toBe('');
		expect(recipe.files['first-boot/etc/systemd/system/kiln-grow-root.service']?.content).toContain(`ConditionPathExists=${growPendingPath}`);
		expect(recipe.dockerfile).toMatch(/apt-get install .* fdisk /);
		expect(recipe.dockerfile).toContain('cp -a /tmp/kiln/first-boot/. / && systemctl enable kiln-grow-root.service');
	});

	it('--no-grow leaves all of it out', () => {
		const recipe = osImageRecipe(plan({grow: false}));
		expect(Object.keys(recipe.files).filter(name => name.startsWith('first-boot'))).toEqual([]);
		expect(recipe.dockerfile).not.toMatch(/fdisk|grow-root/);
	});

	it.each([
		{distro: 'debian', init: 'sysvinit', enable: 'update-rc.d kiln-grow-root defaults', service: '/etc/init.d/kiln-grow-root'},
		{distro: 'debian', init: 'runit', enable: 'update-rc.d kiln-grow-root defaults', service: '/etc/init.d/kiln-grow-root'},
		{distro: 'debian', init: 'openrc', enable: 'update-rc.d kiln-grow-root defaults', service: '/etc/init.d/kiln-grow-root'},
		{distro: 'alpine', init: 'openrc', enable: 'rc-update add kiln-grow-root boot', service: '/etc/init.d/kiln-grow-root'},
		{distro: 'ubuntu', init: 'systemd', enable: 'systemctl enable kiln-grow-root.service', service: '/etc/systemd/system/kiln-grow-root.service'},
	])('$distro $init runs it from $service', ({distro, init, enable, service}) => {
		const recipe = firstBootRecipe(plan({distro, init}))!;
		expect(recipe.enable).toEqual([enable]);
		expect(recipe.files[service]?.content).toContain(growScriptPath);
	});

	it('the scripts are valid POSIX shell', () => {
		for (const init of ['sysvinit', 'systemd']) {
			for (const [target, file] of Object.entries(firstBootRecipe(plan({init}))!.files)) {
				if (file.content.startsWith('#!/bin/sh')) expect(() => execFileSync('sh', ['-n'], {input: file.content}), target).not.toThrow();
			}
		}
	});
});
