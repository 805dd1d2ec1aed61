import {Box, Text} from 'ink';
import {Row} from '../Row.js';

/** The newest log lines, dimmed and cut to the width; at most `rows` of them. */
export function LogTail({lines, rows, width}: {lines: string[]; rows: number; width: number}) {
	if (rows <= 0 || lines.length === 0) return null;
	return (
		<Box flexDirection="column">
			{lines.slice(-rows).map((line, i) => (
				// Log lines repeat, so the position is the key.
				<Row key={i} width={width}>
					<Text dimColor>{`  │ ${line}`}</Text>
				</Row>
			))}
		</Box>
	);
}
