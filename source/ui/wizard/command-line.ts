// The `kiln build …` command that repeats a wizard's build without the
// wizard. The password itself never appears: a file placeholder stands in.
import type {BuildChoices} from '../../core/choices.js';
import type {LoginMethod} from './answers.js';

export const passwordFilePlaceholder = 'FILE';

export function buildArgv(choices: BuildChoices, login: LoginMethod | undefined): string[] {
	const argv = [
		'kiln', 'build',
		'--distro', choices.distro,
		'--release', choices.release,
		'--kernel', choices.kernel,
		'--init', choices.init,
		'--size', choices.size,
		'--firmware', choices.firmware,
		'--format', choices.format,
	];
	if (choices.bootloader !== 'grub') argv.push('--bootloader', choices.bootloader);
	if (choices.compress) argv.push('--compress');
	if (choices.base) argv.push('--base', choices.base);
	if (choices.pull !== 'missing') argv.push('--pull', choices.pull);
	if (choices.packages.length > 0) argv.push('--packages', choices.packages.join(','));
	if (choices.keepDocs) argv.push('--keep-docs');
	if (choices.seed !== undefined) argv.push('--seed', choices.seed);
	argv.push('--hostname', choices.hostname);
	const method = login ?? (choices.rootPassword ? 'password' : choices.sshKey ? 'key' : 'locked');
	if (method === 'password') argv.push('--root-password-file', passwordFilePlaceholder);
	else {
		if (method === 'key' && choices.sshKey) argv.push('--ssh-key', choices.sshKey);
		argv.push('--no-root-password');
	}
	argv.push('--output', choices.output);
	if (choices.force) argv.push('--force');
	return argv;
}
