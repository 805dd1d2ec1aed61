// Follows the classic builder's output stream: which Dockerfile step runs,
// which came from cache, which image each step produced, and the log.
import {LineSplitter} from '../lines.js';

export interface BuildMessage {
	stream?: string;
	error?: string;
	errorDetail?: {message?: string};
	aux?: {ID?: string};
}

export type BuildProgress =
	| {kind: 'step'; index: number; count: number; instruction: string}
	| {kind: 'cached'; index: number}
	| {kind: 'image'; index: number; imageId: string}
	| {kind: 'log'; line: string}
	| {kind: 'error'; message: string};

export class BuildStreamParser {
	private index = 0;
	private readonly lines = new LineSplitter();

	feed(message: BuildMessage): BuildProgress[] {
		const error = message.errorDetail?.message ?? message.error;
		if (error) return [{kind: 'error', message: error.trim()}];
		if (message.stream === undefined) return [];
		// The classic builder colours a step's stderr red with ANSI escapes.
		return this.lines.push(message.stream.replace(/\u001b\[[0-9;]*m/g, '')).flatMap(line => this.line(line));
	}

	private line(line: string): BuildProgress[] {
		const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
		if (step) {
			this.index = Number(step[1]);
			return [{kind: 'step', index: this.index, count: Number(step[2]), instruction: step[3]!}];
		}
		if (line === ' ---> Using cache') return [{kind: 'cached', index: this.index}];
		const image = /^ ---> ([0-9a-f]{12})$/.exec(line);
		if (image) return [{kind: 'image', index: this.index, imageId: image[1]!}];
		if (/^ ---> Running in [0-9a-f]+$/.test(line) || /^Removing intermediate container/.test(line)) return [];
		if (line.trim() === '') return [];
		return [{kind: 'log', line}];
	}
}
