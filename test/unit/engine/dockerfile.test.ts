import {describe, expect, it} from 'vitest';
import {osImageRecipe} from '../../../source/engine/dockerfile.js';
import {loadDistros} from '../../../source/engine/distros.js';
import {resolvePlan} from '../../../source/engine/plan.js';

const combos = loadDistros().flatMap(distro =>
	distro.releases.flatMap(release => distro.kernels.flatMap(kernel => distro.inits.map(init => ({distro: distro.id, release: release.id, kernel: kernel.id, init: init.id})))));

describe('the OS image Dockerfile', () => {
	// Ubuntu and Alpine mirrors are out of reach here, so their Dockerfiles
	// are pinned by snapshot rather than boot-tested.
	it.each(combos)('$distro $release $kernel $init', choices => {
		const recipe = osImageRecipe(resolvePlan(choices, {}, {cwd: '/'}));
		expect(recipe.dockerfile).toMatchSnapshot();
	});

	it('carries the password only as a hash in a data file', () => {
		const recipe = osImageRecipe(resolvePlan({}, {rootPassword: 'hunter2-$(reboot)'}, {cwd: '/'}));
		expect(recipe.dockerfile).not.toContain('hunter2');
		expect(recipe.files['root-password.hash']?.content).toMatch(/^\$6\$rounds=65536\$/);
		expect(recipe.files['root-password.hash']?.mode).toBe(0o600);
		expect(JSON.stringify(recipe)).not.toContain('hunter2');
		expect(recipe.files['configure.sh']?.content).toContain('chpasswd -e');
	});

	it('locks root when no password is given', () => {
		const recipe = osImageRecipe(resolvePlan({}, {}, {cwd: '/'}));
		expect(recipe.files['root-password.hash']).toBeUndefined();
		expect(recipe.files['configure.sh']?.content).toContain('passwd -l root');
	});

	it('adds extra packages as words and keeps docs on request', () => {
		const recipe = osImageRecipe(resolvePlan({packages: ['curl', 'vim-tiny'], keepDocs: true}, {}, {cwd: '/'}));
		expect(recipe.dockerfile).toMatch(/--no-install-recommends .* curl vim-tiny &&/);
		expect(recipe.dockerfile).not.toContain('dpkg-slim');
		expect(recipe.dockerfile).not.toContain('/usr/share/doc/*');
	});
});

describe('the OS image Dockerfile, for a fast build and a fast first boot', () => {
	const debian = (choices: Record<string, string>) => osImageRecipe(resolvePlan({distro: 'debian', release: 'trixie', ...choices}, {}, {cwd: '/'}));
	const runs = (dockerfile: string) => dockerfile.split('\n').filter(line => line.startsWith('RUN '));

	it('installs, builds the initramfs once and slims in one layer', () => {
		const [install, ...rest] = runs(debian({}).dockerfile);
		expect(rest).toEqual(['RUN sh /tmp/kiln/configure.sh && cp -a /tmp/kiln/first-boot/. / && systemctl enable kiln-grow-root.service && touch /etc/.updated /var/.updated && rm -rf /tmp/kiln']);
		// The stand-in takes every call made during the install; the real one runs once, after it.
		expect(install!.indexOf('--add /usr/sbin/update-initramfs')).toBeLessThan(install!.indexOf('apt-get install'));
		expect(install!.match(/update-initramfs -c -k all/g)).toHaveLength(1);
		expect(install!.indexOf('--remove /usr/sbin/update-initramfs')).toBeLessThan(install!.indexOf('update-initramfs -c -k all'));
		expect(install).toMatch(/install -y --no-install-recommends .*\bzstd\b/);
		expect(install).toContain('COMPRESS=zstd');
		expect(install!.indexOf('rm -rf /usr/share/doc/*')).toBeGreaterThan(install!.indexOf('update-initramfs -c -k all'));
	});

	it('lists only the root-finding modules for the cloud kernel and keeps MODULES=most for the generic one', () => {
		const cloud = debian({kernel: 'cloud'}).dockerfile;
		expect(cloud).toContain('MODULES=list');
		expect(cloud).toMatch(/printf '%s\\n' .*virtio_blk.* ext4 >\/usr\/share\/initramfs-tools\/modules\.d\/kiln\.conf/);
		expect(cloud).toContain('/etc/initramfs-tools/hooks/kiln-no-hwdb');
		const generic = debian({kernel: 'generic'}).dockerfile;
		expect(generic).not.toContain('MODULES=');
		expect(generic).not.toContain('modules.d');
		expect(generic).not.toContain('hwdb');
	});

	it('gives systemd images systemd-networkd and resolved, other inits ifupdown', () => {
		const systemd = debian({init: 'systemd'}).dockerfile;
		expect(systemd).toContain('systemctl enable systemd-networkd.service systemd-resolved.service');
		expect(systemd).toMatch(/--no-install-recommends [^&]*systemd-resolved/);
		expect(systemd).not.toContain('ifupdown');
		expect(systemd).not.toContain('/etc/network/interfaces');
		expect(systemd).toContain('systemctl mask apt-daily.timer');
		for (const init of ['sysvinit', 'openrc', 'runit']) {
			const dockerfile = debian({init}).dockerfile;
			expect(dockerfile).toMatch(/--no-install-recommends [^&]*ifupdown isc-dhcp-client/);
			expect(dockerfile).toContain('/etc/network/interfaces');
			expect(dockerfile).not.toContain('systemd-networkd');
			expect(dockerfile).not.toContain('systemctl mask');
		}
	});

	it('makes only an ed25519 host key at first boot, and sshd looks for no other', () => {
		const configure = debian({}).files['configure.sh']!.content;
		expect(configure).not.toContain('ssh-keygen -A');
		expect(configure).toContain("ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key");
		expect(configure).toContain('HostKey /etc/ssh/ssh_host_ed25519_key');
		expect(configure).toContain('ExecStartPre=/usr/lib/kiln/ssh-host-key');
	});
});
