import type {Io} from '../app/io.js';

export interface Command {
	name: string;
	usage: string;
	/** Resolves to the process exit code. */
	run(argv: string[], io: Io): Promise<number>;
}
