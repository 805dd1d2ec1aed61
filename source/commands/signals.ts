// Ctrl-C, SIGTERM and SIGHUP cancel a run: the engine then removes its
// containers and temporary files before kiln exits (Docker keeps containers
// alive after Node dies). A second signal forces the exit.
export function cancelOnSignals(controller: AbortController, stderr: NodeJS.WritableStream): () => void {
	const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
	const handler = (signal: NodeJS.Signals) => {
		if (!controller.signal.aborted) {
			stderr.write(`\nkiln: ${signal}: cancelling, removing containers and temporary files… (again to force)\n`);
			controller.abort(new Error(`cancelled by ${signal}`));
			return;
		}
		stderr.write('kiln: forced exit; leftovers may remain: run kiln doctor --clean\n');
		process.exit(130);
	};
	for (const signal of signals) process.on(signal, handler);
	return () => {
		for (const signal of signals) process.off(signal, handler);
	};
}
