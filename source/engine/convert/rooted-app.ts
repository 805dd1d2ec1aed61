// Prepares an app to run inside its image's tree on a Debian base: USER
// resolved against the image's /etc/passwd and /etc/group, HOME as Docker
// sets it, the command found in the image's PATH (and refused early when the
// image lacks it, which Docker would only report at start), and its VOLUMEs,
// as real paths inside it.
import path from 'node:path';
import {KilnError} from '../../core/errors.js';
import {type AppSpec, type ImageConfig, searchPath} from '../app-service/model.js';
import {printable} from '../../core/value-checks.js';
import type {ImageFiles} from './image-files.js';
import {resolveImageUser} from './image-user.js';

export interface RootedApp {
	app: AppSpec;
	notes: string[];
}

async function findCommand(app: AppSpec, files: ImageFiles): Promise<string> {
	const command = app.argv[0]!;
	const candidates = command.includes('/') ? [command] : searchPath(app).map(dir => path.posix.join(dir, command));
	for (const candidate of candidates) {
		if ((await files.kind(candidate)) === 'file') return candidate;
	}
	throw new KilnError(`The image ${app.image} has no program "${printable(command)}" to start${command.includes('/') ? '' : ` in its PATH (${searchPath(app).join(':')})`}`, {
		why: 'Its ENTRYPOINT/CMD names a program the image does not contain; Docker would fail to start it as well.',
		hint: 'Fix ENTRYPOINT/CMD in the image, or convert with --no-app-service.',
	});
}

export async function rootedApp(app: AppSpec, imageId: string, config: ImageConfig, files: ImageFiles): Promise<RootedApp> {
	const notes: string[] = [];
	const [passwd, group] = await Promise.all([files.read('/etc/passwd'), files.read('/etc/group')]);
	const user = resolveImageUser(app.image, app.user, passwd?.toString('utf8'), group?.toString('utf8'));
	const argv = [await findCommand(app, files), ...app.argv.slice(1)];
	const env = app.env.some(({name}) => name === 'HOME') ? app.env : [...app.env, {name: 'HOME', value: user.home}];

	const volumes: string[] = [];
	for (const volume of Object.keys(config.Volumes ?? {})) {
		if (!path.posix.isAbsolute(volume) || /[\u0000-\u001f\u007f\\]/.test(volume)) {
			notes.push(`left out VOLUME ${printable(volume)}: not an absolute path`);
			continue;
		}
		// The container kiln reads the image through has the volume mounted, so
		// whether the image itself has the directory is only known at build time.
		volumes.push(await files.realPath(path.posix.normalize(volume)));
	}
	return {app: {...app, argv, env, root: {imageId, uid: user.uid, gid: user.gid, groups: user.groups, volumes}}, notes};
}
