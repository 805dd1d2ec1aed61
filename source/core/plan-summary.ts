import type {BuildChoices} from './choices.js';

/** The resolved plan as it travels in events and history: no secrets, no functions. */
export interface PlanSummary {
	choices: BuildChoices;
	baseImage: string;
	outputPath: string;
	/** Disk size in bytes, or undefined while `auto` is not yet known. */
	sizeBytes?: number;
	distroName: string;
	releaseName: string;
	kernelPackages: string[];
	initPackages: string[];
	/** Things the person should know before the build runs. */
	warnings: string[];
}
