// The app service for the plan's init: files to put into the image (by path,
// generated here from the image's config) and the fixed commands that enable
// them. No string from the image appears in those commands.
import type {ContextFile} from '../dockerfile.js';
import {KilnError} from '../../core/errors.js';
import type {AppSpec} from './model.js';
import {inittabEnable} from './inittab.js';
import {openrcEnable, openrcService, openrcServicePath} from './openrc.js';
import {runitEnable, runitRun, runitRunPath} from './runit.js';
import {runnerFiles} from './runner.js';
import {systemdUnit, systemdUnitName} from './systemd.js';

export interface AppServiceRecipe {
	/** Absolute path in the image → file. */
	files: Record<string, ContextFile>;
	/** Shell commands written by kiln, without any data from the image. */
	enable: string[];
	/** Packages the service needs beyond the init's. */
	packages: string[];
}

export function appServiceRecipe(app: AppSpec, init: string, packageManager: 'apt' | 'apk'): AppServiceRecipe {
	// setpriv switches to the image's USER; Debian and Ubuntu have it in util-linux already.
	const setpriv = app.user && packageManager === 'apk' ? ['setpriv'] : [];
	switch (init) {
		case 'systemd':
			return {
				files: {[`/etc/systemd/system/${systemdUnitName}`]: {content: systemdUnit(app), mode: 0o644}},
				enable: [`systemctl enable ${systemdUnitName}`],
				packages: [],
			};
		case 'sysvinit':
		case 'busybox':
			return {files: runnerFiles(app), enable: inittabEnable(init), packages: setpriv};
		case 'openrc':
			return {files: {...runnerFiles(app), [openrcServicePath]: openrcService(app)}, enable: openrcEnable, packages: setpriv};
		case 'runit':
			return {files: {...runnerFiles(app), [runitRunPath]: runitRun}, enable: runitEnable, packages: setpriv};
		default:
			throw new KilnError(`kiln cannot start the app at boot under the init "${init}"`, {
				hint: 'Choose --init systemd, sysvinit, openrc or runit (busybox on Alpine), or convert with --no-app-service.',
			});
	}
}
