// kiln convert end to end: an application image built here (FROM
// debian:bookworm, an ENTRYPOINT that prints a marker and its arguments, then
// serves a page with busybox httpd as a non-root USER) is converted, booted
// under QEMU, and seen working: the marker and the exact arguments and
// environment on the serial console, the port answering inside the guest, the
// output in the journal. Images kiln cannot convert are refused by name.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {contextTar, type TarEntry} from '../../source/core/docker/context-tar.js';
import {runnerFiles, runnerPath} from '../../source/engine/app-service/runner.js';
import {appFromImage} from '../../source/engine/app-service/model.js';
import {eventsOf, kiln} from './helpers/cli.js';

const docker = new Docker({socketPath: '/var/run/docker.sock'});
const appImage = 'kiln-test/convert-app:e2e';
const page = 'kiln-convert-page-7f3a';
// Arguments no shell or unit file may reinterpret: quotes, $, backticks, %,
// a line break, spaces, an empty string, backslashes.
const hostileArgs = ['it\'s "q" $HOME `id` %n ;', 'two\nlines', '', '  spaced  ', 'back\\slash\\n\\c'];

const appScript = `#!/bin/sh
echo "KILN-APP-MARKER user=$(id -un) cwd=$(pwd)"
i=0
for arg in "$@"; do
  echo "KILN-ARG $i [$(printf '%s' "$arg" | od -An -tx1 | tr -d ' \\n')]"
  i=$((i + 1))
done
echo "KILN-ENV [$(printf '%s' "$GREETING" | od -An -tx1 | tr -d ' \\n')]"
exec busybox httpd -f -p 8080 -h /srv/www
`;

const dockerfile = `FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends busybox && rm -rf /var/lib/apt/lists/*
RUN useradd --uid 1000 --create-home web
COPY app.sh /usr/local/bin/app.sh
WORKDIR /srv/www
RUN echo ${page} > index.html
ENV GREETING="50% \\"off\\" \\$HOME \`date\` it's"
USER web
ENTRYPOINT ["app.sh"]
CMD ${JSON.stringify(hostileArgs)}
`;

const hex = (text: string) => Buffer.from(text).toString('hex');

async function buildImage(tag: string, entries: TarEntry[]): Promise<void> {
	const stream = await docker.buildImage(Readable.from([contextTar(entries)]), {t: tag, rm: true, forcerm: true});
	const output = await new Promise<Array<{error?: string; errorDetail?: {message: string}}>>((resolve, reject) => {
		docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
	});
	const failed = output.find(item => item.error ?? item.errorDetail);
	if (failed) throw new Error(`building ${tag} failed: ${failed.error ?? failed.errorDetail?.message}`);
}

/** Imports a tar of the given files as an image: scratch-like, nothing else inside. */
async function importImage(tag: string, entries: TarEntry[]): Promise<void> {
	const [repo, version] = tag.split(':');
	const stream = await docker.importImage(Readable.from([contextTar(entries)]) as unknown as string, {repo, tag: version});
	await new Promise((resolve, reject) => docker.modem.followProgress(stream, error => (error ? reject(error) : resolve(undefined))));
}

/** A QEMU guest on TCG whose serial console is read and typed into. */
function bootGuest(image: string) {
	const qemu = spawn('qemu-system-x86_64', [
		'-accel', 'tcg', '-m', '1024', '-smp', '2', '-no-reboot',
		'-drive', `file=${image},format=raw,if=virtio`,
		'-nic', 'user,model=virtio-net-pci',
		'-display', 'none', '-monitor', 'none', '-serial', 'stdio',
	], {stdio: ['pipe', 'pipe', 'pipe']});
	let console = '';
	qemu.stdout.on('data', (chunk: Buffer) => {
		console += chunk.toString('latin1');
	});
	qemu.stderr.on('data', (chunk: Buffer) => {
		console += chunk.toString('latin1');
	});
	const waitFor = (pattern: RegExp, timeoutMs: number, from = 0) => new Promise<RegExpExecArray>((resolve, reject) => {
		const started = Date.now();
		const poll = setInterval(() => {
			const match = pattern.exec(console.slice(from));
			if (match) {
				clearInterval(poll);
				resolve(match);
			} else if (Date.now() - started > timeoutMs || qemu.exitCode !== null) {
				clearInterval(poll);
				reject(new Error(`no ${pattern} on the serial console within ${timeoutMs / 1000} s; last output:\n${console.slice(-3000)}`));
			}
		}, 250);
	});
	return {
		waitFor,
		get console() {
			return console;
		},
		get length() {
			return console.length;
		},
		type: (text: string) => qemu.stdin.write(text),
		stop: () => qemu.kill('SIGKILL'),
	};
}

