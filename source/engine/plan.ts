// Resolves a person's choices against the distro definitions into a plan:
// every default applied, every value checked, with errors that name the flag.
import path from 'node:path';
import {type BuildChoices, type Secrets, bootloaderInfo, choiceTable, fillDefaults} from '../core/choices.js';
import {type Arch, archInfo} from '../core/arch.js';
import {type ArchKernel, type DistroDef, type InitDef, type ReleaseDef, distroArches, endOfSupportWarning, loadDistros} from './distros.js';
import {usageError} from '../core/errors.js';
import {hashPassword} from './crypt.js';
import type {PlanSummary} from '../core/plan-summary.js';
import type {AppSpec} from './app-service/model.js';
import {parseSize, roundUpMiB} from './size.js';
import {type PublicKey, checkImageRef, checkPackages, checkPassword, readPublicKey} from './validate.js';

export interface Plan extends PlanSummary {
	distro: DistroDef;
	release: ReleaseDef;
	/** The kernel's packages are the chosen architecture's. */
	kernel: ArchKernel;
	/** Its serial console commands name the chosen architecture's serial port. */
	init: InitDef;
	/** sha512-crypt hash; the password itself is dropped here. */
	rootPasswordHash?: string;
	sshKey?: PublicKey;
	/** The app of a converted image, started at boot (kiln convert). */
	app?: AppSpec;
}

function pick<T extends {id: string}>(items: T[], id: string, flag: string, what: string, owner: string): T {
	const found = items.find(item => item.id === id);
	if (!found) {
		throw usageError(flag, `${flag} "${id}": ${owner} has no ${what} by that name`,
			`Choose one of: ${items.map(item => item.id).join(', ')}.`);
	}
	return found;
}

/** Fills every unset choice with its default (from the distro where it has one), checking the values that have a fixed list. */
export function withDefaults(input: Partial<BuildChoices>, distros: DistroDef[] = loadDistros()): BuildChoices {
	const distro = pick(distros, input.distro ?? choiceTable.distro.default, '--distro', 'distro', 'kiln');
	return fillDefaults(input, distro);
}

export function resolvePlan(
	input: Partial<BuildChoices>,
	secrets: Secrets,
	/** `today` decides whether the release's support has ended (default: now). */
	options: {cwd?: string; distros?: DistroDef[]; today?: Date} = {},
): Plan {
	const distros = options.distros ?? loadDistros();
	const choices = withDefaults(input, distros);
	const distro = pick(distros, choices.distro, '--distro', 'distro', 'kiln');
	const release = pick(distro.releases, choices.release, '--release', 'release', distro.name);
	const kernel = archKernel(distro, pick(distro.kernels, choices.kernel, '--kernel', 'kernel', distro.name), choices.arch);
	const init = archInit(pick(distro.inits, choices.init, '--init', 'init system', distro.name), choices.arch);
	refuseArchFirmware(choices);
	const loader = bootloaderInfo[choices.bootloader];
	if (!loader.firmwares.includes(choices.firmware)) {
		throw usageError('--firmware', `--bootloader ${choices.bootloader} cannot boot --firmware ${choices.firmware}`,
			`Use --firmware ${loader.firmwares.join(' or ')} with it, or --bootloader grub.`);
	}
	if (choices.compress && choices.format !== 'qcow2') {
		throw usageError('--compress', '--compress only applies to --format qcow2', 'Drop --compress, or add --format qcow2.');
	}
	checkPackages(choices.packages, distro.packageManager);
	const baseImage = checkImageRef(choices.base ?? platformImage(release.image, choices.arch), '--base');
	const sizeBytes = choices.size === 'auto' ? undefined : roundUpMiB(parseSize(choices.size));
	if (sizeBytes !== undefined && sizeBytes < 128 * 1024 ** 2) {
		throw usageError('--size', `--size ${choices.size} is too small for any bootable image`, 'Use at least 128M, or "auto".');
	}

	let rootPasswordHash: string | undefined;
	if (secrets.rootPassword !== undefined) {
		rootPasswordHash = hashPassword(checkPassword(secrets.rootPassword));
		choices.rootPassword = true;
	} else if (choices.rootPassword) {
		throw usageError('--root-password', 'This build logs root in with a password, but none was given',
			'Pass --root-password-file FILE (or --root-password PW), or use --ssh-key / --no-root-password.');
	}
	const cwd = options.cwd ?? process.cwd();
	const sshKey = choices.sshKey ? readPublicKey(path.resolve(cwd, choices.sshKey)) : undefined;
	const outputPath = path.resolve(cwd, choices.output);
	const warnings: string[] = [];
	const unsupported = endOfSupportWarning(distro, release, options.today);
	if (unsupported) warnings.push(unsupported);
	if (!rootPasswordHash && !sshKey) {
		warnings.push('root has no password and no SSH key: nobody can log in to this image (use --root-password-file or --ssh-key)');
	}
	if (loader.privileged) {
		warnings.push(`--bootloader ${choices.bootloader} needs privileged Docker: its builder runs as root with CAP_SYS_ADMIN and the host's loop devices`);
	}

	return {
		choices,
		baseImage,
		outputPath,
		sizeBytes,
		distroName: distro.name,
		releaseName: release.name,
		kernelPackages: kernel.packages,
		initPackages: init.packages,
		warnings,
		distro,
		release,
		kernel,
		init,
		rootPasswordHash,
		sshKey,
	};
}

