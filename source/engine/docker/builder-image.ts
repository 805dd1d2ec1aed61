// The disk-assembly builder image, built locally from source/builder and
// tagged by a hash of its definition, so it is rebuilt only when that changes.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import {KilnError} from '../../core/errors.js';
import {packageRoot} from '../../core/package-root.js';
import {contextTar} from '../../core/docker/context-tar.js';
import {imageExists} from '../../core/docker/history.js';
import {buildLocalImage} from '../../core/docker/local-image.js';

/**
 * `assemble` is the unprivileged default; `classic` is the article's
 * loop-device method behind --bootloader extlinux.
 */
const builders = {
	assemble: {dir: 'source/builder/', script: 'assemble.sh', repository: 'kiln-builder'},
	classic: {dir: 'source/builder/classic/', script: 'classic.sh', repository: 'kiln-classic'},
} as const;
export type BuilderKind = keyof typeof builders;

const read = (file: string) => readFileSync(path.join(packageRoot, file), 'utf8');

/** Both images carry the shared library; it is in the context, so in the tag's hash. */
function definition(kind: BuilderKind) {
	const {dir, script, repository} = builders[kind];
	const entries = [
		{name: 'Dockerfile', content: read(`${dir}Dockerfile`), mode: 0o644},
		{name: script, content: read(`${dir}${script}`), mode: 0o755},
		{name: 'lib.sh', content: read('source/builder/lib.sh'), mode: 0o644},
	];
	const tar = contextTar(entries);
	return {tar, tag: `${repository}:${createHash('sha256').update(tar).digest('hex').slice(0, 16)}`};
}

export async function ensureBuilderImage(docker: Docker, signal: AbortSignal, log: (line: string) => void, kind: BuilderKind = 'assemble'): Promise<string> {
	const {tar, tag} = definition(kind);
	if (await imageExists(docker, tag)) return tag;
	log(`building the builder image ${tag} (once per kiln version)`);
	const {failure, tail} = await buildLocalImage(docker, tar, tag, signal, log);
	if (failure) {
		throw new KilnError(`Could not build the disk builder image: ${failure}`, {
			why: 'It starts FROM debian:trixie and installs e2fsprogs, GRUB and qemu-utils with apt.',
			hint: 'Make debian:trixie available (docker pull debian:trixie, or debootstrap trixie | docker import) and check that Docker builds can reach a Debian mirror.',
			logTail: tail,
		});
	}
	return tag;
}
