import type Docker from 'dockerode';

export interface HistoryEntry {
	id: string;
	createdBy: string;
	sizeBytes: number;
}

/** An image's layers, oldest first. */
export async function imageHistory(docker: Docker, ref: string): Promise<HistoryEntry[]> {
	const entries = (await docker.getImage(ref).history()) as Array<{Id: string; CreatedBy: string; Size: number}>;
	return entries.reverse().map(entry => ({id: entry.Id, createdBy: entry.CreatedBy, sizeBytes: entry.Size}));
}

export async function imageExists(docker: Docker, ref: string): Promise<boolean> {
	try {
		await docker.getImage(ref).inspect();
		return true;
	} catch (error) {
		if ((error as {statusCode?: number}).statusCode === 404) return false;
		throw error;
	}
}

/** Resolves when the stream ends; rejects on error or when the signal aborts (destroying the stream). */
export function untilEnd(stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const abort = () => {
			(stream as unknown as {destroy?: () => void}).destroy?.();
			reject(signal.reason);
		};
		if (signal.aborted) return abort();
		signal.addEventListener('abort', abort, {once: true});
		stream.on('end', () => {
			signal.removeEventListener('abort', abort);
			resolve();
		});
		stream.on('error', error => {
			signal.removeEventListener('abort', abort);
			reject(error);
		});
	});
}
