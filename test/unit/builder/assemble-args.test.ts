// The builder script checks its arguments again (defence in depth): nothing
// malformed reaches sfdisk, mke2fs or a config file GRUB and the guest parse.
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';
import {diskIds} from '../../../source/engine/disk-ids.js';

const script = fileURLToPath(new URL('../../../source/builder/assemble.sh', import.meta.url));
const ids = diskIds('test');
const valid: Record<string, string> = {
	'--out': '/out/never-written.img', '--size': '1073741824', '--firmware': 'hybrid', '--format': 'raw',
	'--root-uuid': ids.rootUuid, '--hash-seed': ids.hashSeed, '--disk-id': ids.diskId,
	'--part-uuids': ids.partitionUuids.join(','), '--fat-id': ids.fatVolumeId, '--epoch': '1700000000',
	'--hostname': 'debian', '--kernel': '/vmlinuz', '--initrd': '/initrd.img', '--cmdline': 'net.ifnames=0',
};

async function run(changes: Record<string, string>) {
	const args = Object.entries({...valid, ...changes}).flat();
	return execa('bash', [script, ...args], {reject: false, input: ''});
}

describe('assemble.sh argument checks', () => {
	it.each([
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
		['--format', 'iso'],
		['--size', '1G'],
		['--out', '/out/../etc/passwd'],
		['--out', '/out/a b.img'],
	])('refuses %s %j before touching anything', async (flag, value) => {
		const result = await run({[flag]: value});
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toMatch(/^kiln-assemble: (bad|unknown)/);
		expect(result.stdout).toBe('');
	});

	it('refuses unknown arguments', async () => {
		const result = await execa('bash', [script, '--evil', 'x'], {reject: false});
		expect(result.exitCode).toBe(2);
	});
});
