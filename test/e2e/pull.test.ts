// A base image that is not on this machine is pulled (from the local
// registry npm run setup starts), each layer reported once with its size.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventsOf, kiln} from './helpers/cli.js';
import {ensurePullImage, forgetPullImage, pullImage} from './robustness/registry.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-pull-'));
beforeAll(ensurePullImage);
afterAll(async () => {
	await forgetPullImage();
	rmSync(dir, {recursive: true, force: true});
});

describe('--pull', () => {
	it('never: a missing base image is an error that says how to get it', async () => {
		const result = await kiln(['build', '--no-root-password', '--base', pullImage, '--pull', 'never', '-o', path.join(dir, 'never.img')]);
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain(`The base image ${pullImage} is not on this machine`);
		expect(result.stdout).toContain('--pull missing');
	});

	it('missing: pulls with per-layer progress, then builds from it', async () => {
		const result = await kiln(['build', '--json', '--no-root-password', '--firmware', 'bios', '--base', pullImage, '-o', path.join(dir, 'pulled.img')]);
		expect(result.exitCode, result.stderr + result.stdout.slice(-2000)).toBe(0);
		const layers = eventsOf(result.events, 'layer');
		const downloaded = layers.filter(layer => layer.status === 'downloading');
		expect(downloaded.length).toBeGreaterThan(1);
		expect(downloaded.at(-1)!.total).toBeGreaterThan(50_000_000);
		// Each layer ends once, with its unpacked size: the random 96 MiB one is the largest.
		const final = new Map(layers.filter(layer => layer.sizeBytes !== undefined).map(layer => [layer.id, layer]));
		expect(final.size).toBe(new Set(layers.map(layer => layer.id)).size);
		expect(Math.max(...[...final.values()].map(layer => layer.sizeBytes!))).toBeGreaterThan(100_000_000);
		const base = eventsOf(result.events, 'stage-finished').find(event => event.stage === 'base');
		expect(base?.detail).toContain('pulled');
	});
});
