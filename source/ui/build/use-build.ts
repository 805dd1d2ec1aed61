import {useEffect, useState} from 'react';
import type {KilnEvent} from '../../core/events.js';
import {type BuildState, initialState, reduce} from '../../engine/state.js';

export interface BuildView {
	state: BuildState;
	/** The clock the frame was drawn at: elapsed times and spinners follow it. */
	now: number;
	/** The event stream itself broke (an engine bug, not a failed build). */
	crash?: Error;
	ended: boolean;
}

/**
 * Runs a build's event stream, folding every event into state at once but
 * showing it at most once per `frameMs`: a pull or an apt log can send
 * hundreds of events a second, and each render costs the UI's own CPU.
 * `start` must keep its identity; it is called once.
 */
export function useBuild(start: () => AsyncIterable<KilnEvent>, frameMs = 100): BuildView {
	const [view, setView] = useState<BuildView>(() => ({state: initialState, now: Date.now(), ended: false}));
	useEffect(() => {
		let state = initialState;
		let crash: Error | undefined;
		let mounted = true;
		const show = (ended: boolean) => {
			if (mounted) setView({state, now: Date.now(), crash, ended});
		};
		const timer = setInterval(() => show(false), frameMs);
		void (async () => {
			try {
				for await (const event of start()) state = reduce(state, event);
			} catch (error) {
				crash = error instanceof Error ? error : new Error(String(error));
			}
			clearInterval(timer);
			show(true);
		})();
		return () => {
			mounted = false;
			clearInterval(timer);
		};
	}, [start, frameMs]);
	return view;
}
