// The start screen's presets and history, rerunning a build, and saving the
// review's choices as a preset, against a store in a fixed temporary folder.
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi} from 'vitest';
import {loadDistros} from '../../../source/engine/distros.js';
import type {KilnEvent} from '../../../source/core/events.js';
import type {Plan} from '../../../source/engine/plan.js';
import type {BuildState} from '../../../source/engine/state.js';
import {appendRecord} from '../../../source/store/history.js';
import {historyRecord} from '../../../source/store/history-record.js';
import {presetFromChoices, savePreset} from '../../../source/store/presets.js';
import {Kiln} from '../../../source/ui/Kiln.js';
import {resultActions} from '../../../source/ui/result/actions.js';
import {startOptions} from '../../../source/ui/start/options.js';
import {loadStartData} from '../../../source/ui/start/load-start.js';
import {emptyStart} from '../../../source/ui/start/start-data.js';
import {StartScreen} from '../../../source/ui/start/StartScreen.js';
import {fakeIo} from '../store/helpers/fake-io.js';
import {runState, type RunSpec} from '../store/helpers/fixtures.js';
import {keys, press, recorded, renderUi, replay, shows} from './helpers.js';

afterEach(cleanup);

// A folder of this run's own (others may run the suite at the same time); snapshots show it as <tmp>.
const root = mkdtempSync(path.join(tmpdir(), 'kiln-ui-presets-'));
const cwd = path.join(root, 'work');
const env = {KILN_CONFIG_DIR: path.join(root, 'config'), KILN_STATE_DIR: path.join(root, 'state')};

beforeAll(() => {
	// History lines show local time.
	process.env.TZ = 'UTC';
});

beforeEach(() => {
	rmSync(cwd, {recursive: true, force: true});
	rmSync(env.KILN_CONFIG_DIR, {recursive: true, force: true});
	rmSync(env.KILN_STATE_DIR, {recursive: true, force: true});
	mkdirSync(cwd, {recursive: true});
});

afterAll(() => {
	rmSync(root, {recursive: true, force: true});
});

function record(spec: RunSpec): void {
	appendRecord(historyRecord({state: runState(spec), kilnVersion: 'test'})!, env);
}

function fixtureStore(): void {
	savePreset(presetFromChoices('web', {release: 'trixie', kernel: 'generic', hostname: 'web-1', rootPassword: true}, {cwd, now: new Date('2026-01-02T03:04:05Z')}), {replace: false}, env);
	record({runId: '20261127-091500-aaaaaa', startedAt: Date.UTC(2026, 10, 27, 9, 15), outcome: 'failed', choices: {kernel: 'generic', output: path.join(cwd, 'old.img')}});
	record({runId: '20261128-182936-a1b2c3', startedAt: Date.UTC(2026, 10, 28, 18, 29, 36), choices: {rootPassword: true, hostname: 'box', output: path.join(cwd, 'box.img')}});
}

/** The app once the store has been read (the built-in presets are always there). */
async function start() {
	const plans: Plan[] = [];
	const passwords: Array<string | undefined> = [];
	const build = vi.fn((plan: Plan): AsyncIterable<KilnEvent> => {
		plans.push(plan);
		return replay(recorded('debian-failed'));
	});
	const actions = (password?: string) => {
		passwords.push(password);
		return [];
	};
	const app = renderUi(<Kiln cwd={cwd} env={env} loadStart={async () => loadStartData(env)} distros={loadDistros()} build={build} onCancel={() => {}} actions={actions} />);
	const frame = () => app.lastFrame() ?? '';
	const type = (text: string) => press(app, ...text);
	await shows(frame, 'From a preset');
	return {...app, frame, type, plans, passwords};
}

const noSelection = () => {};

