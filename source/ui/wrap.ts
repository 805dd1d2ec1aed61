// Wrapping done here rather than by Ink: Ink's wrapping keeps the space it
// broke at as the first character of the next line.

/** Greedy word wrap to `width` columns; words longer than a line are cut. */
export function wrapWords(text: string, width: number): string[] {
	const columns = Math.max(1, width);
	const lines: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (let word of paragraph.split(/ +/)) {
			while (word.length > columns) {
				if (line) lines.push(line);
				line = '';
				lines.push(word.slice(0, columns));
				word = word.slice(columns);
			}
			if (line === '') line = word;
			else if (line.length + 1 + word.length <= columns) line += ` ${word}`;
			else {
				lines.push(line);
				line = word;
			}
		}
		lines.push(line);
	}
	return lines;
}

/**
 * A command line broken into lines that end in ` \`, so that copying all
 * of them into a shell still runs one command. A flag stays with its value.
 */
export function wrapCommand(args: string[], width: number): string[] {
	const groups: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i]!;
		const next = args[i + 1];
		if (arg.startsWith('-') && next !== undefined && !next.startsWith('-')) {
			groups.push(`${arg} ${next}`);
			i++;
		} else groups.push(arg);
	}
	const lines: string[] = [];
	let line = '';
	for (const group of groups) {
		// Room is kept for the trailing " \".
		if (line !== '' && line.length + 1 + group.length + 2 > width) {
			lines.push(`${line} \\`);
			line = `  ${group}`;
		} else line = line === '' ? group : `${line} ${group}`;
	}
	lines.push(line);
	return lines;
}
