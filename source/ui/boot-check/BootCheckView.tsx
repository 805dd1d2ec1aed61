// The live boot-check screen: settled lines in <Static> (never redrawn), and
// below them a spinner with the time so far and the console's latest line,
// then the verdict. The same words as `kiln boot-check`'s line reporter.
import {Box, Static, Text} from 'ink';
import {milestoneLine, verdictLines} from '../../report/boot-check-lines.js';
import {spinner} from '../build/icons.js';
import {Lines} from '../Lines.js';
import {useColor} from '../theme.js';
import type {BootCheckState} from './boot-check-state.js';

export interface BootCheckViewProps {
	state: BootCheckState;
	serialLog: string;
	startedAt: number;
	now: number;
	width: number;
	/** After Ctrl-C: 'cancelling' while QEMU is being stopped, 'cancelled' once it has stopped. */
	phase: 'running' | 'cancelling' | 'cancelled';
}

const phaseText = {running: 'booting', cancelling: 'cancelling, stopping QEMU…', cancelled: 'cancelled, QEMU stopped after'};

const cut = (text: string, width: number) => (text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text);

export function BootCheckView({state, serialLog, startedAt, now, width, phase}: BootCheckViewProps) {
	const color = useColor();
	const {result} = state;
	return (
		<Box flexDirection="column">
			<Static items={state.settled}>
				{item => (
					<Text key={item.key} dimColor={item.kind === 'status'}>
						{item.kind === 'milestone' ? milestoneLine(item.milestone) : cut(item.kind === 'status' ? `kiln: ${item.line}` : item.line, width)}
					</Text>
				)}
			</Static>
			{result ? (
				<Lines lines={verdictLines(result, serialLog)} wrap />
			) : (
				<Box flexDirection="column">
					<Text>
						<Text color={color(phase === 'cancelled' ? 'fail' : 'run')}>{phase === 'cancelled' ? '✗' : spinner(now)}</Text>
						{` ${phaseText[phase]} ${((now - startedAt) / 1000).toFixed(0)} s${phase === 'running' ? ' · Ctrl-C cancels' : ''}`}
					</Text>
					{state.lastSerial ? <Text dimColor>{cut(`  │ ${state.lastSerial}`, width)}</Text> : null}
				</Box>
			)}
		</Box>
	);
}
