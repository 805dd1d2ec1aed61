// Talking to a guest over its serial console, expect-style: wait until a
// line (or the unfinished prompt) matches, then type. What is typed is never
// reported anywhere; only what the guest prints is, already masked.

/** Name → what to wait for. A prompt matches the unfinished tail of the console, or a line where a kernel message followed it. */
export interface Expectation {
	[name: string]: {pattern: RegExp; prompt?: boolean};
}

interface Waiter {
	expect: Expectation;
	resolve: (found: {name: string; text: string} | undefined) => void;
}

const kernelMessage = /\s*\[\s*\d+\.\d{6}\] .*$/;

export class GuestConsole {
	private readonly waiters = new Set<Waiter>();
	private readonly listeners = new Set<(line: string) => void>();

	constructor(private readonly input: NodeJS.WritableStream) {}

	/** Fed every complete line, and the unfinished tail whenever it changes. */
	see(text: string, unfinished: boolean): void {
		if (!unfinished) for (const listener of this.listeners) listener(text);
		// A kernel message can land right after a prompt and end its line
		// ("Password: [   69.355402] powernow_k8: …"): what precedes it is still a prompt.
		const promptText = unfinished ? text : kernelMessage.test(text) ? text.replace(kernelMessage, '') : undefined;
		for (const waiter of this.waiters) {
			for (const [name, {pattern, prompt = false}] of Object.entries(waiter.expect)) {
				const candidate = prompt ? promptText : unfinished ? undefined : text;
				if (candidate !== undefined && pattern.test(candidate)) {
					this.waiters.delete(waiter);
					waiter.resolve({name, text});
					break;
				}
			}
		}
	}

	/** Calls back with every complete line until the returned function is called. */
	onLine(listener: (line: string) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Types a line and presses Enter (a carriage return, as a terminal sends). */
	type(text: string): void {
		this.input.write(`${text}\r`);
	}

	/** Resolves with the first expectation met, or undefined on timeout or abort. */
	expect(expect: Expectation, timeoutMs: number, signal?: AbortSignal): Promise<{name: string; text: string} | undefined> {
		return new Promise(resolve => {
			const finish = (found: {name: string; text: string} | undefined) => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', abort);
				this.waiters.delete(waiter);
				resolve(found);
			};
			const waiter: Waiter = {expect, resolve: finish};
			const abort = () => finish(undefined);
			const timer = setTimeout(abort, timeoutMs);
			signal?.addEventListener('abort', abort, {once: true});
			this.waiters.add(waiter);
		});
	}
}
