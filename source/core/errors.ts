/** An error as plain data, in events and the history. */
export interface ErrorInfo {
	/** What went wrong, in plain words. */
	message: string;
	/** Why it matters or what caused it, when known. */
	why?: string;
	/** What to do about it. */
	hint?: string;
	/** The last lines of the failing step's log. */
	logTail?: string[];
}

/** An error meant for a person: what is wrong, why, and what to do. */
export class KilnError extends Error {
	readonly why?: string;
	readonly hint?: string;
	/** The flag or field at fault, for usage errors. */
	readonly field?: string;
	/** 2 for bad input (usage), 1 for a failed build. */
	readonly exitCode: number;
	logTail?: string[];

	constructor(message: string, options: {why?: string; hint?: string; field?: string; exitCode?: number; logTail?: string[]} = {}) {
		super(message);
		this.name = 'KilnError';
		this.why = options.why;
		this.hint = options.hint;
		this.field = options.field;
		this.exitCode = options.exitCode ?? 1;
		this.logTail = options.logTail;
	}
}

/** A bad flag or value: exit code 2. */
export function usageError(field: string, message: string, hint?: string, why?: string): KilnError {
	return new KilnError(message, {field, hint, why, exitCode: 2});
}

export function toErrorInfo(error: unknown): ErrorInfo {
	if (error instanceof KilnError) {
		return {message: error.message, why: error.why, hint: error.hint, logTail: error.logTail};
	}
	return {message: error instanceof Error ? error.message : String(error)};
}

/** The thrown value when a run is cancelled through its AbortSignal. */
export class CancelledError extends Error {
	constructor() {
		super('cancelled');
		this.name = 'CancelledError';
	}
}
