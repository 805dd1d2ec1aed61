// The live tree, drawn from real recorded builds at fixed moments.
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {KilnEvent} from '../../../source/core/events.js';
import {BuildLive, type BuildLiveProps} from '../../../source/ui/build/BuildLive.js';
import {frameAt, recorded, renderUi, upTo} from './helpers.js';

afterEach(cleanup);

const pull = recorded('debian-pull');

function draw(events: KilnEvent[], options: Partial<BuildLiveProps> = {}): string {
	const {state, now} = frameAt(events);
	const {lastFrame} = renderUi(<BuildLive state={state} now={now} width={80} height={24} showLog prompt="none" {...options} />);
	return lastFrame() ?? '';
}

const lines = (frame: string) => frame.split('\n');

describe('the live build tree', () => {
	it('shows the base image layer downloading with its size and a bar', () => {
		const frame = draw(upTo(pull, event => event.type === 'layer' && event.current === 39_189_176));
		// Settled stages (preflight) sit above the live area, in <Static>.
		expect(frame).not.toContain('preflight');
		expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] base image 127\.0\.0\.1:5000\/kiln-ui-fixture:bookworm +1\.3s$/m);
		expect(frame).toMatch(/└ f6158058bc97 {2}93\.0 MB +█+░+ 42%/);
		expect(frame).toContain('○ OS image');
		expect(frame).toContain('○ disk assembly  partition · filesystem · bootloader · convert');
		expect(frame).toMatchSnapshot();
	});

	it('shows each OS image step with the size of the layer it made, and the log tail', () => {
		const events = upTo(pull, event => event.type === 'step' && event.index === 9 && event.status === 'running');
		const frame = draw(events);
		expect(frame).toMatch(/✔ RUN apt-get update && apt-get install .*181 MB/);
		expect(frame).toMatch(/✔ COPY kiln\/ \/tmp\/kiln\/ +1\.7 kB/);
		expect(frame).toContain('│ ');
		expect(frame).toContain('l hide log · q cancel');
		expect(frame).toMatchSnapshot();
	});

	it('shows rootfs export bytes and throughput beside the assembly sub-steps', () => {
		const exporting = pull.filter((event): event is Extract<KilnEvent, {type: 'stage-progress'}> => event.type === 'stage-progress' && event.stage === 'export');
		const middle = exporting[Math.floor(exporting.length / 2)]!;
		const frame = draw(upTo(pull, event => event === middle));
		expect(frame).toMatch(/rootfs export .*\n {2}└ [\d.]+ MB · [\d.]+ MB\/s/);
		expect(frame).toMatch(/disk assembly[\s\S]*└ ✔ partition · \S filesystem · ○ bootloader · ○ convert/);
		expect(frame).toMatchSnapshot();
	});

	it('shows the serial console while the boot check runs', () => {
		const boot = recorded('debian-boot-check');
		const frame = draw(upTo(boot, event => event.type === 'log' && event.line.startsWith('▸ kernel')));
		expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] boot check/m);
		expect(frame).toContain('│ ▸ kernel after');
		expect(frame).toMatchSnapshot();
	});

	it('hides the log on request', () => {
		const events = upTo(pull, event => event.type === 'step' && event.index === 9 && event.status === 'running');
		const frame = draw(events, {showLog: false});
		expect(frame).not.toContain('│ ');
		expect(frame).toContain('l show log');
	});

	it('stays shorter than the terminal and never wraps, even small and narrow', () => {
		const events = upTo(pull, event => event.type === 'step' && event.index === 9 && event.status === 'running');
		for (const [width, height] of [[80, 24], [50, 12], [30, 8]] as const) {
			const frame = draw(events, {width, height});
			expect(lines(frame).length).toBeLessThan(height);
			for (const line of lines(frame)) expect(line.length).toBeLessThanOrEqual(width);
		}
		expect(draw(events, {width: 50, height: 12})).toMatchSnapshot();
	});

	it('asks before cancelling and says when it is cleaning up', () => {
		const events = upTo(pull, event => event.type === 'stage-started' && event.stage === 'os');
		expect(draw(events, {prompt: 'confirm'})).toContain('Cancel the build? Its containers are stopped and removed. y/N');
		expect(draw(events, {prompt: 'cancelling'})).toContain('Cancelling — cleaning up…');
	});
});
