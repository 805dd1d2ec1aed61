import {Box, Text} from 'ink';
import {Lines} from '../Lines.js';
import type {Role} from '../theme.js';
import {wrapWords} from '../wrap.js';

export const fieldLabelWidth = 12;

/** A labelled value; a long value wraps under itself, not under the label. */
export function Field({label, value, width, role}: {label: string; value: string; width: number; role?: Role}) {
	return (
		<Box>
			<Box width={fieldLabelWidth} flexShrink={0}>
				<Text dimColor>{`  ${label}`}</Text>
			</Box>
			<Lines lines={wrapWords(value, width - fieldLabelWidth)} role={role} />
		</Box>
	);
}
