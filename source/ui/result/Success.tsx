import path from 'node:path';
import {Box, Text} from 'ink';
import type {BuildState} from '../../engine/state.js';
import {printedBootCommand} from '../../app/prepare-machine.js';
import type {ImageFormat} from '../../core/boot-check-result.js';
import {formatBytes, formatDuration} from '../../engine/size.js';
import {Lines} from '../Lines.js';
import {commandLines} from '../shell-quote.js';
import {useColor} from '../theme.js';
import {Field} from './Field.js';

type Artifact = NonNullable<BuildState['artifact']>;

function stageTimes(state: BuildState): string {
	return state.stages
		.filter(stage => stage.durationMs !== undefined)
		.map(stage => `${stage.title} ${formatDuration(stage.durationMs!)}`)
		.join(' · ');
}

export function Success({state, artifact, width}: {state: BuildState; artifact: Artifact; width: number}) {
	const color = useColor();
	const firmware = state.plan?.choices.firmware ?? 'bios';
	const booted = state.stages.find(stage => stage.id === 'boot-check' && stage.status === 'done');
	return (
		<Box flexDirection="column">
			<Text>
				<Text color={color('ok')}>✔</Text> <Text bold>{`Built ${path.basename(artifact.path)}`}</Text>
				{state.durationMs === undefined ? '' : ` in ${formatDuration(state.durationMs)}`}
			</Text>
			<Field label="path" value={artifact.path} width={width} />
			<Field label="format" value={`${artifact.format} · ${firmware}`} width={width} />
			<Field label="size" value={`${formatBytes(artifact.virtualBytes)} virtual · ${formatBytes(artifact.diskBytes)} on disk`} width={width} />
			{artifact.sha256 ? <Field label="sha256" value={artifact.sha256} width={width} /> : null}
			{booted?.detail ? <Field label="booted" value={booted.detail} width={width} /> : null}
			<Field label="stages" value={stageTimes(state)} width={width} />
			<Box marginTop={1} flexDirection="column">
				<Text>Boot it yourself (quit QEMU with Ctrl-A X):</Text>
				<Box paddingLeft={2}>
					<Lines lines={commandLines(printedBootCommand({path: artifact.path, format: artifact.format as ImageFormat}, firmware, state.plan?.choices.arch), width - 2)} role="accent" wrap />
				</Box>
			</Box>
		</Box>
	);
}
