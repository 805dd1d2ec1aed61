// kiln preset / history / rerun as a person runs them, up to (not into) a build.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {historyCommand} from '../../../source/commands/history.js';
import {presetCommand} from '../../../source/commands/preset.js';
import {rerunCommand} from '../../../source/commands/rerun.js';
import {appendRecord} from '../../../source/store/history.js';
import {historyRecord} from '../../../source/store/history-record.js';
import {fakeIo} from './helpers/fake-io.js';
import {runState} from './helpers/fixtures.js';
import {useTempConfig} from './helpers/temp-config.js';

describe('kiln preset', () => {
	const temp = useTempConfig();
	const work = () => {
		const dir = path.join(temp.dir(), '..', 'work');
		mkdirSync(dir, {recursive: true});
		return dir;
	};
	const run = async (...argv: string[]) => {
		const io = fakeIo({env: temp.env(), cwd: work()});
		const code = await presetCommand.run(argv, io);
		return {code, out: io.out(), err: io.err()};
	};
	const presetsFile = () => readFileSync(path.join(temp.dir(), 'presets.json'), 'utf8');

	it('saves from build flags, lists with the built-ins, shows and deletes', async () => {
		expect(await run('save', 'web', '--release', 'trixie', '--packages', 'curl,vim', '--description', 'web boxes')).toEqual({
			code: 0, out: 'Saved preset "web". Build from it with: kiln build --preset web\n', err: '',
		});
		const list = (await run('list')).out;
		expect(list.split('\n')[0]).toMatch(/^NAME\s+KIND\s+BUILDS$/);
		expect(list).toMatch(/^debian-classic\s+built-in\s+debian trixie, generic kernel, systemd, auto size, bios, raw$/m);
		expect(list).toMatch(/^web\s+debian trixie, cloud kernel, systemd, auto size, hybrid, raw, \+curl,vim$/m);
		expect(JSON.parse((await run('list', '--json')).out).map((preset: {name: string}) => preset.name)).toEqual(['debian-classic', 'debian-minimal', 'web']);
		const shown = (await run('show', 'web')).out;
		expect(shown).toMatch(/^web, saved \d{4}-/);
		expect(shown).toMatch(/^  packages      curl, vim$/m);
		expect(shown).toContain('web boxes');
		expect(await run('delete', 'web')).toMatchObject({code: 0, out: 'Deleted preset "web".\n'});
		await expect(run('show', 'web')).rejects.toMatchObject({exitCode: 2, message: 'There is no preset named "web"'});
	});

	it('keeps that a password is used, never the password', async () => {
		const result = await run('save', 'pw', '--root-password', 'hunter2-secret');
		expect(result.err).toMatch(/the root password itself is not stored/);
		expect(presetsFile()).not.toContain('hunter2-secret');
		expect(JSON.parse((await run('show', 'pw', '--json')).out).choices).toEqual({rootPassword: true});
	});

	it('exports to stdout or a file (never over one without --force) and imports it under another name', async () => {
		await run('save', 'web', '--release', 'trixie');
		const exported = (await run('export', 'web')).out;
		expect(JSON.parse(exported)).toMatchObject({kind: 'kiln-preset', version: 1, name: 'web', choices: {release: 'trixie'}});
		const file = path.join(work(), 'web.json');
		await run('export', 'web', 'web.json');
		expect(readFileSync(file, 'utf8')).toBe(exported);
		await expect(run('export', 'web', 'web.json')).rejects.toMatchObject({exitCode: 2, message: `${file} already exists`});
		expect((await run('export', 'web', 'web.json', '--force')).code).toBe(0);

		await expect(run('import', 'web.json')).rejects.toMatchObject({message: 'A preset named "web" already exists'});
		expect(await run('import', 'web.json', '--name', 'web2')).toMatchObject({code: 0, out: `Imported preset "web2" from ${file}.\n`});
		expect(JSON.parse((await run('show', 'web2', '--json')).out).choices).toEqual({release: 'trixie'});
	});

	it('refuses an invalid file, naming the field, and changes nothing', async () => {
		await run('save', 'web', '--release', 'trixie');
		const before = presetsFile();
		writeFileSync(path.join(work(), 'bad.json'), JSON.stringify({kind: 'kiln-preset', version: 1, name: 'web', choices: {init: 'upstart'}}));
		await expect(run('import', 'bad.json', '--force')).rejects.toMatchObject({exitCode: 2, message: expect.stringMatching(/bad\.json: field "choices\.init" is wrong/)});
		expect(presetsFile()).toBe(before);
	});

	it('refuses an unreadable file with its path and what to do', async () => {
		await expect(run('import', 'missing.json')).rejects.toMatchObject({
			exitCode: 2,
			message: `Cannot read the preset file ${path.join(work(), 'missing.json')}: ENOENT`,
			hint: 'Give the path of a readable file written by kiln preset export.',
		});
	});

	it('refuses to touch built-in presets and unknown subcommands', async () => {
		await expect(run('delete', 'debian-minimal')).rejects.toMatchObject({exitCode: 2, message: '"debian-minimal" is a built-in preset and cannot be deleted'});
		await expect(run('save', 'debian-classic')).rejects.toMatchObject({exitCode: 2, message: '"debian-classic" is a built-in preset and cannot be replaced'});
		await expect(run('constructor')).rejects.toMatchObject({exitCode: 2, message: 'kiln preset has no subcommand "constructor"'});
		await expect(run('save', '--force')).rejects.toMatchObject({exitCode: 2, message: 'Missing NAME'});
		await expect(run('save', '$(touch /tmp/kiln-pwned)')).rejects.toMatchObject({exitCode: 2, message: expect.stringMatching(/not a valid preset name/)});
	});
});

