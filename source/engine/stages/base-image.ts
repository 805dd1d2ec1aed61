// Finds the base image locally or pulls it, reporting each layer.
import {imageExists, imageHistory, untilEnd} from '../docker/history.js';
import {onJsonLines} from '../docker/json-lines.js';
import {type PullMessage, layerEvent, pullError} from '../docker/pull-progress.js';
import {KilnError} from '../errors.js';
import {formatBytes} from '../size.js';
import type {Stage, StageContext} from '../context.js';

async function pull(context: StageContext, ref: string): Promise<void> {
	const {docker, signal, emit, log} = context;
	let stream: NodeJS.ReadableStream;
	try {
		stream = await docker.pull(ref);
	} catch (error) {
		throw notFound(ref, (error as Error).message);
	}
	let failure: string | undefined;
	onJsonLines<PullMessage>(stream, message => {
		const event = layerEvent(message);
		if (event) emit(event);
		else if (message.status) log('base', message.id ? `${message.id}: ${message.status}` : message.status);
		failure ??= pullError(message);
	});
	await untilEnd(stream, signal);
	// Docker reports pull failures inside the stream, not as an HTTP error.
	if (failure) throw notFound(ref, failure);
}

function notFound(ref: string, reason: string): KilnError {
	return new KilnError(`Could not pull the base image ${ref}`, {
		why: reason,
		hint: `Check the name, or make the image available locally first (docker pull / docker load / docker import), then use --pull never. --base overrides the distro's image.`,
	});
}

export const baseImage: Stage = {
	id: 'base',
	title: 'base image',
	async run(context) {
		const {docker, plan, emit} = context;
		const ref = plan.baseImage;
		const present = await imageExists(docker, ref);
		const policy = plan.choices.pull;
		if (!present && policy === 'never') {
			throw new KilnError(`The base image ${ref} is not on this machine, and --pull never forbids pulling it`, {
				hint: `Make it available (docker pull ${ref}, or docker import a debootstrap tree), or use --pull missing.`,
			});
		}
		if (policy === 'always' || !present) await pull(context, ref);
		const info = await docker.getImage(ref).inspect();
		if (info.Architecture !== 'amd64') {
			throw new KilnError(`The base image ${ref} is for ${info.Architecture}, not amd64`, {
				why: 'kiln makes amd64 disk images; the kernel and bootloader it installs are amd64 only.',
				hint: 'Use an amd64 image (docker pull --platform linux/amd64 …).',
			});
		}
		context.results.baseImageId = info.Id;
		const layers = (await imageHistory(docker, ref)).filter(entry => entry.sizeBytes > 0);
		for (const layer of layers) {
			const id = layer.id.startsWith('sha256:') ? layer.id.slice(7, 19) : `layer-${layers.indexOf(layer) + 1}`;
			emit({type: 'layer', stage: 'base', id, status: present && policy !== 'always' ? 'present' : 'done', sizeBytes: layer.sizeBytes});
		}
		return `${ref} · ${layers.length} layer${layers.length === 1 ? '' : 's'} · ${formatBytes(info.Size)}${present ? ' · local' : ' · pulled'}`;
	},
};
