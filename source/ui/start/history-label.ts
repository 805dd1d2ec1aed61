import {printable} from '../../core/value-checks.js';
import type {HistoryRecord} from '../../store/history-record.js';
import {historyLine, resultText, when} from '../../report/history-text.js';

/**
 * A past build in one line, as `kiln history` prints it but without the id
 * it starts with: the id is for typing `kiln rerun ID`, and without it the
 * result still fits an 80-column terminal.
 */
export function historyLabel(record: HistoryRecord): string {
	return printable(historyLine(record).slice(record.id.length).trim());
}

/** Shorter still, beside "Rerun the last build": when, what, and how it ended. */
export function lastBuildLabel(record: HistoryRecord): string {
	const {distro, release, kernel, init} = record.choices;
	return printable(`${when(record.startedAt)} · ${distro}/${release}/${kernel}/${init} · ${resultText(record)}`);
}
