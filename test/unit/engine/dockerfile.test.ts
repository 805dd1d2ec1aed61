import {describe, expect, it} from 'vitest';
import {osImageRecipe} from '../../../source/engine/dockerfile.js';
import {loadDistros} from '../../../source/engine/distros.js';
import {resolvePlan} from '../../../source/engine/plan.js';

const combos = loadDistros().flatMap(distro =>
	distro.releases.flatMap(release => distro.kernels.flatMap(kernel => distro.inits.map(init => ({distro: distro.id, release: release.id, kernel: kernel.id, init: init.id})))));

describe('the OS image Dockerfile', () => {
	// Ubuntu and Alpine mirrors are out of reach here, so their Dockerfiles
	// are pinned by snapshot rather than boot-tested.
	it.each(combos)('$distro $release $kernel $init', choices => {
		const recipe = osImageRecipe(resolvePlan(choices, {}, {cwd: '/'}));
		expect(recipe.dockerfile).toMatchSnapshot();
	});

	it('carries the password only as a hash in a data file', () => {
		const recipe = osImageRecipe(resolvePlan({}, {rootPassword: 'hunter2-$(reboot)'}, {cwd: '/'}));
		expect(recipe.dockerfile).not.toContain('hunter2');
		expect(recipe.files['root-password.hash']?.content).toMatch(/^\$6\$rounds=65536\$/);
		expect(recipe.files['root-password.hash']?.mode).toBe(0o600);
		expect(JSON.stringify(recipe)).not.toContain('hunter2');
		expect(recipe.files['configure.sh']?.content).toContain('chpasswd -e');
	});

	it('locks root when no password is given', () => {
		const recipe = osImageRecipe(resolvePlan({}, {}, {cwd: '/'}));
		expect(recipe.files['root-password.hash']).toBeUndefined();
		expect(recipe.files['configure.sh']?.content).toContain('passwd -l root');
	});

	it('adds extra packages as words and keeps docs on request', () => {
		const recipe = osImageRecipe(resolvePlan({packages: ['curl', 'vim-tiny'], keepDocs: true}, {}, {cwd: '/'}));
		expect(recipe.dockerfile).toMatch(/--no-install-recommends .* curl vim-tiny &&/);
		expect(recipe.dockerfile).not.toContain('dpkg-slim');
		expect(recipe.dockerfile).not.toContain('/usr/share/doc/*');
	});
});
