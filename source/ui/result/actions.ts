// ── Result actions ─────────────────────────────────────────────────────────
// What the result screen offers after a successful build: "Boot it now" (what
// `kiln boot` does) and "Check that it boots" (what `kiln boot-check` does).
// The screen lists them with "Done". The chosen action runs after Ink has
// unmounted, so it owns the terminal (a serial console needs it), and its
// exit code becomes kiln's. Each calls the application layer directly, with
// its signal handling and logs; the password stays in memory.
import type {TerminalBootCheck} from '../../app/boot-check.js';
import type {Io} from '../../app/io.js';
import type {BootCheckResult} from '../../core/boot-check-result.js';
import type {BuildState} from '../../engine/state.js';

export interface ResultAction {
	label: string;
	description: string;
	/** `build.artifact` and `build.plan` are set: the build succeeded. */
	run(build: BuildState, io: Io): Promise<number>;
}

/** Live on its own Ink screen on a terminal; else (a test's streams) as `kiln boot-check`'s lines. */
async function showCheck(check: TerminalBootCheck, io: Io): Promise<BootCheckResult> {
	if (io.stdout.isTTY) return (await import('../boot-check/show-boot-check.js')).showBootCheck(check, io);
	const {bootCheckLineReporter} = await import('../../report/boot-check-lines.js');
	const report = bootCheckLineReporter(io.stdout, check.serialLog);
	let result: BootCheckResult | undefined;
	for await (const event of check.events) {
		report(event);
		if (event.type === 'boot-result') result = event.result;
	}
	if (!result) throw new Error('the boot check ended without a result');
	return result;
}

/** `rootPassword`: typed in the wizard, held in memory only, so the boot check can log in. */
export function resultActions(rootPassword?: string): ResultAction[] {
	return [
		{
			label: 'Boot it now',
			description: 'open its serial console here (Ctrl-A X quits)',
			async run(build, io) {
				// Loaded on use: QEMU's modules are not needed for the first frame.
				const {consoleOnTerminal} = await import('../../app/boot-console.js');
				return consoleOnTerminal({image: build.artifact!.path}, io);
			},
		},
		{
			label: 'Check that it boots',
			description: rootPassword === undefined ? 'boot it headless to the login prompt' : 'boot it headless, log in as root and probe it',
			async run(build, io) {
				const {terminalBootCheck} = await import('../../app/boot-check.js');
				const {CancelledError} = await import('../../core/errors.js');
				const check = await terminalBootCheck({image: build.artifact!.path, rootPassword}, io);
				try {
					const result = await showCheck(check, io);
					return result.ok ? 0 : 1;
				} catch (error) {
					if (error instanceof CancelledError) return 130;
					throw error;
				}
			},
		},
	];
}
