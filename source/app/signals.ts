// Ctrl-C, SIGTERM and SIGHUP cancel a run: the engine then removes its
// containers and temporary files before kiln exits (Docker keeps containers
// alive after Node dies). A second signal forces the exit, saying what the
// run still held according to its record, so nothing is left silently.
import {readRecords} from '../core/run-registry.js';

/** What this process's runs still hold, one line each. */
export function heldByThisProcess(): string[] {
	return readRecords()
		.flatMap(({record}) => (record?.pid === process.pid ? [record] : []))
		.flatMap(record => [
			...record.containers.map(id => `container ${id.slice(0, 12)} (label io.kiln.run=${record.runId})`),
			...record.paths.map(file => `file ${file}`),
		]);
}

const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Ends kiln at once during cleanup, saying what may be left. */
export function forceExit(stderr: NodeJS.WritableStream): never {
	const held = heldByThisProcess();
	stderr.write(held.length === 0
		? 'kiln: forced exit; cleanup was cut short. If anything is left, kiln doctor --clean removes it.\n'
		: `kiln: forced exit; these may be left:\n${held.map(item => `  ${item}\n`).join('')}  kiln doctor --clean removes them (the next build does too).\n`);
	process.exit(130);
}

/**
 * Makes `handler` the only listener of SIGINT, SIGTERM and SIGHUP until the
 * returned function puts the others back. when-exit (loaded by conf's atomic
 * writes) re-sends the signal to this process, which would look like a second
 * Ctrl-C and force the exit before cleanup; its callbacks still run on 'exit'.
 */
export function ownSignals(handler: (signal: NodeJS.Signals) => void): () => void {
	const setAside = new Map(signals.map(signal => [signal, process.rawListeners(signal) as Array<(...args: unknown[]) => void>]));
	for (const signal of signals) {
		process.removeAllListeners(signal);
		process.on(signal, handler);
	}
	return () => {
		for (const signal of signals) {
			process.off(signal, handler);
			for (const listener of setAside.get(signal) ?? []) process.on(signal, listener);
		}
	};
}

export function cancelOnSignals(controller: AbortController, stderr: NodeJS.WritableStream): () => void {
	return ownSignals(signal => {
		if (controller.signal.aborted) forceExit(stderr);
		stderr.write(`\nkiln: ${signal}: cancelling, removing containers and temporary files… (again to force)\n`);
		controller.abort(new Error(`cancelled by ${signal}`));
	});
}
