// Plans a conversion. An image kiln can add a kernel and init to (a supported
// distro and release, with its package manager and a shell) is built on in
// place: the ordinary build plan with the image as its base. Any other image
// (scratch, distroless, a distro kiln has no definition for), or any image
// with --app-base debian, boots on a Debian OS built as `kiln build` builds
// it, with the image's tree kept whole beside it and its app run inside.
// Either way the image's app becomes plan.app; defaults that would name the
// distro name the image instead.
import type Docker from 'dockerode';
import {type AppBasePath, type BuildChoices, type Format, type Secrets, formatExtension} from '../../core/choices.js';
import {KilnError, usageError} from '../../core/errors.js';
import {type DistroDef, loadDistros} from '../distros.js';
import {type Plan, resolvePlan} from '../plan.js';
import {checkImageRef} from '../validate.js';
import {appFromImage} from '../app-service/model.js';
import {appServiceRecipe} from '../app-service/recipe.js';
import {withImageFiles} from './image-files.js';
import {rootedApp} from './rooted-app.js';
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
	const {inPlace} = source;
	// The image's programs decide the architecture: its own kernel and init, or the Debian base its tree runs on.
	if (input.arch !== undefined && input.arch !== source.arch) {
		throw usageError('--arch', `--arch ${input.arch} does not match ${ref}, an image for ${source.architecture}`,
			source.arch ? `Leave --arch out (kiln converts for ${source.arch}), or convert the image's ${input.arch} variant (docker pull --platform linux/${input.arch} …).` : `Convert an image built for ${input.arch}.`,
			"The image's programs run in the VM as they are: the kernel, the init and the Debian base must be for the same architecture.");
	}
	if (source.arch === undefined) {
		throw new KilnError(`The image ${ref} is for ${source.architecture}, an architecture kiln does not build for`, {
			why: 'kiln builds amd64 and arm64 disk images; the kernel and init must run the image\'s programs.',
			hint: 'Convert the image\'s amd64 or arm64 variant (docker pull --platform linux/amd64 …).',
		});
	}
	const chosen = input.appBase;
	if (chosen === 'inplace' && !inPlace.ok) throw inPlace.refusal;
	const path: AppBasePath = chosen ?? (inPlace.ok ? 'inplace' : 'debian');
	const why = chosen === 'debian'
		? '--app-base debian'
		: inPlace.ok ? `the image is ${inPlace.release.name}, with its package manager and a shell` : `${inPlace.reason}`;

	if (path === 'inplace' && input.release !== undefined && inPlace.ok) {
		throw usageError('--release', `--release picks the Debian base's release, but ${ref} is converted in place as ${inPlace.release.name}`,
			'Leave --release out to keep the image\'s own release, or add --app-base debian to boot its tree on a Debian base of that release.',
			'An image kiln builds on in place keeps its own distro and release: the kernel and init come from its packages.');
	}
	const debian = distros.find(distro => distro.id === 'debian');
	if (path === 'debian' && !debian) throw new Error('distros/ has no debian definition');
	const name = imageName(ref) || (inPlace.ok ? inPlace.distro.id : 'app');
	const base = path === 'inplace' && inPlace.ok
		? {distro: inPlace.distro.id, release: inPlace.release.id, base: ref}
		: {distro: debian!.id, release: input.release ?? debian!.defaultRelease, base: undefined};
	const plan: Plan = {
		...resolvePlan({
			...input,
			arch: source.arch,
			...base,
			appBase: path,
			hostname: input.hostname ?? name,
			output: input.output ?? `${name}.${formatExtension[input.format as Format] ?? 'img'}`,
		}, secrets, {cwd: options.cwd, distros}),
		appBase: {path, why, image: ref},
	};
	const found = options.appService ? appFromImage(ref, source.config) : {app: undefined, notes: []};
	if (path === 'debian' && !found.app) {
		throw new KilnError(`The image ${ref} would boot on a Debian base, but there is no app to run from it`, {
			why: `${options.appService ? 'It has no ENTRYPOINT or CMD' : '--no-app-service leaves its ENTRYPOINT/CMD out'}; on a Debian base only the app comes from the image (${why}).`,
			hint: 'Give the image an ENTRYPOINT or CMD, or build a plain Debian image with kiln build.',
		});
	}
	if (!found.app) return {plan, notes: found.notes};

	const notes = [...found.notes];
	let app = found.app;
	if (app && path === 'debian') {
		const rooted = await withImageFiles(options.docker, source.imageId, files => rootedApp(app!, source.imageId, source.config, files));
		app = rooted.app;
		notes.push(...rooted.notes);
	}
	// Generated once here so an init without an app service is refused before any build.
	if (app) appServiceRecipe(app, plan.init.id, plan.distro.packageManager);
	return {plan: {...plan, app}, notes};
}
