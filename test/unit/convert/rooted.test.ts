// An image that boots on a Debian base: USER resolved against the image's own
// user database as Docker resolves it, its HEALTHCHECK and EXPOSE recorded,
// its tree copied whole and the app started inside it by each init.
import {describe, expect, it} from 'vitest';
import {appFromImage, appRootfs, type AppSpec} from '../../../source/engine/app-service/model.js';
import {appServiceRecipe} from '../../../source/engine/app-service/recipe.js';
import {rootedSystemdUnit} from '../../../source/engine/app-service/systemd.js';
import {resolveImageUser} from '../../../source/engine/convert/image-user.js';
import {osImageRecipe} from '../../../source/engine/dockerfile.js';
import {resolvePlan} from '../../../source/engine/plan.js';
import {imageChecksText, parseImageChecks} from '../../../source/core/image-checks.js';

const passwd = 'root:x:0:0:root:/root:/bin/sh\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\nweb:x:1000:1000::/srv:/bin/false\nbroken line\n';
const group = 'root:x:0:\nnonroot:x:65532:\nweb:x:1000:\nstaff:x:50:web,other\naudio:x:29:web\n';

describe('USER, resolved against the image\'s /etc/passwd and /etc/group', () => {
	it.each([
		[undefined, {uid: 0, gid: 0, groups: [], home: '/root'}],
		[{name: 'nonroot'}, {uid: 65532, gid: 65532, groups: [], home: '/home/nonroot'}],
		[{name: 'web'}, {uid: 1000, gid: 1000, groups: [50, 29], home: '/srv'}],
		[{name: '1000'}, {uid: 1000, gid: 1000, groups: [50, 29], home: '/srv'}],
		[{name: 'web', group: 'staff'}, {uid: 1000, gid: 50, groups: [], home: '/srv'}],
		[{name: '4242'}, {uid: 4242, gid: 0, groups: [], home: '/'}],
		[{name: '4242', group: '4243'}, {uid: 4242, gid: 4243, groups: [], home: '/'}],
	])('%j', (spec, expected) => {
		expect(resolveImageUser('app:1', spec, passwd, group)).toEqual(expected);
	});

	it('works without any database (FROM scratch) for numeric ids only', () => {
		expect(resolveImageUser('app:1', {name: '1000', group: '1000'})).toEqual({uid: 1000, gid: 1000, groups: [], home: '/'});
		expect(() => resolveImageUser('app:1', {name: 'web'})).toThrowError('The image app:1 runs as the user "web", which its /etc/passwd does not define');
		expect(() => resolveImageUser('app:1', {name: 'web', group: 'wheel'}, passwd, group)).toThrowError('runs as the group "wheel"');
	});
});

describe('HEALTHCHECK and EXPOSE', () => {
	it('are taken as Docker takes them, defaults included', () => {
		const {app, notes} = appFromImage('app:1', {
			Cmd: ['/app'],
			ExposedPorts: {'8080/tcp': {}, '53/udp': {}, '9000': {}},
			Healthcheck: {Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], Interval: 2e9, Retries: 2},
			Shell: ['/bin/bash', '-c'],
		});
		expect(app?.checks).toEqual({ports: [8080, 9000], health: {argv: ['/bin/bash', '-c', 'curl -f http://localhost/ || exit 1'], intervalSec: 2, timeoutSec: 30, retries: 2, startSec: 0}});
		expect(notes).toEqual(['the boot check leaves out EXPOSE 53/udp: only TCP ports are checked']);
		expect(appFromImage('app:1', {Cmd: ['/app'], Healthcheck: {Test: ['NONE']}}).app?.checks.health).toBeUndefined();
		expect(appFromImage('app:1', {Cmd: ['/app'], Healthcheck: {Test: ['CMD', '/bin/check', '--quick']}}).app?.checks.health?.argv).toEqual(['/bin/check', '--quick']);
	});

	it('are recorded in the image as numbers only, and read back strictly', () => {
		const text = imageChecksText({ports: [80, 8080], health: {intervalSec: 2, timeoutSec: 5, retries: 3, startSec: 0}});
		expect(text).toBe('port 80\nport 8080\nhealth 2 5 3 0\n');
		expect(parseImageChecks(text.split('\n'))).toEqual({ports: [80, 8080], health: {intervalSec: 2, timeoutSec: 5, retries: 3, startSec: 0}});
		expect(parseImageChecks(['port 0', 'port 70000', 'port 80; reboot', 'health 0 5 3 0', 'health 1 1 1'])).toEqual({ports: []});
	});
});

const rooted: AppSpec = {
	...appFromImage('team/static:1', {Entrypoint: ['/bin/app', '$HOME', '100%'], Env: ['PATH=/bin', 'GREETING=hi'], User: '1000:1000', WorkingDir: '/srv'}).app!,
	argv: ['/bin/app', '$HOME', '100%'],
	root: {imageId: `sha256:${'ab'.repeat(32)}`, uid: 1000, gid: 1000, groups: [50], volumes: ['/data']},
};
rooted.checks = {ports: [8080], health: {argv: ['/bin/app', '--check'], intervalSec: 2, timeoutSec: 5, retries: 3, startSec: 0}};

describe('the app inside its tree on a Debian base', () => {
	it('under systemd: RootDirectory=, API filesystems, Docker\'s binds, numeric ids', () => {
		const unit = rootedSystemdUnit(rooted);
		expect(unit).toContain(`RootDirectory=${appRootfs}\nMountAPIVFS=yes\nPrivateDevices=yes\nBindReadOnlyPaths=-/etc/resolv.conf -/etc/hosts -/etc/hostname\n`);
		expect(unit).toContain('User=1000\nGroup=1000\nSupplementaryGroups=50\n');
		expect(unit).toContain('ExecStart="/bin/app" "$$HOME" "100%%"\nRestart=on-failure\n');
		expect(unit).toContain('UnsetEnvironment=USER\n');
		expect(unit).toContain('StandardOutput=journal+console\n');
	});

	it.each(['systemd', 'sysvinit', 'openrc', 'runit'])('copies the tree, prepares it and enables the app under %s', init => {
		const plan = {...resolvePlan({distro: 'debian', release: 'bookworm', init}, {}, {cwd: '/'}), app: rooted};
		const recipe = osImageRecipe(plan);
		expect(recipe.dockerfile).toContain(`FROM debian:bookworm\n`);
		expect(recipe.dockerfile).not.toContain('USER root');
		expect(recipe.dockerfile).toContain(`COPY --from=sha256:${'ab'.repeat(32)} / ${appRootfs}/\nCOPY kiln/app/ /\nRUN /usr/lib/kiln/app/prepare-tree${init === 'systemd' ? ' host-ids' : ''} && `);
		expect(recipe.files['app/etc/kiln/app/ids']?.content).toBe('1000 1000 50\n');
		expect(recipe.files['app/etc/kiln/app/volumes']?.content).toBe('/data\n');
		expect(recipe.files['app/etc/kiln/app/health']?.content).toBe('/bin/app\n--check\n');
		expect(recipe.files['app/var/lib/kiln/boot-checks']?.content).toBe('port 8080\nhealth 2 5 3 0\n');
		expect(recipe.files['app/usr/lib/kiln/app/run']?.content).toContain('unshare --root="$root" --wd="$workdir" --setuid="$uid"');
		expect(recipe.dockerfile).not.toContain('$HOME');
	});

	it('refuses a tree that is not an image id', () => {
		expect(() => appServiceRecipe({...rooted, root: {...rooted.root!, imageId: 'team/static:1; reboot'}}, 'systemd', 'apt')).toThrowError('not an image id');
	});
});
