// A vertical list with a one-line description beside each item. Written
// here rather than taken from ink-select-input for the description column,
// truncation at the terminal's width, and a cursor that survives several
// keys arriving in one read (tmux, pasted input).
import {useRef, useState} from 'react';
import {Box, Text} from 'ink';
import {useKeys} from './keys.js';
import {Row} from './Row.js';
import {useColor} from './theme.js';

export interface ListItem<V> {
	key: string;
	label: string;
	description?: string;
	value: V;
}

export interface ChoiceListProps<V> {
	items: Array<ListItem<V>>;
	initialIndex?: number;
	width: number;
	onSelect(value: V): void;
	isActive?: boolean;
	/** At most this many items show at once; the window follows the cursor (a long history). */
	rows?: number;
}

export function ChoiceList<V>({items, initialIndex = 0, width, onSelect, isActive = true, rows = items.length}: ChoiceListProps<V>) {
	const color = useColor();
	const start = Math.min(Math.max(0, initialIndex), items.length - 1);
	const cursor = useRef(start);
	const [index, setIndex] = useState(start);
	const move = (to: number) => {
		cursor.current = (to + items.length) % items.length;
		setIndex(cursor.current);
	};
	useKeys(
		(input, key) => {
			if (key.upArrow || input === 'k') move(cursor.current - 1);
			else if (key.downArrow || input === 'j') move(cursor.current + 1);
			else if (key.home) move(0);
			else if (key.end) move(items.length - 1);
			else if (key.return) onSelect(items[cursor.current]!.value);
		},
		{isActive},
	);
	const labelWidth = Math.max(...items.map(item => item.label.length));
	const shown = Math.max(1, Math.min(rows, items.length));
	// The cursor's item stays in the window, centred where the list allows.
	const top = Math.min(Math.max(0, index - Math.floor(shown / 2)), items.length - shown);
	return (
		<Box flexDirection="column">
			{top > 0 ? <Text dimColor>{`  ↑ ${top} more`}</Text> : null}
			{items.slice(top, top + shown).map((item, offset) => {
				const selected = top + offset === index;
				return (
					<Row key={item.key} width={width}>
						<Text color={selected ? color('accent') : undefined} bold={selected}>
							{`${selected ? '❯' : ' '} ${item.label.padEnd(labelWidth)}`}
						</Text>
						{item.description ? <Text dimColor>{`  ${item.description}`}</Text> : null}
					</Row>
				);
			})}
			{top + shown < items.length ? <Text dimColor>{`  ↓ ${items.length - top - shown} more`}</Text> : null}
		</Box>
	);
}
