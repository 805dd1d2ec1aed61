// `kiln` with no arguments in a real terminal (tmux): the whole wizard walked
// on its defaults, a masked root password, a real build with the Docker
// engine, the live tree and the result screen, and an image that boots.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {bootCheck} from '../../source/qemu/boot-check.js';
import {cli} from './helpers/cli.js';

const session = `kiln-wizard-e2e-${process.pid}`;
const dir = mkdtempSync(path.join(tmpdir(), 'kiln-e2e-wizard-'));
const password = 'wizard-s3cret';
const columns = 80;

function tmux(...args: string[]): string {
	return execFileSync('tmux', args, {encoding: 'utf8'});
}

/** The whole pane with its history, wrapped lines joined (a wrapped line would show as longer than the pane). */
function screen(): string {
	return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
}

async function waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const shown = screen();
		if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
		if (Date.now() > deadline) throw new Error(`not on screen after ${timeoutMs} ms: ${String(text)}\n${shown}`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
}

/** Sends keys once `text` shows, so each key reaches the screen it is meant for. */
async function on(text: string | RegExp, ...keys: string[]): Promise<void> {
	await waitFor(text);
	tmux('send-keys', '-t', session, ...keys);
}

beforeAll(() => {
	// CI=false: the tmux server may have been started from a CI-like environment.
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', '24', '-c', dir, '-e', 'CI=false', '-e', 'NO_COLOR=1',
		`node ${JSON.stringify(cli)}; echo KILN-EXIT=$?; sleep 3600`);
});

afterAll(() => {
	try {
		tmux('kill-session', '-t', session);
	} catch {}
	rmSync(dir, {recursive: true, force: true});
});

describe('the wizard in a real terminal', () => {
	const image = path.join(dir, 'debian-bookworm.img');

	it('walks the defaults, builds with Docker and shows the tree and the result', async () => {
		await on('❯ New build', 'Enter');
		for (const step of ['Distribution', 'Release', 'Kernel', 'Init system', 'Disk size', 'Firmware', 'Output format', 'Output file', 'Hostname', 'Root login']) {
			await on(new RegExp(`^${step} .*\\d+/11$`, 'm'), 'Enter');
		}
		await on('Root password:', '-l', password);
		await on('Root password: •', 'Enter');
		await on('Type it again:', '-l', password);
		const typed = await waitFor(`Type it again: ${'•'.repeat(password.length)}`);
		expect(typed).not.toContain(password);
		tmux('send-keys', '-t', session, 'Enter');

		const review = await waitFor('❯ Start build');
		expect(review).toContain('--root-password-file FILE');
		expect(review).not.toContain(password);
		tmux('send-keys', '-t', session, 'Enter');

		// The live tree while the OS image builds.
		const building = await waitFor(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] OS image/m, 120_000);
		expect(building).toMatch(/^✔ preflight/m);
		expect(building).toMatch(/^✔ base image debian:bookworm/m);
		expect(building).toContain('q cancel');

		const done = await waitFor(/KILN-EXIT=\d+/, 20 * 60_000);
		expect(done).toContain('KILN-EXIT=0');
		for (const stage of ['preflight', 'base image debian:bookworm', 'OS image', 'rootfs export', 'disk assembly', 'write-out']) {
			expect(done).toMatch(new RegExp(`^✔ ${stage}`, 'm'));
		}
		// Each Dockerfile step with the size of the layer it made (or cached).
		expect(done).toMatch(/^ {2}[├└] ✔ RUN apt-get update .* (\d+(\.\d)? [kMG]B|cached)$/m);
		expect(done).toContain('└ ✔ partition · ✔ filesystem · ✔ bootloader · – convert');
		expect(done).toContain('✔ Built debian-bookworm.img');
		expect(done).toContain(`path      ${image}`);
		expect(done).toMatch(/size {6}[\d.]+ [MG]B virtual · [\d.]+ [MG]B on disk/);
		expect(done).toContain('qemu-system-x86_64 -accel tcg -m 1024');
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
