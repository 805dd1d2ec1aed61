// Attaching to a container's streams in a way every engine reads the same.
// dockerode's attach() sends its options as the query and again as a JSON
// body; Docker ignores that body, but Podman's compatible API hands it to the
// container's stdin ahead of the data (a tar stream then starts with
// {"stream":true,…} and cannot be read). Here the body is empty: a zero-length
// buffer, which still makes docker-modem send the request headers at once.
import type Docker from 'dockerode';

function attach(docker: Docker, container: Docker.Container, stdin: boolean): Promise<NodeJS.ReadWriteStream> {
	return new Promise((resolve, reject) => {
		docker.modem.dial({
			path: `/containers/${container.id}/attach?`,
			method: 'POST',
			isStream: true,
			hijack: true,
			openStdin: stdin,
			statusCodes: {101: true, 200: true, 404: 'no such container', 500: 'server error'},
			options: {stream: true, stdin, stdout: true, stderr: true},
			file: Buffer.alloc(0),
		}, (error, stream) => (error ? reject(error) : resolve(stream as NodeJS.ReadWriteStream)));
	});
}

export async function attachWithStdin(docker: Docker, container: Docker.Container): Promise<NodeJS.ReadWriteStream> {
	return attach(docker, container, true);
}

/** stdout and stderr only, multiplexed (demuxStream splits them). */
export async function attachOutput(docker: Docker, container: Docker.Container): Promise<NodeJS.ReadableStream> {
	return attach(docker, container, false);
}
