// The builder scripts check their arguments again (defence in depth): nothing
// malformed reaches sfdisk, mke2fs or a config file the bootloader and the
// guest parse. Both take their parser and common checks from lib.sh.
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {diskIds} from '../../../source/engine/disk-ids.js';

const builderScript = (path: string) => fileURLToPath(new URL(`../../../source/builder/${path}`, import.meta.url));
const ids = diskIds('test');
const common: Record<string, string> = {
	'--out': '/out/never-written.img', '--rootfs': '/out/never-read.tar', '--size': '1073741824', '--format': 'raw', '--root-uuid': ids.rootUuid,
	'--hostname': 'debian', '--kernel': '/vmlinuz', '--initrd': '/initrd.img', '--cmdline': 'net.ifnames=0',
};

const builders = [
	{
		name: 'assemble.sh',
		script: builderScript('assemble.sh'),
		prefix: 'kiln-assemble',
		valid: {
			...common, '--firmware': 'hybrid', '--hash-seed': ids.hashSeed, '--disk-id': ids.diskId,
			'--part-uuids': ids.partitionUuids.join(','), '--fat-id': ids.fatVolumeId, '--epoch': '1700000000',
		},
		bad: [
			['--root-uuid', '$(reboot)'],
			['--hash-seed', 'x'],
			['--disk-id', `${ids.diskId}\nlabel: dos`],
			['--part-uuids', `${ids.rootUuid},${ids.rootUuid}`],
			['--part-uuids', `${ids.rootUuid},${ids.rootUuid},${ids.rootUuid}, type=83`],
			['--fat-id', '1234567'],
			['--epoch', 'now'],
			['--hostname', 'a;b'],
			['--cmdline', 'quiet; init=/bin/sh\nmenuentry'],
			['--kernel', '/vmlinuz root=/dev/evil'],
			['--firmware', 'coreboot'],
			['--arch', 'riscv64'],
			['--format', 'iso'],
			['--size', '1G'],
			['--out', '/out/../etc/passwd'],
			['--out', '/out/a b.img'],
			['--rootfs', '/dev/sda'],
		],
	},
	{
		name: 'classic.sh',
		script: builderScript('classic/classic.sh'),
		prefix: 'kiln-classic',
		valid: {...common, '--owner': '1000:1000'},
		bad: [
			['--root-uuid', '$(reboot)'],
			['--hostname', 'a;b'],
			['--cmdline', 'quiet; init=/bin/sh\nmenuentry'],
			['--owner', '0:0 /etc'],
			['--format', 'iso'],
			['--out', '/out/../etc/passwd'],
			['--rootfs', '/out/../etc/shadow'],
		],
	},
];

describe.each(builders)('$name argument checks', ({script, prefix, valid, bad}) => {
	it.each(bad)('refuses %s %j before touching anything', async (flag, value) => {
		const args = Object.entries({...valid, [flag]: value}).flat();
		const result = await execa('bash', [script, ...args], {reject: false, input: ''});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(new RegExp(`^${prefix}: (bad|unknown)`));
		expect(result.stdout).toBe('');
	});

	it('refuses unknown arguments, and a flag without its value', async () => {
		const result = await execa('bash', [script, '--evil', 'x'], {reject: false});
		expect(result.exitCode).toBe(2);
		const cut = await execa('bash', [script, '--out'], {reject: false});
		expect(cut.exitCode).toBe(2);
		expect(cut.stderr).toBe(`${prefix}: --out needs a value`);
	});
});

it('assemble.sh refuses an arm64 disk for any firmware but UEFI', async () => {
	const args = Object.entries({...builders[0]!.valid, '--arch': 'arm64', '--firmware': 'hybrid'}).flat();
	const result = await execa('bash', [builderScript('assemble.sh'), ...args], {reject: false, input: ''});
	expect(result.exitCode).toBe(1);
	expect(result.stderr).toBe("kiln-assemble: arm64 disks boot by UEFI only, not 'hybrid'");
	expect(result.stdout).toBe('');
});

it('classic.sh refuses the flags only the default builder takes', async () => {
	const result = await execa('bash', [builderScript('classic/classic.sh'), '--firmware', 'bios'], {reject: false});
	expect(result.exitCode).toBe(2);
	expect(result.stderr).toBe('kiln-classic: unknown argument --firmware');
});
