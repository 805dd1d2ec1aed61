// Resolves an image's USER the way Docker's runtime does, against the
// image's own /etc/passwd and /etc/group (never the host's): a name must
// exist; a number need not (it then runs with group 0 and home /); an
// explicit group replaces the user's; otherwise the user also gets every
// group that lists it as a member.
import {KilnError} from '../../core/errors.js';
import {printable} from '../../core/value-checks.js';

export interface ImageUser {
	uid: number;
	gid: number;
	/** Supplementary groups, numeric. */
	groups: number[];
	home: string;
}

interface Entry {
	name: string;
	id: number;
	fields: string[];
}

const maxId = 2 ** 31 - 1;

function parseDatabase(text: string | undefined): Entry[] {
	const entries: Entry[] = [];
	for (const line of (text ?? '').split('\n')) {
		const fields = line.split(':');
		const id = Number(fields[2]);
		if (fields.length < 3 || !/^\d+$/.test(fields[2]!) || id > maxId) continue;
		entries.push({name: fields[0]!, id, fields});
	}
	return entries;
}

const numeric = (text: string) => (/^\d+$/.test(text) && Number(text) <= maxId ? Number(text) : undefined);

function unknown(image: string, what: string, name: string, file: string): never {
	throw new KilnError(`The image ${image} runs as the ${what} "${printable(name)}", which its ${file} does not define`, {
		why: `Docker refuses to start such an image too ("unable to find ${what}").`,
		hint: `Fix USER in the image, or give a numeric id (USER 1000 or USER 1000:1000).`,
	});
}

export function resolveImageUser(image: string, spec: {name: string; group?: string} | undefined, passwdText?: string, groupText?: string): ImageUser {
	const passwd = parseDatabase(passwdText);
	const groups = parseDatabase(groupText);
	if (!spec) {
		const root = passwd.find(entry => entry.id === 0);
		return {uid: 0, gid: 0, groups: memberOf(groups, root?.name), home: root?.fields[5] || '/'};
	}
	const uid = numeric(spec.name);
	const entry = passwd.find(candidate => (uid === undefined ? candidate.name === spec.name : candidate.id === uid));
	if (!entry && uid === undefined) unknown(image, 'user', spec.name, '/etc/passwd');
	const user: ImageUser = {uid: entry?.id ?? uid!, gid: 0, groups: [], home: entry?.fields[5] || '/'};
	const entryGid = numeric(entry?.fields[3] ?? '');
	if (entryGid !== undefined) user.gid = entryGid;
	if (spec.group !== undefined) {
		const gid = numeric(spec.group);
		const group = groups.find(candidate => (gid === undefined ? candidate.name === spec.group : candidate.id === gid));
		if (!group && gid === undefined) unknown(image, 'group', spec.group, '/etc/group');
		user.gid = group?.id ?? gid!;
	} else {
		user.groups = memberOf(groups, entry?.name);
	}
	return user;
}

function memberOf(groups: Entry[], name: string | undefined): number[] {
	if (!name) return [];
	const ids = groups.filter(group => (group.fields[3] ?? '').split(',').includes(name)).map(group => group.id);
	return [...new Set(ids)];
}
