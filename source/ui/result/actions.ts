// ── Result actions ─────────────────────────────────────────────────────────
// What the result screen offers after a successful build: "Boot it now"
// (`kiln boot`) and "Check that it boots" (`kiln boot-check`). The screen
// lists them with "Done". The chosen action runs after Ink has unmounted, so
// it owns the terminal (a serial console needs it), and its exit code becomes
// kiln's. Each runs its command in this process, so the commands' own signal
// handling, output and logs apply, and a password passed in argv never
// appears in a process list.
import type {Io} from '../../app/io.js';
import type {BuildState} from '../../engine/state.js';

export interface ResultAction {
	label: string;
	description: string;
	/** `build.artifact` and `build.plan` are set: the build succeeded. */
	run(build: BuildState, io: Io): Promise<number>;
}

/** `rootPassword`: typed in the wizard, held in memory only, so the boot check can log in. */
export function resultActions(rootPassword?: string): ResultAction[] {
	return [
		{
			label: 'Boot it now',
			description: 'open its serial console here (Ctrl-A X quits)',
			async run(build, io) {
				// Loaded on use, as the CLI loads commands.
				const {bootCommand} = await import('../../commands/boot.js');
				return bootCommand.run([build.artifact!.path], io);
			},
		},
		{
			label: 'Check that it boots',
			description: rootPassword === undefined ? 'boot it headless to the login prompt' : 'boot it headless, log in as root and probe it',
			async run(build, io) {
				const {bootCheckCommand} = await import('../../commands/boot-check.js');
				const login = rootPassword === undefined ? [] : ['--root-password', rootPassword];
				return bootCheckCommand.run([...login, build.artifact!.path], io);
			},
		},
	];
}
