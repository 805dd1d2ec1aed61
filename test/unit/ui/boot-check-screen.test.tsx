// The result screen's boot check: its events folded into the live screen,
// with the same words as `kiln boot-check`'s lines.
import {describe, expect, it} from 'vitest';
import type {BootCheckEvent, KilnEvent} from '../../../source/core/events.js';
import {initialBootCheck, reduceBootCheck} from '../../../source/ui/boot-check/boot-check-state.js';
import {BootCheckView} from '../../../source/ui/boot-check/BootCheckView.js';
import {recorded, renderUi} from './helpers.js';

const {result} = recorded('debian-boot-check').find((event): event is Extract<KilnEvent, {type: 'boot-check'}> => event.type === 'boot-check')!;
const running: BootCheckEvent[] = [
	{type: 'boot-status', line: `booting ${result.image.path} (raw, BIOS) headless with ${result.qemu}; the guest's writes are discarded`},
	{type: 'boot-status', line: result.accelReason},
	...result.milestones.slice(0, 3).map((milestone): BootCheckEvent => ({type: 'boot-milestone', milestone})),
	{type: 'boot-serial', line: '[    2.170000] Run /sbin/init as init process'},
];

function frameOf(events: BootCheckEvent[], now = 20_000, phase: 'running' | 'cancelling' | 'cancelled' = 'running') {
	const state = events.reduce(reduceBootCheck, initialBootCheck);
	const app = renderUi(<BootCheckView state={state} serialLog="/logs/boot-check.log" startedAt={0} now={now} width={80} phase={phase} />);
	const frame = app.lastFrame() ?? '';
	app.unmount();
	return frame;
}

describe('the boot-check screen', () => {
	it('shows what boots, each milestone so far, the time and the console\'s latest line', () => {
		const frame = frameOf(running);
		expect(frame).toContain('kiln: booting /tmp/kiln-rec/boot.img (raw, BIOS) headless');
		expect(frame).toMatch(/^ {2}✓ firmware {7} +0\.3 s$/m);
		expect(frame).toMatch(/^ {2}✓ kernel started +23\.6 s$/m);
		expect(frame).not.toContain('login prompt');
		expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] booting 20 s · Ctrl-C cancels$/m);
		expect(frame).toContain('│ [    2.170000] Run /sbin/init as init process');
		for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('ends with the verdict: logged in, what the probe found, where the serial log is', () => {
		const frame = frameOf([...running, ...result.milestones.slice(3).map((milestone): BootCheckEvent => ({type: 'boot-milestone', milestone})), {type: 'boot-result', result}]);
		expect(frame).toMatch(/^ {2}✓ login prompt +79\.2 s$/m);
		expect(frame).toContain('  ✓ logged in as root');
		expect(frame).toContain('  os:      Debian GNU/Linux 12 (bookworm)');
		expect(frame).toContain('boot check passed in 101.2 s (serial log: /logs/boot-check.log)');
		expect(frame).not.toContain('Ctrl-C cancels');
	});

	it('after Ctrl-C says it is stopping QEMU, then that it stopped: the last frame never says "cancelling"', () => {
		expect(frameOf(running, 21_000, 'cancelling')).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] cancelling, stopping QEMU… 21 s$/m);
		const last = frameOf(running, 22_000, 'cancelled');
		expect(last).toMatch(/^✗ cancelled, QEMU stopped after 22 s$/m);
		expect(last).not.toContain('cancelling');
		expect(last).not.toContain('Ctrl-C cancels');
	});
});
