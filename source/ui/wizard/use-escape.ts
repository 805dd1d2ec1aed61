import {useInput} from 'ink';

/** Esc goes one step back; each screen decides what "back" means for it. */
export function useEscape(onBack: () => void, isActive = true): void {
	useInput((_input, key) => {
		if (key.escape) onBack();
	}, {isActive});
}
