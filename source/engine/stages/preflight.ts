// Checks everything that can be checked before any slow work starts.
import {constants} from 'node:fs';
import {access, stat, statfs} from 'node:fs/promises';
import path from 'node:path';
import {type Engine, connectEngine} from '../../core/docker/connect.js';
import {hostArch} from '../../core/arch.js';
import {KilnError, usageError} from '../../core/errors.js';
import {binfmtState, emulationMissing} from '../binfmt.js';
import {findLeftovers, removeLeftovers} from '../../core/leftovers.js';
import {formatBytes} from '../size.js';
import type {Stage, StageContext} from '../context.js';

/** Removes what runs killed hard left behind (never a live run's); a failure here only costs a log line. */
async function removeStaleLeftovers({docker, log}: StageContext): Promise<void> {
	try {
		const leftovers = await findLeftovers(docker);
		if (leftovers.dead.length === 0 && leftovers.damaged.length === 0) return;
		const {removed, failed} = await removeLeftovers(docker, leftovers);
		for (const item of removed) log('preflight', `removed a leftover of a dead run: ${item}`);
		for (const item of failed) log('preflight', `could not remove a leftover of a dead run: ${item}; see kiln doctor`);
	} catch (error) {
		log('preflight', `could not look for leftovers of dead runs: ${(error as Error).message}`);
	}
}

/** Refuses, before any slow work, a choice this engine cannot carry out. */
function refuseWhatTheEngineCannotDo(engine: Engine, {plan}: StageContext): void {
	if (plan.choices.bootloader === 'extlinux' && engine.rootless) {
		throw new KilnError(`--bootloader extlinux cannot run on ${engine.label}`, {
			exitCode: 2,
			why: `The classic method formats and mounts the root filesystem on a loop device, which needs CAP_SYS_ADMIN on the host and /dev/loop*; a rootless ${engine.name} runs containers in a user namespace, where the kernel allows neither.`,
			hint: 'Use the default --bootloader grub, which needs no privileges, or a rootful engine (DOCKER_HOST=unix:///var/run/docker.sock as a member of the docker group).',
		});
	}
}

/**
 * Another architecture's image builds only if the engine's kernel runs its
 * programs. binfmt_misc is the kernel's, so it is read here when the engine
 * is on this machine; a remote engine's is its own business.
 */
function checkEmulation(engine: Engine, {plan, log}: StageContext): void {
	const {arch} = plan.choices;
	const host = hostArch();
	if (arch === host) return;
	if (!engine.host.startsWith('unix://')) {
		log('preflight', `${arch} on a remote engine (${engine.host}): its machine must run ${arch} programs (binfmt_misc), which kiln cannot check from here`);
		return;
	}
	const state = binfmtState(arch);
	if (!state.ok) throw emulationMissing(arch, host, state.problem);
	log('preflight', `${arch} programs run under emulation (binfmt_misc entry ${state.entry})`);
}

export const preflight: Stage = {
	id: 'preflight',
	title: 'preflight',
	async run(context) {
		const {docker, plan, log} = context;
		const engine = await connectEngine(docker);
		context.results.engine = engine;
		const {name, version, rootless, via, host} = engine;
		context.emit({type: 'engine', name, version, rootless, via, host});
		log('preflight', `engine: ${engine.label} (${host})`);
		refuseWhatTheEngineCannotDo(engine, context);
		checkEmulation(engine, context);
		const output = plan.outputPath;
		const folder = path.dirname(output);
		const folderStat = await stat(folder).catch(() => undefined);
		if (!folderStat?.isDirectory()) {
			throw usageError('--output', `The output folder ${folder} does not exist`, `Create it (mkdir -p ${folder}) or choose another --output.`);
		}
		try {
			await access(folder, constants.W_OK);
		} catch {
			throw usageError('--output', `The output folder ${folder} is not writable`, 'Choose an --output in a folder you can write to.');
		}
		const existing = await stat(output).catch(() => undefined);
		if (existing?.isDirectory()) {
			throw usageError('--output', `${output} is a folder`, 'Give the path of the image file to write, like out/debian.img.');
		}
		if (existing && !plan.choices.force) {
			throw usageError('--output', `${output} already exists`, 'Pass --force to replace it, or choose another --output. The existing file is left as it is.');
		}
		if (plan.sizeBytes !== undefined) {
			const fs = await statfs(folder);
			const free = fs.bavail * fs.bsize;
			if (plan.sizeBytes > free) {
				throw new KilnError(`--size ${plan.choices.size} is larger than the free space in ${folder} (${formatBytes(free)})`, {
					exitCode: 2,
					hint: 'Free some space, choose a smaller --size (or "auto"), or write to another folder.',
				});
			}
		}
		await removeStaleLeftovers(context);
		return engine.label;
	},
};
