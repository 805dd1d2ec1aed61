// Builds the OS image (kernel, init, serial login, network, credentials) on
// top of the base image, reporting each step and the size of its layer.
import {createHash} from 'node:crypto';
import {Readable} from 'node:stream';
import {untilEnd} from '../../core/docker/history.js';
import {type BuildMessage, BuildStreamParser} from '../../core/docker/build-progress.js';
import {contextTar} from '../../core/docker/context-tar.js';
import {onJsonLines} from '../../core/docker/json-lines.js';
import {osImageRecipe} from '../dockerfile.js';
import {archInfo} from '../../core/arch.js';
import {KilnError} from '../../core/errors.js';
import {formatBytes} from '../size.js';
import type {Stage, StageContext} from '../context.js';

const tailLength = 20;

export const osImage: Stage = {
	id: 'os',
	title: 'OS image',
	async run(context) {
		const {docker, plan, signal, emit, log} = context;
		const recipe = osImageRecipe(plan);
		const entries = [
			{name: 'Dockerfile', content: recipe.dockerfile, mode: 0o644},
			...Object.entries(recipe.files).map(([name, file]) => ({name: `kiln/${name}`, content: file.content, mode: file.mode})),
		];
		const tar = contextTar(entries);
		const tag = `kiln-os:${createHash('sha256').update(tar).digest('hex').slice(0, 16)}`;
		const stream = await docker.buildImage(Readable.from([tar]), {
			t: tag,
			rm: true,
			forcerm: true,
			// Names the base image's architecture, so Docker uses the local image rather than looking for another.
			platform: archInfo[plan.choices.arch].platform,
		});

		const parser = new BuildStreamParser();
		const tail: string[] = [];
		const sizes: Array<Promise<void>> = [];
		const steps = new Map<number, {count: number; instruction: string; cached: boolean}>();
		let failure: string | undefined;
		onJsonLines<BuildMessage>(stream, message => {
			for (const item of parser.feed(message)) {
				switch (item.kind) {
					case 'step':
						steps.set(item.index, {count: item.count, instruction: item.instruction, cached: false});
						// Step 1 is FROM: the base image stage already showed it.
						if (item.index > 1) emit({type: 'step', stage: 'os', index: item.index - 1, count: item.count - 1, instruction: item.instruction, status: 'running'});
						break;
					case 'cached': {
						const step = steps.get(item.index);
						if (step) step.cached = true;
						break;
					}
					case 'image': {
						const step = steps.get(item.index);
						if (!step || item.index === 1) break;
						sizes.push(layerSize(context, item.imageId).then(sizeBytes => emit({
							type: 'step', stage: 'os', index: item.index - 1, count: step.count - 1,
							instruction: step.instruction, status: step.cached ? 'cached' : 'done', sizeBytes,
						})));
						break;
					}
					case 'log':
						log('os', item.line);
						tail.push(item.line);
						if (tail.length > tailLength) tail.shift();
						break;
					case 'error':
						failure ??= item.message;
						break;
				}
			}
		});
		await untilEnd(stream, signal);
		await Promise.all(sizes);
		if (failure) throw buildFailure(failure, tail, plan.distro.packageManager);

		const info = await docker.getImage(tag).inspect();
		context.results.osImage = {id: info.Id, tag, sizeBytes: info.Size, created: info.Created};
		emit({type: 'os-image', id: info.Id, tag, sizeBytes: info.Size});
		return `${tag} · ${formatBytes(info.Size)}`;
	},
};

async function layerSize({docker}: StageContext, imageId: string): Promise<number | undefined> {
	try {
		const [top] = (await docker.getImage(imageId).history()) as Array<{Size: number}>;
		return top?.Size;
	} catch {
		return undefined;
	}
}

function buildFailure(message: string, tail: string[], manager: string): KilnError {
	// A scratch or distroless image fails before that: no /etc/passwd for root, or no /bin/sh to run a step in.
	const bare = /unable to find user root|\/bin\/sh.*(no such file|not found)/i.test(message);
	const missingManager = bare || new RegExp(`${manager === 'apt' ? 'apt-get' : 'apk'}: not found`).test(tail.join('\n'));
	if (missingManager) {
		return new KilnError(`The base image has no ${manager === 'apt' ? 'apt-get' : 'apk'}, so kiln cannot install a kernel into it`, {
			why: 'Images such as scratch or distroless carry no package manager.',
			hint: 'Use a base image of the chosen distro (for example debian:bookworm), or pick the distro the image is really based on.',
			logTail: tail,
		});
	}
	return new KilnError(`A step of the OS image build failed: ${message}`, {
		hint: 'The last lines of the build log are below. Check --packages names and that the package mirror is reachable from Docker.',
		logTail: tail,
	});
}
