// Rows for the wizard's first frame (against a bare Node process printing the
// same text, in the same terminal) and for time to login of each Debian
// kernel/init pair (against the article's choices on kiln's recipe).
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {measureTimeToLogin} from './time-to-login.js';
import {measureBuild} from './build-run.js';
import {measureFirstFrame} from './first-frame.js';

type Row = (name: string, value: string, note?: string) => void;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchFirstFrame(runs: number, row: Row): Promise<void> {
	const kiln: number[] = [];
	const node: number[] = [];
	const ink: number[] = [];
	// The least any Ink app pays: Ink and React loaded, one Text rendered.
	const bareInk = `import('react').then(React => import('ink').then(({render, Text}) => render(React.createElement(Text, null, 'New build'))))`;
	for (let i = 0; i < Math.max(runs, 5); i++) {
		kiln.push((await measureFirstFrame()).ms);
		node.push((await measureFirstFrame(['-e', 'process.stdout.write("New build")'])).ms);
		ink.push((await measureFirstFrame(['--input-type=module', '-e', bareInk])).ms);
	}
	console.log('\nInteractive start (a pseudo-terminal, until the start screen shows):');
	row('kiln: first wizard frame', `${median(kiln).toFixed(0)} ms`, 'target: 300 ms');
	row('floor: node printing the same text', `${median(node).toFixed(0)} ms`);
	row('floor: a bare Ink app rendering it', `${median(ink).toFixed(0)} ms`);
	row('ratio kiln / bare Ink app', `${(median(kiln) / median(ink)).toFixed(2)}x`);
}

const pairs = [
	['cloud', 'systemd'], ['cloud', 'sysvinit'], ['cloud', 'openrc'], ['cloud', 'runit'],
	['generic', 'systemd'], ['generic', 'sysvinit'], ['generic', 'openrc'], ['generic', 'runit'],
] as const;

export async function benchTimeToLogin(dir: string, runs: number, row: Row): Promise<void> {
	const seconds = new Map<string, number>();
	const timeToLogin = async (name: string, args: string[]) => {
		const image = path.join(dir, `login-${name.replace('/', '-')}.img`);
		await measureBuild(['--no-root-password', ...args, '--output', image]);
		const times: number[] = [];
		for (let i = 0; i < runs; i++) times.push(await measureTimeToLogin(image));
		seconds.set(name, median(times));
		await rm(image, {force: true});
	};
	for (const [kernel, init] of pairs) await timeToLogin(`${kernel}/${init}`, ['--firmware', 'bios', '--kernel', kernel, '--init', init]);
	// The article's choices (generic kernel, systemd, extlinux, docs kept) on kiln's recipe.
	await timeToLogin('article-style', ['--kernel', 'generic', '--init', 'systemd', '--bootloader', 'extlinux', '--keep-docs']);
	console.log(`\nTime to login: prompt (TCG, 1 GiB, 2 CPUs, BIOS; trixie; median of ${runs}):`);
	for (const [name, value] of seconds) row(`${name}`, `${value.toFixed(1)} s`, name === 'cloud/systemd' ? 'the default; target 10 s' : name === 'article-style' ? 'generic, systemd, extlinux, --keep-docs' : 'target 14 s');
	const reference = seconds.get('article-style')!;
	row('ratio cloud/systemd / article-style', `${(seconds.get('cloud/systemd')! / reference).toFixed(2)}x`, 'the article\'s own image: 19.6 s in issue 13');
}
