// Plans a conversion: the image's distro and release are detected, the build
// plan is the ordinary one with the image as its base, and the image's app
// becomes plan.app. Defaults that would name the distro name the image instead.
import type Docker from 'dockerode';
import {type BuildChoices, type Format, type Secrets, formatExtension} from '../../core/choices.js';
import {type DistroDef, loadDistros} from '../distros.js';
import {type Plan, resolvePlan} from '../plan.js';
import {checkImageRef} from '../validate.js';
import {appFromImage} from '../app-service/model.js';
import {appServiceRecipe} from '../app-service/recipe.js';
import {inspectSourceImage} from './source-image.js';

export interface ConvertOptions {
	docker: Docker;
	cwd: string;
	/** false for --no-app-service. */
	appService: boolean;
	signal: AbortSignal;
	distros?: DistroDef[];
}

export interface ConvertPlan {
	plan: Plan;
	/** Things worth telling the person (no app found, variables left out). */
	notes: string[];
}

/** "registry:5000/team/web-app:1.2" → "web-app": a hostname and file name for the image. */
export function imageName(ref: string): string {
	const repository = ref.replace(/@.*$/, '').replace(/:[^/]*$/, '');
	const last = repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
	return last.replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
}

export async function planConvert(ref: string, input: Partial<BuildChoices>, secrets: Secrets, options: ConvertOptions): Promise<ConvertPlan> {
	checkImageRef(ref, 'IMAGE');
	const distros = options.distros ?? loadDistros();
	const source = await inspectSourceImage(options.docker, ref, input.pull ?? 'missing', distros, options.signal);
	const name = imageName(ref) || source.distro.id;
	const plan = resolvePlan({
		...input,
		distro: source.distro.id,
		release: source.release.id,
		base: ref,
		hostname: input.hostname ?? name,
		output: input.output ?? `${name}.${formatExtension[input.format as Format] ?? 'img'}`,
	}, secrets, {cwd: options.cwd, distros});
	if (!options.appService) return {plan, notes: []};

	const {app, notes} = appFromImage(ref, source.config);
	// Generated once here so an init without an app service is refused before any build.
	if (app) appServiceRecipe(app, plan.init.id, plan.distro.packageManager);
	return {plan: {...plan, app}, notes};
}
