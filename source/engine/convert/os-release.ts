// Parses os-release(5): KEY=value lines, values optionally in single or
// double quotes with shell-style backslash escapes. It is read as data only.
export type OsRelease = Record<string, string>;

export function parseOsRelease(text: string): OsRelease {
	const fields: OsRelease = {};
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
		if (!match) continue;
		fields[match[1]!] = unquote(match[2]!);
	}
	return fields;
}

function unquote(value: string): string {
	const quote = value[0];
	if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
		const inner = value.slice(1, -1);
		return quote === "'" ? inner : inner.replace(/\\([\\$"`])/g, '$1');
	}
	return value;
}
