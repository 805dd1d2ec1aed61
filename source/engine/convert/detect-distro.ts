// Maps an image's os-release to a distro and release kiln has a definition
// for, or refuses, naming what was found and what kiln supports.
import type {DistroDef, ReleaseDef} from '../distros.js';
import {KilnError} from '../../core/errors.js';
import {printable} from '../../core/value-checks.js';
import type {OsRelease} from './os-release.js';

export interface DetectedDistro {
	distro: DistroDef;
	release: ReleaseDef;
}

/** "Debian (bookworm, trixie), Ubuntu (24.04), …" for messages. */
export function supportedList(distros: DistroDef[]): string {
	return distros.map(distro => `${distro.name} (${distro.releases.map(release => release.id).join(', ')})`).join(', ');
}

/** The os-release values a release id may be written as, most specific first. */
function releaseKeys(os: OsRelease): string[] {
	const keys = [os.VERSION_CODENAME, os.VERSION_ID];
	// Alpine's VERSION_ID is 3.20.3; its releases are major.minor.
	const majorMinor = /^(\d+\.\d+)/.exec(os.VERSION_ID ?? '')?.[1];
	if (majorMinor) keys.push(majorMinor);
	// Older files name the codename only inside VERSION, as in "12 (bookworm)".
	const inVersion = /\(([a-z]+)\)/.exec(os.VERSION ?? '')?.[1];
	if (inVersion) keys.push(inVersion);
	return keys.filter((key): key is string => Boolean(key)).map(key => key.toLowerCase());
}

export function detectDistro(os: OsRelease, image: string, distros: DistroDef[]): DetectedDistro {
	const found = printable(os.PRETTY_NAME ?? os.NAME ?? os.ID ?? 'an unnamed system');
	const id = (os.ID ?? '').toLowerCase();
	const distro = distros.find(candidate => candidate.id === id);
	if (!distro) {
		const like = os.ID_LIKE ? `, like ${printable(os.ID_LIKE)}` : '';
		throw new KilnError(`The image ${image} is ${found} (ID=${printable(id) || 'unset'}${like}), which kiln cannot convert`, {
			why: 'kiln adds a kernel and an init with the image\'s own package manager, from a definition per distro.',
			hint: `kiln converts images based on ${supportedList(distros)}.`,
		});
	}
	const keys = releaseKeys(os);
	const release = distro.releases.find(candidate => keys.includes(candidate.id));
	if (!release) {
		throw new KilnError(`The image ${image} is ${found}, a release of ${distro.name} that kiln has no definition for`, {
			why: `kiln installs the kernel and init from the release's own packages; it knows ${distro.name} ${distro.releases.map(r => r.id).join(', ')}.`,
			hint: `Rebuild the image on a supported release: ${supportedList([distro])}.`,
		});
	}
	return {distro, release};
}
