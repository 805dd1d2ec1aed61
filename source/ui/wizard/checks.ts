// Checks run as a person types, reusing the engine's own rules so the wizard
// accepts exactly what `kiln build` accepts.
import {existsSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {KilnError} from '../../core/errors.js';
import {resolvePlan} from '../../engine/plan.js';
import {formatSizeFlag, parseSize, roundUpMiB} from '../../engine/size.js';
import {checkHostname} from '../../core/value-checks.js';
import {checkPassword, readPublicKey} from '../../engine/validate.js';

/** A verdict; a note is either what the answer means (a size in MiB, a key's fingerprint) or a warning. */
export type Check = {ok: true; note?: string; warn?: boolean} | {ok: false; problem: string};

/**
 * An engine error in the wizard's words: the flag it names means nothing to
 * someone who never typed it.
 */
export function explain(error: KilnError): string {
	const {field, message, hint} = error;
	const prefix = [`${field}: `, `${field} `].find(start => field && message.startsWith(start));
	const text = prefix ? message.slice(prefix.length) : message;
	return hint ? `${text} — ${hint}` : text;
}

function attempt(run: () => string | undefined): Check {
	try {
		return {ok: true, note: run()};
	} catch (error) {
		if (!(error instanceof KilnError)) throw error;
		return {ok: false, problem: explain(error)};
	}
}

/** A custom disk size: what the plan accepts (a size, at least its minimum). */
export function checkSize(text: string): Check {
	return attempt(() => {
		resolvePlan({size: text}, {});
		return formatSizeFlag(roundUpMiB(parseSize(text)));
	});
}

export function checkHost(text: string): Check {
	return attempt(() => {
		checkHostname(text);
		return undefined;
	});
}

export function checkRootPassword(text: string): Check {
	return attempt(() => {
		checkPassword(text);
		return undefined;
	});
}

/** `~/x` means the home folder, as in a shell. */
export function expandHome(file: string): string {
	return file === '~' || file.startsWith('~/') ? path.join(homedir(), file.slice(1)) : file;
}

export function checkKey(file: string, cwd: string): Check {
	return attempt(() => readPublicKey(path.resolve(cwd, expandHome(file))).fingerprint);
}

/** The first of the usual public key files that exists, to offer as the answer. */
export function suggestKey(): string | undefined {
	return ['id_ed25519.pub', 'id_ecdsa.pub', 'id_rsa.pub'].map(name => `~/.ssh/${name}`).find(file => existsSync(expandHome(file)));
}

/** An output path: a file name in an existing folder; an existing file is a warning, not an error. */
export function checkOutput(file: string, cwd: string): Check {
	if (file.trim() === '') return {ok: false, problem: 'Give a file name for the image.'};
	const target = path.resolve(cwd, expandHome(file));
	const folder = path.dirname(target);
	if (!existsSync(folder) || !statSync(folder).isDirectory()) return {ok: false, problem: `The folder ${folder} does not exist.`};
	if (existsSync(target)) {
		if (statSync(target).isDirectory()) return {ok: false, problem: `${target} is a folder; give a file name.`};
		return {ok: true, note: 'exists — the build replaces it', warn: true};
	}
	return {ok: true};
}
