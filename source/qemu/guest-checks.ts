// After the probe, the boot check proves the app itself: the TCP ports that
// must accept (EXPOSE in a converted image, --expect-port), and the image's
// HEALTHCHECK, retried as Docker retries it. What a converted image asks for
// is read from the record kiln convert wrote into it (numbers only); the
// HEALTHCHECK command stays in the guest and runs through the app's runner.
// Everything typed is a constant or a number checked here; every answer is a
// "kiln-check:…" line that the typed text itself (which only holds "$P:")
// can never be mistaken for.
import type {CheckResult} from '../core/boot-check-result.js';
import {appRunnerPath, type ImageChecks, imageChecksPath, parseImageChecks} from '../core/image-checks.js';
import type {GuestConsole} from './guest-console.js';

export interface CheckPlan {
	/** --expect-port: TCP ports that must accept in the guest. */
	ports: number[];
	/** Read and run what the image recorded (EXPOSE, HEALTHCHECK). */
	imageChecks: boolean;
}

export interface CheckLimits {
	/** How long ports may take to start accepting. */
	portSec: number;
	/** How long one typed command may take beyond its own timeout. */
	commandSec: number;
}

const answer = /^kiln-check:(\w+)=(.*)$/;
// Each command ends with its own numbered line, so a late answer to one can never end another.
let sequence = 0;
const endLine = (id: number) => `echo "$P:end=${id}"; stty echo 2>/dev/null`;

export function readChecksCommand(id: number): string {
	return `stty -echo 2>/dev/null; P=kiln-check; if [ -r ${imageChecksPath} ]; then while IFS= read -r l; do echo "$P:spec=$l"; done <${imageChecksPath}; fi; ${endLine(id)}`;
}

/** Waits up to waitSec (the guest's clock) for each port to have a socket in LISTEN state (any address, IPv4 or IPv6), reporting each as it does. */
export function portCheckCommand(id: number, ports: number[], waitSec: number): string {
	for (const port of ports) if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`not a port: ${port}`);
	if (!Number.isInteger(waitSec) || waitSec < 1) throw new Error(`not a wait: ${waitSec}`);
	const entries = ports.map(port => `${port}:${port.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
	return [
		'stty -echo 2>/dev/null; P=kiln-check',
		`left="${entries}"; until=$(($(date +%s) + ${waitSec}))`,
		`while [ -n "$left" ]; do next=; for e in $left; do if awk -v p="\${e#*:}" 'FNR > 1 && $4 == "0A" { split($2, a, ":"); if (a[2] == p) f = 1 } END { exit !f }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then echo "$P:port=\${e%%:*} pass"; else next="$next $e"; fi; done; left=$next; [ -n "$left" ] && [ "$(date +%s)" -lt "$until" ] || break; sleep 1; done`,
		'for e in $left; do echo "$P:port=${e%%:*} fail"; done',
		endLine(id),
	].join('; ');
}

/** One HEALTHCHECK attempt; the runner times the command itself (not its own set-up); the last lines of its output come back too. */
export function healthAttemptCommand(id: number, timeoutSec: number): string {
	if (!Number.isInteger(timeoutSec) || timeoutSec < 1) throw new Error(`not a timeout: ${timeoutSec}`);
	return [
		'stty -echo 2>/dev/null; P=kiln-check',
		`${appRunnerPath} health ${timeoutSec} >/run/kiln-health.out 2>&1 </dev/null; c=$?`,
		'tail -n 3 /run/kiln-health.out | tr -d "\\r" | sed "s/^/$P:out=/"',
		'echo "$P:health=$c"',
		endLine(id),
	].join('; ');
}

interface Answers {
	/** The command printed its end line in time; if not, the session is out of step and no further command is typed. */
	finished: boolean;
	lines: Array<{key: string; value: string; atSec: number}>;
}

/** Types a command and collects its answers (with when each came) up to its end line. */
async function ask(guest: GuestConsole, command: (id: number) => string, timeoutSec: number, now: () => number, signal?: AbortSignal): Promise<Answers> {
	const id = ++sequence;
	const lines: Answers['lines'] = [];
	const done = guest.expect({end: {pattern: new RegExp(`^kiln-check:end=${id}$`)}}, timeoutSec * 1000, signal);
	const stop = guest.onLine(line => {
		const match = answer.exec(line);
		if (match && match[1] !== 'end') lines.push({key: match[1]!, value: match[2]!, atSec: now()});
	});
	guest.type(command(id));
	const finished = Boolean(await done);
	stop();
	return {finished, lines};
}

