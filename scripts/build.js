// npm run build: the CLI as one ESM file, dist/cli.js, and the bench as
// dist/bench/main.js (left out of the package). One file loads faster than
// the ~1100 modules kiln and its dependencies are made of; code reached only
// through import() (the wizard, a command, the store) is evaluated when first
// imported. Types are checked by `npm run check`, not here.
import {chmod, readFile, rm} from 'node:fs/promises';
import {build} from 'esbuild';

/** Ink imports its React devtools bridge only when DEV=true; left out, Ink says how to install it. */
const inkDevtools = {
	name: 'ink-devtools',
	setup(builder) {
		builder.onResolve({filter: /^\.\/devtools\.js$/}, ({importer}) => (importer.includes('/node_modules/ink/') ? {path: './devtools.js', external: true} : undefined));
	},
};

/**
 * yoga-layout's emscripten loader reads its wasm from a base64 data URL but
 * asks for `fetch` first: in Node 20 that `typeof fetch` loads undici, ~20 ms
 * of the first frame here. Its synchronous base64 path needs no fetch.
 */
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-layout\/dist\/binaries\/yoga-wasm-base64-esm\.js$/}, async ({path}) => {
			const source = await readFile(path, 'utf8');
			const checks = source.split('"function"!=typeof fetch').length - 1;
			if (checks !== 2) throw new Error(`${path}: expected yoga's loader to test for fetch twice, found ${checks}; see yogaWithoutFetch in scripts/build.js`);
			return {contents: source.replaceAll('"function"!=typeof fetch', 'true'), loader: 'js'};
		});
	},
};

const common = {
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	// React's production build: the development one is three times the code and checks every render.
	define: {'process.env.NODE_ENV': '"production"'},
	// dockerode stays a package: it reads its .proto files and ssh2's native addons from its own folder.
	external: ['dockerode'],
	plugins: [inkDevtools, yogaWithoutFetch],
	// Bundled CommonJS modules require Node's built-ins.
	banner: {js: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);"},
	logLevel: 'warning',
};

await rm('dist', {recursive: true, force: true});
await build({...common, entryPoints: ['source/cli.tsx'], outfile: 'dist/cli.js'});
await build({...common, entryPoints: ['source/bench/main.ts'], outfile: 'dist/bench/main.js'});
await chmod('dist/cli.js', 0o755);
