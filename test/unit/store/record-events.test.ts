import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {askNewPassword} from '../../../source/commands/ask-password.js';
import type {KilnEvent} from '../../../source/core/events.js';
import {listHistory} from '../../../source/store/history.js';
import {recordingHistory} from '../../../source/store/record-events.js';
import {fakeIo} from './helpers/fake-io.js';
import {runEvents} from './helpers/fixtures.js';
import {useTempConfig} from './helpers/temp-config.js';

async function* stream(events: KilnEvent[]): AsyncGenerator<KilnEvent> {
	yield* events;
}

describe('recording builds from the event stream', () => {
	const temp = useTempConfig();

	it('passes every event on and records the run before run-finished reaches the front end', async () => {
		const events = runEvents({runId: 'seen'});
		const passed: KilnEvent[] = [];
		for await (const event of recordingHistory(stream(events), {kilnVersion: '0.1.0', env: temp.env()})) {
			if (event.type === 'run-finished') expect(listHistory(temp.env()).value.map(record => record.id)).toEqual(['seen']);
			passed.push(event);
		}
		expect(passed).toEqual(events);
		expect(listHistory(temp.env()).value).toHaveLength(1);
	});

	it('records a run whose front end stopped reading early, as failed where it stood', async () => {
		const events = runEvents({runId: 'abandoned'}).filter(event => event.type !== 'run-finished');
		for await (const event of recordingHistory(stream(events), {kilnVersion: '0.1.0', env: temp.env()})) {
			if (event.type === 'step') break;
		}
		const [record] = listHistory(temp.env()).value;
		expect(record).toMatchObject({id: 'abandoned', result: {outcome: 'failed'}});
	});

	it('hands a store problem to onWarning instead of failing the build', async () => {
		const warnings: string[] = [];
		const env = {KILN_CONFIG_DIR: '/dev/null/kiln', KILN_STATE_DIR: '/dev/null/kiln'};
		for await (const _ of recordingHistory(stream(runEvents()), {kilnVersion: '0.1.0', env, onWarning: text => warnings.push(text)})) {
			// drain
		}
		expect(warnings).toEqual([expect.stringMatching(/^kiln: this build was not added to the history: /)]);
	});
});

describe('the password prompt', () => {
	const typed = (text: string) => {
		const stdin = new PassThrough();
		const io = fakeIo({env: {}, cwd: '/', tty: true, stdin});
		setTimeout(() => stdin.write(text), 5);
		return io;
	};

	it('asks twice without echoing', async () => {
		const io = typed('s3cret\rs3cret\r');
		await expect(askNewPassword(io, 'the rerun')).resolves.toBe('s3cret');
		expect(io.err()).toBe('Root password for the rerun: \nAgain, to confirm: \n');
	});

	it('takes backspace, and refuses two different answers', async () => {
		await expect(askNewPassword(typed('abx\u007fc\rabc\r'), 'x')).resolves.toBe('abc');
		await expect(askNewPassword(typed('one\rtwo\r'), 'x')).rejects.toMatchObject({exitCode: 2, message: 'The two passwords differ'});
	});

	it('is cancelled by Ctrl-C with exit 130', async () => {
		await expect(askNewPassword(typed('ab\u0003'), 'x')).rejects.toMatchObject({exitCode: 130});
	});
});
