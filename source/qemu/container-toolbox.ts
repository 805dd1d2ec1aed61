// QEMU inside a container, for hosts without it. Files are mounted at their
// own paths, so the command line is the same as on the host. The container
// runs as the calling user (under a rootless engine: as the container's root,
// which is that user) with no capabilities; /dev/kvm is passed through only
// when KVM is used.
import {statSync} from 'node:fs';
import {PassThrough} from 'node:stream';
import type Docker from 'dockerode';
import {archInfo} from '../core/arch.js';
import {attachWithStdin} from '../core/docker/attach-stdin.js';
import {debianOvmf} from './host-toolbox.js';
import {type Mount, type QemuProcess, type StartOptions, tailOf, type Toolbox, type ToolResult} from './toolbox.js';

interface ContainerShape {
	tty: boolean;
	stdin: boolean;
}

export function containerToolbox(docker: Docker, image: string, labels: Record<string, string>, user: string): Toolbox {
	const create = (command: string[], options: StartOptions, shape: ContainerShape) => {
		const kvmGroup = options.kvm ? String(statSync('/dev/kvm').gid) : undefined;
		const ports = Object.fromEntries(options.ports.map(port => [`${port}/tcp`, {}]));
		return docker.createContainer({
			Image: image,
			Cmd: command,
			Labels: labels,
			User: user,
			Tty: shape.tty,
			OpenStdin: shape.stdin,
			AttachStdin: shape.stdin,
			AttachStdout: true,
			AttachStderr: true,
			ExposedPorts: ports,
			HostConfig: {
				Binds: options.mounts.map(mount => `${mount.path}:${mount.path}:${mount.writable ? 'rw' : 'ro'}`),
				Devices: options.kvm ? [{PathOnHost: '/dev/kvm', PathInContainer: '/dev/kvm', CgroupPermissions: 'rwm'}] : [],
				GroupAdd: kvmGroup ? [kvmGroup] : [],
				// Published on the loopback only, like the host QEMU's forwards.
				PortBindings: Object.fromEntries(options.ports.map(port => [`${port}/tcp`, [{HostIp: '127.0.0.1', HostPort: String(port)}]])),
				NetworkMode: options.network ? 'bridge' : 'none',
				CapDrop: ['ALL'],
				SecurityOpt: ['no-new-privileges'],
			},
		});
	};
	const remove = (container: Docker.Container) => container.remove({force: true}).catch(() => undefined);

	return {
		kind: 'container',
		description: `QEMU in container ${image}`,
		// The image carries Debian's OVMF and AAVMF (qemu-image.ts).
		ovmf: arch => debianOvmf(arch),
		forwardAddress: '',

		async run(tool: 'qemu-img', args: string[], mounts: Mount[]): Promise<ToolResult> {
			const container = await create([tool, ...args], {arch: 'amd64', mounts, kvm: false, ports: [], network: false}, {tty: false, stdin: false});
			try {
				const stream = await container.attach({stream: true, stdout: true, stderr: true});
				const stdout = new PassThrough();
				const stderr = new PassThrough();
				const out = tailOf(stdout, 1 << 20);
				const err = tailOf(stderr, 1 << 20);
				docker.modem.demuxStream(stream, stdout, stderr);
				await container.start();
				const {StatusCode} = (await container.wait()) as {StatusCode: number};
				return {exitCode: StatusCode, stdout: out(), stderr: err()};
			} finally {
				await remove(container);
			}
		},

		async start(args: string[], options: StartOptions): Promise<QemuProcess> {
			const container = await create([archInfo[options.arch].qemu, ...args], options, {tty: false, stdin: true});
			const stream = await attachWithStdin(docker, container);
			const output = new PassThrough();
			const stderr = new PassThrough();
			const tail = tailOf(stderr);
			docker.modem.demuxStream(stream, output, stderr);
			stream.on('end', () => output.end());
			await container.start();
			const exited = (container.wait() as Promise<{StatusCode: number}>).then(
				result => ({code: result.StatusCode, stderr: tail()}),
				() => ({stderr: tail()}),
			);
			const stop = async () => {
				await container.kill().catch(() => undefined);
				await exited;
				await remove(container);
			};
			options.signal?.addEventListener('abort', () => void stop(), {once: true});
			return {output, input: stream, exited, stop};
		},

		async attach(args: string[], options: StartOptions): Promise<number> {
			const container = await create([archInfo[options.arch].qemu, ...args], options, {tty: true, stdin: true});
			const {stdin, stdout} = process;
			const stream = await attachWithStdin(docker, container);
			const resize = () => void container.resize({h: stdout.rows, w: stdout.columns}).catch(() => undefined);
			const abort = () => void container.kill().catch(() => undefined);
			options.signal?.addEventListener('abort', abort, {once: true});
			stream.pipe(stdout, {end: false});
			// Every key, Ctrl-C included, goes to QEMU, whose Ctrl-A X quits.
			if (stdin.isTTY) stdin.setRawMode(true);
			stdin.pipe(stream);
			try {
				await container.start();
				resize();
				stdout.on('resize', resize);
				const {StatusCode} = (await container.wait()) as {StatusCode: number};
				return StatusCode;
			} finally {
				stdout.off('resize', resize);
				options.signal?.removeEventListener('abort', abort);
				stdin.unpipe(stream);
				if (stdin.isTTY) stdin.setRawMode(false);
				stdin.pause();
				await remove(container);
			}
		},
	};
}
