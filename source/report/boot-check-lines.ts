// Headless front ends of a boot check: lines for a terminal or a log, or one
// JSON result object. The serial console itself goes to the log file only.
import type {BootCheckResult, CheckResult, Milestone} from '../core/boot-check-result.js';
import type {BootCheckEvent} from '../core/events.js';
import {formatBytes} from '../engine/size.js';

export const milestoneTitles: Record<Milestone['name'], string> = {
	firmware: 'firmware',
	bootloader: 'bootloader',
	kernel: 'kernel started',
	init: 'init started',
	login: 'login prompt',
};

export function milestoneLine(milestone: Milestone): string {
	return `  ✓ ${milestoneTitles[milestone.name].padEnd(14)} ${milestone.atSec.toFixed(1).padStart(6)} s`;
}

export function checkLine(check: CheckResult): string {
	return `  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(14)} ${check.atSec.toFixed(1).padStart(6)} s  ${check.detail ?? ''}`.trimEnd();
}

export function probeLines(result: BootCheckResult): string[] {
	const probe = result.probe;
	if (!probe) return [];
	const network = probe.network.up ? `up (${[probe.network.interface, probe.network.address].filter(Boolean).join(' ')})` : 'no default route';
	return [
		`  os:      ${probe.os.name ?? probe.os.id ?? 'unknown'}`,
		`  kernel:  ${probe.kernel ?? 'unknown'}${probe.machine ? ` (${probe.machine})` : ''}`,
		`  root:    ${probe.rootFs.type ?? 'unknown'} (${probe.rootFs.mode ?? '?'})${probe.rootFs.sizeBytes === undefined ? '' : `, ${formatBytes(probe.rootFs.sizeBytes)}`}`,
		`  network: ${network}`,
	];
}

/** The verdict: passed with what the probe found, or failed with the reason and the last serial lines. */
export function verdictLines(result: BootCheckResult, serialLog: string): string[] {
	if (result.ok) {
		return [
			...(result.loggedIn ? ['  ✓ logged in as root'] : []),
			...probeLines(result),
			...(result.poweredOff === false ? ['  ! the guest did not power off by itself; QEMU was stopped'] : []),
			`boot check passed in ${result.durationSec.toFixed(1)} s (serial log: ${serialLog})`,
		];
	}
	return [
		`  ✗ boot check failed after ${result.durationSec.toFixed(1)} s: ${result.reason}`,
		...(result.line ? [`    ${result.line}`] : []),
		...(result.lastLines.length > 0 ? [`last ${result.lastLines.length} serial lines (full log: ${serialLog}):`, ...result.lastLines.map(line => `  | ${line}`)] : []),
	];
}

export function bootCheckLineReporter(out: NodeJS.WritableStream, serialLog: string): (event: BootCheckEvent) => void {
	const say = (text: string) => out.write(`${text}\n`);
	return event => {
		if (event.type === 'boot-status') say(`kiln: ${event.line}`);
		else if (event.type === 'boot-milestone') say(milestoneLine(event.milestone));
		else if (event.type === 'boot-app-check') say(checkLine(event.check));
		else if (event.type === 'boot-result') for (const line of verdictLines(event.result, serialLog)) say(line);
	};
}

/** One JSON object, the result with where its serial log is. */
export function bootCheckJsonReporter(out: NodeJS.WritableStream, serialLog: string): (event: BootCheckEvent) => void {
	return event => {
		if (event.type === 'boot-result') out.write(`${JSON.stringify({...event.result, serialLog})}\n`);
	};
}
