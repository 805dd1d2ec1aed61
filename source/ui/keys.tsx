// Keys, handed to whatever is on screen the moment they arrive. Ink's
// useInput subscribes in a passive effect, a moment after a screen appears;
// a key typed or pasted in that moment (tmux send-keys, a quick Enter Enter)
// reaches the screen that was just left, or nobody. Here one Ink
// subscription at the root passes each key to the handlers mounted now, and
// they register in layout effects, which run as the screen is committed.
import {createContext, type ReactNode, useContext, useLayoutEffect, useRef} from 'react';
import {type Key, useInput} from 'ink';

export type KeyHandler = (input: string, key: Key) => void;
type Handlers = Set<{current: KeyHandler}>;

const KeysContext = createContext<Handlers | undefined>(undefined);

export function KeysProvider({children}: {children: ReactNode}) {
	const handlers = useRef<Handlers>(new Set()).current;
	useInput((input, key) => {
		for (const handler of [...handlers]) handler.current(input, key);
	});
	return <KeysContext.Provider value={handlers}>{children}</KeysContext.Provider>;
}

/** Like Ink's useInput, without the gap after a screen appears. Needs a KeysProvider above. */
export function useKeys(handler: KeyHandler, {isActive = true}: {isActive?: boolean} = {}): void {
	const handlers = useContext(KeysContext);
	if (!handlers) throw new Error('useKeys needs a <KeysProvider> above it');
	const latest = useRef(handler);
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useLayoutEffect(() => {
		if (!isActive) return;
		handlers.add(latest);
		return () => {
			handlers.delete(latest);
		};
	}, [handlers, isActive]);
}
