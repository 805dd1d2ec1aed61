/** What a front end needs from the process, injectable for tests. */
export interface Io {
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	stdin: NodeJS.ReadStream;
	env: NodeJS.ProcessEnv;
	cwd: string;
}
