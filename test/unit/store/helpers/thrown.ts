import {KilnError} from '../../../../source/core/errors.js';

/** The KilnError `work` throws, to check its message, hint and exit code together. */
export function thrown(work: () => unknown): KilnError {
	try {
		work();
	} catch (error) {
		if (error instanceof KilnError) return error;
		throw error;
	}
	throw new Error('expected a KilnError, but nothing was thrown');
}