/** The user's presets file as stored ('' before the store is first opened). */
function saved(): string {
	const file = path.join(env.KILN_CONFIG_DIR, 'presets.json');
	return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

describe('the start screen', () => {
	it('offers only a new build when there are no presets and no history', () => {
		const {lastFrame} = renderUi(<StartScreen options={startOptions(emptyStart)} warnings={[]} width={100} onSelect={noSelection} />);
		expect(lastFrame()).toMatchSnapshot();
	});

	it('offers the presets but no rerun before the first build', () => {
		const data = loadStartData(env);
		expect(startOptions(data).map(option => option.label)).toEqual(['New build', 'From a preset']);
	});

	it('offers presets, the last build and the history once they exist', () => {
		fixtureStore();
		const data = loadStartData(env);
		const {lastFrame} = renderUi(<StartScreen options={startOptions(data)} warnings={data.warnings} width={100} onSelect={noSelection} />);
		expect(lastFrame()).toMatchSnapshot();
	});

	it('shows where a corrupt store was moved, and goes on without it', () => {
		mkdirSync(env.KILN_STATE_DIR, {recursive: true});
		writeFileSync(path.join(env.KILN_STATE_DIR, 'history.json'), '{not json');
		const data = loadStartData(env);
		const {lastFrame} = renderUi(<StartScreen options={startOptions(data)} warnings={data.warnings} width={100} onSelect={noSelection} />);
		expect(lastFrame()).toContain('⚠');
		expect(lastFrame()).toContain(env.KILN_STATE_DIR);
		expect(lastFrame()).not.toContain('Rerun the last build');
	});

	it('leaves out a preset this kiln cannot build, saying why', () => {
		mkdirSync(env.KILN_CONFIG_DIR, {recursive: true});
		writeFileSync(path.join(env.KILN_CONFIG_DIR, 'presets.json'), JSON.stringify({presets: {alien: {name: 'alien', choices: {distro: 'plan9'}, createdAt: '2026-01-02T03:04:05Z'}}}));
		const data = loadStartData(env);
		expect(data.presets.map(preset => preset.name)).toEqual(['debian-classic', 'debian-minimal']);
		expect(data.warnings).toEqual([expect.stringMatching(/^kiln: preset "alien" is not offered here: .*plan9/)]);
	});
});

describe('presets and history in the wizard', {timeout: 30_000}, () => {
	it('lists the presets with what they build; a preset opens the review with its choices', async () => {
		fixtureStore();
		const app = await start();
		const {frame} = app;
		await press(app, keys.down, keys.enter);
		await shows(frame, 'From a preset');
		expect(frame()).toMatchSnapshot('preset list');
		await press(app, keys.down, keys.enter);
		await shows(frame, 'Review');
		await shows(frame, 'Kernel           cloud');
		await shows(frame, 'Root login       not chosen yet (asked when the build starts)');
		// Esc goes back to the list, on the preset chosen; again to the start.
		await press(app, keys.escape);
		await shows(frame, '❯ debian-minimal');
		await press(app, keys.escape);
		await shows(frame, '❯ From a preset');
	});

	it('asks for the password a preset needs when the build starts', async () => {
		fixtureStore();
		const app = await start();
		const {frame, type, plans, passwords} = app;
		await press(app, keys.down, keys.enter, keys.up, keys.enter);
		await shows(frame, 'Release          Debian 13 (trixie)');
		await shows(frame, 'Root login       password (asked when the build starts)');
		await press(app, keys.enter);
		await shows(frame, /❯ password/);
		await press(app, keys.enter);
		await type('pr3set pw');
		await press(app, keys.enter);
		await type('pr3set pw');
		await press(app, keys.enter);
		await shows(frame, 'Root login       password (typed here');
		expect(frame()).not.toContain('pr3set');
		await press(app, keys.enter);
		await shows(frame, 'apt-get');
		expect(plans[0]?.choices).toMatchObject({release: 'trixie', kernel: 'generic', hostname: 'web-1', rootPassword: true});
		// The typed password reaches the result actions (a boot check logs in with it), in memory only.
		expect(passwords).toEqual(['pr3set pw']);
	});

	it('reruns the last build from the review, with its choices and output', async () => {
		fixtureStore();
		const app = await start();
		const {frame} = app;
		await press(app, keys.down, keys.down, keys.enter);
		await shows(frame, 'Review');
		await shows(frame, 'Hostname         box');
		await shows(frame, `Output file      ${path.join(cwd, 'box.img')}`);
		expect(frame().replaceAll(root, '<tmp>')).toMatchSnapshot('rerun review');
	});

	it('lists past builds newest first and reruns the one picked', async () => {
		fixtureStore();
		const app = await start();
		const {frame} = app;
		await press(app, keys.up, keys.enter);
		await shows(frame, 'History');
		expect(frame()).toMatchSnapshot('history');
		await press(app, keys.down, keys.enter);
		await shows(frame, 'Review');
		await shows(frame, 'Kernel           generic');
		await shows(frame, `Output file      ${path.join(cwd, 'old.img')}`);
		await press(app, keys.escape);
		await shows(frame, /❯ 2026-11-27 09:15/);
		await press(app, keys.escape);
		await shows(frame, '❯ History');
	});

	it('keeps a long history within the terminal, scrolling with the cursor', async () => {
		for (let i = 0; i < 40; i++) record({runId: `run-${String(i).padStart(2, '0')}`, startedAt: Date.UTC(2026, 10, 1, 0, i)});
		const app = await start();
		const {frame} = app;
		await press(app, keys.up, keys.enter);
		await shows(frame, '↓ 23 more');
		expect(frame().split('\n').length).toBeLessThan(24);
		await press(app, keys.up);
		await shows(frame, /❯ 2026-11-01 00:00/);
		await shows(frame, '↑ 23 more');
	});
});

describe('save as preset', {timeout: 30_000}, () => {
	/** From a new build's review, on the defaults with root locked, to the preset name. */
	async function toSave(app: Awaited<ReturnType<typeof start>>) {
		await press(app, ...Array(11).fill(keys.enter), keys.up, keys.enter, keys.enter);
		await shows(app.frame, '❯ Start build');
		await press(app, keys.up, keys.enter);
		await shows(app.frame, 'Preset name:');
	}

	it('saves the choices under a valid name and says where', async () => {
		const app = await start();
		await toSave(app);
		await app.type('my-vm');
		expect(app.frame()).toMatchSnapshot('typing a name');
		await press(app, keys.enter);
		await shows(app.frame, `✔ Saved preset "my-vm" to ${path.join(env.KILN_CONFIG_DIR, 'presets.json')}`);
		await shows(app.frame, '❯ Start build');
		const stored = JSON.parse(readFileSync(path.join(env.KILN_CONFIG_DIR, 'presets.json'), 'utf8')) as {presets: Record<string, {choices: object}>};
		expect(stored.presets['my-vm']?.choices).toMatchObject({distro: 'debian', release: 'trixie', rootPassword: false});
	});

	it('shows an invalid name as such while typing and does not accept it', async () => {
		const app = await start();
		await toSave(app);
		await app.type('../etc');
		await shows(app.frame, '✖ "../etc" is not a valid preset name');
		expect(app.frame()).toMatchSnapshot('invalid name');
		await press(app, keys.enter);
		await shows(app.frame, 'Preset name:');
		expect(saved()).not.toContain('etc');
	});

	it('refuses a built-in name', async () => {
		const app = await start();
		await toSave(app);
		await app.type('debian-minimal');
		await shows(app.frame, '✖ "debian-minimal" is a built-in preset and cannot be replaced; choose another name.');
		await press(app, keys.enter);
		await shows(app.frame, 'Preset name:');
	});

	it('asks before replacing an existing preset', async () => {
		fixtureStore();
		const app = await start();
		await toSave(app);
		await app.type('web');
		await shows(app.frame, '⚠ a preset of this name exists — saving asks before replacing it');
		await press(app, keys.enter);
		await shows(app.frame, 'Replace it?');
		expect(app.frame()).toMatchSnapshot('replace existing');
		// n (or esc) goes back to the name, as typed.
		await press(app, 'n');
		await shows(app.frame, 'Preset name: web');
		await press(app, keys.enter, 'y');
		await shows(app.frame, '✔ Saved preset "web"');
		const stored = JSON.parse(readFileSync(path.join(env.KILN_CONFIG_DIR, 'presets.json'), 'utf8')) as {presets: Record<string, {choices: {release?: string}}>};
		expect(stored.presets.web?.choices.release).toBe('trixie');
	});

	it('goes back to the review on esc without saving', async () => {
		const app = await start();
		await toSave(app);
		await press(app, keys.escape);
		await shows(app.frame, '❯ Start build');
		expect(saved()).not.toContain('my-');
	});
});

describe('result actions', () => {
	it('offers to boot the image and to check that it boots, logging in when a password was typed', () => {
		expect(resultActions().map(action => action.label)).toEqual(['Boot it now', 'Check that it boots']);
		expect(resultActions('pw')[1]?.description).toContain('log in as root');
		expect(JSON.stringify(resultActions('s3cret'))).not.toContain('s3cret');
	});

	it('runs kiln boot-check on the artifact, with the password only in memory', async () => {
		const io = fakeIo({env, cwd});
		const build = {artifact: {path: path.join(cwd, 'missing.img')}} as BuildState;
		await expect(resultActions('s3cret')[1]!.run(build, io)).rejects.toThrow(`No such image: ${path.join(cwd, 'missing.img')}`);
		expect(io.out() + io.err()).not.toContain('s3cret');
	});
});
