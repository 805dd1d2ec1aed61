// A separate kiln process for the migration race: says it is ready, waits for
// the go signal, then moves the old state (from its environment) and prints
// what it moved and kept aside as JSON.
import {existsSync, writeFileSync} from 'node:fs';
import {migrateState} from '../../../../source/core/state-migration.js';

const [readyFile = '', goFile = ''] = process.argv.slice(2);
writeFileSync(readyFile, '');
const tick = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(goFile)) Atomics.wait(tick, 0, 0, 1);
process.stdout.write(JSON.stringify(migrateState()));
