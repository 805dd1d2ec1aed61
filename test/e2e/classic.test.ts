// --bootloader extlinux: the article's classic method (one DOS partition,
// ext4 made on a loop device, the tar extracted onto the mounted filesystem,
// extlinux, mbr.bin), in a builder given only CAP_SYS_ADMIN and the loop
// devices. It must say it needs privileges, leave no loop device behind, and
// boot.
import {mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import Docker from 'dockerode';
import {ensureBuilderImage} from '../../source/engine/docker/builder-image.js';
import {hostLoopDevices} from '../../source/engine/stages/builder-container.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-classic-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const image = path.join(dir, 'classic.img');

function sector(file: string, lba: number): Buffer {
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(512);
	readSync(fd, buffer, 0, 512, lba * 512);
	return buffer;
}

describe('--bootloader extlinux', () => {
	it('builds with a privileges warning, and detaches the loop devices it attached, and only those', async () => {
		const before = (await execa('losetup', ['-a'])).stdout;
		const result = await kiln(['build', '--json', '--verbose', '--bootloader', 'extlinux', '--root-password', 's3cret', '--output', image]);
		expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
		const [started] = eventsOf(result.events, 'run-started');
		expect(started!.plan.choices).toMatchObject({bootloader: 'extlinux', firmware: 'bios'});
		expect(started!.plan.warnings.join('\n')).toMatch(/needs privileged Docker.*CAP_SYS_ADMIN/);
		const logs = eventsOf(result.events, 'log').map(event => event.line);
		// One loop device for mkfs, one (autoclear) for the mount: each detached.
		const attached = logs.flatMap(line => /^kiln-classic: attached (\/dev\/loop\d+)/.exec(line)?.[1] ?? []);
		const detached = logs.flatMap(line => /^kiln-classic: detached (\/dev\/loop\d+)$/.exec(line)?.[1] ?? []);
		expect(attached).toHaveLength(2);
		expect(detached).toEqual(attached);
		const after = (await execa('losetup', ['-a'])).stdout;
		expect(after.split('\n').filter(line => line.includes('.kiln-'))).toEqual(before.split('\n').filter(line => line.includes('.kiln-')));
	});

	it('has the article\'s layout: SYSLINUX mbr.bin, one bootable DOS partition, extlinux in /boot', async () => {
		const mbr = sector(image, 0);
		// mbr.bin as shipped in the classic builder image kiln just used.
		const {stdout: builder} = await execa('docker', ['images', 'kiln-classic', '--format', '{{.Repository}}:{{.Tag}}']);
		const {stdout: syslinuxMbr} = await execa('docker', ['run', '--rm', '--network', 'none', '--entrypoint', 'cat', builder.split('\n')[0]!, '/usr/lib/syslinux/mbr/mbr.bin'], {encoding: 'buffer'});
		expect(syslinuxMbr.length).toBe(440);
		expect(mbr.subarray(0, 440)).toEqual(Buffer.from(syslinuxMbr));
		expect(mbr[446]).toBe(0x80);
		expect(mbr[446 + 4]).toBe(0x83);
		expect(mbr.subarray(462, 510).every(byte => byte === 0)).toBe(true);
		const {stdout} = await execa('debugfs', ['-R', 'cat /boot/syslinux.cfg', `${image}?offset=1048576`]);
		expect(stdout).toMatch(/APPEND ro root=UUID=[0-9a-f-]{36} initrd=\/initrd.img console=tty0 console=ttyS0/);
		const {stdout: boot} = await execa('debugfs', ['-R', 'ls /boot', `${image}?offset=1048576`]);
		expect(boot).toContain('ldlinux.sys');
	});

	it('boots with SeaBIOS to a root shell', async () => {
		const result = await bootCheck({image, firmware: 'bios', rootPassword: 's3cret', accel: 'tcg', timeoutSec: 480});
		expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
		expect(result.probe?.rootFs).toMatchObject({type: 'ext4', mode: 'rw'});
		console.log(`classic extlinux under SeaBIOS: login after ${result.timeToLoginSec?.toFixed(1)} s`);
	});

	// The classic builder writes fstab/hostname/hosts into the tree's /etc and
	// extlinux into its /boot as root; an image whose /etc or /boot is a
	// symlink to /out would have it write into the caller's folder.
	it.each(['etc', 'boot'])('refuses a tree whose /%s is a symbolic link, writing nothing through it', async dir => {
		const tree = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-classic-tree-'));
		const out = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-classic-out-'));
		try {
			for (const real of ['etc', 'boot'].filter(name => name !== dir)) mkdirSync(path.join(tree, real));
			symlinkSync('/out', path.join(tree, dir));
			writeFileSync(path.join(tree, 'vmlinuz'), 'not a kernel');
			await execa('tar', ['-c', '-f', path.join(out, 'rootfs.tar'), '-C', tree, '.']);
			const builder = await ensureBuilderImage(new Docker(), new AbortController().signal, () => {}, 'classic');
			const devices = ['/dev/loop-control', ...hostLoopDevices()].flatMap(device => ['--device', device]);
			const run = await execa('docker', ['run', '--rm', '--network', 'none', '--read-only', '--tmpfs', '/tmp:rw,exec,size=256m',
				'--cap-add', 'SYS_ADMIN', ...devices, '--mount', `type=bind,src=${out},dst=/out`, builder,
				'--out', '/out/disk.img', '--rootfs', '/out/rootfs.tar', '--size', String(128 * 1048576), '--root-uuid', '0f0e0d0c-0b0a-4908-8706-050403020100',
				'--hostname', 'kiln', '--owner', '0:0'], {reject: false});
			expect(run.exitCode, run.stderr).toBe(1);
			expect(run.stderr).toContain(`kiln-classic: the image's /${dir} is a symbolic link`);
			// Only the disk being made (kiln removes it on failure) and the tar, nothing written through the link.
			expect(readdirSync(out).filter(name => name !== 'disk.img' && name !== 'rootfs.tar')).toEqual([]);
		} finally {
			rmSync(tree, {recursive: true, force: true});
			rmSync(out, {recursive: true, force: true});
		}
	});
});
