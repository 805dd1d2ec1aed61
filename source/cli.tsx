#!/usr/bin/env node
// kiln's entry point: picks the command, runs it, turns errors into
// messages and exit codes (0 ok, 1 failed, 2 usage, 130 cancelled).
import {commands} from './commands/index.js';
import {interactive} from './commands/terminal.js';
import type {Io} from './app/io.js';
import {KilnError} from './core/errors.js';
import {migrateState} from './core/state-migration.js';
import {kilnVersion} from './store/kiln-version.js';

const io: Io = {stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd()};


function help(): string {
	const rows: Array<[string, string]> = [
		['', 'the interactive wizard (in a terminal)'],
		...commands.map(({name, summary}): [string, string] => [name, summary]),
		['help COMMAND', 'the flags of a command'],
	];
	const width = Math.max(...rows.map(([name]) => name.length));
	return `kiln ${kilnVersion()} — turn a container image into a Linux disk image that really boots

Usage:
${rows.map(([name, summary]) => `  kiln ${name.padEnd(width)}   ${summary}`).join('\n')}

Exit codes: 0 ok, 1 failed, 2 bad usage, 130 cancelled.
`;
}

/** History, logs and run records of an older kiln move to the state folder before a command can look for them. */
function moveOldState(): void {
	for (const file of migrateState(io.env).keptAside) {
		io.stderr.write(`kiln: an older kiln's ${file.replace(/\.migrated-\d+/, '')} differs from the one in the state folder; it was kept as ${file}\n`);
	}
}

function report(error: unknown): number {
	if (error instanceof KilnError) {
		io.stderr.write(`kiln: ${error.message}\n`);
		if (error.why) io.stderr.write(`  why: ${error.why}\n`);
		if (error.hint) io.stderr.write(`  fix: ${error.hint}\n`);
		for (const line of error.logTail ?? []) io.stderr.write(`    ${line}\n`);
		return error.exitCode;
	}
	io.stderr.write(`kiln: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	return 1;
}

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined) {
		if (interactive(io)) {
			moveOldState();
			const {runWizard} = await import('./ui/app.js');
			return runWizard(io);
		}
		io.stderr.write(`${help()}\nkiln: no command given, and this is not an interactive terminal, so the wizard cannot run.\n`);
		return 2;
	}
	if (name === '--version' || name === '-V') {
		io.stdout.write(`${kilnVersion()}\n`);
		return 0;
	}
	if (name === 'help' || name === '--help' || name === '-h') {
		const entry = commands.find(item => item.name === rest[0]);
		io.stdout.write(entry ? `${entry.summary}\n\n${(await entry.load()).usage}\n` : help());
		return 0;
	}
	const entry = commands.find(item => item.name === name);
	if (!entry) {
		io.stderr.write(`kiln: unknown command "${name}"\n  fix: one of ${commands.map(item => item.name).join(', ')}; kiln help lists them\n`);
		return 2;
	}
	const command = await entry.load();
	if (rest.includes('--help') || rest.includes('-h')) {
		io.stdout.write(`${entry.summary}\n\n${command.usage}\n`);
		return 0;
	}
	moveOldState();
	return command.run(rest, io);
}

main(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	error => {
		process.exitCode = report(error);
	},
);
