import {Box, Text} from 'ink';
import type {Role} from './theme.js';
import {useColor} from './theme.js';

/**
 * Lines drawn as given. Each is cut at the box's width, or, with `wrap`
 * (for text that must stay whole, such as a command to copy), wrapped.
 */
export function Lines({lines, role, dim, wrap = false}: {lines: string[]; role?: Role; dim?: boolean; wrap?: boolean}) {
	const color = useColor();
	return (
		<Box flexDirection="column">
			{lines.map((line, i) => (
				// Lines can repeat, so the position is the key.
				<Text key={i} wrap={wrap ? 'wrap' : 'truncate-end'} color={role && color(role)} dimColor={dim}>
					{line}
				</Text>
			))}
		</Box>
	);
}
