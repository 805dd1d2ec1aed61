// --format raw|qcow2|vmdk|vdi|vhdx end to end: each image is checked by
// `qemu-img info` against what kiln reported (virtual size, bytes on disk),
// and the compressed qcow2 is booted to a root shell.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import {eventsOf, kiln} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-formats-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

interface QemuImgInfo {
	format: string;
	'virtual-size': number;
	'actual-size': number;
	'format-specific'?: {data?: {'compression-type'?: string}};
}

async function info(file: string): Promise<QemuImgInfo> {
	const {stdout} = await execa('qemu-img', ['info', '--output=json', file]);
	return JSON.parse(stdout) as QemuImgInfo;
}

async function build(args: string[], output: string) {
	const result = await kiln(['build', '--json', ...args, '--output', output]);
	expect(result.exitCode, result.stderr + result.stdout.slice(-3000)).toBe(0);
	const [artifact] = eventsOf(result.events, 'artifact');
	return artifact!;
}

const sizes = new Map<string, {virtual: number; disk: number}>();
afterAll(() => {
	for (const [name, size] of sizes) console.log(`${name.padEnd(16)} virtual ${size.virtual} B, on disk ${(size.disk / 1e6).toFixed(1)} MB`);
});

describe.each([
	{name: 'raw', args: [], file: 'disk.img', format: 'raw'},
	{name: 'qcow2', args: ['--format', 'qcow2'], file: 'disk.qcow2', format: 'qcow2'},
	{name: 'vmdk', args: ['--format', 'vmdk'], file: 'disk.vmdk', format: 'vmdk'},
	{name: 'vdi', args: ['--format', 'vdi'], file: 'disk.vdi', format: 'vdi'},
	{name: 'vhdx', args: ['--format', 'vhdx'], file: 'disk.vhdx', format: 'vhdx'},
])('$name', ({name, args, file, format}) => {
	it('is what qemu-img info says, with the virtual size and bytes on disk kiln reported', async () => {
		const output = path.join(dir, file);
		const artifact = await build([...args, '--no-root-password'], output);
		const actual = await info(output);
		expect(actual.format).toBe(format);
		expect(artifact).toMatchObject({format, virtualBytes: actual['virtual-size'], diskBytes: actual['actual-size']});
		sizes.set(name, {virtual: artifact.virtualBytes, disk: artifact.diskBytes});
	});
});

describe('qcow2 --compress', () => {
	const output = path.join(dir, 'compressed.qcow2');

	it('is zstd-compressed and smaller on disk than raw', async () => {
		const artifact = await build(['--format', 'qcow2', '--compress', '--root-password', 's3cret'], output);
		const actual = await info(output);
		expect(actual.format).toBe('qcow2');
		expect(actual['format-specific']?.data?.['compression-type']).toBe('zstd');
		expect(artifact).toMatchObject({virtualBytes: actual['virtual-size'], diskBytes: actual['actual-size']});
		sizes.set('qcow2 --compress', {virtual: artifact.virtualBytes, disk: artifact.diskBytes});
		expect(artifact.diskBytes).toBeLessThan(sizes.get('raw')!.disk * 0.6);
	});

	it('boots to a root shell', async () => {
		const result = await bootCheck({image: output, rootPassword: 's3cret', accel: 'tcg', timeoutSec: 480});
		expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
		expect(result.image.format).toBe('qcow2');
		expect(result.probe?.rootFs).toMatchObject({type: 'ext4', mode: 'rw'});
		console.log(`compressed qcow2 (${result.image.firmware}): login after ${result.timeToLoginSec?.toFixed(1)} s`);
	});
});
