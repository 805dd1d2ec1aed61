// kiln's own version, recorded with every build so history shows which kiln made an image.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {packageRoot} from '../core/package-root.js';

let version: string | undefined;

export function kilnVersion(): string {
	version ??= (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;
	return version;
}
