// The build screen and then the result screen. Settled stages move into
// <Static>: written once above the live area, they never flicker or redraw.
import {useEffect, useState} from 'react';
import {Box, Static, Text} from 'ink';
import {useKeys} from '../keys.js';
import type {KilnEvent} from '../../core/events.js';
import type {PlanSummary} from '../../core/plan-summary.js';
import type {BuildState, StageState} from '../../engine/state.js';
import type {ResultAction} from '../result/actions.js';
import {ResultScreen} from '../result/ResultScreen.js';
import {useColor} from '../theme.js';
import {wrapWords} from '../wrap.js';
import {BuildLive, type Prompt} from './BuildLive.js';
import {exitCode} from './exit-code.js';
import {settledPrefix} from './layout.js';
import {recap} from './recap.js';
import {StageBlock} from './StageBlock.js';
import {stageLines} from './stage-lines.js';
import {useBuild} from './use-build.js';

export interface BuildExit {
	code: number;
	/** The result action chosen, to run once Ink has let go of the terminal. */
	action?: ResultAction;
	build: BuildState;
}

export interface BuildFlowProps {
	plan: PlanSummary;
	/** Starts the build; must keep its identity across renders. */
	start: () => AsyncIterable<KilnEvent>;
	/** Aborts the build's signal; the stream then reports cleanup and ends. */
	onCancel(): void;
	actions: ResultAction[];
	onExit(exit: BuildExit): void;
	width: number;
	height: number;
}

/** What has been written above the live area for good. */
type Settled = {key: string; kind: 'recap'} | {key: string; kind: 'warning'; text: string} | {key: string; kind: 'stage'; stage: StageState};

export function BuildFlow({plan, start, onCancel, actions, onExit, width, height}: BuildFlowProps) {
	const color = useColor();
	const {state, now, crash, ended} = useBuild(start);
	const [showLog, setShowLog] = useState(true);
	const [prompt, setPrompt] = useState<Prompt>('none');
	const code = exitCode(state, crash !== undefined);
	const offersActions = ended && code === 0 && actions.length > 0;

	useKeys(
		(input, key) => {
			const ctrlC = key.ctrl && input === 'c';
			// A second Ctrl-C while cleaning up forces the exit (the app says what may be left).
			if (prompt === 'cancelling' && ctrlC) onCancel();
			else if (prompt === 'confirm') {
				if (input === 'y' || input === 'Y' || ctrlC) {
					setPrompt('cancelling');
					onCancel();
				} else setPrompt('none');
			} else if (input === 'l') setShowLog(shown => !shown);
			else if ((input === 'q' || ctrlC) && prompt === 'none') setPrompt('confirm');
		},
		{isActive: !ended},
	);

	// Leave only after the result has been drawn.
	useEffect(() => {
		if (ended && !offersActions) onExit({code, build: state});
	}, [ended, offersActions, code, state, onExit]);

	const settled: Settled[] = [
		{key: 'recap', kind: 'recap'},
		...plan.warnings.map((text, i): Settled => ({key: `warning-${i}`, kind: 'warning', text})),
		...settledPrefix(state.stages).map((stage): Settled => ({key: stage.id, kind: 'stage', stage})),
	];
	return (
		<>
			<Static items={settled}>
				{item => {
					switch (item.kind) {
						case 'recap':
							return (
								<Box key={item.key}>
									<Text bold>{wrapWords(recap(plan), width).join('\n')}</Text>
								</Box>
							);
						case 'warning':
							return (
								<Box key={item.key}>
									<Text color={color('warn')}>{wrapWords(`⚠ ${item.text}`, width).join('\n')}</Text>
								</Box>
							);
						case 'stage':
							return <StageBlock key={item.key} stage={item.stage} lines={stageLines(item.stage, state, now, width)} now={now} width={width} />;
					}
				}}
			</Static>
			{ended ? (
				<Box marginTop={1}>
					<ResultScreen state={state} crash={crash} width={width} height={height - 1} actions={offersActions ? actions : []} onAction={action => onExit({code, action, build: state})} />
				</Box>
			) : (
				<BuildLive state={state} now={now} width={width} height={height} showLog={showLog} prompt={prompt} />
			)}
		</>
	);
}
