import {ChoiceList} from '../ChoiceList.js';
import {StepFrame, startKeys} from '../wizard/StepFrame.js';
import type {StartOption} from './options.js';

export function StartScreen({options, width, onSelect}: {options: StartOption[]; width: number; onSelect(option: StartOption): void}) {
	return (
		<StepFrame title="kiln — turn a container image into a bootable disk image" keys={startKeys} width={width}>
			<ChoiceList items={options.map(option => ({key: option.key, label: option.label, description: option.description, value: option}))} width={width} onSelect={onSelect} />
		</StepFrame>
	);
}
