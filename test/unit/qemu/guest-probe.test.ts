import {describe, expect, test} from 'vitest';
import {parseProbe, probeLine, probeScript} from '../../../source/qemu/guest-probe.js';

describe('guest probe', () => {
	test('reads the answers', () => {
		expect(parseProbe([
			'root@testvm:~# stty -echo 2>/dev/null; P=kiln-probe; …',
			'kiln-probe:os_id=debian',
			'kiln-probe:os_name=Debian GNU/Linux 12 (bookworm)',
			'kiln-probe:os_version=12',
			'kiln-probe:kernel=6.1.0-50-cloud-amd64',
			'kiln-probe:root=ext4 rw,relatime,errors=remount-ro',
			'kiln-probe:root_kib=2864412',
			'kiln-probe:route=eth0',
			'kiln-probe:addr=10.0.2.15/24',
			'kiln-probe:end',
		])).toEqual({
			os: {id: 'debian', name: 'Debian GNU/Linux 12 (bookworm)', version: '12'},
			kernel: '6.1.0-50-cloud-amd64',
			rootFs: {type: 'ext4', mode: 'rw', options: 'rw,relatime,errors=remount-ro', sizeBytes: 2864412 * 1024},
			network: {up: true, interface: 'eth0', address: '10.0.2.15/24'},
		});
	});

	test('no default route: networking did not come up', () => {
		const probe = parseProbe(['kiln-probe:root=ext4 ro,relatime', 'kiln-probe:route=', 'kiln-probe:addr=']);
		expect(probe.network).toEqual({up: false, interface: undefined, address: undefined});
		expect(probe.rootFs.mode).toBe('ro');
		expect(probe.rootFs.sizeBytes).toBeUndefined();
	});

	test('a size df did not give is left out', () => {
		expect(parseProbe(['kiln-probe:root_kib=']).rootFs.sizeBytes).toBeUndefined();
		expect(parseProbe(['kiln-probe:root_kib=12x']).rootFs.sizeBytes).toBeUndefined();
	});

	test('the echo of the typed script never looks like an answer', () => {
		expect(probeLine.test(`root@testvm:~# ${probeScript}`)).toBe(false);
		expect(probeScript).not.toMatch(/kiln-probe:/);
		// One line, short enough for a terminal's line buffer.
		expect(probeScript).not.toContain('\n');
		expect(probeScript.length).toBeLessThan(1024);
	});
});
