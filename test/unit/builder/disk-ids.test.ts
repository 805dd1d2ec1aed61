import {describe, expect, it} from 'vitest';
import {checkSeed} from '../../../source/core/value-checks.js';
import {defaultSeed, diskIds, sourceDateEpoch} from '../../../source/engine/disk-ids.js';
import {withDefaults} from '../../../source/engine/plan.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('diskIds', () => {
	it('derives every identifier from the seed, the same each time', () => {
		const ids = diskIds('release-1');
		expect(diskIds('release-1')).toEqual(ids);
		for (const value of [ids.rootUuid, ids.hashSeed, ids.diskId, ...ids.partitionUuids]) expect(value).toMatch(uuid);
		expect(ids.fatVolumeId).toMatch(/^[0-9a-f]{8}$/);
		expect(new Set([ids.rootUuid, ids.hashSeed, ids.diskId, ...ids.partitionUuids]).size).toBe(6);
	});

	it('gives a different disk for a different seed', () => {
		const a = diskIds('a');
		const b = diskIds('b');
		expect(b.rootUuid).not.toBe(a.rootUuid);
		expect(b.diskId).not.toBe(a.diskId);
		expect(b.fatVolumeId).not.toBe(a.fatVolumeId);
	});
});

describe('defaultSeed', () => {
	it('depends on the OS image and on the choices that shape the disk, not on the output path', () => {
		const choices = withDefaults({});
		const seed = defaultSeed('sha256:abc', choices);
		expect(defaultSeed('sha256:abc', {...choices, output: 'elsewhere.img', force: true})).toBe(seed);
		expect(defaultSeed('sha256:def', choices)).not.toBe(seed);
		expect(defaultSeed('sha256:abc', {...choices, firmware: 'bios'})).not.toBe(seed);
		expect(defaultSeed('sha256:abc', {...choices, size: '2G'})).not.toBe(seed);
	});
});

describe('checkSeed', () => {
	it('accepts plain words and refuses anything shell- or file-like', () => {
		expect(checkSeed('release-1.4:b+2')).toBe('release-1.4:b+2');
		for (const bad of ['', 'a b', '$(reboot)', 'a;b', 'x'.repeat(129), 'a/b']) expect(() => checkSeed(bad)).toThrow(/--seed/);
	});
});

describe('sourceDateEpoch', () => {
	it('takes SOURCE_DATE_EPOCH when set, else the image creation time', () => {
		expect(sourceDateEpoch('2026-11-28T18:43:58.123456789Z', {})).toBe(1795891438);
		expect(sourceDateEpoch('2026-11-28T18:43:58Z', {SOURCE_DATE_EPOCH: '1700000000'})).toBe(1700000000);
		expect(() => sourceDateEpoch('2026-11-28T18:43:58Z', {SOURCE_DATE_EPOCH: 'yesterday'})).toThrow(/SOURCE_DATE_EPOCH/);
	});
});
