// Time from starting `kiln` in a terminal to its first wizard frame. `script`
// gives the CLI a pseudo-terminal, so it mounts the Ink app as for a person.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {Utf8Chunks} from '../core/lines.js';

const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
/** Text of the start screen's first item. */
const marker = 'New build';

/** The environment of a person's terminal: Ink draws nothing live when it thinks it runs in CI. */
function terminalEnv(): NodeJS.ProcessEnv {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'CONTINUOUS_INTEGRATION' && !key.startsWith('CI_')));
	return {...env, CI: 'false', TERM: env.TERM ?? 'xterm-256color'};
}

/** Time until `marker` appears on the terminal of `node SCRIPT…` (kiln by default). */
export async function measureFirstFrame(script: string[] = [cli]): Promise<{ms: number}> {
	const started = performance.now();
	const command = [process.execPath, ...script].map(word => JSON.stringify(word)).join(' ');
	const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: terminalEnv(),
	});
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	// A terminal that has already closed refuses the Ctrl-C below (EPIPE): the run's own outcome is what matters.
	child.stdin.on('error', () => undefined);
	try {
		return await new Promise<{ms: number}>((resolve, reject) => {
			let seen = '';
			const text = new Utf8Chunks();
			const timeout = setTimeout(() => reject(new Error(`no first frame within 10 s; saw: ${JSON.stringify(seen.slice(-300))}`)), 10_000);
			child.stdout.on('data', (chunk: Buffer) => {
				seen += text.write(chunk);
				// The pseudo-terminal may report no width, so Ink can wrap the text anywhere.
				if (seen.replace(/\s|\u001b\[[0-9;?]*[a-zA-Z]/g, '').includes(marker.replace(/\s/g, ''))) {
					clearTimeout(timeout);
					resolve({ms: performance.now() - started});
				}
			});
			child.once('error', reject);
			child.once('exit', code => reject(new Error(`the terminal closed (exit code ${code}) before the first frame; saw: ${JSON.stringify(seen.slice(-300))}`)));
		});
	} finally {
		// Ctrl-C through the terminal: the start screen leaves at once.
		if (child.exitCode === null) child.stdin.write('\u0003');
		const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
		await exited;
		clearTimeout(killer);
	}
}
