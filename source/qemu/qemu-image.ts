// The image that carries QEMU for hosts without it: Debian's packages, built
// locally and tagged by a hash of this definition, so it is built once.
import {createHash} from 'node:crypto';
import {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {type BuildMessage, BuildStreamParser} from '../engine/docker/build-progress.js';
import {contextTar} from '../engine/docker/context-tar.js';
import {imageExists, untilEnd} from '../engine/docker/history.js';
import {onJsonLines} from '../engine/docker/json-lines.js';
import {KilnError} from '../engine/errors.js';

const dockerfile = `FROM debian:bookworm
RUN apt-get update \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils ovmf \\
 && rm -rf /var/lib/apt/lists/*
`;

export const qemuImageTag = `kiln-qemu:${createHash('sha256').update(dockerfile).digest('hex').slice(0, 16)}`;

export async function ensureQemuImage(docker: Docker, signal: AbortSignal | undefined, log: (line: string) => void): Promise<string> {
	if (await imageExists(docker, qemuImageTag)) return qemuImageTag;
	log(`building ${qemuImageTag}: QEMU for hosts without it (once)`);
	const tar = contextTar([{name: 'Dockerfile', content: dockerfile, mode: 0o644}]);
	const stream = await docker.buildImage(Readable.from([tar]), {t: qemuImageTag, rm: true, forcerm: true});
	const parser = new BuildStreamParser();
	const tail: string[] = [];
	let failure: string | undefined;
	onJsonLines<BuildMessage>(stream, message => {
		for (const item of parser.feed(message)) {
			if (item.kind === 'error') failure ??= item.message;
			if (item.kind === 'log') {
				log(item.line);
				tail.push(item.line);
				tail.splice(0, tail.length - 20);
			}
		}
	});
	await untilEnd(stream, signal ?? new AbortController().signal);
	if (failure) {
		throw new KilnError(`Could not build the QEMU image: ${failure}`, {
			why: 'This host has no qemu-system-x86_64, so kiln runs QEMU from Debian bookworm\'s packages in a container.',
			hint: 'Install QEMU on the host (apt-get install qemu-system-x86 ovmf), or make debian:bookworm available to Docker and let builds reach a Debian mirror.',
			logTail: tail,
		});
	}
	return qemuImageTag;
}
