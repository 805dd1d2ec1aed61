import {useCallback} from 'react';
import {useApp} from 'ink';
import type {KilnEvent} from '../core/events.js';
import type {Plan} from '../engine/plan.js';
import {BuildFlow} from './build/BuildFlow.js';
import type {ResultAction} from './result/actions.js';
import {useTerminalSize} from './terminal.js';

export interface BuildAppProps {
	plan: Plan;
	/** Starts a build; app.tsx wires it to runBuild with the app's AbortSignal. */
	build(plan: Plan): AsyncIterable<KilnEvent>;
	onCancel(): void;
	actions: ResultAction[];
}

/** The build screen and its result, sized to the terminal; leaves the app when done. */
export function BuildApp({plan, build, onCancel, actions}: BuildAppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const start = useCallback(() => build(plan), [build, plan]);
	return <BuildFlow plan={plan} start={start} onCancel={onCancel} actions={actions} onExit={exit} width={columns} height={rows} />;
}
