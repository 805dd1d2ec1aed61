import {readFileSync} from 'node:fs';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {type BuildMessage, type BuildProgress, BuildStreamParser} from '../../../source/core/docker/build-progress.js';
import {contextTar} from '../../../source/core/docker/context-tar.js';
import {onJsonLines} from '../../../source/core/docker/json-lines.js';
import {layerEvent, pullError} from '../../../source/engine/docker/pull-progress.js';

// Recorded from the real Docker engine (classic builder) on this machine.
function replay(name: string): BuildProgress[] {
	const parser = new BuildStreamParser();
	return readFileSync(new URL(`../../fixtures/docker/${name}`, import.meta.url), 'utf8')
		.split('\n')
		.filter(Boolean)
		.flatMap(line => parser.feed(JSON.parse(line) as BuildMessage));
}

describe('BuildStreamParser', () => {
	it('follows steps, the image each produced and the step log', () => {
		const items = replay('build-ok.jsonl');
		expect(items.filter(item => item.kind === 'step')).toEqual([
			{kind: 'step', index: 1, count: 4, instruction: 'FROM debian:bookworm'},
			{kind: 'step', index: 2, count: 4, instruction: 'ARG X=1'},
			{kind: 'step', index: 3, count: 4, instruction: 'RUN echo hello && dd if=/dev/zero of=/blob bs=1k count=300 2>/dev/null'},
			{kind: 'step', index: 4, count: 4, instruction: 'COPY Dockerfile /Dockerfile'},
		]);
		expect(items.filter(item => item.kind === 'image').map(item => item.kind === 'image' && item.index)).toEqual([1, 2, 3, 4]);
		expect(items).toContainEqual({kind: 'log', line: 'hello'});
		expect(items.some(item => item.kind === 'cached')).toBe(false);
	});

	it('marks steps that came from the cache', () => {
		const cached = replay('build-cached.jsonl').filter(item => item.kind === 'cached');
		expect(cached.map(item => item.kind === 'cached' && item.index)).toEqual([2, 3, 4]);
	});

	it('reports a failing step with its message and strips colour codes from the log', () => {
		const items = replay('build-failed.jsonl');
		expect(items.at(-1)).toEqual({kind: 'error', message: expect.stringContaining('returned a non-zero code: 100')});
		expect(items.some(item => item.kind === 'log' && item.line.includes('\u001b'))).toBe(false);
		expect(items).toContainEqual({kind: 'log', line: expect.stringContaining('Unable to locate package no-such-package-kiln')});
	});
});

describe('pull progress', () => {
	it('maps layer messages to layer events and ignores image-level ones', () => {
		expect(layerEvent({id: 'bookworm', status: 'Pulling from library/debian'})).toBeUndefined();
		expect(layerEvent({id: '2a3f4b5c6d7e', status: 'Pulling fs layer'})).toMatchObject({status: 'waiting'});
		expect(layerEvent({id: '2a3f4b5c6d7e', status: 'Downloading', progressDetail: {current: 10, total: 100}})).toMatchObject({status: 'downloading', current: 10, total: 100});
		expect(layerEvent({id: '2a3f4b5c6d7e', status: 'Pull complete'})).toMatchObject({status: 'done'});
		expect(layerEvent({id: '2a3f4b5c6d7e', status: 'Already exists'})).toMatchObject({status: 'present'});
		expect(pullError({errorDetail: {message: 'manifest unknown'}})).toBe('manifest unknown');
	});
});

describe('onJsonLines', () => {
	it('reassembles objects split across chunks', async () => {
		const stream = new PassThrough();
		const seen: unknown[] = [];
		onJsonLines(stream, message => seen.push(message));
		stream.write('{"a":1}\n{"b"');
		stream.write(':2}\n{"c":3}');
		stream.end();
		await new Promise(resolve => stream.on('end', resolve));
		expect(seen).toEqual([{a: 1}, {b: 2}, {c: 3}]);
	});
});

describe('contextTar', () => {
	it('writes ustar headers with valid checksums and padded bodies', () => {
		const tar = contextTar([{name: 'Dockerfile', content: 'FROM x\n', mode: 0o644}, {name: 'kiln/configure.sh', content: '#!/bin/sh\n', mode: 0o755}]);
		expect(tar.length).toBe(512 * 2 + 512 * 2 + 1024);
		const header = tar.subarray(0, 512);
		expect(header.toString('ascii', 0, 10)).toBe('Dockerfile');
		expect(header.toString('ascii', 257, 262)).toBe('ustar');
		const stored = parseInt(header.toString('ascii', 148, 154), 8);
		const copy = Buffer.from(header);
		copy.write('        ', 148, 'ascii');
		expect(stored).toBe(copy.reduce((sum, byte) => sum + byte, 0));
		expect(tar.toString('utf8', 512, 519)).toBe('FROM x\n');
	});
});
