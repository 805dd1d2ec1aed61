// Past builds, newest first, one line each: pick one to run it again.
import type {HistoryRecord} from '../../store/history-record.js';
import {ChoiceList} from '../ChoiceList.js';
import {historyLabel} from './history-label.js';
import {listKeys, StepFrame} from '../wizard/StepFrame.js';
import {useEscape} from '../wizard/use-escape.js';

export interface HistoryScreenProps {
	history: HistoryRecord[];
	/** The build chosen last, highlighted when the person comes back. */
	current?: string;
	width: number;
	/** Room for list items. */
	rows: number;
	onSelect(record: HistoryRecord): void;
	onBack(): void;
}

export function HistoryScreen({history, current, width, rows, onSelect, onBack}: HistoryScreenProps) {
	useEscape(onBack);
	const items = history.map(record => ({key: record.id, label: historyLabel(record), value: record}));
	return (
		<StepFrame title="History — pick a build to run again" keys={listKeys} width={width}>
			<ChoiceList items={items} initialIndex={Math.max(0, history.findIndex(record => record.id === current))} width={width} rows={rows} onSelect={onSelect} />
		</StepFrame>
	);
}
