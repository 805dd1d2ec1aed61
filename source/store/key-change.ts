// An SSH key is kept as a path plus the fingerprint it had; a rebuild from a
// preset or history says so when the file now holds another key.
import {readPublicKey} from '../engine/validate.js';

export function keyChangeWarning(sshKey: string | undefined, fingerprint: string | undefined, since: string): string | undefined {
	if (!sshKey || !fingerprint) return undefined;
	let now: string;
	try {
		now = readPublicKey(sshKey).fingerprint;
	} catch {
		return undefined; // The build reports an unreadable key itself, naming --ssh-key.
	}
	return now === fingerprint ? undefined
		: `kiln: the SSH key ${sshKey} has changed since ${since} (was ${fingerprint}, now ${now}); the image gets the new key.`;
}
