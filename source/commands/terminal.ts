/**
 * Whether to mount the Ink app: only where Ink itself draws live. That is a
 * terminal on both ends, a terminal that can move the cursor (not TERM=dumb),
 * and not CI by Ink's own rule (is-in-ci 2, which Ink 6.8 uses: CI or
 * CONTINUOUS_INTEGRATION set to anything but "false" or "0", even empty).
 */
export function interactive(io: {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream; env: NodeJS.ProcessEnv}): boolean {
	return Boolean(io.stdin.isTTY && io.stdout.isTTY) && !inCi(io.env) && io.env.TERM !== 'dumb';
}

function inCi(env: NodeJS.ProcessEnv): boolean {
	const set = (key: string) => env[key] !== undefined && env[key] !== 'false' && env[key] !== '0';
	return set('CI') || set('CONTINUOUS_INTEGRATION');
}
