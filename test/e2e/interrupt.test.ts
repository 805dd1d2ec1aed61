// Interrupting real builds: SIGINT and SIGTERM at each stage leave no kiln
// container, no temporary file, no run record and no QEMU, exit 130, and
// leave the output path as it was (an existing file untouched, or nothing) —
// or, once write-out has put the finished image in place, that image.
import {existsSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {KilnEvent} from '../../source/core/events.js';
import {type Kiln, containersOfRun, runIdOf, startKiln, tempFiles, unfinishedStages, type Workspace, workspace} from './robustness/kiln.js';
import {ensurePullImage, forgetPullImage, pullImage} from './robustness/registry.js';

interface StageCase {
	stage: string;
	args: string[];
	/** The event at which the signal is sent: the stage is busy then. */
	at: (event: KilnEvent) => boolean;
	/** After write-out the new image is complete and in place: a cancel keeps it. */
	written?: boolean;
}

const stages: StageCase[] = [
	{
		stage: 'base',
		args: ['--base', pullImage, '--pull', 'always'],
		at: event => event.type === 'layer' && event.status === 'downloading',
	},
	{
		// The password's random salt makes the COPY step and all after it uncached.
		stage: 'os',
		args: [],
		at: event => event.type === 'step' && event.status === 'running' && event.instruction.includes('configure.sh'),
	},
	{
		stage: 'export',
		args: [],
		at: event => event.type === 'stage-progress' && event.stage === 'export',
	},
	{
		// qcow2 adds the convert step after the export ends: assembly alone is busy.
		stage: 'assemble',
		args: ['--format', 'qcow2'],
		at: event => event.type === 'substep' && event.id === 'convert' && event.status === 'running',
	},
	{
		stage: 'write',
		args: [],
		at: event => event.type === 'stage-started' && event.stage === 'write',
	},
	{
		// QEMU is running once the console prints.
		stage: 'boot-check',
		args: ['--boot-check'],
		at: event => event.type === 'log' && event.stage === 'boot-check',
		written: true,
	},
];

/** Processes whose command line names the file (a QEMU left running on the image). */
function processesUsing(file: string): string[] {
	return readdirSync('/proc').filter(pid => /^\d+$/.test(pid)).flatMap(pid => {
		try {
			return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(file) ? [pid] : [];
		} catch {
			return [];
		}
	});
}

const previous = 'the image that was here before\n';
let space: Workspace;
let kiln: Kiln | undefined;

beforeAll(() => ensurePullImage());
afterAll(() => forgetPullImage());
afterEach(async () => {
	// A run the test failed to stop is cancelled, so it leaves nothing either.
	if (kiln && kiln.child.exitCode === null) {
		kiln.child.kill('SIGINT');
		await kiln.exit;
	}
	kiln = undefined;
	space?.remove();
});

async function assertNothingLeft(runId: string): Promise<void> {
	expect(await containersOfRun(runId)).toEqual([]);
	expect(tempFiles(space.dir)).toEqual([]);
	const records = path.join(space.env.KILN_STATE_DIR!, 'runs');
	expect(existsSync(records) ? readdirSync(records) : []).toEqual([]);
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s', signal => {
	// SIGINT runs replace an existing file (--force), SIGTERM runs write a new one.
	const replacing = signal === 'SIGINT';

	it.each(stages)('during $stage: exit 130, nothing left, output as it was', async ({stage, args, at, written}) => {
		space = workspace();
		if (stage === 'base') await forgetPullImage();
		const output = path.join(space.out, 'disk.img');
		if (replacing) writeFileSync(output, previous);
		kiln = startKiln(['build', '--json', '--root-password', 'hunter2', '-o', output, ...(replacing ? ['--force'] : []), ...args], {env: space.env});
		await kiln.waitFor(at, `the ${stage} stage`);
		kiln.child.kill(signal);
		const code = await kiln.exit;

		expect(code, kiln.stderr()).toBe(130);
		expect(kiln.stderr()).toContain(`${signal}: cancelling`);
		expect(unfinishedStages(kiln.events)).toContain(stage);
		expect(kiln.events.at(-1)).toMatchObject({type: 'run-finished', outcome: 'cancelled', exitCode: 130});
		await assertNothingLeft(runIdOf(kiln.events));
		expect(processesUsing(output)).toEqual([]);
		if (written) expect(kiln.events.find(event => event.type === 'artifact')).toMatchObject({path: output, virtualBytes: statSync(output).size});
		else if (replacing) expect(readFileSync(output, 'utf8')).toBe(previous);
		else expect(existsSync(output)).toBe(false);
	});
});
