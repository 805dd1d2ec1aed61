// The app service for the plan's init: files to put into the image (by path,
// generated here from the image's config) and the fixed commands that enable
// them. No string from the image appears in those commands. On a Debian base
// the image's tree is copied whole first (treeFrom), and the app runs inside it.
import {imageChecksPath, imageChecksText} from '../../core/image-checks.js';
import type {ContextFile} from '../context-file.js';
import {KilnError} from '../../core/errors.js';
import type {AppSpec} from './model.js';
import {inittabEnable} from './inittab.js';
import {openrcEnable, openrcService, openrcServicePath} from './openrc.js';
import {rootedRunnerFiles} from './rooted-runner.js';
import {prepareTreeFiles, prepareTreePath} from './rooted-tree.js';
import {runitEnable, runitRun, runitRunPath} from './runit.js';
import {runnerFiles} from './runner.js';
import {rootedSystemdUnit, systemdUnit, systemdUnitName} from './systemd.js';

export interface AppServiceRecipe {
	/** Absolute path in the image → file. */
	files: Record<string, ContextFile>;
	/** Shell commands written by kiln, without any data from the image. */
	enable: string[];
	/** Packages the service needs beyond the init's. */
	packages: string[];
	/** The image id whose whole tree is copied under appRootfs first (Debian base). */
	treeFrom?: string;
}

const imageId = /^sha256:[0-9a-f]{64}$/;

export function appServiceRecipe(app: AppSpec, init: string, packageManager: 'apt' | 'apk'): AppServiceRecipe {
	const record = imageChecksText(app.checks);
	const checks: Record<string, ContextFile> = record ? {[imageChecksPath]: {content: record, mode: 0o644}} : {};
	if (app.root) {
		if (!imageId.test(app.root.imageId)) throw new Error(`not an image id: ${app.root.imageId}`);
		const recipe = serviceFor(app, init, rootedRunnerFiles(app), rootedSystemdUnit(app));
		const prepare = `${prepareTreePath}${init === 'systemd' ? ' host-ids' : ''}`;
		return {...recipe, files: {...recipe.files, ...prepareTreeFiles(app), ...checks}, enable: [prepare, ...recipe.enable], treeFrom: app.root.imageId};
	}
	const recipe = serviceFor(app, init, runnerFiles(app), systemdUnit(app));
	// setpriv switches to the image's USER; Debian and Ubuntu have it in util-linux already.
	const setpriv = app.user && packageManager === 'apk' ? ['setpriv'] : [];
	return {...recipe, files: {...recipe.files, ...checks}, packages: setpriv};
}

function serviceFor(app: AppSpec, init: string, runner: Record<string, ContextFile>, unit: string): AppServiceRecipe {
	switch (init) {
		case 'systemd':
			// The runner stays for the HEALTHCHECK command, which the boot check runs through it.
			return {
				files: {...(app.checks.health || app.root ? runner : {}), [`/etc/systemd/system/${systemdUnitName}`]: {content: unit, mode: 0o644}},
				enable: [`systemctl enable ${systemdUnitName}`],
				packages: [],
			};
		case 'sysvinit':
		case 'busybox':
			return {files: runner, enable: inittabEnable(init), packages: []};
		case 'openrc':
			return {files: {...runner, [openrcServicePath]: openrcService(app)}, enable: openrcEnable, packages: []};
		case 'runit':
			return {files: {...runner, [runitRunPath]: runitRun}, enable: runitEnable, packages: []};
		default:
			throw new KilnError(`kiln cannot start the app at boot under the init "${init}"`, {
				hint: 'Choose --init systemd, sysvinit, openrc or runit (busybox on Alpine), or convert with --no-app-service.',
			});
	}
}
