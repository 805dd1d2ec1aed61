// The first signal cancels, the second forces the exit — and a library that
// re-sends the first signal to the process (as when-exit does) must not pass
// for a second Ctrl-C.
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {cancelOnSignals} from '../../../source/app/signals.js';

const tick = () => new Promise(resolve => setTimeout(resolve, 50));

function stderr() {
	const stream = new PassThrough();
	let text = '';
	stream.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	return {stream, text: () => text};
}

afterEach(() => vi.restoreAllMocks());

describe('cancelOnSignals', () => {
	it('a signal re-sent by another listener does not force the exit; the listener is put back afterwards', async () => {
		const resend = () => process.kill(process.pid, 'SIGTERM');
		process.once('SIGTERM', resend);
		const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
		const controller = new AbortController();
		const err = stderr();
		const dispose = cancelOnSignals(controller, err.stream);
		try {
			process.kill(process.pid, 'SIGTERM');
			await tick();
			expect(controller.signal.aborted).toBe(true);
			expect(exit).not.toHaveBeenCalled();
			expect(err.text()).toContain('SIGTERM: cancelling');
		} finally {
			dispose();
		}
		expect(process.listeners('SIGTERM')).toContain(resend);
		process.off('SIGTERM', resend);
	});

	it('a second signal forces exit 130 and says what to do', async () => {
		const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
		const controller = new AbortController();
		const err = stderr();
		const dispose = cancelOnSignals(controller, err.stream);
		try {
			process.kill(process.pid, 'SIGHUP');
			await tick();
			process.kill(process.pid, 'SIGHUP');
			await tick();
			expect(exit).toHaveBeenCalledWith(130);
			expect(err.text()).toContain('forced exit');
			expect(err.text()).toContain('kiln doctor --clean');
		} finally {
			dispose();
		}
	});
});
