// The two ways kiln runs a disk builder. The default needs nothing: no
// capabilities, no devices, no network, a read-only root, and a uid whose
// files are the caller's (containerUser: root under a rootless engine).
// The classic one (--bootloader extlinux, the article's method) mounts a loop
// device, so it runs as root with CAP_SYS_ADMIN and the host's loop devices —
// asked for one by one, because plain --privileged fails on some hosts.
import {readdirSync} from 'node:fs';
import type {ContainerCreateOptions} from 'dockerode';
import type {BuilderKind} from '../docker/builder-image.js';
import {KilnError} from '../../core/errors.js';

type HostConfig = NonNullable<ContainerCreateOptions['HostConfig']>;

export interface BuilderContainer {
	kind: BuilderKind;
	user: string;
	hostConfig: HostConfig;
}

function common(folder: string): HostConfig {
	return {
		// A mount object, not a "src:dst" bind string: folder paths may hold ":".
		Mounts: [{Type: 'bind', Source: folder, Target: '/out', ReadOnly: false}],
		NetworkMode: 'none',
		SecurityOpt: ['no-new-privileges'],
		ReadonlyRootfs: true,
		Tmpfs: {'/tmp': 'rw,exec,size=256m'},
	};
}

export function defaultBuilder(folder: string, user: string): BuilderContainer {
	return {kind: 'assemble', user, hostConfig: {...common(folder), CapDrop: ['ALL']}};
}

/** The loop devices the host has; `losetup -f` inside picks a free one of them. */
export function hostLoopDevices(dev = '/dev'): string[] {
	return readdirSync(dev).filter(name => /^loop\d+$/.test(name)).map(name => `${dev}/${name}`);
}

export function classicBuilder(folder: string, loops = hostLoopDevices()): BuilderContainer {
	if (loops.length === 0) {
		throw new KilnError('--bootloader extlinux needs loop devices, and this host has none', {
			why: 'The classic method formats and mounts the root filesystem through /dev/loopN.',
			hint: 'Load the loop module (modprobe loop), or use the default --bootloader grub, which needs no devices.',
		});
	}
	return {
		kind: 'classic',
		// Root, to mount and to extract files owned by anyone; the image is
		// handed back to the caller (--owner) at the end.
		user: '0:0',
		hostConfig: {
			...common(folder),
			// Docker's default capabilities plus SYS_ADMIN (mount, losetup).
			CapAdd: ['SYS_ADMIN'],
			Devices: ['/dev/loop-control', ...loops].map(path => ({PathOnHost: path, PathInContainer: path, CgroupPermissions: 'rwm'})),
		},
	};
}

/** A Docker refusal of the classic builder's privileges, in words. */
export function privilegeFailure(error: unknown): KilnError | undefined {
	const message = error instanceof Error ? error.message : String(error);
	if (!/apply caps|operation not permitted|error gathering device information|no such file or directory.*loop/i.test(message)) return undefined;
	return new KilnError('Docker refused the classic builder the privileges it needs', {
		why: `--bootloader extlinux runs a builder with CAP_SYS_ADMIN and the host's loop devices; Docker said: ${message}`,
		hint: 'Run kiln where Docker may grant CAP_SYS_ADMIN and /dev/loop* (rootful Docker), or use the default --bootloader grub, which needs no privileges.',
	});
}
