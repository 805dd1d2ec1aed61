// Assembles the disk in a builder container: by default with no privileges,
// network, devices or mounts; with --bootloader extlinux, the article's
// classic method, with CAP_SYS_ADMIN and loop devices (builder-container.ts).
// The rootfs export streams into it through a FIFO beside the output
// (fifo-feed.ts), its times clamped to the disk's epoch; the image is written
// under a temporary name beside the output.
import path from 'node:path';
import type Docker from 'dockerode';
import {PassThrough, type Writable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {formatExtension} from '../../core/choices.js';
import {clampTarTimes} from '../clamp-tar.js';
import {runLabels, tempPrefix} from '../../core/cleanup.js';
import {type DiskIds, defaultSeed, diskIds, sourceDateEpoch} from '../disk-ids.js';
import {ensureBuilderImage} from '../docker/builder-image.js';
import {attachOutput, attachWithStdin} from '../../core/docker/attach-stdin.js';
import {containerUser} from '../../core/docker/connect.js';
import {KilnError, usageError} from '../../core/errors.js';
import type {SubStepId} from '../../core/events.js';
import {onLines} from '../../core/lines.js';
import {fifoFeed, makeFifo} from '../fifo-feed.js';
import {autoDiskSize, formatBytes, formatSizeFlag, minimumDiskSize} from '../size.js';
import type {Stage, StageContext} from '../context.js';
import {type BuilderContainer, classicBuilder, defaultBuilder, privilegeFailure} from './builder-container.js';
import {exportRootfs} from './export-rootfs.js';

const substeps: SubStepId[] = ['partition', 'filesystem', 'bootloader', 'convert'];

/** Chooses the disk size, refusing an explicit one that cannot hold the rootfs. */
function diskSize(context: StageContext): number {
	const {plan, results} = context;
	const rootfs = results.osImage!.sizeBytes;
	if (plan.sizeBytes === undefined) return autoDiskSize(rootfs, plan.choices.firmware);
	const minimum = minimumDiskSize(rootfs, plan.choices.firmware);
	if (plan.sizeBytes < minimum) {
		throw usageError('--size', `--size ${plan.choices.size} is too small: the root filesystem needs about ${formatBytes(rootfs)}`,
			`Use at least ${formatSizeFlag(Math.ceil(minimum / 1024 ** 2) * 1024 ** 2)}, or "auto".`);
	}
	return plan.sizeBytes;
}

/** What makes the disk reproducible: its identifiers and its one timestamp. */
export interface DiskIdentity {
	ids: DiskIds;
	epoch: number;
}

export function diskIdentity(context: StageContext): DiskIdentity {
	const {plan: {choices}, results} = context;
	const image = results.osImage!;
	return {ids: diskIds(choices.seed ?? defaultSeed(image.id, choices)), epoch: sourceDateEpoch(image.created)};
}

function builderArguments(context: StageContext, builder: BuilderContainer, outName: string, rootfs: string, size: number, {ids, epoch}: DiskIdentity): string[] {
	const {plan} = context;
	const {choices, kernel, distro} = plan;
	const shared = [
		'--out', `/out/${outName}`,
		'--rootfs', rootfs,
		'--size', String(size),
		'--format', choices.format,
		'--root-uuid', ids.rootUuid,
		'--hostname', choices.hostname,
		'--kernel', kernel.boot.kernel,
		'--initrd', kernel.boot.initrd,
		'--cmdline', distro.essentials.cmdline,
		...(choices.compress ? ['--compress'] : []),
	];
	// The classic method mounts and copies, so only the root UUID is its to keep.
	if (builder.kind === 'classic') return [...shared, '--owner', `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`];
	return [
		...shared,
		'--firmware', choices.firmware,
		'--arch', choices.arch,
		'--hash-seed', ids.hashSeed,
		'--disk-id', ids.diskId,
		'--part-uuids', ids.partitionUuids.join(','),
		'--fat-id', ids.fatVolumeId,
		'--epoch', String(epoch),
	];
}

export function assembleDisk(runStage: (stage: Stage) => Promise<void>): Stage {
	return {
		id: 'assemble',
		title: 'disk assembly',
		async run(context) {
			const {docker, plan, resources, runId, signal, emit} = context;
			const size = diskSize(context);
			const identity = diskIdentity(context);
			context.results.diskBytes = size;
			const folder = path.dirname(plan.outputPath);
			const builder = plan.choices.bootloader === 'extlinux' ? classicBuilder(folder) : defaultBuilder(folder, containerUser(context.results.engine!));
			if (builder.kind === 'classic') context.log('assemble', 'classic method: the builder runs as root with CAP_SYS_ADMIN and the host\'s loop devices');
			const image = await ensureBuilderImage(docker, signal, line => context.log('assemble', line), builder.kind);

			// A fixed name: no text a person typed reaches the builder's command line.
			const outName = `${tempPrefix}${runId}-disk.${formatExtension[plan.choices.format]}`;
			const tempOutput = path.join(folder, outName);
			resources.path(tempOutput);
			resources.path(`${tempOutput}.raw`);
			const fifoName = `${tempPrefix}${runId}-rootfs.tar`;
			const fifo = path.join(folder, fifoName);
			resources.path(fifo);
			const viaFifo = await makeFifo(fifo);
			if (!viaFifo) context.log('assemble', `the output folder ${folder} holds no FIFO (FAT, exFAT or a share?); the rootfs goes through the builder's stdin, which is slower`);

			const container = await docker.createContainer({
				Image: image,
				Cmd: builderArguments(context, builder, outName, viaFifo ? `/out/${fifoName}` : '/dev/stdin', size, identity),
				User: builder.user,
				Env: [`KILN_UMASK=${currentUmask()}`],
				...(viaFifo ? {} : {OpenStdin: true, StdinOnce: true, AttachStdin: true}),
				AttachStdout: true,
				AttachStderr: true,
				Tty: false,
				NetworkDisabled: true,
				Labels: runLabels(runId),
				HostConfig: builder.hostConfig,
			});
			resources.container(container.id);

			// Attach before start, or the first output is lost.
			const io = viaFifo ? await attachOutput(docker, container) : await attachWithStdin(docker, container);
			const stdout = new PassThrough();
			const stderr = new PassThrough();
			docker.modem.demuxStream(io, stdout, stderr);
			const tail: string[] = [];
			let current: SubStepId | undefined;
			onLines(stdout, line => {
				const step = /^::kiln step (\w+)$/.exec(line)?.[1] as SubStepId | undefined;
				if (step && substeps.includes(step)) {
					if (current) emit({type: 'substep', stage: 'assemble', id: current, status: 'done', at: Date.now()});
					current = step;
					emit({type: 'substep', stage: 'assemble', id: step, status: 'running', at: Date.now()});
				} else if (line === '::kiln done' && current) {
					emit({type: 'substep', stage: 'assemble', id: current, status: 'done', at: Date.now()});
				}
			});
			onLines(stderr, line => {
				context.log('assemble', line);
				tail.push(line);
				if (tail.length > 20) tail.shift();
			});
			// 'next-exit': a plain wait on a created container returns at once.
			const exited = container.wait({condition: 'next-exit'});
			const drained = new Promise(resolve => io.once('end', resolve).once('close', resolve));
			await container.start().catch((error: unknown) => {
				throw (builder.kind === 'classic' && privilegeFailure(error)) || error;
			});
			// Clamped times make two exports of one image the same bytes.
			const clamp = clampTarTimes(identity.epoch);
			const fed = pipeline(clamp, viaFifo ? fifoFeed(fifo, exited) : io as NodeJS.ReadWriteStream & Writable, {signal});
			// A failed export fails its own stage; this is only awaited after success.
			fed.catch(() => undefined);
			try {
				await runStage(exportRootfs(clamp));
				await fed;
			} catch (error) {
				if (builder.kind === 'classic') await letClassicCleanUp(container, exited);
				throw error;
			}
			const {StatusCode: code} = (await exited) as {StatusCode: number};
			await drained;
			if (signal.aborted) throw signal.reason;
			if (code !== 0) throw assemblyFailure(code, tail);
			if (plan.choices.format === 'raw') emit({type: 'substep', stage: 'assemble', id: 'convert', status: 'skipped', at: Date.now()});
			await resources.release(container.id);
			context.results.tempOutput = tempOutput;
			const method = builder.kind === 'classic' ? ' · classic extlinux' : '';
			return `${formatSizeFlag(size)} ${plan.choices.firmware} disk · ${plan.choices.format}${method}`;
		},
	};
}

/**
 * Cleanup removes containers with SIGKILL, which would leave the classic
 * builder's loop device attached if it dies during mkfs; asked with SIGTERM,
 * its trap unmounts and detaches first.
 */
async function letClassicCleanUp(container: Docker.Container, exited: Promise<unknown>): Promise<void> {
	await container.kill({signal: 'SIGTERM'}).catch(() => undefined);
	await Promise.race([exited.catch(() => undefined), new Promise(resolve => setTimeout(resolve, 20_000).unref())]);
}

function assemblyFailure(code: number, tail: string[]): KilnError {
	const text = tail.join('\n');
	if (/No space left on device|Could not allocate block|File too large/i.test(text)) {
		return new KilnError('The disk ran out of space during assembly', {
			why: /No space left on device/.test(text) ? 'The folder of --output has no room left for the image.' : 'The root filesystem does not fit the chosen --size.',
			hint: 'Free space in the output folder, or use a larger --size (or "auto").',
			logTail: tail,
		});
	}
	return new KilnError(`Disk assembly failed (builder exited with ${code})`, {logTail: tail, hint: 'The builder log is below and in the run log.'});
}

function currentUmask(): string {
	const mask = process.umask();
	return mask.toString(8).padStart(3, '0');
}
