// The host's QEMU when it has one, else QEMU in a container. KILN_QEMU=host
// or KILN_QEMU=container forces either (tests use it to cover both paths).
import {runLabels} from '../core/cleanup.js';
import {connectEngine, containerUser, dockerClient} from '../core/docker/connect.js';
import {KilnError} from '../core/errors.js';
import {containerToolbox} from './container-toolbox.js';
import {archInfo, arches} from '../core/arch.js';
import {findOnPath, hostToolbox, loadExeca} from './host-toolbox.js';
import {ensureQemuImage} from './qemu-image.js';
import type {Toolbox} from './toolbox.js';

export interface ToolboxOptions {
	env?: NodeJS.ProcessEnv;
	signal?: AbortSignal;
	/** Labels any container with the run, for cleanup and `kiln doctor`. */
	runId: string;
	log?: (line: string) => void;
}

export async function selectToolbox(options: ToolboxOptions): Promise<Toolbox> {
	const env = options.env ?? process.env;
	const mode = env.KILN_QEMU ?? 'auto';
	if (!['auto', 'host', 'container'].includes(mode)) {
		throw new KilnError(`KILN_QEMU=${mode} is not one of auto, host, container`, {exitCode: 2});
	}
	// Any of kiln's QEMUs makes the host's the toolbox; one missing for an image's architecture is named when it boots.
	const binary = mode === 'container' ? undefined : arches.map(arch => findOnPath(archInfo[arch].qemu, env)).find(Boolean);
	if (binary) {
		const execa = await loadExeca();
		const {stdout} = await execa(binary, ['--version'], {reject: false});
		return hostToolbox(binary, /version (\S+)/.exec(stdout)?.[1] ?? 'unknown version');
	}
	if (mode === 'host') {
		throw new KilnError(`KILN_QEMU=host, but no QEMU (${arches.map(arch => archInfo[arch].qemu).join(', ')}) is on the PATH`, {
			exitCode: 2,
			hint: 'Install QEMU (apt-get install qemu-system-x86 ovmf), or unset KILN_QEMU to run QEMU in a container.',
		});
	}
	const docker = await dockerClient(env);
	const engine = await connectEngine(docker, env);
	const image = await ensureQemuImage(docker, options.signal, options.log ?? (() => undefined));
	return containerToolbox(docker, image, {...runLabels(options.runId), 'io.kiln.role': 'qemu'}, containerUser(engine));
}
