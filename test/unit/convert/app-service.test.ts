// Each init's app service, generated from an image config full of strings a
// shell or a unit-file parser would reinterpret: they must arrive literally.
import {describe, expect, it} from 'vitest';
import {appFromImage, dockerDefaultPath, type ImageConfig} from '../../../source/engine/app-service/model.js';
import {appServiceRecipe} from '../../../source/engine/app-service/recipe.js';
import {dataLine} from '../../../source/engine/app-service/runner.js';
import {systemdUnit, systemdWord} from '../../../source/engine/app-service/systemd.js';

const hostile: ImageConfig = {
	Entrypoint: ['/usr/local/bin/app', '--say'],
	Cmd: ['it\'s "q" $HOME ${PATH} `id` %n ;', 'two\nlines', '', '  spaced  ', 'back\\slash\\n\\c', 'tab\there', 'bell\u0007'],
	Env: ['PATH=/opt/app/bin:/usr/bin:/bin', 'GREETING=50% "off" $HOME `date` it\'s', 'MULTI=a\nb', 'bad.name=x', 'NOVALUE'],
	WorkingDir: '/srv/app 100%',
	User: 'web:staff',
};
const {app} = appFromImage('registry.example:5000/team/app:1.2', hostile);

/** Undoes systemd's quoting of one double-quoted word, the way systemd reads it. */
function systemdUnquote(word: string, dollars: boolean): string {
	expect(word.startsWith('"') && word.endsWith('"')).toBe(true);
	const escapes: Record<string, string> = {n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"'};
	let out = word.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_, e: string) => (e.startsWith('x') && e.length === 3 ? String.fromCharCode(Number.parseInt(e.slice(1), 16)) : escapes[e]!));
	out = out.replaceAll('%%', '%');
	return dollars ? out.replaceAll('$$', '$') : out;
}

describe('the app from the image config', () => {
	it('is ENTRYPOINT then CMD, with ENV, WORKDIR and USER, dropping what no init can pass on', () => {
		const result = appFromImage('app:1', hostile);
		expect(result.app?.argv).toEqual([...hostile.Entrypoint!, ...hostile.Cmd!]);
		expect(result.app?.env.map(({name}) => name)).toEqual(['PATH', 'GREETING', 'MULTI']);
		expect(result.app?.workdir).toBe('/srv/app 100%');
		expect(result.app?.user).toEqual({name: 'web', group: 'staff'});
		expect(result.notes).toEqual([
			'left out the environment variable "bad.name": not a NAME=value an init can pass on',
			'left out the environment variable "NOVALUE": not a NAME=value an init can pass on',
		]);
	});

	it('follows Docker: default PATH and /, relative commands from WORKDIR, root means no USER', () => {
		const {app: plain} = appFromImage('app:1', {Cmd: ['./run.sh', 'x'], WorkingDir: '/srv', User: 'root:0'});
		expect(plain).toEqual({image: 'app:1', argv: ['/srv/run.sh', 'x'], env: [{name: 'PATH', value: dockerDefaultPath}], workdir: '/srv', user: undefined, checks: {ports: [], health: undefined}});
		expect(appFromImage('app:1', {Entrypoint: ['server']}).app).toMatchObject({argv: ['server'], workdir: '/'});
		expect(appFromImage('app:1', {User: '1000'}).app).toBeUndefined();
		expect(appFromImage('app:1', {Entrypoint: null, Cmd: null}).notes).toEqual(['app:1 has no ENTRYPOINT or CMD, so there is no app to start at boot']);
	});

	it.each([
		[{Cmd: ['-oops']}, 'the command "-oops"'],
		[{Cmd: ['A=b']}, 'the command "A=b"'],
		[{Cmd: ['']}, 'the command ""'],
		[{Cmd: ['/bin/x', 'nul\u0000']}, 'a NUL byte in its ENTRYPOINT/CMD'],
		[{Cmd: ['/bin/x'], WorkingDir: '/srv\nx'}, 'the WORKDIR "/srv\\x0ax"'],
		[{Cmd: ['/bin/x'], WorkingDir: 'relative'}, 'the WORKDIR "relative"'],
		[{Cmd: ['/bin/x'], User: 'a b'}, 'the USER "a b"'],
		[{Cmd: ['/bin/x'], User: 'a:b:c'}, 'the USER "a:b:c"'],
	] as Array<[ImageConfig, string]>)('refuses %j', (config, what) => {
		expect(() => appFromImage('app:1', config)).toThrowError(`The image app:1 has ${what}, which kiln cannot turn into a boot-time service`);
	});
});

describe('the systemd unit', () => {
	const unit = systemdUnit(app!);

	it('matches its snapshot', () => {
		expect(unit).toMatchSnapshot();
	});

	it('gives ExecStart the image argv literally, under systemd\'s own quoting', () => {
		const line = unit.split('\n').find(text => text.startsWith('ExecStart='))!;
		const words = line.slice('ExecStart='.length).match(/"(?:[^"\\]|\\.)*"/g)!;
		expect(words.map(word => systemdUnquote(word, true))).toEqual(app!.argv);
		expect(line).not.toMatch(/[^%]%[^%]|(^|[^$])\$[^$]/);
	});

	it('gives Environment= each variable literally, and finds bare commands in the image PATH', () => {
		const values = unit.split('\n').filter(text => text.startsWith('Environment=')).map(text => systemdUnquote(text.slice('Environment='.length), false));
		expect(values).toEqual(app!.env.map(({name, value}) => `${name}=${value}`));
		expect(unit).toContain('ExecSearchPath=/opt/app/bin:/usr/bin:/bin\n');
		expect(unit).toContain('WorkingDirectory=/srv/app 100%%\n');
		expect(unit).toContain('User=web\nGroup=staff\n');
	});

	it('keeps every value on its own line', () => {
		expect(unit.split('\n').every(line => line === '' || /^(#|\[|[A-Za-z]+=)/.test(line))).toBe(true);
		expect(systemdWord('a\nb\rc\u007f')).toBe('"a\\nb\\rc\\x7f"');
	});
});

describe('the runner data files', () => {
	it('hold one word per line, escaped for printf %b', () => {
		expect(dataLine('two\nlines \\c $x')).toBe('two\\nlines \\\\c $x\n');
	});
});

describe.each([
	['debian', 'systemd', 'apt'],
	['debian', 'sysvinit', 'apt'],
	['debian', 'openrc', 'apt'],
	['debian', 'runit', 'apt'],
	['alpine', 'openrc', 'apk'],
	['alpine', 'busybox', 'apk'],
] as const)('the %s %s service', (_distro, init, manager) => {
	const recipe = appServiceRecipe(app!, init, manager);

	it('matches its snapshot', () => {
		expect(recipe).toMatchSnapshot();
	});

	it('keeps every image string out of the commands that enable it', () => {
		const commands = recipe.enable.join('\n');
		for (const text of [...app!.argv, ...app!.env.map(({value}) => value), app!.workdir, app!.image]) {
			if (text.length > 3) expect(commands).not.toContain(text);
		}
		// Only the data files carry the app; the scripts are the same for every image.
		for (const [file, {content}] of Object.entries(recipe.files)) {
			if (!file.startsWith('/etc/kiln/app/') && !file.endsWith('.service')) expect(content).not.toContain('"q"');
		}
	});
});

it('refuses an init it has no service for', () => {
	expect(() => appServiceRecipe(app!, 's6', 'apt')).toThrowError('kiln cannot start the app at boot under the init "s6"');
});
