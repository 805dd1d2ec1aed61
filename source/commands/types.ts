/** What a command needs from the process, injectable for tests. */
export interface Io {
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	env: NodeJS.ProcessEnv;
	cwd: string;
}

export interface Command {
	name: string;
	usage: string;
	/** Resolves to the process exit code. */
	run(argv: string[], io: Io): Promise<number>;
}
