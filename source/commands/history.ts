// `kiln history`: the builds this user ran, newest first, and one in full.
import {usageError} from '../core/errors.js';
import {findRecord, listHistory} from '../store/history.js';
import {renderHistory, renderRecord} from '../report/history-text.js';
import {parseFlags} from './build-flags.js';
import {warn} from './preset.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

/** On a terminal a screenful; --json gives every record unless limited. */
const defaultLimit = 20;

function parseLimit(text: string | undefined, json: boolean): number {
	if (text === undefined) return json ? Number.POSITIVE_INFINITY : defaultLimit;
	if (!/^[1-9]\d{0,5}$/.test(text)) throw usageError('--limit', `--limit "${text}" is not a positive whole number`, 'Use a number like 10.');
	return Number(text);
}

function show(argv: string[], io: Io): number {
	const {values, positionals} = parseFlags(argv, {json: {type: 'boolean'}}, true);
	if (positionals.length !== 1) throw usageError('ID', 'kiln history show needs one build id', 'Usage: kiln history show ID|last [--json]; kiln history lists the ids.');
	const {value: record, warning} = findRecord(positionals[0]!, io.env);
	warn(io, warning);
	io.stdout.write(values.json ? `${JSON.stringify(record, null, 2)}\n` : renderRecord(record));
	return 0;
}

export const historyCommand: Command = {
	name: 'history',
	usage: `kiln history [--json] [--limit N]
kiln history show ID|last [--json]

One line per build, newest first: id, when, distro/release/kernel/init, disk
size, result and duration. Shows the last ${defaultLimit} unless --limit says
otherwise (--json: all). An id may be shortened to any unique start. kiln keeps
the newest 200 builds.`,
	async run(argv: string[], io: Io) {
		if (argv[0] === 'show') return show(argv.slice(1), io);
		const {values} = parseFlags(argv, {json: {type: 'boolean'}, limit: {type: 'string'}});
		const limit = parseLimit(values.limit, values.json ?? false);
		const {value: records, warning} = listHistory(io.env);
		warn(io, warning);
		const shown = records.slice(0, limit);
		io.stdout.write(values.json ? `${JSON.stringify(shown, null, 2)}\n` : renderHistory(shown, records.length));
		return 0;
	},
};
