// After the login prompt: log in as root, run the probe, power off. The
// password is typed only once the guest asks for it (so it is never echoed)
// and is never part of anything reported.
import type {ProbeResult} from '../core/boot-check-result.js';
import type {GuestConsole} from './guest-console.js';
import {parseProbe, probeEnd, probeLine, probeScript} from './guest-probe.js';
import {loginPrompt, type BootFailure} from './milestones.js';

export interface SessionLimits {
	loginSec: number;
	probeSec: number;
}

export interface SessionOutcome {
	loggedIn: boolean;
	probe?: ProbeResult;
	failure?: BootFailure;
}

const prompts = {
	password: {pattern: /Password:$/, prompt: true},
	// bash's "root@host:~#", busybox's "~ #", a plain "#".
	shell: {pattern: /(^|[\s:~\]])#$/, prompt: true},
	incorrect: {pattern: /Login incorrect|Authentication failure/},
};

export async function loginAndProbe(guest: GuestConsole, password: string, limits: SessionLimits, signal?: AbortSignal): Promise<SessionOutcome> {
	guest.type('root');
	let answer = await guest.expect(prompts, limits.loginSec * 1000, signal);
	if (answer?.name === 'password') {
		guest.type(password);
		// Not the password prompt again: a kernel message that ends the prompt's
		// line after the password was typed would look like a second one.
		answer = await guest.expect({shell: prompts.shell, incorrect: prompts.incorrect, login: {pattern: loginPrompt, prompt: true}}, limits.loginSec * 1000, signal);
	}
	if (answer?.name !== 'shell') {
		const reason = answer?.name === 'incorrect' || answer?.name === 'login'
			? 'the guest refused the root password (Login incorrect)'
			: `no root shell prompt within ${limits.loginSec} s of logging in`;
		return {loggedIn: false, failure: {code: 'login-failed', reason, line: answer?.text}};
	}

	const seen: string[] = [];
	const collect = guest.expect({end: {pattern: probeEnd}}, limits.probeSec * 1000, signal);
	const stopCollecting = guest.onLine(line => {
		if (probeLine.test(line)) seen.push(line);
	});
	guest.type(probeScript);
	const end = await collect;
	stopCollecting();
	if (!end) return {loggedIn: true, failure: {code: 'probe-failed', reason: `logged in, but the probe did not finish within ${limits.probeSec} s`}};
	return {loggedIn: true, probe: parseProbe(seen)};
}
