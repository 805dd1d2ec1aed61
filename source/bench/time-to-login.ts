// For `npm run bench`: seconds from QEMU's start to the login prompt, always
// under TCG with the boot check's machine (1 GiB, 2 CPUs), so images compare.
import {bootCheck} from '../app/boot-check.js';

export async function measureTimeToLogin(image: string, options: {signal?: AbortSignal; timeoutSec?: number} = {}): Promise<number> {
	const result = await bootCheck({image, accel: 'tcg', timeoutSec: options.timeoutSec ?? 600, signal: options.signal});
	if (!result.ok || result.timeToLoginSec === undefined) {
		throw new Error(`${image} did not reach a login prompt: ${result.reason ?? 'unknown reason'}\n${result.lastLines.slice(-10).join('\n')}`);
	}
	return result.timeToLoginSec;
}
