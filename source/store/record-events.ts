// The one place a build is recorded: a pass-through around the engine's event
// stream, used by every front end (Ink, lines, JSON), so no path can forget it.
import type {KilnEvent} from '../core/events.js';
import {type BuildState, initialState, reduce} from '../engine/state.js';
import {recordBuild} from './history.js';

export interface RecordingOptions {
	kilnVersion: string;
	/** What relative paths in the choices are relative to. */
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** The build adds the source image's app as a boot service (kiln convert). */
	appService?: boolean;
	/** A store problem or a failed write; print it on stderr (or show it). */
	onWarning?: (text: string) => void;
}

/**
 * Yields the events unchanged and appends the run to the history when it
 * finishes, before passing run-finished on (a front end may stop reading right
 * after it). A stream that ends or is abandoned early is recorded as it stood.
 */
export async function* recordingHistory(events: AsyncIterable<KilnEvent>, options: RecordingOptions): AsyncGenerator<KilnEvent> {
	let state: BuildState = initialState;
	let recorded = false;
	const record = () => {
		recorded = true;
		const {warning} = recordBuild({state, kilnVersion: options.kilnVersion, cwd: options.cwd, env: options.env, appService: options.appService});
		if (warning) options.onWarning?.(warning);
	};
	try {
		for await (const event of events) {
			state = reduce(state, event);
			if (event.type === 'run-finished') record();
			yield event;
		}
	} finally {
		if (!recorded) record();
	}
}
