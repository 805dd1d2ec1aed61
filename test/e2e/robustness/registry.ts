// An image in the local registry (127.0.0.1:5000, started by
// test/setup/machine.sh) whose top layer is on no other image here, so kiln
// really downloads it: a base image pull with layer progress, offline.
import {execFileSync} from 'node:child_process';
import {docker} from './kiln.js';

export const pullImage = '127.0.0.1:5000/kiln-test/pull-me:1';
const registry = 'http://127.0.0.1:5000/v2/kiln-test/pull-me';

async function topLayer(): Promise<string | undefined> {
	const manifest = await fetch(`${registry}/manifests/1`, {headers: {Accept: 'application/vnd.docker.distribution.manifest.v2+json'}}).catch((error: Error) => {
		throw new Error(`The local registry on 127.0.0.1:5000 does not answer (${error.message}): npm run setup starts it.`);
	});
	if (!manifest.ok) return undefined;
	const {config} = (await manifest.json()) as {config: {digest: string}};
	const image = (await (await fetch(`${registry}/blobs/${config.digest}`)).json()) as {rootfs: {diff_ids: string[]}};
	return image.rootfs.diff_ids.at(-1);
}

/** Pushes the image once (debian:bookworm plus 96 MiB of random bytes); afterwards only the registry holds it. */
export async function ensurePullImage(): Promise<void> {
	if (!(await topLayer())) {
		execFileSync('docker', ['build', '-q', '-t', pullImage, '-'], {
			input: 'FROM debian:bookworm\nRUN head -c 100663296 /dev/urandom >/blob\n',
			stdio: ['pipe', 'ignore', 'inherit'],
		});
		execFileSync('docker', ['push', pullImage], {stdio: 'ignore'});
	}
	await forgetPullImage();
}

/** Removes the image and every image built on it (an OS image of a build that was not stopped in time), so the next pull downloads its layer. */
export async function forgetPullImage(): Promise<void> {
	const layer = await topLayer();
	for (const {Id} of await docker.listImages()) {
		const info = await docker.getImage(Id).inspect().catch(() => undefined);
		if (layer && info?.RootFS.Layers?.includes(layer)) await docker.getImage(Id).remove({force: true}).catch(() => undefined);
	}
}
