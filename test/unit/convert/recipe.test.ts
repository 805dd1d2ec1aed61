// The OS image Dockerfile of a converted image: root and sh for the build
// steps whatever the image set, the service files copied in from the
// context, and fixed commands to enable them.
import {describe, expect, it} from 'vitest';
import {appFromImage} from '../../../source/engine/app-service/model.js';
import {imageName} from '../../../source/engine/convert/convert-plan.js';
import {firstTarFile} from '../../../source/engine/convert/tar-file.js';
import {contextTar} from '../../../source/core/docker/context-tar.js';
import {osImageRecipe} from '../../../source/engine/dockerfile.js';
import {resolvePlan} from '../../../source/engine/plan.js';

const {app} = appFromImage('team/web:1', {Entrypoint: ['/app', '$(reboot)'], Env: ['X=`id`'], User: 'web'});

describe('a converted image\'s OS image recipe', () => {
	it.each([
		['debian', 'bookworm', 'systemd'],
		['debian', 'trixie', 'runit'],
		['alpine', '3.21', 'busybox'],
	])('%s %s %s', (distro, release, init) => {
		const plan = {...resolvePlan({distro, release, init, base: 'team/web:1'}, {}, {cwd: '/'}), app};
		const recipe = osImageRecipe(plan);
		expect(recipe.dockerfile).toMatchSnapshot();
		expect(recipe.dockerfile).not.toContain('reboot');
		expect(recipe.dockerfile).not.toContain('`id`');
		expect(Object.keys(recipe.files).filter(name => name.startsWith('app/'))).toMatchSnapshot();
	});

	it('adds nothing for the app with --no-app-service, but still builds as root', () => {
		const recipe = osImageRecipe(resolvePlan({base: 'team/web:1'}, {}, {cwd: '/'}));
		expect(recipe.dockerfile).toContain('FROM team/web:1\nUSER root\nSHELL ["/bin/sh", "-c"]\n');
		expect(recipe.dockerfile).not.toContain('kiln/app');
		expect(Object.keys(recipe.files).some(name => name.startsWith('app/'))).toBe(false);
	});
});

it.each([
	['team/web-app:1.2', 'web-app'],
	['registry.example:5000/Team/My_App@sha256:abc', 'my-app'],
	['localhost:5000/app', 'app'],
	['---:x', ''],
])('names %s after the image: %s', (ref, name) => {
	expect(imageName(ref)).toBe(name);
});

describe('reading a file out of Docker\'s archive', () => {
	it('skips pax headers and reads the file', () => {
		const tar = contextTar([
			{name: 'PaxHeaders/os-release', content: '30 mtime=1700000000.123456789\n', mode: 0o644},
			{name: 'os-release', content: 'ID=debian\n', mode: 0o644},
		]);
		tar[156] = 'x'.charCodeAt(0);
		expect(firstTarFile(tar)).toEqual({type: 'file', linkName: '', content: Buffer.from('ID=debian\n')});
	});

	it('returns nothing for an empty archive', () => {
		expect(firstTarFile(contextTar([]))).toBeUndefined();
	});
});
