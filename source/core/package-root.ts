// kiln's own folder, where package.json, distros/, presets/ and source/builder/
// lie. The code runs from source/ (tests), from the bundle in dist/ (a clone)
// or from an installed package's dist/, each at another depth below it, so the
// folder is found by walking up from this file to the first package.json.
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

function findRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'package.json'))) return dir;
		if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
	}
}

export const packageRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));
