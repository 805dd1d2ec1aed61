// Rows for a cold build: kiln with none of its images or Docker's build cache
// left, against the article's own OS image Dockerfile built without a cache in
// the same run (bullseye, the article's release, is gone from the mirror, so
// it builds FROM trixie, as kiln does).
import {execa} from 'execa';
import Docker from 'dockerode';
import {buildLocalImage} from '../core/docker/local-image.js';
import {contextTar} from '../core/docker/context-tar.js';
import path from 'node:path';
import {rm} from 'node:fs/promises';
import {measureBuild} from './build-run.js';

type Row = (name: string, value: string, note?: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number | undefined) => (bytes === undefined ? '…' : `${(bytes / 1e6).toFixed(0)} MB`);

// The Dockerfile of the article's `make debian` (docker-to-linux), release aside.
const articleDockerfile = `FROM debian:trixie
RUN apt-get -y update && apt-get -y install linux-image-amd64 systemd-sysv
RUN echo "root:root" | chpasswd
`;

/** Removes kiln's OS and builder images and Docker's build cache; an image a container still uses stays. */
async function forgetKilnImages(docker: Docker): Promise<void> {
	const images = await docker.listImages();
	const tags = images.flatMap(image => image.RepoTags ?? []).filter(tag => /^kiln-(os|builder|classic):/.test(tag));
	for (const tag of tags) await docker.getImage(tag).remove().catch(() => undefined);
	await execa('docker', ['builder', 'prune', '--all', '--force'], {reject: false});
}

export async function benchColdBuild(dir: string, row: Row): Promise<void> {
	const docker = new Docker();
	await forgetKilnImages(docker);
	const kiln = await measureBuild(['--no-root-password', '--firmware', 'bios', '--output', path.join(dir, 'cold.img')]);
	await rm(path.join(dir, 'cold.img'), {force: true});
	// Another image still using a layer would keep it, and the build would not be cold.
	if (kiln.cachedSteps > 0) throw new Error(`the cold build took ${kiln.cachedSteps} steps from Docker's cache`);

	const tag = 'kiln-bench-article:latest';
	await docker.getImage(tag).remove().catch(() => undefined);
	const started = Date.now();
	const {failure} = await buildLocalImage(docker, contextTar([{name: 'Dockerfile', content: articleDockerfile, mode: 0o644}]), tag, new AbortController().signal, () => undefined);
	const articleMs = Date.now() - started;
	if (failure) throw new Error(`the article's Dockerfile did not build: ${failure}`);
	const article = await docker.getImage(tag).inspect();
	await docker.getImage(tag).remove().catch(() => undefined);

	console.log('\nCold build (kiln\'s images and Docker\'s build cache removed first; one run, apt from the network):');
	row('kiln build, default image, BIOS', seconds(kiln.wallMs), `OS image stage ${seconds(kiln.stageMs.os ?? 0)}, ${kiln.builtBuilder ? 'builder image built too' : 'builder image was in use, so kept'}`);
	row('reference: article\'s OS image alone', seconds(articleMs), 'docker build, no cache; its make debian adds a builder image and a loop-mount copy');
	row('ratio kiln / article OS image', `${(kiln.wallMs / articleMs).toFixed(2)}x`, 'target 0.5x of the article\'s whole cold make debian (84 s measured in issue 13)');
	row('kiln OS image size', mb(kiln.osImage?.sizeBytes), `rootfs (exported tar) ${mb(kiln.rootfsBytes)}`);
	row('article OS image size', mb(article.Size), 'same run');
}
