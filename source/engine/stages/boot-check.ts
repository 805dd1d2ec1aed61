// The optional last stage: boot the finished image in QEMU and prove it
// reaches a login (and, with the password, a root shell).
import {bootCheck} from '../../qemu/boot-check.js';
import {KilnError} from '../../core/errors.js';
import type {Stage} from '../context.js';

export interface BootCheckChoice {
	/** Kept in memory only, to log in; never reported. */
	rootPassword?: string;
	timeoutSec?: number;
}

export function bootCheckStage(choice: BootCheckChoice): Stage {
	return {
		id: 'boot-check',
		title: 'boot check',
		async run({plan, signal, runId, log, emit}) {
			const result = await bootCheck({
				image: plan.outputPath,
				rootPassword: choice.rootPassword,
				timeoutSec: choice.timeoutSec,
				signal,
				runId,
				onLine: line => log('boot-check', line),
				onStatus: line => log('boot-check', line),
				onMilestone: milestone => log('boot-check', `▸ ${milestone.name} after ${milestone.atSec.toFixed(1)}s`),
			});
			emit({type: 'boot-check', result});
			if (!result.ok) {
				throw new KilnError(`The image did not boot: ${result.reason ?? 'unknown reason'}`, {
					why: result.line,
					hint: `The image is kept at ${plan.outputPath}; open its console with kiln boot ${plan.outputPath} to look closer.`,
					logTail: result.lastLines.slice(-15),
				});
			}
			const login = `login after ${result.timeToLoginSec?.toFixed(1)}s (${result.accel})`;
			return result.loggedIn ? `${login}, root shell, ${result.probe?.rootFs.type ?? '?'} ${result.probe?.rootFs.mode ?? ''}`.trim() : login;
		},
	};
}
