// Runs the built CLI (dist/cli.js) as a real child process.
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import type {KilnEvent} from '../../../source/core/events.js';

export const cli = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

export interface KilnResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	/** Parsed when --json was given. */
	events: KilnEvent[];
}

export async function kiln(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number} = {}): Promise<KilnResult> {
	const result = await execa('node', [cli, ...args], {
		reject: false,
		env: {...process.env, CI: 'true', ...options.env},
		cwd: options.cwd,
		input: options.input,
		timeout: options.timeoutMs ?? 15 * 60_000,
	});
	const events = args.includes('--json')
		? String(result.stdout).split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as KilnEvent)
		: [];
	return {exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr), events};
}

export function eventsOf<T extends KilnEvent['type']>(events: KilnEvent[], type: T): Array<Extract<KilnEvent, {type: T}>> {
	return events.filter((event): event is Extract<KilnEvent, {type: T}> => event.type === type);
}
