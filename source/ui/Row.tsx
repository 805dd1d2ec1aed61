import type {ReactNode} from 'react';
import {Box, Text} from 'ink';

/**
 * One terminal line: the left part is cut to fit, the right part keeps its
 * width. Lines never wrap, so a narrow terminal cannot garble the tree.
 */
export function Row({width, children, right}: {width: number; children: ReactNode; right?: ReactNode}) {
	return (
		<Box width={width}>
			<Box flexGrow={1} flexShrink={1} overflow="hidden">
				<Text wrap="truncate-end">{children}</Text>
			</Box>
			{right === undefined ? null : (
				<Box flexShrink={0} marginLeft={1}>
					<Text wrap="truncate-end">{right}</Text>
				</Box>
			)}
		</Box>
	);
}
