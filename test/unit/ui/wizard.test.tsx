// The start screen and the wizard, driven by keys as a person would.
import {mkdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterEach, beforeAll, describe, expect, it, vi} from 'vitest';
import {loadDistros} from '../../../source/engine/distros.js';
import type {KilnEvent} from '../../../source/engine/events.js';
import type {Plan} from '../../../source/engine/plan.js';
import {Kiln} from '../../../source/ui/Kiln.js';
import {startOptions} from '../../../source/ui/start/options.js';
import {keys, press, recorded, renderUi, replay, until} from './helpers.js';

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
	const app = renderUi(<Kiln cwd={cwd} options={startOptions()} distros={loadDistros()} build={build} onCancel={() => {}} actions={[]} />);
	const frame = () => app.lastFrame() ?? '';
	const type = (text: string) => press(app.stdin, ...text);
	return {...app, frame, type, plans, build};
}

describe('the wizard', {timeout: 30_000}, () => {
	it('walks every step on the defaults, with a masked password, to a plan', async () => {
		const {stdin, frame, type, plans} = start();
		const screens: string[] = [frame()];
		const step = async (...sequence: string[]) => {
			await press(stdin, ...sequence);
			screens.push(frame());
		};
		expect(frame()).toContain('❯ New build');
		for (let i = 0; i < 10; i++) await step(keys.enter);
		expect(frame()).toContain('Root login');
		await step(keys.enter);
		await type('s3cret pw');
		screens.push(frame());
		expect(frame()).toContain('Root password: •••••••••');
		expect(frame()).not.toContain('s3cret');
		await step(keys.enter);
		await type('s3cret pw');
		await step(keys.enter);
		expect(frame()).toContain('Review');
		expect(frame()).toContain('--root-password-file FILE');
		expect(frame()).not.toContain('s3cret');
		for (const screen of screens) expect(screen).toMatchSnapshot();

		await press(stdin, keys.enter);
		await until(() => frame().includes('Build failed'));
		expect(plans).toHaveLength(1);
		const [plan] = plans;
		expect(plan!.choices).toMatchObject({distro: 'debian', release: 'bookworm', kernel: 'cloud', init: 'systemd', size: 'auto', firmware: 'hybrid', format: 'raw', hostname: 'debian', rootPassword: true});
		expect(plan!.outputPath).toBe(path.join(cwd, 'debian-bookworm.img'));
		expect(plan!.rootPasswordHash).toMatch(/^\$6\$/);
	});

	it('moves with arrows, goes back with Esc keeping answers, and reopens what a new distro changes', async () => {
		const {stdin, frame} = start();
		await press(stdin, keys.enter, keys.down, keys.enter);
		expect(frame()).toContain('Release  alpine');
		await press(stdin, keys.down, keys.enter);
		expect(frame()).toContain('Kernel  alpine › 3.21');
		await press(stdin, keys.escape);
		expect(frame()).toMatch(/❯ 3\.21/);
		await press(stdin, keys.escape);
		expect(frame()).toMatch(/❯ alpine/);
		await press(stdin, keys.escape);
		expect(frame()).toContain('❯ New build');
		await press(stdin, keys.enter);
		// The answer survived the way back.
		expect(frame()).toMatch(/❯ alpine/);
		await press(stdin, keys.up, keys.enter);
		expect(frame()).toContain('Release  debian');
		expect(frame()).toMatch(/❯ bookworm/);
	});

	it('checks a custom disk size as it is typed', async () => {
		const {stdin, frame, type} = start();
		await press(stdin, ...Array(5).fill(keys.enter));
		expect(frame()).toContain('Disk size');
		await press(stdin, keys.up, keys.enter);
		await type('1x');
		expect(frame()).toContain('✖ "1x" is not a size');
		await press(stdin, keys.enter);
		expect(frame()).toContain('Disk size');
		await press(stdin, keys.backspace, keys.backspace);
		await type('64M');
		expect(frame()).toContain('✖ 64M is too small for any bootable image — Use at least 128M, or "auto".');
		expect(frame()).toMatchSnapshot();
		await press(stdin, keys.backspace, keys.backspace, keys.backspace);
		await type('1.5G');
		expect(frame()).toContain('✔ 1536M');
		await press(stdin, keys.enter);
		expect(frame()).toContain('Firmware  debian › bookworm › cloud › systemd › 1.5G');
	});

	it('asks for the password again when the two differ', async () => {
		const {stdin, frame, type} = start();
		await press(stdin, ...Array(11).fill(keys.enter));
		await type('one');
		await press(stdin, keys.enter);
		expect(frame()).toContain('Type it again:');
		await type('two');
		expect(frame()).toContain('Type it again: •••');
		await press(stdin, keys.enter);
		expect(frame()).toContain('✖ The two passwords differ; type it again.');
		expect(frame()).toContain('Root password:');
	});

	it('takes an SSH public key file and refuses a private one', async () => {
		const {stdin, frame, type} = start();
		await press(stdin, ...Array(10).fill(keys.enter), keys.down, keys.enter);
		expect(frame()).toContain('Public key file:');
		await press(stdin, ...Array(40).fill(keys.backspace));
		await type('id_test');
		await press(stdin, keys.enter);
		expect(frame()).toContain('is a private key');
		await type('.pub');
		expect(frame()).toMatch(/✔ SHA256:/);
		await press(stdin, keys.enter);
		expect(frame()).toContain(`Root login     SSH key ${path.join(cwd, 'id_test.pub')}`);
		expect(frame()).toContain(`--ssh-key ${path.join(cwd, 'id_test.pub')}`);
		expect(frame()).toContain('--no-root-password');
	});

	it('warns before locking root, and lets the review change any step', async () => {
		const {stdin, frame} = start();
		await press(stdin, ...Array(10).fill(keys.enter), keys.up, keys.enter);
		expect(frame()).toContain('⚠ Nobody will be able to log in to this image');
		expect(frame()).toMatchSnapshot();
		await press(stdin, keys.enter);
		expect(frame()).toContain('Root login     locked — nobody can log in');
		// Down to "Firmware", change it, and land back on the review.
		await press(stdin, ...Array(6).fill(keys.down), keys.enter);
		expect(frame()).toContain('Firmware');
		await press(stdin, keys.down, keys.enter);
		// From the default (hybrid, last) Down wraps to the first.
		expect(frame()).toContain('Firmware       bios');
		expect(frame()).toContain('--firmware bios');
	});

	it('quits at once on Ctrl-C on a choice screen', async () => {
		const {stdin, frame, build} = start();
		await press(stdin, keys.enter, keys.ctrlC);
		expect(frame()).toBe('');
		expect(build).not.toHaveBeenCalled();
	});
});
