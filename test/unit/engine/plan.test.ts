import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadDistros} from '../../../source/engine/distros.js';
import {resolvePlan, withDefaults} from '../../../source/engine/plan.js';

const cwd = '/work/out';

describe('withDefaults', () => {
	it('takes every default from the distro definition', () => {
		expect(withDefaults({})).toMatchObject({
			distro: 'debian', release: 'trixie', kernel: 'cloud', init: 'systemd', size: 'auto',
			firmware: 'hybrid', bootloader: 'grub', format: 'raw', pull: 'missing', hostname: 'debian', output: 'debian-trixie.img',
		});
		expect(withDefaults({distro: 'alpine', format: 'qcow2'})).toMatchObject({release: '3.23', kernel: 'virt', init: 'openrc', output: 'alpine-3.23.qcow2'});
	});
});

describe('resolvePlan', () => {
	it('resolves the defaults into a plan with an absolute output and a hashed password', () => {
		const plan = resolvePlan({output: 'out/debian.img'}, {rootPassword: 's3cret'}, {cwd});
		expect(plan.baseImage).toBe('debian:trixie');
		expect(plan.outputPath).toBe('/work/out/out/debian.img');
		expect(plan.kernel.packages).toEqual(['linux-image-cloud-amd64']);
		expect(plan.rootPasswordHash).toMatch(/^\$6\$/);
		expect(plan.choices.rootPassword).toBe(true);
		expect(JSON.stringify(plan)).not.toContain('s3cret');
	});

	it.each([
		[{distro: 'gentoo'}, '--distro', /debian, ubuntu, alpine|alpine, debian, ubuntu|debian, alpine, ubuntu/],
		[{release: 'buster'}, '--release', /trixie, bookworm/],
		[{kernel: 'rt'}, '--kernel', /cloud, generic/],
		[{init: 'upstart'}, '--init', /systemd, sysvinit, openrc, runit/],
		[{distro: 'ubuntu', init: 'openrc'}, '--init', /systemd/],
		[{format: 'iso' as never}, '--format', /raw, qcow2, vmdk, vdi, vhdx/],
		[{firmware: 'coreboot' as never}, '--firmware', /bios, uefi, hybrid/],
		[{size: 'huge'}, '--size', /auto/],
		[{size: '10M'}, '--size', /128M/],
		[{hostname: 'Bad_Host!'}, '--hostname', /letters/],
		[{hostname: '$(touch /tmp/kiln-pwned)'}, '--hostname', /letters/],
		[{packages: ['curl', ';rm -rf ~']}, '--packages', /package names/],
		[{packages: ['--allow-unauthenticated']}, '--packages', /package names/],
		[{base: 'debian:bookworm; rm -rf /'}, '--base', /reference/],
		[{format: 'raw', compress: true}, '--compress', /qcow2/],
		[{bootloader: 'lilo' as never}, '--bootloader', /grub, extlinux/],
		[{bootloader: 'extlinux', firmware: 'uefi'}, '--firmware', /bios/],
		[{seed: '$(reboot)'}, '--seed', /letters/],
	])('%j is a usage error on %s', (choices, field, hint) => {
		let error: {field?: string; hint?: string; exitCode?: number} | undefined;
		try {
			resolvePlan(choices as Parameters<typeof resolvePlan>[0], {}, {cwd});
		} catch (caught) {
			error = caught as typeof error;
		}
		expect(error).toMatchObject({field, exitCode: 2});
		expect(`${(error as Error).message} ${error?.hint}`).toMatch(hint);
	});

	it('builds classic (extlinux) disks for BIOS, and says they need privileged Docker', () => {
		const plan = resolvePlan({bootloader: 'extlinux'}, {rootPassword: 's3cret'}, {cwd});
		expect(plan.choices.firmware).toBe('bios');
		expect(plan.warnings.join('\n')).toMatch(/privileged Docker.*CAP_SYS_ADMIN/);
		expect(resolvePlan({}, {rootPassword: 's3cret'}, {cwd}).warnings).toEqual([]);
	});

	it('warns when the chosen release is past its end of support', () => {
		const today = new Date('2026-12-01');
		const eol = resolvePlan({distro: 'alpine', release: '3.21'}, {rootPassword: 's3cret'}, {cwd, today});
		expect(eol.warnings).toEqual(['Alpine 3.21 is past its end of support (2026-11-01): it gets no security updates. Choose a supported release: 3.23, 3.22.']);
		expect(resolvePlan({distro: 'debian', release: 'bookworm'}, {rootPassword: 's3cret'}, {cwd, today}).warnings).toEqual([]);
		expect(resolvePlan({distro: 'alpine', release: '3.22'}, {rootPassword: 's3cret'}, {cwd, today: new Date('2027-05-02')}).warnings.join()).toMatch(/Alpine 3\.22 is past its end of support \(2027-05-01\).*: 3\.23\.$/);
	});

	it('asks for the password when the choices say root logs in with one', () => {
		expect(() => resolvePlan({rootPassword: true}, {}, {cwd})).toThrow(/none was given/);
	});

	it('refuses empty and multi-line passwords', () => {
		expect(() => resolvePlan({}, {rootPassword: ''}, {cwd})).toThrow(/empty/);
		expect(() => resolvePlan({}, {rootPassword: 'a\nb'}, {cwd})).toThrow(/line break/);
	});

	it('reads an SSH public key and refuses a private one', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'kiln-test-'));
		writeFileSync(path.join(dir, 'id.pub'), 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk6mLJ2Q6zvQe2iR7Jt7bC0S4K8Gm3Wd9o3mC4i0o4x user@host\n');
		writeFileSync(path.join(dir, 'id'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
		writeFileSync(path.join(dir, 'junk'), 'hello world\n');
		const plan = resolvePlan({sshKey: 'id.pub'}, {}, {cwd: dir});
		expect(plan.sshKey?.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
		expect(() => resolvePlan({sshKey: 'id'}, {}, {cwd: dir})).toThrow(/private key/);
		expect(() => resolvePlan({sshKey: 'junk'}, {}, {cwd: dir})).toThrow(/not an SSH public key/);
		expect(() => resolvePlan({sshKey: 'missing.pub'}, {}, {cwd: dir})).toThrow(/cannot read/);
	});
});

describe('distros', () => {
	it('loads debian, ubuntu and alpine with their required choices', () => {
		const distros = loadDistros();
		expect(distros.map(d => d.id)).toEqual(['debian', 'alpine', 'ubuntu']);
		const debian = distros[0]!;
		expect(debian.releases.map(r => r.id)).toEqual(['trixie', 'bookworm']);
		expect(debian.kernels.map(k => k.id)).toEqual(['cloud', 'generic']);
		expect(debian.inits.map(i => i.id)).toEqual(['systemd', 'sysvinit', 'openrc', 'runit']);
	});
});
