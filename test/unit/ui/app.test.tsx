// The Ink entry point and the terminal it draws on: exit codes, resizing.
import {Console} from 'node:console';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import type {Io} from '../../../source/app/io.js';
import {loadDistros} from '../../../source/engine/distros.js';
import type {KilnEvent} from '../../../source/core/events.js';
import {resolvePlan} from '../../../source/engine/plan.js';
import {runWizard} from '../../../source/ui/app.js';
import {BuildApp} from '../../../source/ui/BuildApp.js';
import {KeysProvider} from '../../../source/ui/keys.js';
import {Kiln} from '../../../source/ui/Kiln.js';
import {emptyStart} from '../../../source/ui/start/start-data.js';
import {FakeStdin, FakeStdout, keys, press, recorded, replay, shows, tick, until, upTo} from './helpers.js';

function terminal(columns: number, rows: number) {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const folder = mkdtempSync(path.join(tmpdir(), 'kiln-ui-config-'));
	const io = {stdout, stderr: new FakeStdout(columns, rows), stdin, env: {NO_COLOR: '1', KILN_CONFIG_DIR: folder, KILN_STATE_DIR: path.join(folder, 'state')}, cwd: '/tmp'} as unknown as Io;
	return {stdout, stdin, io};
}

describe('the Ink app', {timeout: 30_000}, () => {
	it('leaves with exit code 130 on Ctrl-C before a build starts', async () => {
		const {stdin, stdout, io} = terminal(80, 24);
		// Ink patches the console through console.Console, which vitest's console lacks.
		vi.stubGlobal('console', Object.assign(Object.create(console) as Console, {Console}));
		try {
			const code = runWizard(io);
			await until(() => stdout.frames.join('').includes('New build'));
			stdin.write(keys.ctrlC);
			await expect(code).resolves.toBe(130);
		} finally {
			vi.unstubAllGlobals();
		}
	});

	it('redraws the live tree at the new width when the terminal is resized', async () => {
		const {stdout, stdin} = terminal(80, 24);
		const events = upTo(recorded('debian-pull'), event => event.type === 'step' && event.index === 9 && event.status === 'running');
		async function* build(): AsyncIterable<KilnEvent> {
			yield* replay(events);
			await new Promise(() => {});
		}
		const plan = resolvePlan({}, {rootPassword: 'x'}, {cwd: '/tmp'});
		const instance = render(
			<KeysProvider>
				<BuildApp plan={plan} build={build} onCancel={() => {}} actions={[]} />
			</KeysProvider>,
			{stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false},
		);
		const osHeader = () => stdout.frames.at(-1)?.split('\n').find(line => / OS image /.test(line));
		await until(() => osHeader()?.length === 80);
		stdout.resize(44, 24);
		await until(() => osHeader()?.length === 44);
		await tick();
		const live = stdout.frames.at(-1)!.split('\n').slice(-12);
		for (const line of live) expect(line.length).toBeLessThanOrEqual(44);
		instance.unmount();
	});

	it('fits the wizard in a narrow terminal without wrapping its lists', async () => {
		// A folder of its own, where no earlier image can be found (the review would warn about it).
		const cwd = mkdtempSync(path.join(tmpdir(), 'kiln-ui-narrow-'));
		const {stdout, stdin} = terminal(60, 24);
		const instance = render(
			<KeysProvider>
				<Kiln cwd={cwd} env={{KILN_CONFIG_DIR: path.join(cwd, 'config'), KILN_STATE_DIR: path.join(cwd, 'state')}} loadStart={async () => emptyStart} distros={loadDistros()} build={() => replay([])} onCancel={() => {}} actions={() => []} />
			</KeysProvider>,
			{stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, debug: true, exitOnCtrlC: false, patchConsole: false},
		);
		const app = {stdin, frames: stdout.frames};
		const frame = () => stdout.frames.at(-1) ?? '';
		await until(() => frame().includes('New build'));
		await press(app, ...Array(11).fill(keys.enter), keys.up, keys.enter, keys.enter);
		await shows(frame, '❯ Start build');
		const lines = frame().split('\n');
		expect(lines.length).toBeLessThan(24);
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
		expect(frame().replaceAll(cwd, '<cwd>')).toMatchSnapshot();
		instance.unmount();
		rmSync(cwd, {recursive: true});
	});
});