/** The kernel's packages for `arch`, or a refusal naming the architectures it has. */
function archKernel(distro: DistroDef, kernel: DistroDef['kernels'][number], arch: Arch): ArchKernel {
	const packages = kernel.packages[arch];
	if (packages) return {...kernel, packages};
	const offered = distroArches(distro);
	if (!offered.includes(arch)) {
		throw usageError('--arch', `--arch ${arch}: kiln's ${distro.name} has no ${arch} kernel`, `Choose --arch ${offered.join(' or ')}.`);
	}
	const others = distro.kernels.filter(item => item.packages[arch]).map(item => item.id);
	throw usageError('--kernel', `--kernel ${kernel.id} is not built for ${arch}`, `For --arch ${arch} choose --kernel ${others.join(' or ')}; ${kernel.id} is for ${Object.keys(kernel.packages).join(', ')}.`);
}

/** Distro files give ttyS0 a login; other architectures' first serial port has another name. */
function archInit(init: InitDef, arch: Arch): InitDef {
	const {serial} = archInfo[arch];
	return serial === 'ttyS0' ? init : {...init, serialConsole: init.serialConsole.map(command => command.replaceAll('ttyS0', serial))};
}

function refuseArchFirmware(choices: BuildChoices): void {
	if (archInfo[choices.arch].uefiOnly && choices.firmware !== 'uefi') {
		throw usageError('--firmware', `--firmware ${choices.firmware} cannot boot --arch ${choices.arch}`,
			`${choices.arch} machines boot by UEFI only (there is no BIOS for them): use --firmware uefi, the default for ${choices.arch}.`);
	}
}

/**
 * The base image of a release for `arch`. Docker keeps one image per tag, so
 * another architecture's official image goes by Docker Hub's per-architecture
 * name (arm64v8/debian:trixie), which local images can take too.
 */
export function platformImage(image: string, arch: Arch): string {
	if (arch === 'amd64' || image.includes('/')) return image;
	return `${arch}v8/${image}`;
}

export function summarize(plan: Plan): PlanSummary {
	const {choices, baseImage, outputPath, sizeBytes, distroName, releaseName, kernelPackages, initPackages, warnings, appBase} = plan;
	return {choices, baseImage, outputPath, sizeBytes, distroName, releaseName, kernelPackages, initPackages, warnings, ...(appBase ? {appBase} : {})};
}
