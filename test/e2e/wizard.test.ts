// `kiln` with no arguments in a real terminal (tmux): the whole wizard walked
// on its defaults, a masked root password, a real build with the Docker
// engine, the live tree and the result screen, and an image that boots; then
// a build from a preset, and its rerun from the start screen.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/app/boot-check.js';
import {cli} from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-wizard-'));
// Presets and history of these runs only, never the person's own.
const configDir = path.join(dir, 'config');
const stateDir = path.join(dir, 'state');
const password = 'wizard-s3cret';
const columns = 80;
const sessions: string[] = [];

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** Starts kiln in a tmux pane of its own, in `cwd`; the pane stays open after it exits. */
function startKiln(name: string, cwd: string): Terminal {
	const session = `kiln-${name}-e2e-${process.pid}`;
	sessions.push(session);
	mkdirSync(cwd, {recursive: true});
	// CI=false: the tmux server may have been started from a CI-like environment.
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', '24', '-c', cwd, '-e', 'CI=false', '-e', 'NO_COLOR=1', '-e', `KILN_CONFIG_DIR=${configDir}`, '-e', `KILN_STATE_DIR=${stateDir}`,
		`node ${JSON.stringify(cli)}; echo KILN-EXIT=$?; sleep 3600`);
	return new Terminal(session);
}

class Terminal {
	constructor(private readonly session: string) {}

	/** The whole pane with its history, wrapped lines joined (a wrapped line would show as longer than the pane). */
	screen(): string {
		return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.session);
	}

	async waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const shown = this.screen();
			if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
			if (Date.now() > deadline) throw new Error(`not on screen after ${timeoutMs} ms: ${String(text)}\n${shown}`);
			await new Promise(resolve => setTimeout(resolve, 200));
		}
	}

	send(...keys: string[]): void {
		tmux('send-keys', '-t', this.session, ...keys);
	}

	/** Sends keys once `text` shows, so each key reaches the screen it is meant for. */
	async on(text: string | RegExp, ...keys: string[]): Promise<void> {
		await this.waitFor(text);
		this.send(...keys);
	}

	/** The root login step, from its method list: the password typed twice, masked. */
	async typePassword(): Promise<void> {
		await this.on(/❯ password/, 'Enter');
		await this.on('Root password:', '-l', password);
		await this.on('Root password: •', 'Enter');
		await this.on('Type it again:', '-l', password);
		const typed = await this.waitFor(`Type it again: ${'•'.repeat(password.length)}`);
		expect(typed).not.toContain(password);
		this.send('Enter');
	}

	/** From the result screen's actions to "Done", and kiln's exit code. */
	async done(): Promise<string> {
		await this.on(/❯ Boot it now/, 'Down', 'Down');
		await this.on(/❯ Done/, 'Enter');
		return this.waitFor(/KILN-EXIT=\d+/);
	}
}

afterAll(() => {
	for (const session of sessions) {
		try {
			tmux('kill-session', '-t', session);
		} catch {}
	}
	rmSync(dir, {recursive: true, force: true});
});

