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
	/** What the path is once symlinks are followed; undefined if absent. */
	kind(path: string): Promise<'file' | 'directory' | 'other' | undefined>;
	/** The path with every symlink in it resolved inside the image; the part that does not exist is kept as given. */
	realPath(path: string): Promise<string>;
}

interface PathStat {
	linkTarget: string;
	/** Go's FileMode: the type bits are at the top. */
	mode: number;
}

const goModeDir = 0x80000000;
// Symlink, device, named pipe, socket, character device, irregular.
const goModeOtherTypes = 0x08000000 | 0x04000000 | 0x02000000 | 0x01000000 | 0x00200000 | 0x00080000;

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
		async kind(path) {
			const target = await resolve(path);
			const info = target === undefined ? undefined : await stat(target);
			if (!info) return undefined;
			if ((info.mode & goModeDir) !== 0) return 'directory';
			return (info.mode & goModeOtherTypes) === 0 ? 'file' : 'other';
		},
		async realPath(path) {
			const parts = path.split('/').filter(part => part !== '' && part !== '.');
			let current = '/';
			for (const [index, part] of parts.entries()) {
				const next = part === '..' ? current.replace(/\/[^/]*$/, '') || '/' : `${current === '/' ? '' : current}/${part}`;
				const target = await resolve(next);
				if (target === undefined) return [next, ...parts.slice(index + 1)].join('/');
				current = target;
			}
			return current;
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
		// v: the anonymous volumes of the image's VOLUMEs go too.
		await container.remove({force: true, v: true}).catch(() => undefined);
	}
}
