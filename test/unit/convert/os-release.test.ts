import {describe, expect, it} from 'vitest';
import {detectDistro} from '../../../source/engine/convert/detect-distro.js';
import {parseOsRelease} from '../../../source/engine/convert/os-release.js';
import {loadDistros} from '../../../source/engine/distros.js';

const files = {
	bookworm: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\n',
	trixie: 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nNAME="Debian GNU/Linux"\nVERSION_ID="13"\nVERSION="13 (trixie)"\nVERSION_CODENAME=trixie\nDEBIAN_VERSION_FULL=13.8\nID=debian\n',
	noble: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nUBUNTU_CODENAME=noble\n',
	alpine320: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n',
	alpine321: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\n',
	// Debian 12 without VERSION_CODENAME: the codename is read from VERSION.
	bookwormOld: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n',
};

const distros = loadDistros();
const detect = (text: string) => {
	const {distro, release} = detectDistro(parseOsRelease(text), 'app:1', distros);
	return `${distro.id} ${release.id}`;
};
const refusal = (text: string) => {
	try {
		detect(text);
	} catch (error) {
		return error as Error & {hint?: string};
	}
	throw new Error('expected a refusal');
};

describe('os-release', () => {
	it('reads quoted, single-quoted and bare values, skipping comments and junk', () => {
		expect(parseOsRelease('# comment\nID=debian\nNAME="Debian \\"GNU\\" \\$x \\`y\\` \\\\"\nA=\'single $x\'\n  B = spaced\nnot a line\nVERSION_ID="12"\n')).toEqual({
			ID: 'debian',
			NAME: 'Debian "GNU" $x `y` \\',
			A: 'single $x',
			VERSION_ID: '12',
		});
	});

	it.each([
		['bookworm', 'debian bookworm'],
		['trixie', 'debian trixie'],
		['noble', 'ubuntu 24.04'],
		['alpine320', 'alpine 3.20'],
		['alpine321', 'alpine 3.21'],
		['bookwormOld', 'debian bookworm'],
	] as const)('maps %s to %s', (name, expected) => {
		expect(detect(files[name])).toBe(expected);
	});

	it('refuses an unknown distro, naming it and what kiln supports', () => {
		expect(() => detect('ID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40"\n')).toThrowError(
			'The image app:1 is Fedora Linux 40 (ID=fedora), which kiln cannot convert');
		const mint = refusal('ID=linuxmint\nID_LIKE="ubuntu debian"\nPRETTY_NAME="Linux Mint 22"\n');
		expect(mint.message).toContain('(ID=linuxmint, like ubuntu debian)');
		expect(mint.hint).toBe('kiln converts images based on Debian (trixie, bookworm), Alpine Linux (3.23, 3.22, 3.21, 3.20), Ubuntu (26.04, 24.04).');
		expect(() => detect('PRETTY_NAME="Mystery"\n')).toThrowError('is Mystery (ID=unset)');
	});

	it('refuses a release without a definition, naming the ones kiln has', () => {
		const bullseye = 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n';
		expect(() => detect(bullseye)).toThrowError('The image app:1 is Debian GNU/Linux 11 (bullseye), a release of Debian that kiln has no definition for');
		expect(refusal(bullseye).hint).toBe('Rebuild the image on a supported release: Debian (trixie, bookworm).');
		expect(() => detect('ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n')).toThrowError(/Alpine Linux v3\.19, a release of Alpine Linux/);
		expect(() => detect('ID=ubuntu\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nPRETTY_NAME="Ubuntu 22.04.4 LTS"\n')).toThrowError(/Ubuntu 22\.04\.4 LTS/);
	});
});
