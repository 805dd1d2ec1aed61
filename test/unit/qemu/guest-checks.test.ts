import {execFile} from 'node:child_process';
import {createServer, type Server} from 'node:net';
import {Writable} from 'node:stream';
import {afterEach, describe, expect, test} from 'vitest';
import {type ImageChecks, imageChecksText} from '../../../source/core/image-checks.js';
import {type CheckLimits, healthAttemptCommand, portCheckCommand, readChecksCommand, runGuestChecks} from '../../../source/qemu/guest-checks.js';
import {GuestConsole} from '../../../source/qemu/guest-console.js';

type Kind = 'spec' | 'ports' | 'health';

/**
 * A scripted guest shell: each command typed gets the lines the script gives
 * (undefined: no answer at all), followed by the command's own end line
 * unless the script says the guest hangs. The clock is the test's.
 */
function scriptedGuest(reply: (kind: Kind, command: string) => {lines: string[]; hang?: boolean} | undefined) {
	const typed: Kind[] = [];
	const guest: GuestConsole = new GuestConsole(new Writable({
		write(chunk: Buffer, _encoding, done) {
			const command = chunk.toString().replace(/\r$/, '');
			const id = /echo "\$P:end=(\d+)"/.exec(command)?.[1];
			const kind: Kind = command.includes('/proc/net/tcp') ? 'ports' : command.includes(' health ') ? 'health' : 'spec';
			typed.push(kind);
			const answer = reply(kind, command);
			setTimeout(() => {
				// The guest echoes nothing (stty -echo); other console output may interleave.
				guest.see('[   30.000001] random: crng init done', false);
				for (const line of answer?.lines ?? []) guest.see(line, false);
				if (answer && !answer.hang) guest.see(`kiln-check:end=${id}`, false);
			}, 2);
			done();
		},
	}));
	return {guest, typed};
}

const limits: CheckLimits = {portSec: 5, commandSec: 1};
const spec = (checks: ImageChecks) => imageChecksText(checks).trimEnd().split('\n').filter(Boolean).map(line => `kiln-check:spec=${line}`);
const ports = (said: Record<number, 'pass' | 'fail'>) => Object.entries(said).map(([port, outcome]) => `kiln-check:port=${port} ${outcome}`);

describe('the commands typed into the guest', () => {
	test('take only numbers they have checked', () => {
		for (const port of [0, 65_536, 1.5, Number.NaN, -80]) expect(() => portCheckCommand(1, [80, port], 5)).toThrow(`not a port: ${port}`);
		for (const wait of [0, 0.5, Number.POSITIVE_INFINITY]) expect(() => portCheckCommand(1, [80], wait)).toThrow(`not a wait: ${wait}`);
		for (const timeout of [0, 2.5, -1]) expect(() => healthAttemptCommand(1, timeout)).toThrow(`not a timeout: ${timeout}`);
	});

	test('each ends with its own numbered end line and turns echo off first', () => {
		for (const command of [readChecksCommand(7), portCheckCommand(7, [22], 3), healthAttemptCommand(7, 30)]) {
			expect(command).toMatch(/^stty -echo 2>\/dev\/null; P=kiln-check/);
			expect(command).toMatch(/echo "\$P:end=7"; stty echo 2>\/dev\/null$/);
			// What is typed never holds an answer's own text, so an echo cannot pass for one.
			expect(command).not.toMatch(/kiln-check:/);
		}
	});

	test('the health attempt hands its timeout to the app runner', () => {
		expect(healthAttemptCommand(3, 42)).toContain('/usr/lib/kiln/app/run health 42 ');
	});
});

describe('the port check, run by a real shell against this machine\'s sockets', () => {
	const servers: Server[] = [];
	afterEach(async () => {
		await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve))));
	});
	const listen = async (host: string) => {
		const server = createServer();
		servers.push(server);
		await new Promise<void>(resolve => server.listen(0, host, resolve));
		return (server.address() as {port: number}).port;
	};

	test('reports a listening port as passing and one nobody listens on as failing, each by its number', async () => {
		const open = await listen('127.0.0.1');
		const closed = await listen('127.0.0.1');
		await new Promise(resolve => servers.pop()!.close(resolve));
		// Without a terminal the closing stty fails, so the exit status says nothing here: the lines do.
		const stdout = await new Promise<string>(resolve => {
			execFile('nice', ['-n', '19', 'sh', '-c', portCheckCommand(5, [open, closed], 1)], {timeout: 20_000}, (_error, out) => resolve(out));
		});
		expect(stdout.trim().split('\n')).toEqual([`kiln-check:port=${open} pass`, `kiln-check:port=${closed} fail`, 'kiln-check:end=5']);
	});
});

