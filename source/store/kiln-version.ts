// kiln's own version, recorded with every build so history shows which kiln made an image.
import {readFileSync} from 'node:fs';

let version: string | undefined;

export function kilnVersion(): string {
	version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}).version;
	return version;
}
