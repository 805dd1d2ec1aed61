// Plain-text views of presets for `kiln preset list/show` (the Ink screens
// render their own), printed through safeText.
import {withDefaults} from '../engine/plan.js';
import type {ListedPreset} from '../store/presets.js';
import type {PresetChoices} from '../store/preset-file.js';
import {safeText} from '../store/safe-text.js';

/** What a build from these choices makes, defaults filled in: "debian bookworm, cloud kernel, systemd, auto size, bios, raw". */
export function presetSummary(choices: PresetChoices): string {
	let full: PresetChoices;
	try {
		full = withDefaults(choices);
	} catch {
		full = choices; // An unknown distro: show what is stored; building names the problem.
	}
	const parts = [
		`${full.distro ?? '?'} ${full.release ?? '?'}`,
		// Unstored, the architecture is the building machine's: no fixed word to show.
		...(choices.arch ? [choices.arch] : []),
		`${full.kernel ?? '?'} kernel`,
		full.init ?? '?',
		full.size === 'auto' || full.size === undefined ? 'auto size' : full.size,
		full.firmware ?? '?',
		...(full.bootloader && full.bootloader !== 'grub' ? [full.bootloader] : []),
		full.format === 'qcow2' && full.compress ? 'qcow2 (compressed)' : (full.format ?? '?'),
	];
	if (full.packages?.length) parts.push(`+${full.packages.join(',')}`);
	if (full.sshKey) parts.push('ssh key');
	if (full.rootPassword) parts.push('root password');
	return parts.join(', ');
}

export function renderPresetList(presets: ListedPreset[]): string {
	const width = Math.max(4, ...presets.map(preset => preset.name.length));
	const lines = presets.map(preset =>
		`${preset.name.padEnd(width)}  ${(preset.builtIn ? 'built-in' : '').padEnd(8)}  ${presetSummary(preset.choices)}`);
	return safeText([['NAME'.padEnd(width), 'KIND'.padEnd(8), 'BUILDS'].join('  '), ...lines]);
}

// A Record, so a new build choice cannot be left out of `preset show`.
const labels: Record<keyof PresetChoices, string> = {
	distro: 'distro', release: 'release', arch: 'architecture', kernel: 'kernel', init: 'init', base: 'base image', pull: 'pull', size: 'size',
	firmware: 'firmware', bootloader: 'bootloader', format: 'format', compress: 'compress', hostname: 'hostname',
	packages: 'packages', rootPassword: 'root password', sshKey: 'ssh key', keepDocs: 'keep docs', grow: 'grow disk', seed: 'seed', output: 'output',
};

function shown(key: keyof PresetChoices, preset: ListedPreset): string {
	const value = preset.choices[key];
	if (key === 'rootPassword') return value ? 'yes (given at each build, never stored)' : 'no (locked)';
	if (key === 'sshKey' && preset.sshKeyFingerprint) return `${String(value)} (${preset.sshKeyFingerprint})`;
	return Array.isArray(value) ? value.join(', ') : String(value);
}

export function renderPreset(preset: ListedPreset): string {
	const head = `${preset.name}${preset.builtIn ? ' (built-in)' : ''}${preset.createdAt ? `, saved ${preset.createdAt}` : ''}`;
	const rows = (Object.entries(labels) as Array<[keyof PresetChoices, string]>)
		.filter(([key]) => preset.choices[key] !== undefined)
		.map(([key, label]) => `  ${label.padEnd(14)}${shown(key, preset)}`);
	return safeText([
		head,
		...(preset.description ? [`  ${preset.description}`] : []),
		`  builds: ${presetSummary(preset.choices)}`,
		'',
		...(rows.length ? rows : ['  (no choices stored: every default applies)']),
		'',
		'Choices not listed take their defaults; flags given to kiln build --preset override any of them.',
	]);
}
