// Presets as an attack surface and as something to lose: hostile names and
// hostile preset files are refused without running anything, an unreadable
// preset file is named with its reason, the stored presets stay byte for byte
// as they were, and a saved preset never holds the root password.
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {cli, kiln} from './helpers/cli.js';
import {type Workspace, workspace} from './robustness/kiln.js';

const pwned = '/tmp/kiln-pwned';
const hostileNames = [`$(touch ${pwned})`, `;touch ${pwned};`, `\`touch ${pwned}\``, `a'b"c`, 'a\nb', '../../etc/passwd', '.hidden', 'x'.repeat(65)];

let space: Workspace;
let presets: string;
let stored: string;

beforeAll(() => rmSync(pwned, {force: true}));
beforeEach(async () => {
	space = workspace();
	const saved = await kiln(['preset', 'save', 'mine', '--hostname', 'web-1', '--size', '3G'], {env: space.env});
	expect(saved.exitCode, saved.stderr).toBe(0);
	presets = path.join(space.env.KILN_CONFIG_DIR!, 'presets.json');
	stored = readFileSync(presets, 'utf8');
});
afterEach(() => {
	try {
		expect(existsSync(pwned), 'a string was run by a shell').toBe(false);
		expect(readFileSync(presets, 'utf8'), 'the stored presets changed').toBe(stored);
	} finally {
		space.remove();
	}
});

function refused(result: {exitCode: number; stderr: string}, ...says: string[]): void {
	expect(result.exitCode, result.stderr).toBe(2);
	for (const part of says) expect(result.stderr).toContain(part);
	expect(result.stderr).toContain('fix: ');
}

describe('hostile preset names', () => {
	it.each(hostileNames)('preset save %j is refused', async name => {
		refused(await kiln(['preset', 'save', name, '--hostname', 'x'], {env: space.env}), 'is not a valid preset name');
	});

	it.each(hostileNames)('preset import --name %j is refused', async name => {
		const file = path.join(space.dir, 'mine.json');
		expect((await kiln(['preset', 'export', 'mine', file], {env: space.env})).exitCode).toBe(0);
		refused(await kiln(['preset', 'import', file, '--name', name], {env: space.env}), 'is not a valid preset name');
	});

	it('build --preset with a hostile name is refused (nothing by that name)', async () => {
		const result = await kiln(['build', '--preset', `$(touch ${pwned})`, '-o', path.join(space.out, 'x.img')], {env: space.env});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('fix: ');
	});
});

describe('preset files that are hostile or unreadable', () => {
	const write = (name: string, content: string) => {
		const file = path.join(space.dir, name);
		writeFileSync(file, content);
		return file;
	};

	it('a file whose choices carry shell syntax: the field is named, nothing imported', async () => {
		const file = write('evil.json', JSON.stringify({kind: 'kiln-preset', version: 1, name: 'evil', choices: {hostname: `$(touch ${pwned})`, packages: [`curl;touch ${pwned}`]}}));
		refused(await kiln(['preset', 'import', file], {env: space.env}), file, 'choices.hostname');
	});

	it('a file whose name carries shell syntax', async () => {
		const file = write('evil-name.json', JSON.stringify({kind: 'kiln-preset', version: 1, name: `$(touch ${pwned})`, choices: {}}));
		refused(await kiln(['preset', 'import', file], {env: space.env}), file, 'is not a valid preset name');
	});

	it('a file that is not JSON', async () => {
		const file = write('broken.json', '{"kind": "kiln-preset",');
		refused(await kiln(['preset', 'import', file], {env: space.env}), `${file} is not valid JSON`);
	});

	it('a file that does not exist, and a folder', async () => {
		refused(await kiln(['preset', 'import', path.join(space.dir, 'none.json')], {env: space.env}), 'Cannot read the preset file', 'ENOENT');
		const folder = path.join(space.dir, 'a-folder');
		mkdirSync(folder);
		refused(await kiln(['preset', 'import', folder], {env: space.env}), 'Cannot read the preset file', 'EISDIR');
	});

	it('a file the user may not read (as uid 65534: root reads everything)', async () => {
		const file = path.join(space.dir, 'private.json');
		expect((await kiln(['preset', 'export', 'mine', file], {env: space.env})).exitCode).toBe(0);
		chmodSync(file, 0o600);
		chmodSync(space.dir, 0o755);
		const own = path.join(space.dir, 'nobody-config');
		mkdirSync(own, {mode: 0o777});
		chmodSync(own, 0o777);
		const result = await execa('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, cli, 'preset', 'import', file], {
			reject: false,
			env: {...process.env, CI: 'true', HOME: space.dir, KILN_CONFIG_DIR: own, KILN_CACHE_DIR: own, KILN_STATE_DIR: own},
		});
		refused({exitCode: result.exitCode ?? -1, stderr: String(result.stderr)}, `Cannot read the preset file ${file}`, 'EACCES');
	});
});

describe('the root password', () => {
	it('is never kept in a preset, saved or exported', async () => {
		const marker = `KilnPresetSecret${Date.now()}`;
		const result = await kiln(['preset', 'save', 'with-login', '--root-password', marker], {env: space.env});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(`${result.stdout}${result.stderr}`).not.toContain(marker);
		const exported = await kiln(['preset', 'export', 'with-login'], {env: space.env});
		expect(exported.stdout).toContain('"rootPassword": true');
		expect(exported.stdout).not.toContain(marker);
		expect(readFileSync(presets, 'utf8')).not.toContain(marker);
		// The only change to the store is the new preset: put the file back for afterEach.
		expect((await kiln(['preset', 'delete', 'with-login'], {env: space.env})).exitCode).toBe(0);
		stored = readFileSync(presets, 'utf8');
	});
});
