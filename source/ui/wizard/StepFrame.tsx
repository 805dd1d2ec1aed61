import type {ReactNode} from 'react';
import {Box, Text} from 'ink';
import {Row} from '../Row.js';

export interface StepFrameProps {
	title: string;
	/** The answers so far, e.g. "debian › bookworm › cloud". */
	trail?: string;
	/** "3/10". */
	position?: string;
	keys: string;
	width: number;
	children: ReactNode;
}

export function StepFrame({title, trail, position, keys, width, children}: StepFrameProps) {
	return (
		<Box flexDirection="column">
			<Row width={width} right={position ? <Text dimColor>{position}</Text> : undefined}>
				<Text bold>{title}</Text>
				{trail ? <Text dimColor>{`  ${trail}`}</Text> : null}
			</Row>
			<Box marginY={1} flexDirection="column">
				{children}
			</Box>
			<Row width={width}>
				<Text dimColor>{keys}</Text>
			</Row>
		</Box>
	);
}

export const listKeys = '↑↓ move · enter choose · esc back · ctrl-c quit';
export const textKeys = 'enter accept · esc back · ctrl-c quit';
export const startKeys = '↑↓ move · enter choose · ctrl-c quit';
