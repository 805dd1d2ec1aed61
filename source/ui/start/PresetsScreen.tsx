// "From a preset": built-in and the person's own presets, each with what it builds.
import {printable} from '../../core/value-checks.js';
import type {ListedPreset} from '../../store/presets.js';
import {presetSummary} from '../../report/preset-text.js';
import {ChoiceList} from '../ChoiceList.js';
import {listKeys, StepFrame} from '../wizard/StepFrame.js';
import {useEscape} from '../wizard/use-escape.js';

export interface PresetsScreenProps {
	presets: ListedPreset[];
	/** The preset chosen last, highlighted when the person comes back. */
	current?: string;
	width: number;
	/** Room for list items. */
	rows: number;
	onSelect(preset: ListedPreset): void;
	onBack(): void;
}

export function PresetsScreen({presets, current, width, rows, onSelect, onBack}: PresetsScreenProps) {
	useEscape(onBack);
	const items = presets.map(preset => ({
		key: preset.name,
		label: preset.name,
		// Stored text reaches the terminal only through printable().
		description: printable(`${preset.builtIn ? 'built-in · ' : ''}${presetSummary(preset.choices)}`),
		value: preset,
	}));
	return (
		<StepFrame title="From a preset" keys={listKeys} width={width}>
			<ChoiceList items={items} initialIndex={Math.max(0, presets.findIndex(preset => preset.name === current))} width={width} rows={rows} onSelect={onSelect} />
		</StepFrame>
	);
}
