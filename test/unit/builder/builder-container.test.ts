import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {classicBuilder, defaultBuilder, hostLoopDevices, privilegeFailure} from '../../../source/engine/stages/builder-container.js';

describe('defaultBuilder', () => {
	it('asks for nothing: no capabilities, devices or network, read-only root, the uid it is given', () => {
		const builder = defaultBuilder('/data/out', '1000:1000');
		expect(builder.kind).toBe('assemble');
		expect(builder.user).toBe('1000:1000');
		expect(builder.hostConfig).toMatchObject({CapDrop: ['ALL'], NetworkMode: 'none', ReadonlyRootfs: true, Mounts: [{Type: 'bind', Source: '/data/out', Target: '/out', ReadOnly: false}]});
		expect(builder.hostConfig.CapAdd).toBeUndefined();
		expect(builder.hostConfig.Devices).toBeUndefined();
		expect(builder.hostConfig.Privileged).toBeUndefined();
	});
});

describe('classicBuilder', () => {
	it('asks only for CAP_SYS_ADMIN and the loop devices, never --privileged', () => {
		const builder = classicBuilder('/data/out', ['/dev/loop0', '/dev/loop7']);
		expect(builder).toMatchObject({kind: 'classic', user: '0:0'});
		expect(builder.hostConfig.CapAdd).toEqual(['SYS_ADMIN']);
		expect(builder.hostConfig.Privileged).toBeUndefined();
		expect(builder.hostConfig.NetworkMode).toBe('none');
		expect((builder.hostConfig.Devices as Array<{PathOnHost: string}>).map(device => device.PathOnHost)).toEqual(['/dev/loop-control', '/dev/loop0', '/dev/loop7']);
	});

	it('refuses clearly on a host without loop devices', () => {
		expect(() => classicBuilder('/data/out', [])).toThrow(/needs loop devices/);
	});

	it('finds the loop devices of a /dev, and nothing else', () => {
		const dev = mkdtempSync(path.join(tmpdir(), 'kiln-dev-'));
		for (const name of ['loop0', 'loop12', 'loop-control', 'sda', 'loopy']) writeFileSync(path.join(dev, name), '');
		mkdirSync(path.join(dev, 'mapper'));
		expect(hostLoopDevices(dev).sort()).toEqual([`${dev}/loop0`, `${dev}/loop12`]);
	});

	it('turns Docker\'s refusal into a message that names what is needed', () => {
		const error = privilegeFailure(new Error('(HTTP code 500) server error - unable to apply caps: operation not permitted'));
		expect(error?.message).toMatch(/refused the classic builder/);
		expect(error?.hint).toMatch(/--bootloader grub/);
		expect(privilegeFailure(new Error('no space left on device'))).toBeUndefined();
	});
});
