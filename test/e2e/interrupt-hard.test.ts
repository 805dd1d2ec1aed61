// Runs that cannot clean up: SIGKILL mid-build (then kiln doctor finds and
// --clean removes what it left; the next build does too), a second Ctrl-C
// during cleanup (forced exit that names what may be left), and a live run,
// which neither doctor nor another build's preflight may touch.
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {kiln as runKiln} from './helpers/cli.js';
import {type Kiln, containersOfRun, runIdOf, startKiln, tempFiles, type Workspace, workspace} from './robustness/kiln.js';

interface DoctorReport {
	docker: {version?: string};
	leftovers: {
		dead: Array<{runId: string; containers: Array<{id: string}>; paths: string[]; record?: string}>;
		live: Array<{runId: string; pid: number}>;
	};
	removal?: {removed: string[]; failed: string[]};
}

let space: Workspace;
const running: Kiln[] = [];

afterEach(async () => {
	for (const child of running.splice(0)) {
		if (child.child.exitCode === null && child.child.signalCode === null) {
			child.child.kill('SIGINT');
			await child.exit;
		}
	}
	// Whatever a failed assertion left: the tests' own leftovers only matter to them.
	await runKiln(['doctor', '--clean'], {env: space.env});
	space.remove();
});

function build(output: string, extra: string[] = []): Kiln {
	const child = startKiln(['build', '--json', '--root-password', 'hunter2', '-o', output, ...extra], {env: space.env});
	running.push(child);
	return child;
}

async function doctor(...args: string[]): Promise<{code: number; report: DoctorReport}> {
	const result = await runKiln(['doctor', '--json', ...args], {env: space.env});
	return {code: result.exitCode, report: JSON.parse(result.stdout) as DoctorReport};
}

function records(): string[] {
	const folder = path.join(space.env.KILN_STATE_DIR!, 'runs');
	return existsSync(folder) ? readdirSync(folder) : [];
}

/** Kills a build with SIGKILL while its export streams into the builder: two containers and a temporary file exist then. */
async function killedMidBuild(): Promise<string> {
	const child = build(path.join(space.out, 'disk.img'));
	await child.waitFor(event => event.type === 'stage-progress' && event.stage === 'export', 'the export');
	child.child.kill('SIGKILL');
	await child.exit;
	return runIdOf(child.events);
}

describe('SIGKILL mid-build', () => {
	it('kiln doctor lists the leftovers, --clean removes them all', async () => {
		space = workspace();
		const runId = await killedMidBuild();
		expect((await containersOfRun(runId)).length).toBeGreaterThan(0);
		expect(tempFiles(space.out).length).toBeGreaterThan(0);

		const found = await doctor();
		expect(found.code).toBe(1);
		const dead = found.report.leftovers.dead.find(run => run.runId === runId);
		expect(dead?.containers.map(container => container.id).sort()).toEqual((await containersOfRun(runId)).sort());
		expect(dead?.paths).toEqual(tempFiles(space.out));
		expect(dead?.record).toBe(path.join(space.env.KILN_STATE_DIR!, 'runs', `${runId}.json`));
		const text = await runKiln(['doctor'], {env: space.env});
		expect(text.stdout).toContain(`run ${runId}`);
		expect(text.stdout).toContain('kiln doctor --clean');

		const cleaned = await doctor('--clean');
		expect(cleaned.code).toBe(0);
		expect(cleaned.report.removal?.failed).toEqual([]);
		expect(await containersOfRun(runId)).toEqual([]);
		expect(tempFiles(space.dir)).toEqual([]);
		expect(records()).toEqual([]);
		const after = await doctor();
		expect(after.report.leftovers.dead.find(run => run.runId === runId)).toBeUndefined();
	});

	it('the next build removes the dead run\'s leftovers in its preflight', async () => {
		space = workspace();
		const runId = await killedMidBuild();
		const next = build(path.join(space.out, 'next.img'));
		await next.waitFor(event => event.type === 'stage-finished' && event.stage === 'preflight', 'the end of preflight');
		next.child.kill('SIGINT');
		expect(await next.exit).toBe(130);
		expect(await containersOfRun(runId)).toEqual([]);
		expect(tempFiles(space.dir)).toEqual([]);
		expect(records()).toEqual([]);
	});
});

describe('a second signal during cleanup', () => {
	it('forces the exit (130) and names what may be left; doctor --clean removes it', async () => {
		space = workspace();
		const child = build(path.join(space.out, 'disk.img'));
		await child.waitFor(event => event.type === 'stage-progress' && event.stage === 'export', 'the export');
		child.child.kill('SIGINT');
		await new Promise(resolve => setTimeout(resolve, 30));
		child.child.kill('SIGINT');
		expect(await child.exit).toBe(130);
		const stderr = child.stderr();
		expect(stderr).toContain('SIGINT: cancelling');
		expect(stderr).toContain('forced exit');
		expect(stderr).toMatch(/container [0-9a-f]{12} \(label io\.kiln\.run=|file .*\.kiln-/);
		expect(stderr).toContain('kiln doctor --clean');

		const runId = runIdOf(child.events);
		await doctor('--clean');
		expect(await containersOfRun(runId)).toEqual([]);
		expect(tempFiles(space.dir)).toEqual([]);
	});
});

describe('SIGHUP (the terminal closed)', () => {
	it('cancels like Ctrl-C: exit 130, nothing left', async () => {
		space = workspace();
		const child = build(path.join(space.out, 'disk.img'));
		await child.waitFor(event => event.type === 'stage-progress' && event.stage === 'export', 'the export');
		child.child.kill('SIGHUP');
		expect(await child.exit).toBe(130);
		expect(child.stderr()).toContain('SIGHUP: cancelling');
		expect(await containersOfRun(runIdOf(child.events))).toEqual([]);
		expect(tempFiles(space.dir)).toEqual([]);
		expect(records()).toEqual([]);
	});
});

describe('a live run', () => {
	it('is left alone by kiln doctor --clean and by another build\'s preflight, and finishes', async () => {
		space = workspace();
		const output = path.join(space.out, 'live.img');
		const live = build(output);
		await live.waitFor(event => event.type === 'stage-progress' && event.stage === 'export', 'the export');
		const runId = runIdOf(live.events);
		const held = await containersOfRun(runId);
		expect(held.length).toBeGreaterThan(0);

		const {report} = await doctor('--clean');
		expect(report.leftovers.live.map(run => run.runId)).toContain(runId);
		expect(report.leftovers.dead.map(run => run.runId)).not.toContain(runId);
		const other = build(path.join(space.out, 'other.img'));
		await other.waitFor(event => event.type === 'stage-finished' && event.stage === 'preflight', 'the end of preflight');
		other.child.kill('SIGINT');
		await other.exit;
		const removedByOther = other.events.filter(event => event.type === 'log' && held.some(id => event.line.includes(id.slice(0, 12))));
		expect(removedByOther).toEqual([]);

		expect(await live.exit, live.stderr()).toBe(0);
		expect(existsSync(output)).toBe(true);
		expect(tempFiles(space.dir)).toEqual([]);
		expect(records()).toEqual([]);
	});
});
