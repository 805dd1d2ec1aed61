import {ChoiceList, type ListItem} from '../ChoiceList.js';
import {useEscape} from './use-escape.js';

export interface ChoiceStepProps<V> {
	items: Array<ListItem<V>>;
	/** The current answer (or default), highlighted first. */
	value: V;
	width: number;
	onSubmit(value: V): void;
	onBack(): void;
}

export function ChoiceStep<V>({items, value, width, onSubmit, onBack}: ChoiceStepProps<V>) {
	useEscape(onBack);
	return <ChoiceList items={items} initialIndex={Math.max(0, items.findIndex(item => item.value === value))} width={width} onSelect={onSubmit} />;
}

/** Items for a list of ids with descriptions. */
export function describe<T extends string>(choices: Array<{id: T; description: string}>): Array<ListItem<T>> {
	return choices.map(({id, description}) => ({key: id, label: id, description, value: id}));
}
