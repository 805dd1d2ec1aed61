// Base images that are not what kiln needs, made offline: one with no shell
// and no package manager (like scratch or distroless), and one for another
// CPU architecture (hand-written `docker save` archive with arm64 config).
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {contextTar} from '../../../source/core/docker/context-tar.js';

export const noShellImage = 'kiln-test/no-shell:1';
export const arm64Image = 'kiln-test/arm64:1';

/** A layer with one static file and nothing else. */
function layer(): Buffer {
	return contextTar([{name: 'hello', content: 'a file and nothing else\n', mode: 0o644}]);
}

export function makeNoShellImage(): void {
	execFileSync('docker', ['import', '-', noShellImage], {input: layer(), stdio: ['pipe', 'ignore', 'inherit']});
}

export function makeArm64Image(): void {
	const rootfs = layer();
	const config = JSON.stringify({
		architecture: 'arm64',
		os: 'linux',
		config: {Cmd: ['/hello']},
		rootfs: {type: 'layers', diff_ids: [`sha256:${createHash('sha256').update(rootfs).digest('hex')}`]},
	});
	const manifest = JSON.stringify([{Config: 'config.json', RepoTags: [arm64Image], Layers: ['layer.tar']}]);
	// Every byte of these is ASCII, so the text-only tar writer carries them as they are.
	const archive = contextTar([
		{name: 'layer.tar', content: rootfs.toString('latin1'), mode: 0o644},
		{name: 'config.json', content: config, mode: 0o644},
		{name: 'manifest.json', content: manifest, mode: 0o644},
	]);
	execFileSync('docker', ['load'], {input: archive, stdio: ['pipe', 'ignore', 'inherit']});
}

export function removeTestImages(): void {
	for (const image of [noShellImage, arm64Image]) {
		try {
			execFileSync('docker', ['rmi', '-f', image], {stdio: 'ignore'});
		} catch {
			// Already gone.
		}
	}
}
