// Connects to the Docker engine and turns "cannot connect" into advice.
import {accessSync, constants, existsSync} from 'node:fs';
import Docker from 'dockerode';
import {KilnError} from '../errors.js';

export function dockerClient(env: NodeJS.ProcessEnv = process.env): Docker {
	// dockerode reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH itself.
	return env.DOCKER_HOST ? new Docker() : new Docker({socketPath: '/var/run/docker.sock'});
}

export async function checkDocker(docker: Docker, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	try {
		const version = await docker.version();
		return version.Version;
	} catch (error) {
		const where = env.DOCKER_HOST ?? '/var/run/docker.sock';
		const code = (error as NodeJS.ErrnoException).code;
		if (!env.DOCKER_HOST && existsSync('/var/run/docker.sock')) {
			try {
				accessSync('/var/run/docker.sock', constants.R_OK | constants.W_OK);
			} catch {
				throw new KilnError(`Permission denied on the Docker socket ${where}`, {
					why: 'kiln talks to the Docker engine through its socket, which belongs to root and the "docker" group.',
					hint: 'Add yourself to the group (sudo usermod -aG docker $USER, then log in again), or run kiln with sudo.',
				});
			}
		}
		throw new KilnError(`Cannot reach the Docker engine at ${where}${code ? ` (${code})` : ''}`, {
			why: 'kiln builds the image and assembles the disk in Docker containers.',
			hint: env.DOCKER_HOST
				? 'Check that DOCKER_HOST points at a running engine, or unset it to use /var/run/docker.sock.'
				: 'Start the engine (sudo systemctl start docker, or sudo dockerd &), or set DOCKER_HOST.',
		});
	}
}
