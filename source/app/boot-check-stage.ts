// The build's optional last stage: boot the finished image in QEMU and prove
// it reaches a login (and, with the password, a root shell). It lives here,
// not in the engine, because it joins the engine's pipeline to the VM layer.
import type {BootCheckEvent} from '../core/events.js';
import {writeFile} from 'node:fs/promises';
import {KilnError} from '../core/errors.js';
import {junitReport} from '../core/junit.js';
import type {Stage} from '../engine/context.js';
import {bootCheck} from './boot-check.js';

export interface BootCheckChoice {
	/** Kept in memory only, to log in; never reported. */
	rootPassword?: string;
	timeoutSec?: number;
	/** --expect-port, --expect-output. */
	expectPorts?: number[];
	expectOutput?: RegExp;
	/** Where to write the JUnit XML report. */
	junit?: string;
}

function logLine(event: BootCheckEvent): string | undefined {
	switch (event.type) {
		case 'boot-status':
		case 'boot-serial':
			return event.line;
		case 'boot-milestone':
			return `▸ ${event.milestone.name} after ${event.milestone.atSec.toFixed(1)}s`;
		case 'boot-app-check': {
			const {check} = event;
			return `${check.ok ? '▸' : '✗'} ${check.name} ${check.ok ? 'passed' : 'failed'} after ${check.atSec.toFixed(1)}s${check.detail ? `: ${check.detail}` : ''}`;
		}
		case 'boot-result':
			return undefined;
	}
}

export function bootCheckStage(choice: BootCheckChoice): Stage {
	return {
		id: 'boot-check',
		title: 'boot check',
		async run({plan, signal, runId, log, emit}) {
			const {junit, ...settings} = choice;
			const result = await bootCheck({image: plan.outputPath, ...settings, signal, runId}, event => {
				const line = logLine(event);
				if (line !== undefined) log('boot-check', line);
			});
			emit({type: 'boot-check', result});
			if (junit) await writeFile(junit, junitReport(result));
			if (!result.ok) {
				throw new KilnError(`The image did not boot: ${result.reason ?? 'unknown reason'}`, {
					why: result.line,
					hint: `The image is kept at ${plan.outputPath}; open its console with kiln boot ${plan.outputPath} to look closer.`,
					logTail: result.lastLines.slice(-15),
				});
			}
			const login = `login after ${result.timeToLoginSec?.toFixed(1)}s (${result.accel})`;
			const checks = result.checks?.length ? `, ${result.checks.length} check${result.checks.length === 1 ? '' : 's'} passed` : '';
			return `${result.loggedIn ? `${login}, root shell, ${result.probe?.rootFs.type ?? '?'} ${result.probe?.rootFs.mode ?? ''}`.trim() : login}${checks}`;
		},
	};
}
