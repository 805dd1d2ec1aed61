// The Ink front end's entry points, called by the CLI when stdin and stdout
// are a terminal. Each resolves to kiln's exit code.
import type {ReactNode} from 'react';
import {render} from 'ink';
import {forceExit, ownSignals} from '../app/signals.js';
import type {Io} from '../app/io.js';
import {loadDistros} from '../engine/distros.js';
import type {Plan} from '../engine/plan.js';
import type {BuildOptions} from '../app/recorded-build.js';
import type {KilnEvent} from '../core/events.js';
import {BuildApp} from './BuildApp.js';
import type {BuildExit} from './build/BuildFlow.js';
import {Kiln} from './Kiln.js';
import {KeysProvider} from './keys.js';
import {resultActions} from './result/actions.js';
import {ColorProvider, colorsEnabled} from './theme.js';

type AppExit = BuildExit | {code: number; action?: undefined};

interface Session {
	build(plan: Plan): AsyncIterable<KilnEvent>;
	cancel(): void;
}

/** Mounts the app on the terminal; `runOptions` adds to how a build runs (a boot-check stage, say). */
async function mount(io: Io, app: (session: Session) => ReactNode, runOptions: Omit<BuildOptions, 'signal'> = {}): Promise<number> {
	const controller = new AbortController();
	const warnings: string[] = [];
	let building = false;
	const session: Session = {
		async *build(plan) {
			building = true;
			// Loaded on demand: Docker's client is not needed for the first frame.
			const {recordedBuild} = await import('../app/recorded-build.js');
			// Ink owns the terminal now: a history warning is printed after it lets go.
			yield* recordedBuild(plan, {...runOptions, signal: controller.signal}, io, text => warnings.push(text));
		},
		cancel() {
			if (!controller.signal.aborted) return controller.abort();
			instance.unmount();
			forceExit(io.stderr);
		},
	};
	const tree = (
		<ColorProvider value={colorsEnabled(io.env)}>
			<KeysProvider>{app(session)}</KeysProvider>
		</ColorProvider>
	);
	const instance = render(tree, {
		stdout: io.stdout,
		stdin: io.stdin,
		stderr: io.stderr,
		// Ctrl-C during a build must cancel it and let its cleanup run first.
		exitOnCtrlC: false,
	});
	// Signals from outside (kill, a closed terminal) cancel a running build the
	// same way; before a build there is nothing to clean up.
	const releaseSignals = ownSignals(() => (building ? session.cancel() : instance.unmount()));
	try {
		const exit = (await instance.waitUntilExit()) as AppExit | undefined;
		if (!exit) return 130;
		// A result action (boot it, check it boots) runs once Ink has let go of the terminal.
		return exit.action ? await exit.action.run(exit.build, io) : exit.code;
	} finally {
		for (const warning of warnings) io.stderr.write(`${warning}\n`);
		releaseSignals();
	}
}

/** `kiln` with no arguments: start screen, wizard, build, result. */
export async function runWizard(io: Io): Promise<number> {
	// Loaded on demand: the store (conf) is not needed for the first frame.
	const loadStart = async () => (await import('./start/load-start.js')).loadStartData(io.env);
	return mount(io, session => (
		<Kiln cwd={io.cwd} env={io.env} loadStart={loadStart} distros={loadDistros()} build={session.build} onCancel={session.cancel} actions={resultActions} />
	));
}

/** `kiln build …` in a terminal: the build screen and its result. */
export async function renderBuild(plan: Plan, io: Io, runOptions: Omit<BuildOptions, 'signal'> = {}): Promise<number> {
	// A password given for --boot-check also lets the result screen's boot check log in.
	const actions = resultActions(runOptions.bootCheck?.rootPassword);
	return mount(io, session => <BuildApp plan={plan} build={session.build} onCancel={session.cancel} actions={actions} />, runOptions);
}
