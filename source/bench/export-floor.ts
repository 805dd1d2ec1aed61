// The floor for export + assembly: copying the same rootfs tar to a file.
import {createWriteStream} from 'node:fs';
import {rm} from 'node:fs/promises';
import {pipeline} from 'node:stream/promises';
import Docker from 'dockerode';

export async function timeExportToFile(image: string, file: string): Promise<{ms: number; bytes: number}> {
	const docker = new Docker();
	const container = await docker.createContainer({Image: image, Cmd: ['/bin/true']});
	try {
		const started = Date.now();
		const out = createWriteStream(file);
		await pipeline((await container.export()) as unknown as NodeJS.ReadableStream, out);
		return {ms: Date.now() - started, bytes: out.bytesWritten};
	} finally {
		await container.remove({force: true});
		await rm(file, {force: true});
	}
}
