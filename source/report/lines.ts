// The plain-text front end: one line per event, for logs, pipes and CI.
import type {KilnEvent} from '../core/events.js';
import type {BuildState} from '../engine/state.js';
import {formatBytes, formatDuration} from '../engine/size.js';

/** The line for an event, given the state before it; undefined prints nothing. */
export function eventLine(event: KilnEvent, before: BuildState): string | undefined {
	const title = (id: string) => before.stages.find(stage => stage.id === id)?.title ?? id;
	switch (event.type) {
		case 'run-started': {
			const {choices} = event.plan;
			return [
				`kiln build ${event.runId}: ${event.plan.releaseName}, kernel ${choices.kernel}, init ${choices.init}, ${choices.firmware}/${choices.format} -> ${event.plan.outputPath}`,
				...event.plan.warnings.map(warning => `warning: ${warning}`),
			].join('\n');
		}
		case 'stage-started':
			return `▶ ${event.title ?? title(event.stage)}`;
		case 'stage-finished':
			return `✔ ${title(event.stage)} (${formatDuration(event.durationMs)})${event.detail ? `: ${event.detail}` : ''}`;
		case 'stage-skipped':
			return `– ${title(event.stage)} skipped: ${event.reason}`;
		case 'stage-failed':
			return [
				`✖ ${title(event.stage)} failed (${formatDuration(event.durationMs)}): ${event.error.message}`,
				...(event.error.why ? [`  why: ${event.error.why}`] : []),
				...(event.error.hint ? [`  fix: ${event.error.hint}`] : []),
				...(event.error.logTail?.length ? ['  last log lines:', ...event.error.logTail.map(line => `    ${line}`)] : []),
			].join('\n');
		case 'layer':
			if (event.status === 'done' || event.status === 'present') return `  layer ${event.id} ${formatBytes(event.sizeBytes ?? event.total)} ${event.status}`;
			return undefined;
		case 'step':
			if (event.status === 'running') return `  step ${event.index}/${event.count}: ${event.instruction}`;
			return `  step ${event.index}/${event.count} ${event.status === 'cached' ? 'cached' : 'done'}: layer ${formatBytes(event.sizeBytes)}`;
		case 'substep':
			return event.status === 'running' ? `  ${event.id}` : undefined;
		case 'log':
			return `  │ ${event.line}`;
		case 'boot-check': {
			const {result} = event;
			const steps = result.milestones.map(milestone => `${milestone.name} ${milestone.atSec.toFixed(1)}s`).join(', ');
			return `  boot check ${result.ok ? 'passed' : `failed: ${result.reason}`} (${result.accel}): ${steps}`;
		}
		case 'os-image':
			return `  OS image ${event.tag} (${event.id.slice(7, 19)}), ${formatBytes(event.sizeBytes)}`;
		case 'artifact':
			return `image ${event.path}: ${event.format}, ${formatBytes(event.virtualBytes)} virtual, ${formatBytes(event.diskBytes)} on disk${event.sha256 ? `, sha256 ${event.sha256}` : ''}`;
		case 'run-finished': {
			const what = event.outcome === 'ok' ? 'done' : event.outcome === 'cancelled' ? 'cancelled' : 'FAILED';
			return `${what} in ${formatDuration(event.durationMs)} (exit ${event.exitCode})${event.logFile ? `; full log: ${event.logFile}` : ''}`;
		}
		// preflight's detail names the engine already.
		case 'engine':
		case 'stage-progress':
			return undefined;
	}
}