const round = (sec: number) => Math.round(sec * 10) / 10;
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>(resolve => {
	const timer = setTimeout(resolve, ms);
	signal?.addEventListener('abort', () => {
		clearTimeout(timer);
		resolve();
	}, {once: true});
});

/** Runs the port and HEALTHCHECK checks; `now` is seconds since QEMU started. */
export async function runGuestChecks(guest: GuestConsole, plan: CheckPlan, limits: CheckLimits, now: () => number, signal?: AbortSignal): Promise<CheckResult[]> {
	const results: CheckResult[] = [];
	let recorded: ImageChecks = {ports: []};
	if (plan.imageChecks) {
		const started = now();
		const spec = await ask(guest, readChecksCommand, limits.commandSec, now, signal);
		if (!spec.finished) {
			return [{name: 'image checks', source: 'image', ok: false, atSec: round(now()), durationSec: round(now() - started), detail: `the guest did not answer within ${limits.commandSec} s`}];
		}
		recorded = parseImageChecks(spec.lines.filter(({key}) => key === 'spec').map(({value}) => value));
	}

	const ports = [...recorded.ports.map(port => ({port, source: 'image' as const})), ...plan.ports.filter(port => !recorded.ports.includes(port)).map(port => ({port, source: 'flag' as const}))];
	if (ports.length > 0 && !signal?.aborted) {
		const started = now();
		const wait = Math.max(1, Math.round(limits.portSec));
		const answers = await ask(guest, id => portCheckCommand(id, ports.map(({port}) => port), wait), wait + limits.commandSec, now, signal);
		for (const {port, source} of ports) {
			const said = answers.lines.find(({key, value}) => key === 'port' && value.startsWith(`${port} `));
			const ok = said?.value === `${port} pass`;
			const atSec = said?.atSec ?? now();
			results.push({
				name: `port ${port}`, source, ok, atSec: round(atSec), durationSec: round(atSec - started),
				detail: ok ? `accepting (${source === 'image' ? 'EXPOSE' : '--expect-port'})` : said ? `nothing listening on TCP port ${port} after ${wait} s` : `the guest did not answer within ${wait + limits.commandSec} s`,
			});
		}
		if (!answers.finished) return results;
	}

	const health = recorded.health;
	if (health && !signal?.aborted) results.push(await runHealthcheck(guest, health, limits, now, signal));
	return results;
}

/** Docker's rules: failures in the start period do not count; healthy at the first pass; unhealthy after `retries` failures in a row. */
async function runHealthcheck(guest: GuestConsole, health: NonNullable<ImageChecks['health']>, limits: CheckLimits, now: () => number, signal?: AbortSignal): Promise<CheckResult> {
	const started = now();
	let failures = 0;
	let attempts = 0;
	let last = '';
	while (!signal?.aborted) {
		attempts++;
		const answers = await ask(guest, id => healthAttemptCommand(id, health.timeoutSec), health.timeoutSec + limits.commandSec, now, signal);
		const code = answers.finished ? answers.lines.find(({key}) => key === 'health')?.value : undefined;
		const output = answers.lines.filter(({key}) => key === 'out').map(({value}) => value.trim()).filter(Boolean).at(-1);
		const atSec = now();
		if (code === '0') {
			return {name: 'healthcheck', source: 'image', ok: true, atSec: round(atSec), durationSec: round(atSec - started), detail: `passed on attempt ${attempts}`};
		}
		const why = code === undefined ? 'no answer from the guest' : code === '124' ? `timed out after ${health.timeoutSec} s` : `exit code ${code}`;
		last = output ? `${why}: ${output}` : why;
		if (atSec >= health.startSec) failures++;
		if (failures >= health.retries || code === undefined) break;
		await sleep(health.intervalSec * 1000, signal);
	}
	const atSec = now();
	return {name: 'healthcheck', source: 'image', ok: false, atSec: round(atSec), durationSec: round(atSec - started), detail: `failed ${failures} time${failures === 1 ? '' : 's'} in a row (retries ${health.retries}); last: ${last}`};
}
