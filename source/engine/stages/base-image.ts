// Finds the base image locally or pulls it, reporting each layer.
import {imageExists, imageHistory, untilEnd} from '../../core/docker/history.js';
import {onJsonLines} from '../../core/docker/json-lines.js';
import {type PullMessage, layerEvent, pullError} from '../docker/pull-progress.js';
import {archInfo, archOfImage} from '../../core/arch.js';
import {KilnError} from '../../core/errors.js';
import type {KilnEvent} from '../../core/events.js';
import {formatBytes} from '../size.js';
import type {Stage, StageContext} from '../context.js';

type LayerStatus = Extract<KilnEvent, {type: 'layer'}>['status'];

/** Pulls the image; resolves to each layer's last status, oldest layer first. */
async function pull(context: StageContext, ref: string): Promise<Map<string, LayerStatus>> {
	const {docker, signal, emit, log, plan} = context;
	let stream: NodeJS.ReadableStream;
	try {
		// A multi-architecture image gives the chosen architecture's variant.
		stream = await docker.pull(ref, {platform: archInfo[plan.choices.arch].platform});
	} catch (error) {
		throw notFound(ref, (error as Error).message);
	}
	let failure: string | undefined;
	const layers = new Map<string, LayerStatus>();
	onJsonLines<PullMessage>(stream, message => {
		const event = layerEvent(message);
		if (event) {
			layers.set(event.id, event.status);
			emit(event);
		}
		else if (message.status) log('base', message.id ? `${message.id}: ${message.status}` : message.status);
		failure ??= pullError(message);
	});
	await untilEnd(stream, signal);
	// Docker reports pull failures inside the stream, not as an HTTP error.
	if (failure) throw notFound(ref, failure);
	return layers;
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
		const pulled = policy === 'always' || !present ? await pull(context, ref) : undefined;
		const info = await docker.getImage(ref).inspect();
		const arch = plan.choices.arch;
		if (archOfImage(info.Architecture) !== arch) {
			throw new KilnError(`The base image ${ref} is for ${info.Architecture}, not ${arch}`, {
				why: `This build is for --arch ${arch}: the kernel and bootloader kiln installs must match the image's programs.`,
				hint: `Use an image for ${arch} (docker pull --platform ${archInfo[arch].platform} …), or build with --arch ${archOfImage(info.Architecture) ?? info.Architecture}.`,
			});
		}
		context.results.baseImageId = info.Id;
		const layers = (await imageHistory(docker, ref)).filter(entry => entry.sizeBytes > 0);
		// A pull names layers by blob digest and knows only compressed sizes; the
		// history has the unpacked sizes, oldest first like the pull. Pair them
		// when they line up, so each layer shows once, with its real size.
		const known: Array<[string, LayerStatus]> = pulled
			? [...pulled].filter(() => pulled.size === layers.length)
			: layers.map((layer, i) => [layer.id.startsWith('sha256:') ? layer.id.slice(7, 19) : `layer-${i + 1}`, 'present']);
		known.forEach(([id, status], i) => emit({type: 'layer', stage: 'base', id, status, sizeBytes: layers[i]!.sizeBytes}));
		return `${ref} · ${layers.length} layer${layers.length === 1 ? '' : 's'} · ${formatBytes(info.Size)}${present ? ' · local' : ' · pulled'}`;
	},
};
