import {Box} from 'ink';
import type {BuildState} from '../../engine/state.js';
import {ChoiceList} from '../ChoiceList.js';
import {Failure} from './Failure.js';
import {Success} from './Success.js';
import type {ResultAction} from './actions.js';

export interface ResultScreenProps {
	state: BuildState;
	crash?: Error;
	width: number;
	height: number;
	/** Offered after a successful build; with none, the screen only reports. */
	actions: ResultAction[];
	onAction(action: ResultAction | undefined): void;
}

export function ResultScreen({state, crash, width, height, actions, onAction}: ResultScreenProps) {
	if (crash || state.outcome !== 'ok' || !state.artifact) return <Failure state={state} crash={crash} width={width} height={height} />;
	const items = [
		...actions.map(action => ({key: action.label, label: action.label, description: action.description, value: action})),
		{key: 'done', label: 'Done', description: 'leave kiln', value: undefined},
	];
	return (
		<Box flexDirection="column">
			<Success state={state} artifact={state.artifact} width={width} />
			{actions.length > 0 ? (
				<Box marginTop={1}>
					<ChoiceList items={items} width={width} onSelect={onAction} />
				</Box>
			) : null}
		</Box>
	);
}
