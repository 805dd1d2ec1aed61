// `kiln doctor [--clean] [--json]`: what builds that were killed hard left
// behind (containers, temporary files, run records) and, with --clean, their
// removal. Runs whose process is alive are listed and left alone.
import {connectEngine, dockerClient} from '../core/docker/connect.js';
import {KilnError} from '../core/errors.js';
import {type DeadRun, type Leftovers, type Removal, findLeftovers, removeLeftovers} from '../core/leftovers.js';
import {parseFlags} from './build-flags.js';
import type {Io} from '../app/io.js';
import type {Command} from './types.js';

const options = {
	clean: {type: 'boolean'},
	json: {type: 'boolean'},
} as const;

interface Report {
	docker: {version?: string; engine?: string; error?: string};
	leftovers: Leftovers;
	removal?: Removal;
}

function count(leftovers: Leftovers): number {
	return leftovers.damaged.length + leftovers.dead.reduce((sum, run) => sum + run.containers.length + run.paths.length + (run.record ? 1 : 0), 0);
}

function runLines(run: DeadRun): string[] {
	return [
		`  run ${run.runId}${run.pid ? ` · pid ${run.pid} is gone` : ''}`,
		...run.containers.map(container => `    container ${container.id.slice(0, 12)} ${container.name} (${container.image}, ${container.state})`),
		...run.paths.map(file => `    file ${file}`),
		...(run.record ? [`    record ${run.record}`] : []),
	];
}

function text({docker, leftovers, removal}: Report): string {
	const lines = [docker.engine ? `engine ${docker.engine}: reachable` : `engine: ${docker.error}`];
	if (docker.version && leftovers.dockerError) lines.push(`could not list containers: ${leftovers.dockerError}`);
	for (const run of leftovers.live) {
		lines.push(`run ${run.runId} (pid ${run.pid}) ${run.reason === 'running' ? 'is still running' : 'belongs to another host'}: left alone`);
	}
	if (count(leftovers) === 0) {
		lines.push('No leftovers of dead runs.');
		return `${lines.join('\n')}\n`;
	}
	lines.push(removal ? 'Leftovers of runs that died without cleaning up (removed):' : 'Leftovers of runs that died without cleaning up:');
	for (const run of leftovers.dead) lines.push(...runLines(run));
	for (const file of leftovers.damaged) lines.push(`  unreadable run record ${file}`);
	if (!removal) lines.push('fix: kiln doctor --clean removes them (a new build also does).');
	else if (removal.failed.length > 0) lines.push('Could not remove:', ...removal.failed.map(item => `  ${item}`));
	else lines.push(`Removed ${removal.removed.length} item${removal.removed.length === 1 ? '' : 's'}.`);
	return `${lines.join('\n')}\n`;
}

export const doctorCommand: Command = {
	name: 'doctor',
	usage: `kiln doctor [--clean] [--json]

Lists containers (label io.kiln.run), temporary files (.kiln-RUN-…) and run
records (~/.local/state/kiln/runs) of builds whose process is gone — killed with
SIGKILL, by a power loss or a crash. Builds still running are left alone.

  --clean   remove them
  --json    one JSON object: {docker, leftovers, removal?}

Exit codes: 0 nothing left over (or all removed), 1 leftovers remain or
Docker could not be asked, 2 bad usage.`,
	async run(argv: string[], io: Io) {
		const {values} = parseFlags(argv, options);
		const docker = await dockerClient(io.env);
		const report: Report = {docker: {}, leftovers: {dead: [], live: [], damaged: []}};
		try {
			const engine = await connectEngine(docker, io.env);
			report.docker.version = engine.version;
			report.docker.engine = engine.label;
		} catch (error) {
			report.docker.error = error instanceof KilnError ? [error.message, error.hint].filter(Boolean).join('; ') : (error as Error).message;
		}
		// Without Docker the records still name temporary files worth removing.
		report.leftovers = await findLeftovers(docker, io.env);
		if (report.docker.error) report.leftovers.dockerError = report.docker.error;
		if (values.clean && count(report.leftovers) > 0) report.removal = await removeLeftovers(docker, report.leftovers);

		io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : text(report));
		const left = report.removal ? report.removal.failed.length > 0 : count(report.leftovers) > 0;
		return left || report.docker.error ? 1 : 0;
	},
};
