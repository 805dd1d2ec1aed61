// Everything kiln convert learns from the image before planning: its config
// (ENTRYPOINT, CMD, ENV, WORKDIR, USER, HEALTHCHECK, EXPOSE), and whether kiln
// can add a kernel to the image itself: that needs a distro and release with a
// definition in distros/, its package manager and a shell. Images without
// (scratch, distroless, other distros) boot on a Debian base instead.
import type Docker from 'dockerode';
import {type Arch, archOfImage} from '../../core/arch.js';
import type {PullPolicy} from '../../core/choices.js';
import {imageExists, untilEnd} from '../../core/docker/history.js';
import {onJsonLines} from '../../core/docker/json-lines.js';
import {type PullMessage, pullError} from '../docker/pull-progress.js';
import type {DistroDef} from '../distros.js';
import {KilnError} from '../../core/errors.js';
import {printable} from '../../core/value-checks.js';
import type {ImageConfig} from '../app-service/model.js';
import {type DetectedDistro, detectDistro, supportedList} from './detect-distro.js';
import {type ImageFiles, withImageFiles} from './image-files.js';
import {parseOsRelease} from './os-release.js';

export interface SourceImage {
	config: ImageConfig;
	/** The architecture the image's programs are for, when kiln builds for it (its config's Architecture). */
	arch?: Arch;
	/** The config's Architecture as Docker wrote it, for messages. */
	architecture: string;
	/** The image's id, so the build copies exactly the image inspected here. */
	imageId: string;
	/** The distro kiln can add a kernel and init to in place, or why it cannot. */
	inPlace: ({ok: true} & DetectedDistro) | {ok: false; reason: string; refusal: KilnError};
}

// The programs the OS image build runs inside the image.
const packageManagerPaths = {apt: '/usr/bin/apt-get', apk: '/sbin/apk'};

export async function inspectSourceImage(docker: Docker, ref: string, pull: PullPolicy, distros: DistroDef[], signal: AbortSignal): Promise<SourceImage> {
	await ensureImage(docker, ref, pull, signal);
	const info = await docker.getImage(ref).inspect();
	const config = (info.Config ?? {}) as ImageConfig;
	const inPlace = await withImageFiles(docker, info.Id, files => hostability(ref, files, distros));
	return {config, arch: archOfImage(info.Architecture), architecture: info.Architecture, imageId: info.Id, inPlace};
}

/** Whether kiln can install a kernel and init into the image itself. */
async function hostability(ref: string, files: ImageFiles, distros: DistroDef[]): Promise<SourceImage['inPlace']> {
	const text = (await files.read('/etc/os-release')) ?? (await files.read('/usr/lib/os-release'));
	if (!text) {
		return {ok: false, reason: 'it has no os-release (FROM scratch or distroless)', refusal: new KilnError(`The image ${ref} has no /etc/os-release or /usr/lib/os-release, so kiln cannot tell which distro it is`, {
			why: 'Images built FROM scratch, and some distroless images, carry no distro to add a kernel and init to.',
			hint: `Convert it with --app-base debian (the default for such images), or rebuild the app on ${supportedList(distros)}.`,
		})};
	}
	const osRelease = parseOsRelease(text.toString('utf8'));
	let detected: DetectedDistro;
	try {
		detected = detectDistro(osRelease, ref, distros);
	} catch (error) {
		if (!(error instanceof KilnError)) throw error;
		return {ok: false, reason: `it is ${printable(osRelease.PRETTY_NAME ?? osRelease.ID ?? 'an unnamed system')}, which kiln has no definition for`, refusal: error};
	}
	const manager = packageManagerPaths[detected.distro.packageManager];
	for (const path of [manager, '/bin/sh']) {
		if (await files.exists(path)) continue;
		return {ok: false, reason: `it has no ${path}`, refusal: new KilnError(`The image ${ref} says it is ${osRelease.PRETTY_NAME ?? detected.distro.name}, but it has no ${path}`, {
			why: 'kiln installs the kernel and init with the image\'s own package manager and shell; distroless images leave both out.',
			hint: `Convert it with --app-base debian, or use an image that keeps ${detected.distro.packageManager === 'apt' ? 'apt and a shell (for example one based on debian:bookworm-slim)' : 'apk and a shell (for example one based on alpine)'}.`,
		})};
	}
	return {ok: true, ...detected};
}

async function ensureImage(docker: Docker, ref: string, pull: PullPolicy, signal: AbortSignal): Promise<void> {
	const present = await imageExists(docker, ref);
	if (present && pull !== 'always') return;
	if (!present && pull === 'never') {
		throw new KilnError(`The image ${ref} is not on this machine, and --pull never forbids pulling it`, {
			hint: `Make it available (docker pull ${ref}, docker load, or docker build), or use --pull missing.`,
		});
	}
	let failure: string | undefined;
	try {
		const stream = await docker.pull(ref);
		onJsonLines<PullMessage>(stream, message => {
			failure ??= pullError(message);
		});
		await untilEnd(stream, signal);
	} catch (error) {
		failure ??= (error as Error).message;
	}
	if (failure) {
		throw new KilnError(`Could not pull the image ${ref}`, {
			why: failure,
			hint: 'Check the name, or make the image available locally first (docker pull / docker load / docker build).',
		});
	}
}
