// "Check that it boots" on the result screen: a live Ink screen fed by the
// boot check's event stream, mounted once the build's screen has let go of
// the terminal. Ctrl-C cancels (QEMU is stopped first); a second one forces
// the exit, saying what may be left.
import {useEffect, useState} from 'react';
import {render, useApp, useInput, useStdin} from 'ink';
import type {TerminalBootCheck} from '../../app/boot-check.js';
import type {Io} from '../../app/io.js';
import {forceExit} from '../../app/signals.js';
import type {BootCheckResult} from '../../core/boot-check-result.js';
import {useTerminalSize} from '../terminal.js';
import {ColorProvider, colorsEnabled} from '../theme.js';
import {type BootCheckState, initialBootCheck, reduceBootCheck} from './boot-check-state.js';
import {BootCheckView} from './BootCheckView.js';

type Ending = {result: BootCheckResult} | {error: unknown};

function BootCheckApp({check, onEnd, onForce}: {check: TerminalBootCheck; onEnd(ending: Ending): void; onForce(): void}) {
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {columns} = useTerminalSize();
	const [startedAt] = useState(() => Date.now());
	const [view, setView] = useState<{state: BootCheckState; now: number}>({state: initialBootCheck, now: startedAt});
	const [phase, setPhase] = useState<'running' | 'cancelling' | 'cancelled'>('running');

	useInput(
		(input, key) => {
			if (!(key.ctrl && input === 'c')) return;
			if (phase !== 'running') onForce();
			setPhase('cancelling');
			check.cancel();
		},
		{isActive: isRawModeSupported},
	);

	useEffect(() => {
		let state = initialBootCheck;
		// Serial lines come fast; the frame follows them at most every 100 ms.
		const timer = setInterval(() => setView({state, now: Date.now()}), 100);
		void (async () => {
			let ending: Ending;
			try {
				for await (const event of check.events) state = reduceBootCheck(state, event);
				ending = state.result ? {result: state.result} : {error: new Error('the boot check ended without a result')};
			} catch (error) {
				ending = {error};
				// The stream ends by throwing once cancelled: QEMU has stopped by then.
				setPhase(current => (current === 'cancelling' ? 'cancelled' : current));
			}
			clearInterval(timer);
			setView({state, now: Date.now()});
			onEnd(ending);
			// Exit from an effect after the last frame has rendered.
			setTimeout(exit, 0);
		})();
		return () => clearInterval(timer);
	}, [check, onEnd, exit]);

	return <BootCheckView state={view.state} serialLog={check.serialLog} startedAt={startedAt} now={view.now} width={columns} phase={phase} />;
}

/** Runs the check on its own Ink screen; resolves to its result, rejects as the stream does. */
export async function showBootCheck(check: TerminalBootCheck, io: Io): Promise<BootCheckResult> {
	let ending: Ending | undefined;
	const instance = render(
		<ColorProvider value={colorsEnabled(io.env)}>
			<BootCheckApp
				check={check}
				onEnd={value => {
					ending = value;
				}}
				onForce={() => {
					instance.unmount();
					forceExit(io.stderr);
				}}
			/>
		</ColorProvider>,
		{stdout: io.stdout, stdin: io.stdin, stderr: io.stderr, exitOnCtrlC: false},
	);
	await instance.waitUntilExit();
	if (!ending) throw new Error('the boot check screen closed before the check ended');
	if ('error' in ending) throw ending.error;
	return ending.result;
}
