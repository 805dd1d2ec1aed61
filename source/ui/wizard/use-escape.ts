import {useKeys} from '../keys.js';

/** Esc goes one step back; each screen decides what "back" means for it. */
export function useEscape(onBack: () => void, isActive = true): void {
	useKeys((_input, key) => {
		if (key.escape) onBack();
	}, {isActive});
}
