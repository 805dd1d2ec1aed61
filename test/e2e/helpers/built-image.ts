// Disk images built by the real CLI (dist/cli.js), once, and reused by every
// e2e test that only needs to boot one. The cache key covers everything that
// shapes an image (recipe, engine, builder, distro definitions), so a change
// to any of them builds afresh. KILN_E2E_IMAGES moves the cache.
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {mkdir, rename, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {kiln} from './cli.js';

/** The root password of every built image (test-only). */
export const builtImageRootPassword = 'kiln-e2e-s3cret';

const recipes = {
	'bookworm-systemd': ['--distro', 'debian', '--release', 'bookworm', '--kernel', 'cloud', '--init', 'systemd', '--firmware', 'bios', '--hostname', 'kiln-e2e'],
} as const;

export type BuiltImageName = keyof typeof recipes;

const root = fileURLToPath(new URL('../../../', import.meta.url));

function filesUnder(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? filesUnder(full) : [full];
	});
}

function cacheKey(name: BuiltImageName): string {
	const hash = createHash('sha256').update(JSON.stringify(recipes[name]));
	for (const dir of ['source/engine', 'source/builder', 'distros']) {
		for (const file of filesUnder(path.join(root, dir)).sort()) hash.update(file).update(readFileSync(file));
	}
	return hash.digest('hex').slice(0, 16);
}

export async function builtImage(name: BuiltImageName): Promise<string> {
	const dir = process.env.KILN_E2E_IMAGES ?? path.join(tmpdir(), 'kiln-e2e-images');
	const image = path.join(dir, `${name}-${cacheKey(name)}.img`);
	if (existsSync(image) && statSync(image).size > 0) return image;
	await mkdir(dir, {recursive: true});
	const partial = `${image}.building-${process.pid}`;
	const result = await kiln(['build', '--plain', ...recipes[name], '--root-password', builtImageRootPassword, '--output', partial, '--force']);
	if (result.exitCode !== 0) {
		await rm(partial, {force: true});
		throw new Error(`kiln build for ${name} failed (${result.exitCode}):\n${result.stderr}\n${result.stdout.slice(-3000)}`);
	}
	await rename(partial, image);
	// Images of older sources are stale now; each holds hundreds of MB.
	for (const file of readdirSync(dir)) {
		if (file.startsWith(`${name}-`) && file.endsWith('.img') && path.join(dir, file) !== image) rmSync(path.join(dir, file), {force: true});
	}
	return image;
}
