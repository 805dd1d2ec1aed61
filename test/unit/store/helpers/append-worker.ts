// A separate kiln-like process for the concurrency test: says it is ready,
// waits for the go signal, then appends COUNT history records as fast as it can.
import {existsSync, writeFileSync} from 'node:fs';
import {appendRecord} from '../../../../source/store/history.js';
import {historyRecord} from '../../../../source/store/history-record.js';
import {runState} from './fixtures.js';

const [tag = 'p', count = '10', readyFile = '', goFile = ''] = process.argv.slice(2);
writeFileSync(readyFile, '');
const tick = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(tick, 0, 0, 1);
for (let i = 0; i < Number(count); i++) {
	const record = historyRecord({state: runState({runId: `${tag}-${i}`, startedAt: Date.now()}), kilnVersion: 'test'});
	appendRecord(record!);
}
