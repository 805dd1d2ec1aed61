import {Box, Text} from 'ink';
import type {ErrorInfo} from '../../core/errors.js';
import type {BuildState} from '../../engine/state.js';
import {formatDuration} from '../../engine/size.js';
import {Lines} from '../Lines.js';
import {useColor} from '../theme.js';
import {wrapWords} from '../wrap.js';
import {Field, fieldLabelWidth} from './Field.js';

const maxTailRows = 8;

function headline(state: BuildState, failedTitle: string | undefined, crash: Error | undefined): string {
	if (crash) return 'kiln stopped unexpectedly';
	const after = state.durationMs === undefined ? '' : ` after ${formatDuration(state.durationMs)}`;
	if (state.outcome === 'cancelled') return `Build cancelled${after}`;
	return `Build failed${failedTitle ? ` at ${failedTitle}` : ''}${after}`;
}

/**
 * A failed, cancelled or broken run: where it stopped, why, and where to
 * look. `height` bounds the log lines shown, so the screen fits the terminal.
 */
export function Failure({state, crash, width, height}: {state: BuildState; crash?: Error; width: number; height: number}) {
	const color = useColor();
	const failed = state.stages.find(stage => stage.status === 'failed');
	const error: ErrorInfo | undefined = crash ? {message: crash.message, hint: 'This is a bug in kiln; please report it with the log.'} : failed?.error;
	const tail = error?.logTail ?? state.logs.filter(entry => entry.stage === failed?.id).map(entry => entry.line);
	const fieldRows = (text: string | undefined) => (text ? wrapWords(text, width - fieldLabelWidth).length : 0);
	// The headline, the error, its fields, the log's heading and its margins, and one row spare.
	const used = 1 + fieldRows(error?.message) + fieldRows(error?.why) + fieldRows(error?.hint) + fieldRows(state.logFile) + 4;
	const tailRows = Math.max(0, Math.min(maxTailRows, height - used));
	return (
		<Box flexDirection="column">
			<Text>
				<Text color={color(state.outcome === 'cancelled' ? 'warn' : 'fail')}>✖</Text> <Text bold>{headline(state, failed?.title, crash)}</Text>
			</Text>
			{error ? (
				<Box paddingLeft={2} flexDirection="column">
					<Lines lines={wrapWords(error.message, width - 2)} role="fail" />
				</Box>
			) : null}
			{error?.why ? <Field label="why" value={error.why} width={width} /> : null}
			{error?.hint ? <Field label="fix" value={error.hint} width={width} /> : null}
			{tail.length > 0 && tailRows > 0 ? (
				<Box flexDirection="column" marginTop={1}>
					<Text dimColor>  last log lines:</Text>
					<Lines lines={tail.slice(-tailRows).map(line => `  │ ${line}`)} dim />
				</Box>
			) : null}
			{state.logFile ? <Field label="full log" value={state.logFile} width={width} /> : null}
		</Box>
	);
}
