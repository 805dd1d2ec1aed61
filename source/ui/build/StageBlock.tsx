import {Box, Text} from 'ink';
import type {StageState} from '../../engine/state.js';
import {formatDuration} from '../../engine/size.js';
import {Row} from '../Row.js';
import {useColor} from '../theme.js';
import {icon} from './icons.js';
import {clip} from './layout.js';
import type {Line} from './stage-lines.js';

function elapsed(stage: StageState, now: number): string | undefined {
	if (stage.durationMs !== undefined) return formatDuration(stage.durationMs);
	if (stage.status === 'running' && stage.startedAt !== undefined) return formatDuration(Math.max(0, now - stage.startedAt));
	return undefined;
}

function Header({stage, note, now, width}: {stage: StageState; note?: string; now: number; width: number}) {
	const color = useColor();
	// A stage a cancelled run never reached was not cut short: it is shown as not run.
	const status = stage.status === 'cancelled' && stage.startedAt === undefined ? 'skipped' : stage.status;
	const {icon: glyph, role} = icon(status, now);
	const quiet = status === 'pending' || status === 'skipped';
	const aside = status === 'cancelled' ? 'cancelled' : status === 'pending' ? note : stage.detail;
	return (
		<Row width={width} right={elapsed(stage, now)}>
			<Text color={role && color(role)}>{glyph}</Text> <Text dimColor={quiet}>{stage.title}</Text>
			{aside ? <Text dimColor>{`  ${aside}`}</Text> : null}
		</Row>
	);
}

/** A stage's header line and, under it, as many of its lines as `maxLines` allows (the newest). */
export function StageBlock(props: {stage: StageState; lines: Line[]; note?: string; now: number; width: number; maxLines?: number}) {
	const {stage, lines, note, now, width, maxLines = Number.POSITIVE_INFINITY} = props;
	const {hidden, shown} = clip(lines, maxLines);
	const rows: Line[] = hidden > 0 ? [{key: 'hidden', left: <Text dimColor>{`… ${hidden} more`}</Text>}, ...shown] : shown;
	return (
		<Box flexDirection="column">
			<Header stage={stage} note={note} now={now} width={width} />
			{rows.map((line, i) => (
				<Row key={line.key} width={width} right={line.right}>
					{`  ${i === rows.length - 1 ? '└' : '├'} `}
					{line.left}
				</Row>
			))}
		</Box>
	);
}
