// Presets and history end to end with the real CLI and Docker: save a preset,
// build from it non-interactively, then `kiln rerun last` builds an image from
// the same choices, and the two history records agree on everything but the
// output path. A root password is used so the rerun has to be given it again
// (it is never stored); its fresh salt makes a new OS image id each time, but
// the layers are the same size, step for step.
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import type {HistoryRecord} from '../../source/store/history-record.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-preset-'));
const env = {KILN_CONFIG_DIR: path.join(dir, 'config'), KILN_STATE_DIR: path.join(dir, 'state')};
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const password = 'preset-e2e-Secret-42';
const passwordFile = path.join(dir, 'password');
writeFileSync(passwordFile, `${password}\n`, {mode: 0o600});

const run = (args: string[]) => kiln(args, {env, cwd: dir});

async function history(): Promise<HistoryRecord[]> {
	const result = await run(['history', '--json']);
	expect(result.exitCode, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as HistoryRecord[];
}

describe('preset, build from it, rerun', () => {
	it('builds from a saved preset and reruns the same choices', async () => {
		const saved = await run(['preset', 'save', 'e2e-web', '--release', 'bookworm', '--kernel', 'cloud', '--firmware', 'bios',
			'--hostname', 'e2e-web', '--packages', 'curl', '--root-password-file', passwordFile, '--description', 'e2e web box']);
		expect(saved.exitCode, saved.stderr).toBe(0);
		expect(saved.stderr).toMatch(/the root password itself is not stored/);

		// Flags override the preset: the hostname here wins over the preset's.
		const first = await run(['build', '--preset', 'e2e-web', '--hostname', 'e2e-first', '--root-password', password, '--json', '--output', 'first.img']);
		expect(first.exitCode, first.stderr + first.stdout.slice(-3000)).toBe(0);
		const [started] = eventsOf(first.events, 'run-started');
		expect(started!.plan.choices).toMatchObject({release: 'bookworm', kernel: 'cloud', firmware: 'bios', hostname: 'e2e-first', packages: ['curl'], rootPassword: true});

		// Non-interactive and no password: refused before anything runs, nothing recorded.
		const refused = await run(['rerun', 'last', '--json', '--output', 'refused.img']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toMatch(/let root log in with a password, and kiln never stores passwords/);
		expect(refused.stderr).toMatch(/--root-password-file/);
		expect(existsSync(path.join(dir, 'refused.img'))).toBe(false);
		expect(await history()).toHaveLength(1);

		const again = await run(['rerun', 'last', '--root-password-file', passwordFile, '--json', '--output', 'again.img']);
		expect(again.exitCode, again.stderr + again.stdout.slice(-3000)).toBe(0);
		expect(again.stderr).toMatch(/^kiln: rerunning build \S+ \(debian bookworm, kernel cloud, init systemd\) -> .*again\.img$/m);

		const [rerun, original] = await history();
		expect(original!.id).toBe(started!.runId);
		expect(rerun!.id).not.toBe(original!.id);
		for (const record of [original!, rerun!]) {
			expect(record.result).toEqual({outcome: 'ok', exitCode: 0});
			expect(existsSync(record.artifact!.path)).toBe(true);
		}
		// The same choices, except where the image went.
		expect({...rerun!.choices, output: undefined}).toEqual({...original!.choices, output: undefined});
		expect(path.basename(rerun!.outputPath)).toBe('again.img');
		// The same OS image recipe, layer for layer, and a disk of the same size.
		const layers = (record: HistoryRecord) => record.steps.map(({instruction, sizeBytes}) => ({instruction, sizeBytes}));
		expect(layers(rerun!)).toEqual(layers(original!));
		expect(rerun!.steps.length).toBeGreaterThan(2);
		expect(rerun!.osImage!.sizeBytes).toBe(original!.osImage!.sizeBytes);
		expect(rerun!.artifact!.virtualBytes).toBe(original!.artifact!.virtualBytes);
		expect(rerun!.stages.map(stage => [stage.id, stage.status])).toEqual(original!.stages.map(stage => [stage.id, stage.status]));

		const listed = await run(['history']);
		expect(listed.stdout.trim().split('\n')).toEqual([
			expect.stringMatching(new RegExp(`^${rerun!.id} .* debian/bookworm/cloud/systemd .* ok `)),
			expect.stringMatching(new RegExp(`^${original!.id} .* debian/bookworm/cloud/systemd .* ok `)),
		]);
		const shown = await run(['history', 'show', original!.id.slice(0, 17)]);
		expect(shown.stdout).toContain(`build ${original!.id}: ok`);
		expect(shown.stdout).toContain('root password yes (not stored)');
	});

	it('kept the password out of every stored file, in a folder only its owner can read', () => {
		const files = [env.KILN_CONFIG_DIR, env.KILN_STATE_DIR].flatMap(folder => readdirSync(folder).filter(name => name.endsWith('.json')).map(name => path.join(folder, name)));
		expect(files.sort()).toEqual([path.join(env.KILN_CONFIG_DIR, 'presets.json'), path.join(env.KILN_STATE_DIR, 'history.json')]);
		for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain(password);
	});

	it('refuses a preset file that is not one, and leaves the presets as they were', async () => {
		const before = readFileSync(path.join(env.KILN_CONFIG_DIR, 'presets.json'), 'utf8');
		mkdirSync(path.join(dir, 'in'), {recursive: true});
		writeFileSync(path.join(dir, 'in', 'bad.json'), JSON.stringify({kind: 'kiln-preset', version: 1, name: 'e2e-web', choices: {size: '-1G'}}));
		const result = await run(['preset', 'import', 'in/bad.json', '--force']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/bad\.json: field "choices\.size" is wrong/);
		expect(readFileSync(path.join(env.KILN_CONFIG_DIR, 'presets.json'), 'utf8')).toBe(before);
	});
});
