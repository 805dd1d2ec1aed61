// Loads and validates the declarative distro definitions in distros/*.json.
// A malformed file is an error naming the file and the field.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {type Arch, arches} from '../core/arch.js';
import {KilnError} from '../core/errors.js';
import {packageRoot} from '../core/package-root.js';

export interface Choice {
	id: string;
	description: string;
}
export interface ReleaseDef extends Choice {
	name: string;
	/** Base image reference for this release. */
	image: string;
	/** The last day of any public security support (YYYY-MM-DD, e.g. the end of Debian LTS). */
	endOfSupport: string;
}
export interface KernelDef extends Choice {
	/** The packages per architecture; an architecture without an entry is one the kernel is not built for. */
	packages: Partial<Record<Arch, string[]>>;
	boot: {kernel: string; initrd: string};
	/** When given, the initramfs holds only these modules (and what they need): enough to find the root. */
	initramfsModules?: string[];
}
/** A kernel with its packages for the chosen architecture. */
export interface ArchKernel extends Omit<KernelDef, 'packages'> {
	packages: string[];
}
export interface InitDef extends Choice {
	packages: string[];
	/**
	 * Shell commands (written by the distro author, never from user input) that
	 * give ttyS0 a login; the plan names the chosen architecture's serial port instead.
	 */
	serialConsole: string[];
	/** Commands that set up DHCP on eth0 for this init, instead of the distro's essentials.network. */
	network?: string[];
	/** Commands that turn off units a VM does not need at boot. */
	trim: string[];
}
export interface DistroDef extends Choice {
	name: string;
	packageManager: 'apt' | 'apk';
	releases: ReleaseDef[];
	defaultRelease: string;
	kernels: KernelDef[];
	defaultKernel: string;
	inits: InitDef[];
	defaultInit: string;
	essentials: {packages: string[]; network: string[]; cmdline: string};
	/** The initramfs generator, when kiln should run it once per build (not once per package trigger). */
	initramfs?: 'initramfs-tools';
	/** Packages that give an SSH server, installed when a key is given. */
	sshPackages: string[];
	/** Packages the first-boot grow script needs (sfdisk, partx, resize2fs) beyond the essentials. */
	growPackages: string[];
	/** Commands that drop what a VM does not need (docs, caches, locales). */
	slim: string[];
	/** The file it was loaded from, for messages. */
	file: string;
}

export const defaultDistrosDir = path.join(packageRoot, 'distros');

type Json = Record<string, unknown>;

class Checker {
	constructor(private readonly file: string) {}

	fail(field: string, problem: string): never {
		throw new KilnError(`${this.file}: field "${field}" ${problem}`, {
			why: 'Every distro definition is checked when kiln starts, so a mistake shows here rather than mid-build.',
			hint: `Fix "${field}" in ${this.file}.`,
		});
	}

	string(object: Json, key: string, at: string): string {
		const value = object[key];
		if (typeof value !== 'string' || value.trim() === '') this.fail(`${at}${key}`, 'must be a non-empty string');
		return value;
	}

	strings(object: Json, key: string, at: string, pattern?: RegExp): string[] {
		const value = object[key];
		if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) this.fail(`${at}${key}`, 'must be a list of strings');
		for (const item of value as string[]) {
			if (pattern && !pattern.test(item)) this.fail(`${at}${key}`, `has an invalid entry "${item}"`);
		}
		return value as string[];
	}

	/** A calendar date written YYYY-MM-DD that exists (no 2026-02-30). */
	date(object: Json, key: string, at: string): string {
		const value = this.string(object, key, at);
		const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
		if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) this.fail(`${at}${key}`, `is "${value}", not a date written YYYY-MM-DD`);
		return value;
	}

	object(object: Json, key: string, at: string): Json {
		const value = object[key];
		if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(`${at}${key}`, 'must be an object');
		return value as Json;
	}

	list(object: Json, key: string): Json[] {
		const value = object[key];
		if (!Array.isArray(value) || value.length === 0) this.fail(key, 'must be a non-empty list');
		return value.map((item, i) => {
			if (typeof item !== 'object' || item === null) this.fail(`${key}[${i}]`, 'must be an object');
			return item as Json;
		});
	}

	oneOf(object: Json, key: string, ids: string[]): string {
		const value = this.string(object, key, '');
		if (!ids.includes(value)) this.fail(key, `is "${value}", which is not one of ${ids.join(', ')}`);
		return value;
	}
}

const packageName = /^[a-z0-9][a-z0-9+.-]*$/;
const moduleName = /^[a-z0-9_-]+$/;
const idPattern = /^[a-z0-9][a-z0-9.-]*$/;
const bootPath = /^\/[A-Za-z0-9._/-]+$/;

