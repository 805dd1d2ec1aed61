import {readFileSync} from 'node:fs';

/** Polls a process's peak resident memory (VmHWM) until stopped; Linux only. */
export function watchPeakMemory(pid: number): () => number {
	let peak = 0;
	const read = () => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) peak = Math.max(peak, Number(match[1]) * 1024);
		} catch {
			// The process has exited; the last reading stands.
		}
	};
	const timer = setInterval(read, 50);
	return () => {
		read();
		clearInterval(timer);
		return peak;
	};
}
