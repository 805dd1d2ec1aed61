// Turns Docker's pull progress messages into per-layer events.
import type {KilnEvent} from '../../core/events.js';

export interface PullMessage {
	id?: string;
	status?: string;
	progressDetail?: {current?: number; total?: number};
	error?: string;
	errorDetail?: {message?: string};
}

type LayerEvent = Extract<KilnEvent, {type: 'layer'}>;

export function layerEvent(message: PullMessage): LayerEvent | undefined {
	const {id, status = ''} = message;
	// Messages without a short hex id are about the image, not a layer.
	if (!id || !/^[0-9a-f]{12}$/.test(id)) return undefined;
	const detail = message.progressDetail ?? {};
	const base = {type: 'layer', stage: 'base', id} as const;
	if (status === 'Pulling fs layer' || status === 'Waiting') return {...base, status: 'waiting'};
	if (status === 'Downloading') return {...base, status: 'downloading', current: detail.current, total: detail.total};
	if (status === 'Verifying Checksum' || status === 'Download complete') return {...base, status: 'extracting'};
	if (status === 'Extracting') return {...base, status: 'extracting', current: detail.current, total: detail.total};
	if (status === 'Pull complete') return {...base, status: 'done'};
	if (status === 'Already exists') return {...base, status: 'present'};
	return undefined;
}

export function pullError(message: PullMessage): string | undefined {
	return message.errorDetail?.message ?? message.error;
}
