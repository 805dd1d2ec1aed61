// Looks at files inside an image without running anything from it: a
// container is created (never started) and read through Docker's archive API.
import type Docker from 'dockerode';
import {randomBytes} from 'node:crypto';
import {runLabels} from '../../core/cleanup.js';
import {firstTarFile} from './tar-file.js';

export interface ImageFiles {
	/** The file's content, following symlinks (up to a few); undefined if absent. */
	read(path: string): Promise<Buffer | undefined>;
	/** Whether the path exists (a symlink counts as its target). */
	exists(path: string): Promise<boolean>;
}

interface PathStat {
	linkTarget: string;
}

/** Runs `use` with access to the image's files, and removes the container afterwards. */
export async function withImageFiles<T>(docker: Docker, image: string, use: (files: ImageFiles) => Promise<T>): Promise<T> {
	const container = await docker.createContainer({
		Image: image,
		// Never started; an explicit command lets images without one (scratch) be created too.
		Entrypoint: ['/kiln-never-started'],
		Cmd: [],
		NetworkDisabled: true,
		Labels: runLabels(`convert-${randomBytes(3).toString('hex')}`),
	});
	const stat = async (path: string): Promise<PathStat | undefined> => {
		try {
			const response = (await container.infoArchive({path})) as {headers: Record<string, string>; resume(): void};
			response.resume();
			return JSON.parse(Buffer.from(response.headers['x-docker-container-path-stat'] ?? '', 'base64').toString()) as PathStat;
		} catch (error) {
			if ((error as {statusCode?: number}).statusCode === 404) return undefined;
			throw error;
		}
	};
	// Docker reports a symlink's target already resolved inside the container.
	const resolve = async (path: string): Promise<string | undefined> => {
		for (let hops = 0; hops < 8; hops++) {
			const info = await stat(path);
			if (!info) return undefined;
			if (!info.linkTarget) return path;
			path = info.linkTarget;
		}
		return undefined;
	};
	const files: ImageFiles = {
		async exists(path) {
			return (await resolve(path)) !== undefined;
		},
		async read(path) {
			const target = await resolve(path);
			if (!target) return undefined;
			const chunks: Buffer[] = [];
			for await (const chunk of (await container.getArchive({path: target})) as AsyncIterable<Buffer>) chunks.push(chunk);
			const file = firstTarFile(Buffer.concat(chunks));
			return file?.type === 'file' ? file.content : undefined;
		},
	};
	try {
		return await use(files);
	} finally {
		await container.remove({force: true}).catch(() => undefined);
	}
}
