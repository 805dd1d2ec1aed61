import type {Accel} from '../core/boot-check-result.js';

/** The accelerator a machine runs with, and why. */
export interface AccelDecision {
	accel: Accel;
	/** Why, in words: shown to the user and kept in the boot-check result. */
	reason: string;
}
