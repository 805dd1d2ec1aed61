/** Whether to mount the Ink app: a real terminal on both ends and not CI. */
export function interactive(io: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv}): boolean {
	const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0';
	return Boolean(io.stdin.isTTY && io.stdout.isTTY) && !ci;
}
