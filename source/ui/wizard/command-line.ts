// The `kiln build …` command that repeats a wizard's build without the
// wizard, written from the choice table. The password itself never appears:
// a file placeholder stands in.
import {type BuildChoices, choiceIds, choiceSpec} from '../../core/choices.js';

export const passwordFilePlaceholder = 'FILE';

/**
 * Names every choice the wizard asks for, and every other one that differs
 * from its fixed default (or has no fixed default), in table order.
 */
export function buildArgv(choices: BuildChoices): string[] {
	const argv = ['kiln', 'build'];
	for (const id of choiceIds) {
		const spec = choiceSpec(id);
		const value = choices[id];
		if (value === undefined || spec.convertOnly) continue;
		if (!spec.wizard && typeof spec.default !== 'function' && JSON.stringify(value) === JSON.stringify(spec.default)) continue;
		if (spec.type !== 'switch') {
			argv.push(`--${spec.flags[0]!.name}`, Array.isArray(value) ? value.join(',') : String(value));
			continue;
		}
		// A switch is given by the flag that sets its value; a secret by a file that would hold it.
		const secretFile = spec.flags.find(item => item.secret === 'file');
		const flag = value === true && secretFile ? secretFile : spec.flags.find(item => !item.secret && (item.sets ?? true) === value);
		if (flag) argv.push(`--${flag.name}`, ...(flag.secret ? [passwordFilePlaceholder] : []));
	}
	return argv;
}
