import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {probeBootSector} from '../../../source/qemu/accel-probe-payload.js';
import {chooseAccel} from '../../../source/qemu/accel.js';
import {findOnPath} from '../../../source/qemu/host-toolbox.js';
import type {QemuProcess, Toolbox} from '../../../source/qemu/toolbox.js';

/** A QEMU that prints `serial` and exits with `stderr`; counts its starts. */
function fakeToolbox(description: string, serial: string, stderr = '') {
	const toolbox = {
		starts: 0,
		kind: 'host' as const,
		description,
		forwardAddress: '127.0.0.1',
		ovmf: () => undefined,
		run: async () => ({exitCode: 0, stdout: '', stderr: ''}),
		attach: async () => 0,
		async start(): Promise<QemuProcess> {
			toolbox.starts++;
			const output = new PassThrough();
			const exited = new Promise<{code: number; stderr: string}>(resolve => {
				setTimeout(() => {
					output.end(serial);
					resolve({code: stderr ? 1 : 33, stderr});
				}, 10);
			});
			return {output, input: new PassThrough(), exited, stop: async () => void (await exited)};
		},
	};
	return toolbox satisfies Toolbox & {starts: number};
}

describe('the probe sector', () => {
	test.skipIf(!findOnPath('as') || !findOnPath('ld'))('is what accel-probe.S assembles to', async () => {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'kiln-asm-'));
		try {
			const source = fileURLToPath(new URL('../../../source/qemu/accel-probe.S', import.meta.url));
			await execa('as', ['--32', '-o', path.join(dir, 'p.o'), source]);
			await execa('ld', ['-m', 'elf_i386', '-Ttext=0x7c00', '--oformat', 'binary', '-o', path.join(dir, 'p.bin'), path.join(dir, 'p.o')]);
			expect(await readFile(path.join(dir, 'p.bin'))).toEqual(probeBootSector);
		} finally {
			await rm(dir, {recursive: true, force: true});
		}
	});

	test('is one boot sector', () => {
		expect(probeBootSector).toHaveLength(512);
		expect([...probeBootSector.subarray(510)]).toEqual([0x55, 0xaa]);
	});
});

describe('chooseAccel', () => {
	let cache: string;
	let env: NodeJS.ProcessEnv;
	beforeEach(async () => {
		cache = await mkdtemp(path.join(os.tmpdir(), 'kiln-accel-cache-'));
		env = {KILN_CACHE_DIR: cache};
	});
	afterEach(async () => {
		await rm(cache, {recursive: true, force: true});
	});

	test('TCG when asked, without probing', async () => {
		const toolbox = fakeToolbox('q', '');
		expect(await chooseAccel('tcg', toolbox, {env})).toEqual({accel: 'tcg', reason: 'TCG as asked (--accel tcg)'});
		expect(toolbox.starts).toBe(0);
	});

	test.skipIf(!existsSync('/dev/kvm'))('auto: probes once, then answers from the cache', async () => {
		const working = fakeToolbox('qemu A', 'kiln-accel-probe: real mode\r\nkiln-accel-probe: long mode\r\n');
		const first = await chooseAccel('auto', working, {env});
		expect(first.accel).toBe('kvm');
		expect(first.reason).toMatch(/^KVM: a test boot ran real mode to long mode in [\d.]+ s$/);
		const second = await chooseAccel('auto', working, {env});
		expect(second.accel).toBe('kvm');
		expect(second.reason).toContain('cached in');
		expect(working.starts).toBe(1);
	});

	test.skipIf(!existsSync('/dev/kvm'))('auto: a KVM that fails the test boot means TCG, with the reason', async () => {
		const broken = fakeToolbox('qemu B', '', 'KVM internal error. Suberror: 1\nemulation failure');
		const decision = await chooseAccel('auto', broken, {env});
		expect(decision).toEqual({accel: 'tcg', reason: 'TCG: KVM failed a test boot (KVM internal error. Suberror: 1)'});
		// The answer is cached per QEMU: another one is probed afresh.
		const other = fakeToolbox('qemu C', 'kiln-accel-probe: long mode\r\n');
		expect((await chooseAccel('auto', other, {env})).accel).toBe('kvm');
	});
});
