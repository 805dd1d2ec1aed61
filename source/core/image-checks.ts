// What a converted image asks its boot check to prove, recorded in the image
// by kiln convert (from EXPOSE and HEALTHCHECK) and read back by the boot
// check through the guest's shell. Numbers only: the HEALTHCHECK command
// itself stays in the guest, run by the app's runner.

/** The record, one check per line: "port N" or "health INTERVAL TIMEOUT RETRIES START" (seconds). */
export const imageChecksPath = '/var/lib/kiln/boot-checks';
/** Runs the app, or with "health" its HEALTHCHECK command, in the app's own context. */
export const appRunnerPath = '/usr/lib/kiln/app/run';

export interface ImageChecks {
	ports: number[];
	health?: {intervalSec: number; timeoutSec: number; retries: number; startSec: number};
}

export function imageChecksText(checks: ImageChecks): string {
	const lines = checks.ports.map(port => `port ${port}`);
	const health = checks.health;
	if (health) lines.push(`health ${health.intervalSec} ${health.timeoutSec} ${health.retries} ${health.startSec}`);
	return lines.map(line => `${line}\n`).join('');
}

const small = (text: string) => (/^\d{1,6}$/.test(text) ? Number(text) : undefined);

/** Reads the record as the guest printed it; anything else on a line makes it ignored. */
export function parseImageChecks(lines: string[]): ImageChecks {
	const checks: ImageChecks = {ports: []};
	for (const line of lines) {
		const port = /^port (\d{1,5})$/.exec(line.trim());
		if (port && Number(port[1]) >= 1 && Number(port[1]) <= 65535) {
			if (!checks.ports.includes(Number(port[1]))) checks.ports.push(Number(port[1]));
			continue;
		}
		const health = /^health (\d+) (\d+) (\d+) (\d+)$/.exec(line.trim());
		if (health) {
			const [intervalSec, timeoutSec, retries, startSec] = health.slice(1).map(small);
			if ([intervalSec, timeoutSec, retries, startSec].every(value => value !== undefined) && intervalSec! > 0 && timeoutSec! > 0 && retries! > 0) {
				checks.health = {intervalSec: intervalSec!, timeoutSec: timeoutSec!, retries: retries!, startSec: startSec!};
			}
		}
	}
	return checks;
}
