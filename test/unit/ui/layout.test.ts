import {describe, expect, it} from 'vitest';
import {clip, maxLogRows, settledPrefix, shareRows} from '../../../source/ui/build/layout.js';
import type {StageState} from '../../../source/engine/state.js';

const stage = (id: StageState['id'], status: StageState['status']): StageState => ({id, title: id, status});

describe('settledPrefix', () => {
	it('holds the leading stages that can no longer change', () => {
		const stages = [stage('preflight', 'done'), stage('base', 'skipped'), stage('os', 'running'), stage('export', 'done')];
		expect(settledPrefix(stages).map(item => item.id)).toEqual(['preflight', 'base']);
	});

	it('holds every stage once the run has ended', () => {
		const stages = [stage('preflight', 'done'), stage('base', 'failed'), stage('os', 'cancelled')];
		expect(settledPrefix(stages)).toHaveLength(3);
	});
});

describe('shareRows', () => {
	it('gives children what they need and the log the rest, up to its limit', () => {
		expect(shareRows(20, 5, 100)).toEqual({children: 5, logs: maxLogRows});
	});

	it('keeps a few log rows when children would take everything', () => {
		expect(shareRows(10, 50, 100)).toEqual({children: 7, logs: 3});
	});

	it('never hands out rows it does not have', () => {
		expect(shareRows(-3, 4, 4)).toEqual({children: 0, logs: 0});
		expect(shareRows(2, 0, 100)).toEqual({children: 0, logs: 2});
	});
});

describe('clip', () => {
	it('keeps the newest items and leaves a row to count the rest', () => {
		expect(clip([1, 2, 3, 4, 5], 3)).toEqual({hidden: 3, shown: [4, 5]});
		expect(clip([1, 2], 3)).toEqual({hidden: 0, shown: [1, 2]});
		expect(clip([1, 2], 0)).toEqual({hidden: 0, shown: []});
	});
});
