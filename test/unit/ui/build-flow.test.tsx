// The build screen driven by recorded event streams, through to the result.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {KilnEvent} from '../../../source/core/events.js';
import type {PlanSummary} from '../../../source/core/plan-summary.js';
import {BuildFlow, type BuildExit} from '../../../source/ui/build/BuildFlow.js';
import type {ResultAction} from '../../../source/ui/result/actions.js';
import {keys, press, recorded, renderUi, replay, shows, until} from './helpers.js';

afterEach(cleanup);

function planOf(events: KilnEvent[]): PlanSummary {
	const started = events[0];
	if (started?.type !== 'run-started') throw new Error('a recording starts with run-started');
	return started.plan;
}

function show(events: KilnEvent[] | (() => AsyncIterable<KilnEvent>), onCancel = () => {}, actions: ResultAction[] = []) {
	const start = typeof events === 'function' ? events : () => replay(events);
	const exits: BuildExit[] = [];
	const plan = planOf(typeof events === 'function' ? recorded('debian-cancelled') : events);
	const app = renderUi(<BuildFlow plan={plan} start={start} onCancel={onCancel} actions={actions} onExit={exit => exits.push(exit)} width={80} height={24} />);
	return {...app, exits, frame: () => app.lastFrame() ?? ''};
}

describe('the build screen', {timeout: 30_000}, () => {
	it('turns a whole recorded build into a settled tree and the result', async () => {
		const {frame, exits} = show(recorded('debian-pull'));
		await until(() => exits.length > 0);
		const text = frame();
		expect(text).toContain('Building Debian 12 (bookworm) · cloud kernel · systemd · hybrid · raw →\n/tmp/kiln-rec/pull.img');
		expect(text).toMatch(/^✔ base image 127\.0\.0\.1:5000\/kiln-ui-fixture:bookworm .* 5\.9s$/m);
		expect(text).toMatch(/^ {2}├ f6158058bc97 {2}93\.0 MB +█{12} done/m);
		expect(text).toMatch(/^ {2}└ f67e8783a41f {2}199 MB +█{12} done/m);
		expect(text).toMatch(/^✔ OS image .* 2m18s$/m);
		expect(text).toMatch(/✔ RUN apt-get update .* 181 MB$/m);
		expect(text).toMatch(/^✔ rootfs export {2}258 MB · 7\.3 MB\/s +36s$/m);
		expect(text).toContain('└ ✔ partition · ✔ filesystem · ✔ bootloader · – convert');
		expect(text).toContain('✔ Built pull.img in 3m32s');
		expect(text).toContain('872 MB virtual · 289 MB on disk');
		expect(text).toContain('qemu-system-x86_64 -nodefaults -vga std -accel tcg -m 1024M -smp 2 \\\n    -drive file=/tmp/kiln-rec/pull.img,format=raw,if=virtio \\\n');
		expect(exits.map(exit => exit.code)).toEqual([0]);
		expect(text).toMatchSnapshot();
	});

	it('ends with the boot check and its verdict when the build boots the image', async () => {
		const {frame, exits} = show(recorded('debian-boot-check'));
		await until(() => exits.length > 0);
		await shows(frame, /^✔ boot check {2}login after 79\.2s \(tcg\), root shell, ext4 rw +1m41s$/m);
		await shows(frame, /booted +login after 79\.2s \(tcg\), root shell, ext4 rw/);
		expect(exits.map(exit => exit.code)).toEqual([0]);
	});

	it('offers the result actions after a successful build and hands the chosen one back', async () => {
		const boot: ResultAction = {label: 'Boot it now', description: 'open its serial console here', run: async () => 0};
		const app = show(recorded('debian-cached'), () => {}, [boot]);
		await shows(app.frame, /❯ Boot it now +open its serial console here\n {2}Done/);
		expect(app.exits).toEqual([]);
		await press(app, keys.enter);
		expect(app.exits.map(exit => [exit.code, exit.action?.label])).toEqual([[0, 'Boot it now']]);
	});

	it('reports a failed stage with its error, log lines and log file', async () => {
		const {frame, exits} = show(recorded('debian-failed'));
		await until(() => exits.length > 0);
		const text = frame();
		expect(text).toMatch(/^✖ OS image +7\.9s$/m);
		expect(text).toMatch(/^ {2}├ ✖ RUN apt-get update .*…$/m);
		expect(text).toMatch(/^– rootfs export/m);
		expect(text).toContain('✖ Build failed at OS image after 8.0s');
		expect(text).toContain('A step of the OS image build failed');
		expect(text).toContain('last log lines:');
		expect(text).toContain('E: Unable to locate package no-such-package-kiln');
		expect(text).toMatch(/full log +\/root\/\.cache\/kiln\/logs\/20261128-185939-ab0d9c\.log/);
		expect(exits.map(exit => exit.code)).toEqual([1]);
		expect(text).toMatchSnapshot();
	});

	it('asks before cancelling, then aborts and waits for the cleanup to finish', async () => {
		const events = recorded('debian-cancelled');
		const finished = events.at(-1)!;
		let abort = () => {};
		const aborted = new Promise<void>(resolve => {
			abort = resolve;
		});
		const onCancel = vi.fn(() => abort());
		async function* build(): AsyncIterable<KilnEvent> {
			yield* replay(events.slice(0, -1));
			await aborted;
			yield finished;
		}
		const app = show(build, onCancel);
		const {frame, exits} = app;
		await until(() => frame().includes('q cancel'));
		await press(app, 'q');
		await shows(frame, 'Cancel the build?');
		await press(app, 'n');
		await shows(frame, 'q cancel');
		await press(app, keys.ctrlC);
		await shows(frame, 'Cancel the build?');
		expect(onCancel).not.toHaveBeenCalled();
		await press(app, 'y');
		expect(onCancel).toHaveBeenCalledOnce();
		await until(() => exits.length > 0);
		await shows(frame, '✖ Build cancelled after 28s');
		await shows(frame, /^✖ OS image {2}cancelled$/m);
		await shows(frame, /^– rootfs export$/m);
		expect(exits.map(exit => exit.code)).toEqual([130]);
	});

	it('toggles the log tail with l', async () => {
		const events = recorded('debian-cancelled');
		const never = new Promise<never>(() => {});
		async function* build(): AsyncIterable<KilnEvent> {
			yield* replay(events.slice(0, -1));
			await never;
		}
		const app = show(build);
		const {frame} = app;
		await until(() => frame().includes('│ '));
		await press(app, 'l');
		await until(() => !frame().includes('│ '));
		await shows(frame, 'l show log');
		await press(app, 'l');
		await until(() => frame().includes('│ '));
	});

	it('reports a broken event stream as a failure, not a hang', async () => {
		async function* build(): AsyncIterable<KilnEvent> {
			yield recorded('debian-cached')[0]!;
			throw new Error('socket hang up');
		}
		const {frame, exits} = show(build);
		await until(() => exits.length > 0);
		await shows(frame, 'kiln stopped unexpectedly');
		await shows(frame, 'socket hang up');
		expect(exits.map(exit => exit.code)).toEqual([1]);
	});
});
