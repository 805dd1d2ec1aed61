// The lines under a stage's header: base-image layers, OS-image steps, bytes
// moved, disk-assembly sub-steps, or the error that stopped it.
import type {ReactNode} from 'react';
import {Text} from 'ink';
import type {BuildState, LayerState, StageState, StepState} from '../../engine/state.js';
import {formatBytes} from '../../engine/size.js';
import {useColor} from '../theme.js';
import {bar} from './bar.js';
import {icon, type Mark} from './icons.js';

export interface Line {
	key: string;
	left: ReactNode;
	right?: ReactNode;
}

/** Progress bars give way to text below this width. */
const barMinWidth = 60;
const barWidth = 12;

function Glyph({mark, now}: {mark: Mark; now: number}) {
	const color = useColor();
	const {icon: glyph, role} = icon(mark, now);
	return <Text color={role && color(role)}>{glyph}</Text>;
}

function layerLine(layer: LayerState, width: number): Line {
	const size = layer.sizeBytes ?? layer.total;
	const moving = layer.status === 'downloading' || layer.status === 'extracting';
	const fraction = moving ? (layer.total ? (layer.current ?? 0) / layer.total : 0) : layer.status === 'waiting' ? 0 : 1;
	const status = layer.status === 'downloading' && layer.total ? `${Math.floor(fraction * 100)}%` : layer.status;
	return {
		key: `layer-${layer.id}`,
		left: `${layer.id.replace(/^sha256:/, '').slice(0, 12)}  ${size === undefined ? '' : formatBytes(size)}`,
		right: width >= barMinWidth ? `${bar(fraction, barWidth)} ${status.padEnd(10)}` : status,
	};
}

/**
 * The mark for a child still "running": once its stage has ended it was cut
 * short, and takes the stage's own mark rather than spinning forever.
 */
function runningMark(stage: StageState): Mark {
	return stage.status === 'running' ? 'running' : stage.status === 'cancelled' ? 'cancelled' : 'failed';
}

function stepLine(step: StepState, stage: StageState, now: number): Line {
	const mark = step.status === 'running' ? runningMark(stage) : 'done';
	return {
		key: `step-${step.index}`,
		left: (
			<>
				<Glyph mark={mark} now={now} /> {step.instruction}
			</>
		),
		right: step.status === 'cached' ? <Text dimColor>cached</Text> : mark === 'running' ? '…' : mark === 'done' ? formatBytes(step.sizeBytes) : undefined,
	};
}

function bytesLine(stage: StageState, width: number): Line | undefined {
	const {progress, startedAt} = stage;
	if (!progress) return undefined;
	const seconds = startedAt === undefined ? 0 : (progress.at - startedAt) / 1000;
	const rate = seconds > 0 ? ` · ${formatBytes(progress.current / seconds)}/s` : '';
	const of = progress.total ? ` of ${formatBytes(progress.total)}` : '';
	const fraction = progress.total ? progress.current / progress.total : undefined;
	return {
		key: 'bytes',
		left: `${formatBytes(progress.current)}${of}${rate}`,
		right: fraction !== undefined && width >= barMinWidth ? `${bar(fraction, barWidth)} ${Math.floor(fraction * 100)}%` : undefined,
	};
}

function substepsLine(state: BuildState, stage: StageState, now: number): Line {
	return {
		key: 'substeps',
		left: state.substeps.map(({id, status}, i) => (
			<Text key={id}>
				{i > 0 ? ' · ' : ''}
				<Glyph mark={status === 'running' ? runningMark(stage) : status} now={now} /> {id}
			</Text>
		)),
	};
}

export function stageLines(stage: StageState, state: BuildState, now: number, width: number): Line[] {
	// A stage that never started has nothing to show under it.
	if (stage.startedAt === undefined) return [];
	const lines: Line[] = [];
	if (stage.id === 'base') lines.push(...state.layers.map(layer => layerLine(layer, width)));
	else if (stage.id === 'os') lines.push(...state.steps.map(step => stepLine(step, stage, now)));
	else if (stage.id === 'assemble') lines.push(substepsLine(state, stage, now));
	else if (stage.status === 'running') {
		// Once done, the stage's own detail sums up what was moved.
		const bytes = bytesLine(stage, width);
		if (bytes) lines.push(bytes);
	}
	if (stage.status === 'failed' && stage.error) lines.push({key: 'error', left: <ErrorText message={stage.error.message} />});
	return lines;
}

function ErrorText({message}: {message: string}) {
	const color = useColor();
	return <Text color={color('fail')}>{message}</Text>;
}

/** What a pending stage will do, where that is worth saying. */
export function pendingNote(stage: StageState, state: BuildState): string | undefined {
	return stage.id === 'assemble' ? state.substeps.map(item => item.id).join(' · ') : undefined;
}
