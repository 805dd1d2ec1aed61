// The Ink entry point and the terminal it draws on: exit codes, resizing.
import {Console} from 'node:console';
import {render} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import type {Io} from '../../../source/commands/types.js';
import type {KilnEvent} from '../../../source/engine/events.js';
import {resolvePlan} from '../../../source/engine/plan.js';
import {runWizard} from '../../../source/ui/app.js';
import {BuildApp} from '../../../source/ui/BuildApp.js';
import {KeysProvider} from '../../../source/ui/keys.js';
import {FakeStdin, FakeStdout, keys, recorded, replay, tick, until, upTo} from './helpers.js';

function terminal(columns: number, rows: number) {
	const stdout = new FakeStdout(columns, rows);
	const stdin = new FakeStdin();
	const io = {stdout, stderr: new FakeStdout(columns, rows), stdin, env: {NO_COLOR: '1'}, cwd: '/tmp'} as unknown as Io;
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
});
