import type {AppBasePath, BuildChoices} from './choices.js';

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
	/**
	 * kiln convert: where the image's app runs. "inplace": kiln added a kernel
	 * and init to the image itself; "debian": the image's tree is kept whole on
	 * a Debian base and the app runs inside it. `why` says why, in words;
	 * `image` is the image converted.
	 */
	appBase?: {path: AppBasePath; why: string; image: string};
	/** Things the person should know before the build runs. */
	warnings: string[];
}
