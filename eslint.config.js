// A small rule set the code meets, run in `npm test` (npm run -s lint). Syntax
// rules only, no type information: the type checker already covers types,
// and this stays fast on two shared cores.
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'snapshots/']},
	{
		files: ['**/*.{ts,tsx,js,mjs,cjs}'],
		languageOptions: {parser: tseslint.parser},
		plugins: {'@typescript-eslint': tseslint.plugin},
		rules: {
			'no-var': 'error',
			'prefer-const': 'error',
			'no-debugger': 'error',
			eqeqeq: ['error', 'always', {null: 'ignore'}],
			'no-eval': 'error',
			'no-implied-eval': 'error',
			'no-new-func': 'error',
			'no-throw-literal': 'error',
			'no-unsafe-finally': 'error',
			'no-self-compare': 'error',
			'no-unneeded-ternary': 'error',
			'no-useless-return': 'error',
			'no-lonely-if': 'error',
			'prefer-template': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-require-imports': 'error',
			'@typescript-eslint/prefer-as-const': 'error',
		},
	},
);