describe('the wizard in a real terminal', () => {
	const cwd = path.join(dir, 'defaults');
	const image = path.join(cwd, 'debian-trixie.img');

	it('walks the defaults, builds with Docker and shows the tree and the result', async () => {
		const term = startKiln('wizard', cwd);
		await term.on('❯ New build', 'Enter');
		for (const step of ['Distribution', 'Architecture', 'Release', 'Kernel', 'Init system', 'Disk size', 'Firmware', 'Output format', 'Output file', 'Hostname']) {
			await term.on(new RegExp(`^${step} .*\\d+/12$`, 'm'), 'Enter');
		}
		await term.waitFor(/^Root login .*11\/12$/m);
		await term.typePassword();

		const review = await term.waitFor('❯ Start build');
		expect(review).toContain('--root-password-file FILE');
		expect(review).not.toContain(password);
		term.send('Enter');

		// The live tree while the OS image builds.
		const building = await term.waitFor(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] OS image/m, 120_000);
		expect(building).toMatch(/^✔ preflight/m);
		expect(building).toMatch(/^✔ base image debian:trixie/m);
		expect(building).toContain('q cancel');

		const result = await term.waitFor(/❯ Boot it now/, 20 * 60_000);
		expect(result).toContain('Check that it boots');
		const done = await term.done();
		expect(done).toContain('KILN-EXIT=0');
		for (const stage of ['preflight', 'base image debian:trixie', 'OS image', 'rootfs export', 'disk assembly', 'write-out']) {
			expect(done).toMatch(new RegExp(`^✔ ${stage}`, 'm'));
		}
		// Each Dockerfile step with the size of the layer it made (or cached); the install step,
		// one layer from apt to slim, starts by diverting update-initramfs.
		expect(done).toMatch(/^ {2}[├└] ✔ RUN dpkg-divert .* (\d+(\.\d)? [kMG]B|cached)$/m);
		expect(done).toMatch(/^ {2}[├└] ✔ COPY kiln\/ \/tmp\/kiln\/ .* (\d+(\.\d)? [kMG]B|cached)$/m);
		expect(done).toContain('└ ✔ partition · ✔ filesystem · ✔ bootloader · – convert');
		expect(done).toContain('✔ Built debian-trixie.img');
		expect(done).toContain(`path      ${image}`);
		expect(done).toMatch(/size {6}[\d.]+ [MG]B virtual · [\d.]+ [MG]B on disk/);
		expect(done).toContain('qemu-system-x86_64 -nodefaults -vga std -accel tcg');
		expect(done).not.toContain(password);
		// Nothing wrapped: every joined line fits the pane.
		for (const line of done.split('\n')) expect(line.length, line).toBeLessThanOrEqual(columns);
		expect(existsSync(image)).toBe(true);
	});

	it('made an image that boots to a root shell with the typed password', async () => {
		const result = await bootCheck({image, rootPassword: password, accel: 'tcg', timeoutSec: 420});
		expect(result.ok, `${result.reason}\n${result.lastLines.join('\n')}`).toBe(true);
		expect(result.loggedIn).toBe(true);
	});
});

describe('presets and history in the wizard, in a real terminal', () => {
	const cwd = path.join(dir, 'preset');
	const image = path.join(cwd, 'debian-trixie.img');

	it('builds from the debian-minimal preset, asking only for the root login', async () => {
		const term = startKiln('preset', cwd);
		// The store's entries join "New build" once it has been read, just after the first frame.
		await term.on(/^ {2}From a preset /m, 'Down');
		await term.on('❯ From a preset', 'Enter');
		await term.on(/❯ debian-classic +built-in/, 'Down');
		await term.on(/❯ debian-minimal +built-in · debian trixie, cloud kernel, systemd, auto size/, 'Enter');
		const review = await term.waitFor(/^Review .*12\/12$/m);
		expect(review).toMatch(/Kernel +cloud/);
		expect(review).toMatch(/Root login +not chosen yet \(asked when the build starts\)/);
		// Start build asks for the login the preset leaves open, then comes back to the review.
		await term.on('❯ Start build', 'Enter');
		await term.typePassword();
		await term.on(/Root login +password \(typed here/, 'Enter');

		const done = await term.done();
		expect(done).toContain('KILN-EXIT=0');
		expect(done).toContain('✔ Built debian-trixie.img');
		expect(done).not.toContain(password);
		expect(existsSync(image)).toBe(true);
	});

	it('offers the build again from the start screen, with the same choices and the password asked again', async () => {
		const term = startKiln('rerun', path.join(dir, 'elsewhere'));
		await term.on(/^ {2}History /m, 'Down', 'Down');
		const start = await term.waitFor('❯ Rerun the last build');
		expect(start).toMatch(/Rerun the last build +\d{4}-\d\d-\d\d \d\d:\d\d · debian\/trixie\/cloud\/systemd · ok$/m);
		term.send('Enter');
		const review = await term.waitFor(/^Review .*12\/12$/m);
		expect(review).toMatch(/Architecture +amd64 \(x86-64\)/);
		expect(review).toMatch(/Release +Debian 13 \(trixie\)/);
		expect(review).toMatch(/Kernel +cloud/);
		expect(review).toMatch(/Init system +systemd/);
		expect(review).toMatch(/Disk size +auto/);
		expect(review).toContain(`Output file      ${image}`);
		expect(review).toMatch(/Root login +password \(asked when the build starts\)/);
		expect(review).toContain('⚠ ');
		// The history screen lists it too; then leave without building again.
		term.send('Escape');
		await term.on('❯ Rerun the last build', 'Down');
		await term.on('❯ History', 'Enter');
		await term.waitFor(/❯ \d{4}-\d\d-\d\d \d\d:\d\d +debian\/trixie\/cloud\/systemd/);
		term.send('C-c');
		expect(await term.waitFor(/KILN-EXIT=\d+/)).toContain('KILN-EXIT=130');
	});
});
