// Module hooks that let a plain `node` child process run the TypeScript
// sources directly, so store tests can start real concurrent processes
// without a build step. Only for tests; kiln itself runs compiled code.
import {readFile} from 'node:fs/promises';
import ts from 'typescript';

export async function resolve(specifier, context, next) {
	try {
		return await next(specifier, context);
	} catch (error) {
		// Sources import each other as `./x.js` (NodeNext); the file is x.ts.
		if (specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) return next(`${specifier.slice(0, -3)}.ts`, context);
		throw error;
	}
}

export async function load(url, context, next) {
	if (!url.endsWith('.ts')) return next(url, context);
	const source = await readFile(new URL(url), 'utf8');
	const {outputText} = ts.transpileModule(source, {
		fileName: url,
		compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022},
	});
	return {format: 'module', source: outputText, shortCircuit: true};
}
