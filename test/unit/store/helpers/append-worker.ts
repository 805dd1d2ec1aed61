// A separate kiln-like process for the concurrency test: waits for a shared
// start time, then appends COUNT history records as fast as it can.
import {appendRecord} from '../../../../source/store/history.js';
import {historyRecord} from '../../../../source/store/history-record.js';
import {runState} from './fixtures.js';

const [tag = 'p', count = '10', startAt = '0'] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
	// Busy-wait: both processes leave this loop within a millisecond of each other.
}
for (let i = 0; i < Number(count); i++) {
	const record = historyRecord({state: runState({runId: `${tag}-${i}`, startedAt: Date.now()}), kilnVersion: 'test'});
	appendRecord(record!);
}
