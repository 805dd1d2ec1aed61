// Headless front ends: they consume the same events the Ink UI does.
import type {KilnEvent} from '../core/events.js';
import {type BuildState, initialState, reduce} from '../engine/state.js';
import {eventLine} from './lines.js';

export interface Reporter {
	(event: KilnEvent): void;
}

export function lineReporter(out: NodeJS.WritableStream, options: {verbose: boolean}): Reporter {
	let state: BuildState = initialState;
	return event => {
		if (event.type !== 'log' || options.verbose) {
			const line = eventLine(event, state);
			if (line !== undefined) out.write(`${line}\n`);
		}
		state = reduce(state, event);
	};
}

/** One JSON object per line; the event union in source/core/events.ts is the schema. */
export function jsonReporter(out: NodeJS.WritableStream): Reporter {
	return event => out.write(`${JSON.stringify(event)}\n`);
}
