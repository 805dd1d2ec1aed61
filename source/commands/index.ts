import type {Command} from './types.js';

export interface CommandEntry {
	name: string;
	/** One line for `kiln help`. */
	summary: string;
	/** Loaded on use, so `kiln` alone (the wizard) starts without the Docker client. */
	load(): Promise<Command>;
}

/** Every `kiln <name>` command. */
export const commands: CommandEntry[] = [
	{name: 'build', summary: 'build a bootable disk image (non-interactive)', load: async () => (await import('./build.js')).buildCommand},
	{name: 'boot', summary: 'boot an image in QEMU with its serial console on this terminal', load: async () => (await import('./boot.js')).bootCommand},
	{name: 'boot-check', summary: 'boot an image headless and prove it reaches a login prompt', load: async () => (await import('./boot-check.js')).bootCheckCommand},
	{name: 'convert', summary: 'turn a Debian/Ubuntu/Alpine based image (an app image too) into a VM that runs its app', load: async () => (await import('./convert.js')).convertCommand},
	{name: 'doctor', summary: 'find (and with --clean remove) what killed builds left behind', load: async () => (await import('./doctor.js')).doctorCommand},
	{name: 'preset', summary: 'save, list, show, delete, export and import build presets', load: async () => (await import('./preset.js')).presetCommand},
	{name: 'history', summary: 'list past builds, or show one', load: async () => (await import('./history.js')).historyCommand},
	{name: 'rerun', summary: 'build again with the choices of a past build', load: async () => (await import('./rerun.js')).rerunCommand},
];