export function parseDistro(text: string, file: string): DistroDef {
	const check = new Checker(file);
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new KilnError(`${file} is not valid JSON: ${(error as Error).message}`, {hint: `Fix the syntax of ${file}.`});
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) check.fail('(top level)', 'must be an object');
	const json = raw as Json;
	const id = check.string(json, 'id', '');
	if (!idPattern.test(id)) check.fail('id', 'must be lower-case letters, digits, dots and dashes');
	const pm = check.string(json, 'packageManager', '') as DistroDef['packageManager'];
	if (pm !== 'apt' && pm !== 'apk') check.fail('packageManager', `is "${pm}"; kiln knows "apt" and "apk"`);

	const choice = (item: Json, at: string): Choice => {
		const itemId = check.string(item, 'id', at);
		if (!idPattern.test(itemId)) check.fail(`${at}id`, `"${itemId}" must be lower-case letters, digits, dots and dashes`);
		return {id: itemId, description: check.string(item, 'description', at)};
	};
	const releases = check.list(json, 'releases').map((item, i): ReleaseDef => ({
		...choice(item, `releases[${i}].`),
		name: check.string(item, 'name', `releases[${i}].`),
		image: check.string(item, 'image', `releases[${i}].`),
		endOfSupport: check.date(item, 'endOfSupport', `releases[${i}].`),
	}));
	const kernels = check.list(json, 'kernels').map((item, i): KernelDef => {
		const at = `kernels[${i}].`;
		const boot = check.object(item, 'boot', at);
		const kernel = check.string(boot, 'kernel', `${at}boot.`);
		const initrd = check.string(boot, 'initrd', `${at}boot.`);
		if (!bootPath.test(kernel)) check.fail(`${at}boot.kernel`, 'must be an absolute path');
		if (!bootPath.test(initrd)) check.fail(`${at}boot.initrd`, 'must be an absolute path');
		const byArch = check.object(item, 'packages', at);
		for (const key of Object.keys(byArch)) {
			if (!(arches as readonly string[]).includes(key)) check.fail(`${at}packages.${key}`, `names an architecture kiln does not know (${arches.join(', ')})`);
		}
		const packages = Object.fromEntries(Object.keys(byArch).map(arch => [arch, check.strings(byArch, arch, `${at}packages.`, packageName)]));
		if (Object.keys(packages).length === 0) check.fail(`${at}packages`, 'must name the packages of at least one architecture');
		const modules = item.initramfsModules === undefined ? undefined : check.strings(item, 'initramfsModules', at, moduleName);
		return {...choice(item, at), packages, boot: {kernel, initrd}, ...(modules ? {initramfsModules: modules} : {})};
	});
	const inits = check.list(json, 'inits').map((item, i): InitDef => ({
		...choice(item, `inits[${i}].`),
		packages: check.strings(item, 'packages', `inits[${i}].`, packageName),
		serialConsole: check.strings(item, 'serialConsole', `inits[${i}].`),
		...(item.network === undefined ? {} : {network: check.strings(item, 'network', `inits[${i}].`)}),
		trim: item.trim === undefined ? [] : check.strings(item, 'trim', `inits[${i}].`),
	}));
	const initramfs = json.initramfs === undefined ? undefined : check.oneOf(json, 'initramfs', ['initramfs-tools']) as 'initramfs-tools';
	const essentials = check.object(json, 'essentials', '');
	const cmdline = check.string(essentials, 'cmdline', 'essentials.');
	if (!/^[A-Za-z0-9._=,:/ -]*$/.test(cmdline)) check.fail('essentials.cmdline', 'has characters a kernel command line should not');

	return {
		id,
		name: check.string(json, 'name', ''),
		description: check.string(json, 'description', ''),
		packageManager: pm,
		releases,
		defaultRelease: check.oneOf(json, 'defaultRelease', releases.map(r => r.id)),
		kernels,
		defaultKernel: check.oneOf(json, 'defaultKernel', kernels.map(k => k.id)),
		inits,
		defaultInit: check.oneOf(json, 'defaultInit', inits.map(k => k.id)),
		essentials: {
			packages: check.strings(essentials, 'packages', 'essentials.', packageName),
			network: check.strings(essentials, 'network', 'essentials.'),
			cmdline,
		},
		...(initramfs ? {initramfs} : {}),
		sshPackages: check.strings(json, 'sshPackages', '', packageName),
		growPackages: check.strings(json, 'growPackages', '', packageName),
		slim: check.strings(json, 'slim', ''),
		file,
	};
}

/** The architectures any of the distro's kernels is built for. */
export function distroArches(distro: DistroDef): Arch[] {
	return arches.filter(arch => distro.kernels.some(kernel => kernel.packages[arch]));
}

/** Whether the release's support ended before `today` (its end date is the last day it had). */
export function supportEnded(release: ReleaseDef, today: Date = new Date()): boolean {
	return today.toISOString().slice(0, 10) > release.endOfSupport;
}

/** "supported until 2030-06-30", or "past end of support (2026-11-01)" once it ended. */
export function supportNote(release: ReleaseDef, today: Date = new Date()): string {
	return supportEnded(release, today) ? `past end of support (${release.endOfSupport})` : `supported until ${release.endOfSupport}`;
}

/** The plan's warning for a release whose support ended, naming the releases still supported. */
export function endOfSupportWarning(distro: DistroDef, release: ReleaseDef, today: Date = new Date()): string | undefined {
	if (!supportEnded(release, today)) return undefined;
	const supported = distro.releases.filter(item => !supportEnded(item, today)).map(item => item.id);
	const instead = supported.length > 0 ? ` Choose a supported release: ${supported.join(', ')}.` : '';
	return `${release.name} is past its end of support (${release.endOfSupport}): it gets no security updates.${instead}`;
}

let cache: {dir: string; distros: DistroDef[]} | undefined;

/** All distro definitions, sorted with debian first (the default). */
export function loadDistros(dir = defaultDistrosDir): DistroDef[] {
	if (cache?.dir === dir) return cache.distros;
	const files = readdirSync(dir).filter(name => name.endsWith('.json')).sort();
	const distros = files.map(name => {
		const file = path.join(dir, name);
		const distro = parseDistro(readFileSync(file, 'utf8'), file);
		if (`${distro.id}.json` !== name) throw new KilnError(`${file}: field "id" is "${distro.id}" but the file is named ${name}`, {hint: `Rename the file to ${distro.id}.json or fix its id.`});
		return distro;
	});
	distros.sort((a, b) => (a.id === 'debian' ? -1 : b.id === 'debian' ? 1 : a.id.localeCompare(b.id)));
	cache = {dir, distros};
	return distros;
}