describe('runGuestChecks', () => {
	test('checks EXPOSEd ports and --expect-port ports once each, saying which asked for it and why one failed', async () => {
		let clock = 20;
		const {guest, typed} = scriptedGuest(kind => {
			if (kind === 'spec') return {lines: [...spec({ports: [8080, 9090]}), 'kiln-check:spec=port 99999', 'kiln-check:spec=rm -rf /']};
			clock = 23.44;
			return {lines: ports({8080: 'pass', 9090: 'fail', 5432: 'pass'})};
		});
		const results = await runGuestChecks(guest, {ports: [9090, 5432], imageChecks: true}, limits, () => clock);
		expect(typed).toEqual(['spec', 'ports']);
		expect(results).toEqual([
			{name: 'port 8080', source: 'image', ok: true, atSec: 23.4, durationSec: 3.4, detail: 'accepting (EXPOSE)'},
			{name: 'port 9090', source: 'image', ok: false, atSec: 23.4, durationSec: 3.4, detail: 'nothing listening on TCP port 9090 after 5 s'},
			{name: 'port 5432', source: 'flag', ok: true, atSec: 23.4, durationSec: 3.4, detail: 'accepting (--expect-port)'},
		]);
	});

	test('with the image\'s checks off, reads no record and checks only the flags\' ports', async () => {
		const {guest, typed} = scriptedGuest(() => ({lines: ports({80: 'pass'})}));
		const results = await runGuestChecks(guest, {ports: [80], imageChecks: false}, limits, () => 1);
		expect(typed).toEqual(['ports']);
		expect(results.map(({name, ok}) => [name, ok])).toEqual([['port 80', true]]);
	});

	test('an image that records nothing and no flags: no checks, nothing typed beyond the read', async () => {
		const {guest, typed} = scriptedGuest(() => ({lines: []}));
		expect(await runGuestChecks(guest, {ports: [], imageChecks: true}, limits, () => 1)).toEqual([]);
		expect(typed).toEqual(['spec']);
	});

	test('a guest that does not answer the read is one failed check, and nothing more is typed', async () => {
		const {guest, typed} = scriptedGuest(() => undefined);
		const results = await runGuestChecks(guest, {ports: [80], imageChecks: true}, limits, () => 1);
		expect(results).toEqual([{name: 'image checks', source: 'image', ok: false, atSec: 1, durationSec: 0, detail: 'the guest did not answer within 1 s'}]);
		expect(typed).toEqual(['spec']);
	});

	test('ports the guest never answered for fail as unanswered, and the HEALTHCHECK is not typed into an out-of-step shell', async () => {
		const {guest, typed} = scriptedGuest(kind => (kind === 'spec' ? {lines: spec({ports: [80, 443], health: {intervalSec: 1, timeoutSec: 1, retries: 1, startSec: 0}})} : {lines: ports({80: 'pass'}), hang: true}));
		const results = await runGuestChecks(guest, {ports: [], imageChecks: true}, {portSec: 1, commandSec: 0.2}, () => 1);
		expect(results.map(({name, ok, detail}) => [name, ok, detail])).toEqual([
			['port 80', true, 'accepting (EXPOSE)'],
			['port 443', false, 'the guest did not answer within 1.2 s'],
		]);
		expect(typed).toEqual(['spec', 'ports']);
	});

	describe('HEALTHCHECK, as Docker retries it', () => {
		const health = (health: NonNullable<ImageChecks['health']>, attempt: (count: number) => {lines: string[]; hang?: boolean} | undefined, tick = 1) => {
			let clock = 10;
			let count = 0;
			const {guest, typed} = scriptedGuest((kind) => {
				if (kind === 'spec') return {lines: spec({ports: [], health})};
				clock += tick;
				return attempt(++count);
			});
			return {run: () => runGuestChecks(guest, {ports: [], imageChecks: true}, limits, () => clock), typed};
		};
		const exit = (code: number, ...out: string[]) => ({lines: [...out.map(line => `kiln-check:out=${line}`), `kiln-check:health=${code}`]});

		test('healthy at the first pass', async () => {
			const {run, typed} = health({intervalSec: 1, timeoutSec: 5, retries: 3, startSec: 0}, count => (count < 2 ? exit(1, 'connection refused') : exit(0)));
			expect(await run()).toEqual([{name: 'healthcheck', source: 'image', ok: true, atSec: 12, durationSec: 2, detail: 'passed on attempt 2'}]);
			expect(typed).toEqual(['spec', 'health', 'health']);
		});

		test('unhealthy after `retries` failures in a row, with the last exit code and the last line it printed', async () => {
			const {run, typed} = health({intervalSec: 1, timeoutSec: 5, retries: 3, startSec: 0}, count => exit(count === 3 ? 7 : 1, `attempt ${count}`, `  curl: (7) Failed to connect  `, ''));
			expect(await run()).toEqual([{name: 'healthcheck', source: 'image', ok: false, atSec: 13, durationSec: 3, detail: 'failed 3 times in a row (retries 3); last: exit code 7: curl: (7) Failed to connect'}]);
			expect(typed).toEqual(['spec', 'health', 'health', 'health']);
		});

		test('failures in the start period do not count', async () => {
			// Attempts end at 13, 16, 19, 22 and 25 s of the boot; the start period is the first 20.
			const {run, typed} = health({intervalSec: 1, timeoutSec: 5, retries: 2, startSec: 20}, () => exit(1), 3);
			const [result] = await run();
			expect(typed).toEqual(['spec', 'health', 'health', 'health', 'health', 'health']);
			expect(result).toMatchObject({ok: false, atSec: 25, detail: 'failed 2 times in a row (retries 2); last: exit code 1'});
		});

		test('a pass in the start period is healthy at once', async () => {
			const {run} = health({intervalSec: 1, timeoutSec: 5, retries: 2, startSec: 600}, () => exit(0));
			expect(await run()).toMatchObject([{ok: true, detail: 'passed on attempt 1'}]);
		});

		test('the runner\'s timeout (exit 124) reads as a timeout', async () => {
			const {run} = health({intervalSec: 1, timeoutSec: 4, retries: 1, startSec: 0}, () => exit(124));
			expect(await run()).toMatchObject([{ok: false, detail: 'failed 1 time in a row (retries 1); last: timed out after 4 s'}]);
		});

		test('a guest that stops answering ends the retries at once', async () => {
			const {run, typed} = health({intervalSec: 1, timeoutSec: 1, retries: 5, startSec: 0}, () => undefined);
			expect(await run()).toMatchObject([{ok: false, detail: 'failed 1 time in a row (retries 5); last: no answer from the guest'}]);
			expect(typed).toEqual(['spec', 'health']);
		});

		test('an answer without its end line is no answer', async () => {
			const {run, typed} = health({intervalSec: 1, timeoutSec: 1, retries: 5, startSec: 0}, () => ({...exit(0), hang: true}));
			expect(await run()).toMatchObject([{ok: false, detail: 'failed 1 time in a row (retries 5); last: no answer from the guest'}]);
			expect(typed).toEqual(['spec', 'health']);
		});

		test('aborting stops the retries while it waits out the interval', async () => {
			const abort = new AbortController();
			let clock = 10;
			const {guest, typed} = scriptedGuest(kind => {
				if (kind === 'spec') return {lines: spec({ports: [], health: {intervalSec: 600, timeoutSec: 1, retries: 3, startSec: 0}})};
				setTimeout(() => abort.abort(), 50);
				clock += 1;
				return exit(1);
			});
			const [result] = await runGuestChecks(guest, {ports: [], imageChecks: true}, limits, () => clock, abort.signal);
			expect(result).toMatchObject({ok: false, detail: 'failed 1 time in a row (retries 3); last: exit code 1'});
			expect(typed).toEqual(['spec', 'health']);
		});
	});
});
