// The start screen and the wizard, driven by keys as a person would.
import {mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {loadDistros} from '../../../source/engine/distros.js';
import type {KilnEvent} from '../../../source/core/events.js';
import type {Plan} from '../../../source/engine/plan.js';
import {Kiln} from '../../../source/ui/Kiln.js';
import {emptyStart} from '../../../source/ui/start/start-data.js';
import {keys, press, recorded, renderUi, replay, shows, until} from './helpers.js';

afterEach(cleanup);

// A fixed folder, so the paths in the snapshots stay the same.
const cwd = path.join(tmpdir(), 'kiln-ui-wizard');
const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host';

beforeAll(() => {
	mkdirSync(cwd, {recursive: true});
	writeFileSync(path.join(cwd, 'id_test.pub'), `${key}\n`);
	writeFileSync(path.join(cwd, 'id_test'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
});

function start() {
	const plans: Plan[] = [];
	const build = vi.fn((plan: Plan): AsyncIterable<KilnEvent> => {
		plans.push(plan);
		return replay(recorded('debian-failed'));
	});
	// A fixed day, so which releases are past their end of support stays the same.
	const today = new Date('2026-12-01');
	const app = renderUi(<Kiln cwd={cwd} env={{KILN_CONFIG_DIR: path.join(cwd, 'config'), KILN_STATE_DIR: path.join(cwd, 'state')}} loadStart={async () => emptyStart} distros={loadDistros()} today={today} build={build} onCancel={() => {}} actions={() => []} />);
	const frame = () => app.lastFrame() ?? '';
	const type = (text: string) => press(app, ...text);
	return {...app, frame, type, plans, build};
}

describe('the wizard', {timeout: 30_000}, () => {
	it('walks every step on the defaults, with a masked password, to a plan', async () => {
		const app = start();
		const {frame, type, plans} = app;
		const screens: string[] = [frame()];
		const step = async (...sequence: string[]) => {
			await press(app, ...sequence);
			screens.push(frame());
		};
		await shows(frame, '❯ New build');
		for (let i = 0; i < 11; i++) await step(keys.enter);
		await shows(frame, 'Root login');
		await step(keys.enter);
		await type('s3cret pw');
		screens.push(frame());
		await shows(frame, 'Root password: •••••••••');
		expect(frame()).not.toContain('s3cret');
		await step(keys.enter);
		await type('s3cret pw');
		await step(keys.enter);
		await shows(frame, 'Review');
		await shows(frame, '--root-password-file FILE');
		expect(frame()).not.toContain('s3cret');
		for (const screen of screens) expect(screen).toMatchSnapshot();

		await press(app, keys.enter);
		await until(() => frame().includes('Build failed'));
		expect(plans).toHaveLength(1);
		const [plan] = plans;
		expect(plan!.choices).toMatchObject({distro: 'debian', release: 'trixie', kernel: 'cloud', init: 'systemd', size: 'auto', firmware: 'hybrid', format: 'raw', hostname: 'debian', rootPassword: true});
		expect(plan!.outputPath).toBe(path.join(cwd, 'debian-trixie.img'));
		expect(plan!.rootPasswordHash).toMatch(/^\$6\$/);
	});

	it('moves with arrows, goes back with Esc keeping answers, and reopens what a new distro changes', async () => {
		const app = start();
		const {frame} = app;
		await press(app, keys.enter, keys.down, keys.enter);
		await shows(frame, 'Architecture  alpine');
		await press(app, keys.enter);
		await shows(frame, 'Release  alpine › amd64');
		await press(app, keys.down, keys.enter);
		await shows(frame, 'Kernel  alpine › amd64 › 3.22');
		await press(app, keys.escape);
		await shows(frame, /❯ 3\.22/);
		await press(app, keys.escape);
		await shows(frame, /❯ amd64/);
		await press(app, keys.escape);
		await shows(frame, /❯ alpine/);
		await press(app, keys.escape);
		await shows(frame, '❯ New build');
		await press(app, keys.enter);
		// The answer survived the way back.
		await shows(frame, /❯ alpine/);
		await press(app, keys.up, keys.enter, keys.enter);
		await shows(frame, 'Release  debian › amd64');
		await shows(frame, /❯ trixie/);
	});

	it('marks releases past their end of support, and warns on the review and in the plan when one is chosen', async () => {
		const app = start();
		const {frame, plans} = app;
		await press(app, keys.enter, keys.down, keys.enter, keys.enter);
		await shows(frame, 'Release  alpine › amd64');
		await shows(frame, /3\.23 +Alpine 3\.23 — newest stable branch \(2025-12\) · supported until 2027-11-01/);
		await shows(frame, /3\.21 +Alpine 3\.21 — old branch \(2024-12\) · past end of support \(2026-11-01\)/);
		await press(app, keys.down, keys.down, keys.enter);
		await shows(frame, 'Kernel  alpine › amd64 › 3.21');
		await press(app, ...Array(7).fill(keys.enter));
		await shows(frame, 'Root login');
		await press(app, keys.up, keys.enter, keys.enter);
		await shows(frame, '⚠ Alpine 3.21 is past its end of support (2026-11-01): it gets no security updates.');
		await press(app, keys.enter);
		await until(() => plans.length === 1);
		expect(plans[0]!.warnings).toContain('Alpine 3.21 is past its end of support (2026-11-01): it gets no security updates. Choose a supported release: 3.23, 3.22.');
	});

	it('checks a custom disk size as it is typed', async () => {
		const app = start();
		const {frame, type} = app;
		await press(app, ...Array(6).fill(keys.enter));
		await shows(frame, 'Disk size');
		await press(app, keys.up, keys.enter);
		await type('1x');
		await shows(frame, '✖ "1x" is not a size');
		await press(app, keys.enter);
		await shows(frame, 'Disk size');
		await press(app, keys.backspace, keys.backspace);
		await type('64M');
		await shows(frame, '✖ 64M is too small for any bootable image — Use at least 128M, or "auto".');
		expect(frame()).toMatchSnapshot();
		await press(app, keys.backspace, keys.backspace, keys.backspace);
		await type('1.5G');
		await shows(frame, '✔ 1536M');
		await press(app, keys.enter);
		await shows(frame, 'Firmware  debian › amd64 › trixie › cloud › systemd › 1.5G');
	});

	it('asks for the password again when the two differ', async () => {
		const app = start();
		const {frame, type} = app;
		await press(app, ...Array(12).fill(keys.enter));
		await type('one');
		await press(app, keys.enter);
		await shows(frame, 'Type it again:');
		await type('two');
		await shows(frame, 'Type it again: •••');
		await press(app, keys.enter);
		await shows(frame, '✖ The two passwords differ; type it again.');
		await shows(frame, 'Root password:');
	});

	it('takes an SSH public key file and refuses a private one', async () => {
		const app = start();
		const {frame, type} = app;
		await press(app, ...Array(11).fill(keys.enter), keys.down, keys.enter);
		await shows(frame, 'Public key file:');
		await press(app, ...Array(40).fill(keys.backspace));
		await type('id_test');
		await press(app, keys.enter);
		await shows(frame, 'is a private key');
		await type('.pub');
		await shows(frame, /✔ SHA256:/);
		await press(app, keys.enter);
		await shows(frame, `Root login       SSH key ${path.join(cwd, 'id_test.pub')}`);
		await shows(frame, `--ssh-key ${path.join(cwd, 'id_test.pub')}`);
		await shows(frame, '--no-root-password');
	});

	it('warns before locking root, and lets the review change any step', async () => {
		const app = start();
		const {frame} = app;
		await press(app, ...Array(11).fill(keys.enter), keys.up, keys.enter);
		await shows(frame, '⚠ Nobody will be able to log in to this image');
		expect(frame()).toMatchSnapshot();
		await press(app, keys.enter);
		await shows(frame, 'Root login       locked — nobody can log in');
		// Down to "Firmware", change it, and land back on the review.
		await press(app, ...Array(7).fill(keys.down), keys.enter);
		await shows(frame, 'Firmware');
		await press(app, keys.down, keys.enter);
		// From the default (hybrid, last) Down wraps to the first.
		await shows(frame, 'Firmware         bios');
		await shows(frame, '--firmware bios');
	});

	it('quits at once on Ctrl-C on a choice screen', async () => {
		const app = start();
		const {frame, build} = app;
		await press(app, keys.enter, keys.ctrlC);
		expect(frame()).toBe('');
		expect(build).not.toHaveBeenCalled();
	});
});
