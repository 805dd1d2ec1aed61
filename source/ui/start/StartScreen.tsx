import {Box, Text} from 'ink';
import {printable} from '../../core/value-checks.js';
import {ChoiceList} from '../ChoiceList.js';
import {useColor} from '../theme.js';
import {wrapWords} from '../wrap.js';
import {StepFrame, startKeys} from '../wizard/StepFrame.js';
import type {StartOption} from './options.js';

export interface StartScreenProps {
	options: StartOption[];
	/** The option chosen last, highlighted when the person comes back. */
	current?: string;
	/** From the store (a file moved aside): shown, since the person lost presets or history. */
	warnings: string[];
	width: number;
	onSelect(option: StartOption): void;
}

export function StartScreen({options, current, warnings, width, onSelect}: StartScreenProps) {
	const color = useColor();
	return (
		<StepFrame title="kiln — turn a container image into a bootable disk image" keys={startKeys} width={width}>
			<ChoiceList
				items={options.map(option => ({key: option.key, label: option.label, description: option.description, value: option}))}
				initialIndex={Math.max(0, options.findIndex(option => option.key === current))}
				width={width}
				onSelect={onSelect}
			/>
			{warnings.length > 0 ? (
				<Box marginTop={1} flexDirection="column">
					{warnings.map(warning => (
						<Text key={warning} color={color('warn')}>
							{wrapWords(`⚠ ${printable(warning)}`, width).join('\n')}
						</Text>
					))}
				</Box>
			) : null}
		</StepFrame>
	);
}
