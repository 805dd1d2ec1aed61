// Attaching to a container's stdin in a way every engine reads the same.
// dockerode's attach() sends its options as the query and again as a JSON
// body; Docker ignores that body, but Podman's compatible API hands it to the
// container's stdin ahead of the data (a tar stream then starts with
// {"stream":true,…} and cannot be read). Here the body is empty: a zero-length
// buffer, which still makes docker-modem send the request headers at once.
import type Docker from 'dockerode';

export async function attachWithStdin(docker: Docker, container: Docker.Container): Promise<NodeJS.ReadWriteStream> {
	return new Promise((resolve, reject) => {
		docker.modem.dial({
			path: `/containers/${container.id}/attach?`,
			method: 'POST',
			isStream: true,
			hijack: true,
			openStdin: true,
			statusCodes: {101: true, 200: true, 404: 'no such container', 500: 'server error'},
			options: {stream: true, stdin: true, stdout: true, stderr: true},
			file: Buffer.alloc(0),
		}, (error, stream) => (error ? reject(error) : resolve(stream as NodeJS.ReadWriteStream)));
	});
}
