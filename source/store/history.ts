// Build history (history.json in the state folder): the newest 200 runs.
// Every build calls recordBuild once at its end, whatever the front end.
import {usageError} from '../core/errors.js';
import {choiceIds} from '../core/choices.js';
import {choicesSchema} from './choice-fields.js';
import {type HistoryRecord, type RecordInput, historyRecord} from './history-record.js';
import {type StoreResult, type StoreSpec, withStore} from './open-store.js';

export const historyLimit = 200;

type HistoryData = {records: HistoryRecord[]};

// Checked strictly where kiln reads a record (history, rerun); other fields may
// be added by a later kiln of the same layout without older ones objecting.
const recordSchema = {
	type: 'object',
	required: ['id', 'startedAt', 'kilnVersion', 'choices', 'baseImage', 'outputPath', 'stages', 'steps', 'result'],
	properties: {
		id: {type: 'string'},
		startedAt: {type: 'string'},
		kilnVersion: {type: 'string'},
		choices: {...choicesSchema(choiceIds), required: ['distro', 'release', 'kernel', 'init']},
		baseImage: {type: 'string'},
		convertedFrom: {type: 'string'},
		outputPath: {type: 'string'},
		stages: {type: 'array', items: {type: 'object', required: ['id', 'status']}},
		steps: {type: 'array', items: {type: 'object', required: ['index', 'instruction']}},
		result: {type: 'object', required: ['outcome'], properties: {outcome: {enum: ['ok', 'failed', 'cancelled']}}},
	},
};

const historyStore: StoreSpec<HistoryData> = {
	name: 'history',
	what: 'build history',
	folder: 'state',
	schema: {records: {type: 'array', items: recordSchema}},
	defaults: {records: []},
	// Layout 1.0.0 is the first; later layouts add their steps here.
	migrations: {},
};

/** Oldest first by start time, so the bound drops the oldest runs. */
const byStart = (a: HistoryRecord, b: HistoryRecord) => a.startedAt.localeCompare(b.startedAt);

/** Adds a record (replacing one with the same id) and keeps the newest `historyLimit`. */
export function appendRecord(record: HistoryRecord, env?: NodeJS.ProcessEnv): StoreResult<void> {
	return withStore(historyStore, store => {
		const records = [...store.get('records').filter(item => item.id !== record.id), record].sort(byStart);
		store.set('records', records.slice(-historyLimit));
	}, env);
}

/**
 * Records a finished build. Never throws: a build that worked is not turned
 * into a failure because its history could not be written; the reason comes
 * back as a warning for stderr instead.
 */
export function recordBuild(input: RecordInput & {env?: NodeJS.ProcessEnv}): {id?: string; warning?: string} {
	try {
		const record = historyRecord(input);
		if (!record) return {};
		const {warning} = appendRecord(record, input.env);
		return {id: record.id, warning};
	} catch (error) {
		return {warning: `kiln: this build was not added to the history: ${(error as Error).message}`};
	}
}

/** Newest first. */
export function listHistory(env?: NodeJS.ProcessEnv): StoreResult<HistoryRecord[]> {
	return withStore(historyStore, store => [...store.get('records')].sort(byStart).reverse(), env);
}

/** `last`, a full id, or an unambiguous start of one. */
export function findRecord(ref: string, env?: NodeJS.ProcessEnv): StoreResult<HistoryRecord> {
	const {value: records, warning} = listHistory(env);
	if (records.length === 0) {
		throw usageError('ID', 'The build history is empty', 'Run kiln build first; every build is recorded.');
	}
	if (ref === 'last') return {value: records[0]!, warning};
	const exact = records.find(record => record.id === ref);
	const matches = exact ? [exact] : records.filter(record => record.id.startsWith(ref));
	if (matches.length === 1) return {value: matches[0]!, warning};
	if (matches.length === 0) {
		throw usageError('ID', `No build in the history has the id "${ref}"`, 'See kiln history for the ids, or use "last".');
	}
	throw usageError('ID', `"${ref}" matches ${matches.length} builds: ${matches.slice(0, 5).map(record => record.id).join(', ')}${matches.length > 5 ? ', …' : ''}`,
		'Give more of the id.');
}
