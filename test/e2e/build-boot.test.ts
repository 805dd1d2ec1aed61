// The core promise, end to end: kiln build with the real Docker engine makes
// a disk image that real QEMU boots to a root shell on its serial console.
import {mkdtempSync, openSync, readSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-build-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function readBytes(file: string, offset: number, length: number): Buffer {
	const fd = openSync(file, 'r');
	const buffer = Buffer.alloc(length);
	readSync(fd, buffer, 0, length, offset);
	return buffer;
}

describe.each([
	// The default (stable), oldstable with another init, and stable's generic kernel.
	{init: 'systemd', release: 'trixie', kernel: 'cloud'},
	{init: 'sysvinit', release: 'bookworm', kernel: 'cloud'},
	{init: 'systemd', release: 'trixie', kernel: 'generic'},
])('debian $release, $kernel kernel, $init', ({init, release, kernel}) => {
	const output = path.join(dir, `${release}-${kernel}-${init}.img`);

	it('builds an MBR disk with GRUB and an ext4 root, reporting every stage', async () => {
		const result = await kiln([
			'build', '--json', '--distro', 'debian', '--release', release, '--kernel', kernel, '--init', init,
			'--firmware', 'bios', '--hostname', `kiln-${init}`, '--root-password', 's3cret', '--output', output,
		]);
		expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
		const finished = eventsOf(result.events, 'stage-finished').map(event => event.stage);
		expect(finished).toEqual(expect.arrayContaining(['preflight', 'base', 'os', 'export', 'assemble', 'write']));
		const steps = eventsOf(result.events, 'step').filter(step => step.status !== 'running');
		expect(steps.some(step => step.instruction.includes(`apt-get install`) && (step.sizeBytes ?? 0) > 50_000_000)).toBe(true);
		const [artifact] = eventsOf(result.events, 'artifact');
		expect(artifact).toMatchObject({path: output, format: 'raw', sha256: expect.stringMatching(/^[0-9a-f]{64}$/)});
		expect(statSync(output).size).toBe(artifact!.virtualBytes);
		// The password is hashed before anything leaves kiln.
		expect(result.stdout).not.toContain('s3cret');

		const mbr = readBytes(output, 0, 512);
		expect(mbr.readUInt16LE(510)).toBe(0xaa55);
		expect(mbr.subarray(0, 440).some(byte => byte !== 0)).toBe(true);
		const entry = mbr.subarray(446, 462);
		expect(entry[0]).toBe(0x80);
		expect(entry[4]).toBe(0x83);
		expect(entry.readUInt32LE(8)).toBe(2048);
		// ext4's superblock magic, 1 KiB into the partition.
		expect(readBytes(output, 2048 * 512 + 1024 + 0x38, 2).readUInt16LE(0)).toBe(0xef53);
		// GRUB's core image sits right after the MBR.
		expect(readBytes(output, 512, 512).some(byte => byte !== 0)).toBe(true);
	});

	it('boots under QEMU to a login where root logs in on a read-write ext4 root', async () => {
		const lines: string[] = [];
		const result = await bootCheck({image: output, rootPassword: 's3cret', accel: 'tcg', timeoutSec: 420}, event => {
			if (event.type === 'boot-serial') lines.push(event.line);
		});
		expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
		expect(result.loggedIn).toBe(true);
		expect(result.probe?.os.id).toBe('debian');
		expect(result.probe?.os.name).toContain(release);
		expect(result.probe?.kernel).toMatch(kernel === 'cloud' ? /-cloud-amd64$/ : /-amd64$/);
		expect(result.probe?.rootFs).toMatchObject({type: 'ext4', mode: 'rw'});
		expect(result.probe?.network.up).toBe(true);
		expect(lines.some(line => line.includes(`kiln-${init} login:`))).toBe(true);
		expect(lines.join('\n')).not.toContain('s3cret');
	});
});