describe('kiln convert --app-base inplace refuses images it cannot add a kernel to', () => {
	const debianOsRelease = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n';

	beforeAll(async () => {
		await importImage('kiln-test/convert-scratch:e2e', [{name: 'hello.txt', content: 'no distro here\n', mode: 0o644}]);
		await importImage('kiln-test/convert-distroless:e2e', [{name: 'etc/os-release', content: debianOsRelease, mode: 0o644}]);
		await importImage('kiln-test/convert-fedora:e2e', [{name: 'etc/os-release', content: 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\nPRETTY_NAME="Fedora Linux 40 (Container Image)"\n', mode: 0o644}]);
	});

	it('an image without os-release (scratch)', async () => {
		const result = await kiln(['convert', 'kiln-test/convert-scratch:e2e', '--app-base', 'inplace', '--no-root-password', '-o', '/tmp/never.img']);
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('has no /etc/os-release or /usr/lib/os-release');
		expect(result.stderr).toMatch(/Debian \(trixie, bookworm\)/);
	});

	it('an image without a package manager (distroless)', async () => {
		const result = await kiln(['convert', 'kiln-test/convert-distroless:e2e', '--app-base', 'inplace', '--no-root-password', '-o', '/tmp/never.img']);
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('says it is Debian GNU/Linux 12 (bookworm), but it has no /usr/bin/apt-get');
	});

	it('an unknown distro', async () => {
		const result = await kiln(['convert', 'kiln-test/convert-fedora:e2e', '--app-base', 'inplace', '--no-root-password', '-o', '/tmp/never.img']);
		expect(result.exitCode).toBe(1);
		expect(result.stderr).toContain('is Fedora Linux 40 (Container Image) (ID=fedora), which kiln cannot convert');
		expect(result.stderr).toContain('kiln converts images based on Debian (trixie, bookworm), Alpine Linux (3.23, 3.22, 3.21, 3.20), Ubuntu (26.04, 24.04).');
	});
});

describe('kiln convert of an application image', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'kiln-convert-e2e-'));
	let guest: ReturnType<typeof bootGuest> | undefined;

	beforeAll(async () => {
		await buildImage(appImage, [
			{name: 'Dockerfile', content: dockerfile, mode: 0o644},
			{name: 'app.sh', content: appScript, mode: 0o755},
		]);
	});

	afterAll(() => {
		guest?.stop();
		rmSync(dir, {recursive: true, force: true});
	});

	it('runs the app the way the sysvinit, OpenRC and runit services do, arguments and environment literal', async () => {
		const info = await docker.getImage(appImage).inspect();
		const {app} = appFromImage(appImage, info.Config as Parameters<typeof appFromImage>[1]);
		const container = await docker.createContainer({
			Image: appImage, User: 'root', Entrypoint: [runnerPath], Cmd: [], Tty: true,
		});
		try {
			const files = Object.entries(runnerFiles(app!)).map(([target, file]) => ({name: target.slice(1), ...file}));
			await container.putArchive(contextTar(files), {path: '/'});
			await container.start();
			let log = '';
			for (let i = 0; i < 60 && !log.includes('KILN-ENV'); i++) {
				await new Promise(resolve => setTimeout(resolve, 500));
				log = (await container.logs({stdout: true, stderr: true})).toString();
			}
			expect(log).toContain('KILN-APP-MARKER user=web cwd=/srv/www');
			hostileArgs.forEach((arg, i) => expect(log).toContain(`KILN-ARG ${i} [${hex(arg)}]`));
			const greeting = info.Config.Env.find((entry: string) => entry.startsWith('GREETING='))!.slice('GREETING='.length);
			expect(log).toContain(`KILN-ENV [${hex(greeting)}]`);
		} finally {
			await container.remove({force: true});
		}
	});

	// Where each init keeps the app's output, and how to see the app is running.
	const services = [
		{init: 'systemd', log: 'journalctl -u kiln-app -o cat', state: 'systemctl is-active kiln-app', running: 'active'},
		{init: 'sysvinit', log: 'cat /var/log/kiln-app.log', state: 'pgrep -c -u web -x busybox', running: '1'},
		{init: 'openrc', log: 'cat /var/log/kiln-app.log', state: 'pgrep -c -u web -x busybox', running: '1'},
		{init: 'runit', log: 'cat /var/log/kiln-app.log', state: 'pgrep -c -u web -x busybox', running: '1'},
	];

	it.each(services)('converts it, boots it, and $init runs the app', async ({init, log, state, running}) => {
		const output = path.join(dir, `app-${init}.img`);
		// kiln's own boot check proves the login and the network; the console it
		// saw must show the app started with its arguments intact.
		const result = await kiln(['convert', appImage, '--init', init, '--root-password', 's3cret', '-o', output, '--boot-check', '--boot-check-timeout', '600', '--json']);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toContain(`at boot, ${init} starts the app: ["app.sh",`);
		const [started] = eventsOf(result.events, 'run-started');
		expect(started?.plan.baseImage).toBe(appImage);
		expect(started?.plan.choices).toMatchObject({distro: 'debian', release: 'bookworm', init, hostname: 'convert-app'});
		expect(eventsOf(result.events, 'artifact')).toHaveLength(1);
		const [check] = eventsOf(result.events, 'boot-check');
		expect(check?.result).toMatchObject({ok: true, loggedIn: true, probe: {network: {up: true}}});
		const seen = eventsOf(result.events, 'log').filter(event => event.stage === 'boot-check').map(event => event.line).join('\n');
		expect(seen).toMatch(/KILN-APP-MARKER user=web cwd=\/srv\/www/);
		for (const [i, arg] of hostileArgs.entries()) expect(seen).toContain(`KILN-ARG ${i} [${hex(arg)}]`);

		// Then a session of our own, to ask the guest whether the port answers.

		guest = bootGuest(output);
		try {
			const marker = await guest.waitFor(/KILN-APP-MARKER user=(\S+) cwd=(\S+)/, 600_000);
			expect([marker[1], marker[2]]).toEqual(['web', '/srv/www']);
			const greeting = (await docker.getImage(appImage).inspect()).Config.Env.find((entry: string) => entry.startsWith('GREETING='))!.slice('GREETING='.length);
			await guest.waitFor(/KILN-ENV \[[0-9a-f]*\]/, 60_000);
			for (const [i, arg] of hostileArgs.entries()) expect(guest.console).toContain(`KILN-ARG ${i} [${hex(arg)}]`);
			expect(guest.console).toContain(`KILN-ENV [${hex(greeting)}]`);

			await guest.waitFor(/login: /, 600_000);
			guest.type('root\n');
			await guest.waitFor(/Password: /, 120_000, guest.length - 200);
			guest.type('s3cret\n');
			await guest.waitFor(/root@convert-app:~# /, 180_000);
			const before = guest.length;
			guest.type(`echo "page=$(busybox wget -qO- http://127.0.0.1:8080/)" "log=$(${log} | grep -c KILN-APP-MARKER)" "state=$(${state})"\n`);
			const answer = await guest.waitFor(/page=(\S*) log=(\d+) state=(\S+)/, 180_000, before);
			expect(answer.slice(1)).toEqual([page, '1', running]);
		} finally {
			guest.stop();
		}
	});
});
