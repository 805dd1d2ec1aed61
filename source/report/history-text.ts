// Plain-text views of the build history for `kiln history` and `history show`,
// printed through safeText.
import {formatBytes, formatDuration} from '../engine/size.js';
import type {HistoryRecord} from '../store/history-record.js';
import {safeText} from '../store/safe-text.js';

/** Local time as "2026-11-28 18:29". */
export function when(iso: string): string {
	const date = new Date(iso);
	const two = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function resultText(record: HistoryRecord): string {
	const {outcome, failedStage} = record.result;
	if (outcome === 'ok') return 'ok';
	return failedStage ? `${outcome} at ${failedStage}` : outcome;
}

/** One line: id, when, distro/release/kernel/init, size, result, duration. */
export function historyLine(record: HistoryRecord): string {
	const {distro, release, kernel, init} = record.choices;
	return [
		record.id,
		when(record.startedAt),
		`${distro}/${release}/${kernel}/${init}`.padEnd(28),
		(record.artifact ? formatBytes(record.artifact.virtualBytes) : '–').padStart(8),
		resultText(record).padEnd(18),
		record.durationMs === undefined ? '–' : formatDuration(record.durationMs),
	].join('  ');
}

export function renderHistory(records: HistoryRecord[], total: number): string {
	if (records.length === 0) return 'No builds yet: every kiln build is recorded here.\n';
	const more = total > records.length ? [`… and ${total - records.length} older (kiln history --limit ${total} shows all)`] : [];
	return safeText([...records.map(historyLine), ...more]);
}

export function renderRecord(record: HistoryRecord): string {
	const {choices, result, artifact} = record;
	const lines = [
		`build ${record.id}: ${resultText(record)}, started ${when(record.startedAt)}${record.durationMs === undefined ? '' : `, took ${formatDuration(record.durationMs)}`} (kiln ${record.kilnVersion})`,
		`  ${choices.distro} ${choices.release}, kernel ${choices.kernel}, init ${choices.init}, ${choices.firmware}/${choices.format}${choices.compress ? ' compressed' : ''}, size ${choices.size}`,
		`  base image ${record.baseImage}, hostname ${choices.hostname}${choices.packages.length ? `, packages ${choices.packages.join(',')}` : ''}`,
		...(record.appService ? [`  converted from ${record.convertedFrom ?? record.baseImage}, its app started at boot (kiln convert)`] : []),
		`  root password ${choices.rootPassword ? 'yes (not stored)' : 'no'}${choices.sshKey ? `, ssh key ${choices.sshKey}${record.sshKeyFingerprint ? ` (${record.sshKeyFingerprint})` : ''}` : ''}`,
		'',
		'stages:',
		...record.stages.map(stage => `  ${stage.status.padEnd(9)} ${stage.id.padEnd(10)} ${stage.durationMs === undefined ? '' : formatDuration(stage.durationMs)}${stage.detail ? `  ${stage.detail}` : ''}`),
	];
	if (record.osImage || record.steps.length) {
		const image = record.osImage ? `OS image ${record.osImage.id}, ${formatBytes(record.osImage.sizeBytes)}; layers:` : 'OS image layers:';
		lines.push('', image, ...record.steps.map(step => `  ${formatBytes(step.sizeBytes).padStart(8)}  ${step.status === 'cached' ? '(cached) ' : ''}${step.instruction}`));
	}
	if (artifact) {
		lines.push('', `image ${artifact.path}`, `  ${artifact.format}, ${formatBytes(artifact.virtualBytes)} virtual, ${formatBytes(artifact.diskBytes)} on disk`);
		if (artifact.sha256) lines.push(`  sha256 ${artifact.sha256}`);
	}
	if (result.error) {
		lines.push('', `error: ${result.error.message}`);
		if (result.error.why) lines.push(`  why: ${result.error.why}`);
		if (result.error.hint) lines.push(`  fix: ${result.error.hint}`);
		for (const line of result.error.logTail ?? []) lines.push(`    ${line}`);
	}
	if (record.bootCheck !== undefined) lines.push('', `boot check: ${JSON.stringify(record.bootCheck)}`);
	if (record.logFile) lines.push('', `log: ${record.logFile}`);
	return safeText(lines);
}
