// The boot-check screen's state: a pure fold of the check's events.
import type {BootCheckResult, Milestone} from '../../core/boot-check-result.js';
import type {BootCheckEvent} from '../../core/events.js';
import {checkLine} from '../../report/boot-check-lines.js';

export interface BootCheckState {
	/** Lines settled above the live area: what QEMU and accelerator, then each milestone. */
	settled: Array<{key: string; kind: 'status' | 'check'; line: string} | {key: string; kind: 'milestone'; milestone: Milestone}>;
	/** The serial console's latest line, shown live (the full console is in the log). */
	lastSerial?: string;
	result?: BootCheckResult;
}

export const initialBootCheck: BootCheckState = {settled: []};

export function reduceBootCheck(state: BootCheckState, event: BootCheckEvent): BootCheckState {
	const key = String(state.settled.length);
	switch (event.type) {
		case 'boot-status':
			return {...state, settled: [...state.settled, {key, kind: 'status', line: event.line}]};
		case 'boot-milestone':
			return {...state, settled: [...state.settled, {key, kind: 'milestone', milestone: event.milestone}]};
		case 'boot-app-check':
			return {...state, settled: [...state.settled, {key, kind: 'check', line: checkLine(event.check)}]};
		case 'boot-serial':
			return {...state, lastSerial: event.line};
		case 'boot-result':
			return {...state, result: event.result};
	}
}
