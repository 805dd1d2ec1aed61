// Disk size: auto, a few presets, or a custom size checked as it is typed.
import {useState} from 'react';
import {Box} from 'ink';
import {ChoiceList, type ListItem} from '../ChoiceList.js';
import {checkSize} from './checks.js';
import {autoSizeDescription, sizePresets} from './descriptions.js';
import {TextStep} from './TextStep.js';
import {useEscape} from './use-escape.js';

const custom = 'custom';

const items: Array<ListItem<string>> = [
	{key: 'auto', label: 'auto', description: autoSizeDescription, value: 'auto'},
	...sizePresets.map(size => ({key: size, label: size, description: `${size.slice(0, -1)} GiB disk; unused space stays sparse`, value: size})),
	{key: custom, label: 'custom…', description: 'type a size such as 3G or 1500M', value: custom},
];

export interface SizeStepProps {
	value: string;
	width: number;
	onSubmit(size: string): void;
	onBack(): void;
}

export function SizeStep({value, width, onSubmit, onBack}: SizeStepProps) {
	const isCustom = !items.some(item => item.value === value);
	const [typing, setTyping] = useState(false);
	useEscape(onBack, !typing);
	return (
		<Box flexDirection="column">
			<ChoiceList
				items={items}
				initialIndex={items.findIndex(item => item.value === (isCustom ? custom : value))}
				width={width}
				isActive={!typing}
				onSelect={choice => (choice === custom ? setTyping(true) : onSubmit(choice))}
			/>
			{typing ? (
				<Box marginTop={1}>
					<TextStep prompt="Disk size:" initialValue={isCustom ? value : ''} check={checkSize} onSubmit={onSubmit} onBack={() => setTyping(false)} />
				</Box>
			) : null}
		</Box>
	);
}
