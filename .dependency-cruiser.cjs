// kiln's layers, checked in `npm test` (npm run -s deps). dependency-cruiser
// rather than an ESLint import rule: it resolves the TypeScript imports
// (`./x.js` → `./x.ts`, dynamic `import()` included) through the compiler,
// finds cycles of any length across the whole graph in one pass, and states
// each layer rule as from/to paths, which is how the layers are defined.
//
//   core → engine | qemu (peers) → store → app → commands, ui, report, cli.tsx, bench
const layer = name => `^source/${name}/`;
const above = {
	core: ['engine', 'qemu', 'store', 'app', 'commands', 'ui', 'report', 'bench'],
	engine: ['qemu', 'store', 'app', 'commands', 'ui', 'report', 'bench'],
	qemu: ['engine', 'store', 'app', 'commands', 'ui', 'report', 'bench'],
	store: ['app', 'commands', 'ui', 'report', 'bench'],
	app: ['commands', 'ui', 'report', 'bench'],
};

module.exports = {
	forbidden: [
		{
			name: 'no-cycle',
			comment: 'No file reaches itself through its imports.',
			severity: 'error',
			from: {path: '^source/'},
			to: {circular: true},
		},
		...Object.entries(above).map(([from, targets]) => ({
			name: `${from}-imports-down-only`,
			comment: `${from} imports only the layers below it${from === 'engine' || from === 'qemu' ? ' (engine and qemu are peers)' : ''}.`,
			severity: 'error',
			from: {path: layer(from)},
			to: {path: `^source/(?:(?:${targets.join('|')})/|cli\\.tsx$)`},
		})),
		{
			name: 'ui-calls-the-app-not-commands',
			comment: 'The UI never builds argv to run a command: it calls the application layer.',
			severity: 'error',
			from: {path: layer('ui')},
			to: {path: layer('commands')},
		},
		{
			name: 'report-is-a-leaf-front-end',
			comment: 'Reporters turn events into text; they run nothing and draw no screen.',
			severity: 'error',
			from: {path: layer('report')},
			to: {path: `^source/(?:(?:commands|ui|bench)/|cli\\.tsx$)`},
		},
		{
			name: 'only-front-ends-load-the-cli',
			comment: 'cli.tsx is the entry point; nothing imports it.',
			severity: 'error',
			from: {path: '^source/'},
			to: {path: '^source/cli\\.tsx$'},
		},
		{
			name: 'source-never-imports-tests',
			severity: 'error',
			from: {path: '^source/'},
			to: {path: '^test/'},
		},
		{
			name: 'builder-files-are-data',
			comment: 'source/builder holds the builder images\' files, copied into a build context; no code imports them.',
			severity: 'error',
			from: {path: '^source/'},
			to: {path: '^source/builder/'},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		tsConfig: {fileName: 'tsconfig.json'},
		tsPreCompilationDeps: true,
	},
};
