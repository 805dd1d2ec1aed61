// The image that carries QEMU for hosts without it: Debian's packages, built
// locally and tagged by a hash of this definition, so it is built once.
import {createHash} from 'node:crypto';
import type Docker from 'dockerode';
import {contextTar} from '../core/docker/context-tar.js';
import {imageExists} from '../core/docker/history.js';
import {buildLocalImage} from '../core/docker/local-image.js';
import {KilnError} from '../core/errors.js';

const dockerfile = `FROM debian:bookworm
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qemu-system-x86 qemu-system-arm qemu-utils ovmf qemu-efi-aarch64 \\
 && rm -rf /var/lib/apt/lists/*
`;

export const qemuImageTag = `kiln-qemu:${createHash('sha256').update(dockerfile).digest('hex').slice(0, 16)}`;

export async function ensureQemuImage(docker: Docker, signal: AbortSignal | undefined, log: (line: string) => void): Promise<string> {
	if (await imageExists(docker, qemuImageTag)) return qemuImageTag;
	log(`building ${qemuImageTag}: QEMU for hosts without it (once)`);
	const tar = contextTar([{name: 'Dockerfile', content: dockerfile, mode: 0o644}]);
	const {failure, tail} = await buildLocalImage(docker, tar, qemuImageTag, signal ?? new AbortController().signal, log);
	if (failure) {
		throw new KilnError(`Could not build the QEMU image: ${failure}`, {
			why: 'This host has no qemu-system-x86_64, so kiln runs QEMU from Debian bookworm\'s packages in a container.',
			hint: 'Install QEMU on the host (apt-get install qemu-system-x86 ovmf), or make debian:bookworm available to Docker and let builds reach a Debian mirror.',
			logTail: tail,
		});
	}
	return qemuImageTag;
}
