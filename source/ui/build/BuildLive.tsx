// The live part of the build screen: the stages that have not settled yet,
// the log tail and a footer, cut to stay shorter than the terminal.
import {Box, Text} from 'ink';
import type {BuildState} from '../../engine/state.js';
import {Row} from '../Row.js';
import {useColor} from '../theme.js';
import {currentLog} from './current-log.js';
import {spinner} from './icons.js';
import {settledPrefix, shareRows} from './layout.js';
import {LogTail} from './LogTail.js';
import {StageBlock} from './StageBlock.js';
import {pendingNote, stageLines} from './stage-lines.js';

export type Prompt = 'none' | 'confirm' | 'cancelling';

export interface BuildLiveProps {
	state: BuildState;
	now: number;
	width: number;
	height: number;
	showLog: boolean;
	prompt: Prompt;
}

function Footer({prompt, showLog, width}: {prompt: Prompt; showLog: boolean; width: number}) {
	const color = useColor();
	if (prompt === 'confirm') {
		return (
			<Row width={width}>
				<Text color={color('warn')}>Cancel the build? Its containers are stopped and removed. </Text>
				<Text bold>y</Text>/<Text bold>N</Text>
			</Row>
		);
	}
	if (prompt === 'cancelling') {
		return (
			<Row width={width}>
				<Text color={color('warn')}>Cancelling — cleaning up…</Text>
			</Row>
		);
	}
	return (
		<Row width={width}>
			<Text dimColor>{`l ${showLog ? 'hide' : 'show'} log · q cancel`}</Text>
		</Row>
	);
}

export function BuildLive({state, now, width, height, showLog, prompt}: BuildLiveProps) {
	const live = state.stages.slice(settledPrefix(state.stages).length);
	const log = showLog ? currentLog(state) : [];
	const lines = live.map(stage => stageLines(stage, state, now, width));
	// One row is left free so the live area stays shorter than the terminal.
	const free = height - 1 - Math.max(1, live.length) - 1;
	const rows = shareRows(free, lines.reduce((sum, own) => sum + own.length, 0), log.length);
	let budget = rows.children;
	return (
		<Box flexDirection="column">
			{live.length === 0 ? (
				<Row width={width}>
					{spinner(now)} starting
				</Row>
			) : (
				live.map((stage, i) => {
					// Stages take their lines from the budget in order; the running one comes first.
					const own = lines[i]!;
					const maxLines = Math.min(own.length, budget);
					budget -= maxLines;
					return <StageBlock key={stage.id} stage={stage} lines={own} note={pendingNote(stage, state)} now={now} width={width} maxLines={maxLines} />;
				})
			)}
			<LogTail lines={log} rows={rows.logs} width={width} />
			<Footer prompt={prompt} showLog={showLog} width={width} />
		</Box>
	);
}