describe('kiln history and kiln rerun', () => {
	const temp = useTempConfig();
	const io = () => fakeIo({env: temp.env(), cwd: '/'});
	const t0 = Date.UTC(2026, 0, 1, 12, 0);
	const add = (runId: string, minutes: number, spec: Parameters<typeof runState>[0] = {}, extra = {}) =>
		appendRecord({...historyRecord({state: runState({runId, startedAt: t0 + minutes * 60_000, ...spec}), kilnVersion: '0.1.0'})!, ...extra}, temp.env());

	it('lists newest first, one line each, limited', async () => {
		add('20260101-120000-aaaaaa', 0);
		add('20260101-121000-bbbbbb', 10, {outcome: 'failed'});
		const out = io();
		await historyCommand.run(['--limit', '1'], out);
		expect(out.out()).toMatch(/^20260101-121000-bbbbbb {2}2026-01-01 \d\d:10 {2}debian\/bookworm\/cloud\/systemd +– {2}failed at os +13s$/m);
		expect(out.out()).toMatch(/… and 1 older \(kiln history --limit 2 shows all\)/);
		const json = io();
		await historyCommand.run(['--json'], json);
		expect(JSON.parse(json.out()).map((record: {id: string}) => record.id)).toEqual(['20260101-121000-bbbbbb', '20260101-120000-aaaaaa']);
		await expect(historyCommand.run(['--limit', '0'], io())).rejects.toMatchObject({exitCode: 2, field: '--limit'});
	});

	it('shows one build in full', async () => {
		add('20260101-120000-aaaaaa', 0);
		const out = io();
		await historyCommand.run(['show', 'last'], out);
		expect(out.out()).toMatch(/^build 20260101-120000-aaaaaa: ok, started 2026-01-01/);
		expect(out.out()).toMatch(/OS image sha256:0123abcd, 530 MB; layers:\n +0 B {2}\(cached\) FROM debian:bookworm\n +412 MB {2}RUN apt-get install …/);
		expect(out.out()).toMatch(/sha256 (ab){32}/);
	});

	it('says the history is empty', async () => {
		const out = io();
		await historyCommand.run([], out);
		expect(out.out()).toBe('No builds yet: every kiln build is recorded here.\n');
	});

	it('rerun without a terminal needs the password again when the build used one', async () => {
		add('20260101-120000-aaaaaa', 0, {choices: {rootPassword: true}});
		await expect(rerunCommand.run(['last'], io())).rejects.toMatchObject({
			exitCode: 2, field: '--root-password',
			message: 'Build 20260101-120000-aaaaaa let root log in with a password, and kiln never stores passwords',
		});
	});

	it('rerun refuses a conversion it cannot repeat, and unknown ids', async () => {
		add('20260101-120000-aaaaaa', 0, {}, {appService: true});
		await expect(rerunCommand.run([], io())).rejects.toMatchObject({exitCode: 2, message: expect.stringMatching(/was a kiln convert of debian:bookworm/)});
		// On a Debian base the record names the converted image, not the base.
		add('20260101-121000-bbbbbb', 10, {}, {appService: true, convertedFrom: 'team/static:1'});
		await expect(rerunCommand.run([], io())).rejects.toMatchObject({exitCode: 2, message: expect.stringMatching(/was a kiln convert of team\/static:1 with/), hint: 'Run kiln convert team/static:1 again.'});
		await expect(rerunCommand.run(['nope'], io())).rejects.toMatchObject({exitCode: 2, message: 'No build in the history has the id "nope"'});
	});
});
