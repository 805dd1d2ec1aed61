// kiln convert of images that cannot host a kernel, end to end: a FROM
// scratch image with a static busybox (ENTRYPOINT, ENV, a numeric non-root
// USER, a VOLUME), a distroless-like one (a dynamic busybox with the shared
// libraries it needs, a user only the image's /etc/passwd knows, no /bin/sh)
// and one whose os-release names a distro kiln does not know. Each is made
// here from debian:bookworm, converted with systemd and with another init,
// and booted under QEMU by kiln's own boot check, which must see the app's
// console line (--expect-output), its EXPOSEd port accepting, its HEALTHCHECK
// passing and an --expect-port; the JUnit report names every milestone and
// check. The last image's HEALTHCHECK only passes under systemd, so under
// runit the boot check fails and says which checks failed and why.
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import Docker from 'dockerode';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {contextTar, type TarEntry} from '../../source/core/docker/context-tar.js';
import {eventsOf, kiln} from './helpers/cli.js';

const docker = new Docker({socketPath: '/var/run/docker.sock'});
const suffix = Math.random().toString(36).slice(2, 8);
const tag = (name: string) => `kiln-test/convert-any-${name}:${suffix}`;

// busybox-static (scratch, unknown distro) and the dynamic busybox (distroless), from the machine's mirror.
const tools = `FROM debian:bookworm AS static
RUN apt-get update && apt-get install -y --no-install-recommends busybox-static && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /static/bin /static/www && cp /bin/busybox /static/bin/busybox && echo kiln-any-page > /static/www/index.html
FROM debian:bookworm AS dynamic
RUN apt-get update && apt-get install -y --no-install-recommends busybox && rm -rf /var/lib/apt/lists/*
RUN mkdir -p /dynamic/bin /dynamic/www && cp /bin/busybox /dynamic/bin/busybox && echo kiln-any-page > /dynamic/www/index.html \\
 && for lib in $(ldd /bin/busybox | grep -o '/[^ ]*'); do cp -L --parents "$lib" /dynamic; done
`;

const images = {
	scratch: `${tools}FROM scratch
COPY --from=static /static/ /
ENV GREETING="hello from scratch" PATH=/bin
USER 1000:1000
WORKDIR /www
EXPOSE 8080
VOLUME /data
HEALTHCHECK --interval=2s --timeout=10s --retries=5 CMD ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]
ENTRYPOINT ["busybox", "sh", "-c", "echo KILN-ANY-APP scratch uid=$(busybox id -u):$(busybox id -g) home=$HOME cwd=$(busybox pwd) greeting=$GREETING host=$(busybox cat /etc/hostname) data=$(busybox test -d /data && echo dir); exec busybox httpd -f -p 8080 -h /www"]
`,
	distroless: `${tools}FROM scratch
COPY --from=dynamic /dynamic/ /
COPY os-release /etc/os-release
COPY passwd /etc/passwd
COPY group /etc/group
USER nonroot
EXPOSE 8081
HEALTHCHECK --interval=2s --timeout=10s --retries=5 CMD ["/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8081/"]
ENTRYPOINT ["/bin/busybox", "sh", "-c", "echo KILN-ANY-APP distroless uid=$(busybox id -u):$(busybox id -g) home=$HOME; exec busybox httpd -f -p 8081 -h /www"]
`,
	unknown: `${tools}FROM scratch
COPY --from=static /static/ /
RUN ["/bin/busybox", "--install", "-s", "/bin"]
COPY kilnix-release /etc/os-release
EXPOSE 8082
HEALTHCHECK --interval=2s --timeout=10s --retries=2 CMD grep -qx systemd /proc/1/comm
ENTRYPOINT ["/bin/sh", "-c", "echo KILN-ANY-APP unknown init=$(cat /proc/1/comm) os=$(. /etc/os-release; echo $ID); exec httpd -f -p 8082 -h /www"]
`,
};

const extraFiles: TarEntry[] = [
	{name: 'os-release', content: 'PRETTY_NAME="Distroless"\nNAME="Debian GNU/Linux"\nID="debian"\nVERSION_ID="12"\nVERSION_CODENAME=bookworm\n', mode: 0o644},
	{name: 'passwd', content: 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n', mode: 0o644},
	{name: 'group', content: 'root:x:0:\nnonroot:x:65532:\n', mode: 0o644},
	{name: 'kilnix-release', content: 'NAME="Kilnix"\nID=kilnix\nVERSION_ID=1.0\nPRETTY_NAME="Kilnix 1.0"\n', mode: 0o644},
];

async function buildImage(name: string, dockerfile: string): Promise<void> {
	const entries = [{name: 'Dockerfile', content: dockerfile, mode: 0o644}, ...extraFiles];
	const stream = await docker.buildImage(Readable.from([contextTar(entries)]), {t: name, rm: true, forcerm: true});
	const output = await new Promise<Array<{error?: string; errorDetail?: {message: string}}>>((resolve, reject) => {
		docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result)));
	});
	const failed = output.find(item => item.error ?? item.errorDetail);
	if (failed) throw new Error(`building ${name} failed: ${failed.error ?? failed.errorDetail?.message}`);
}

const dir = mkdtempSync(path.join(tmpdir(), 'kiln-convert-any-e2e-'));
// kiln's own folders of this run, not the user's.
const env = {KILN_STATE_DIR: path.join(dir, 'state'), KILN_CONFIG_DIR: path.join(dir, 'config')};

beforeAll(async () => {
	for (const [name, dockerfile] of Object.entries(images)) await buildImage(tag(name), dockerfile);
}, 20 * 60_000);

afterAll(async () => {
	rmSync(dir, {recursive: true, force: true});
	for (const name of Object.keys(images)) await docker.getImage(tag(name)).remove({force: true}).catch(() => undefined);
});

const cases = [
	{image: 'scratch', init: 'systemd', port: 8080, seen: /KILN-ANY-APP scratch uid=1000:1000 home=\/ cwd=\/www greeting=hello from scratch host=convert-any-scratch data=dir/, why: 'it has no os-release (FROM scratch or distroless)'},
	{image: 'scratch', init: 'sysvinit', port: 8080, seen: /KILN-ANY-APP scratch uid=1000:1000 home=\/ cwd=\/www greeting=hello from scratch host=convert-any-scratch data=dir/, why: 'it has no os-release (FROM scratch or distroless)'},
	{image: 'distroless', init: 'systemd', port: 8081, seen: /KILN-ANY-APP distroless uid=65532:65532 home=\/home\/nonroot/, why: 'it has no /usr/bin/apt-get'},
	// --release picks the Debian base's release.
	{image: 'distroless', init: 'openrc', port: 8081, seen: /KILN-ANY-APP distroless uid=65532:65532 home=\/home\/nonroot/, why: 'it has no /usr/bin/apt-get', release: 'bookworm'},
	{image: 'unknown', init: 'systemd', port: 8082, seen: /KILN-ANY-APP unknown init=systemd os=kilnix/, why: 'it is Kilnix 1.0, which kiln has no definition for'},
];

// The session's waits scale with the timeout: a check that must fail waits for it whole, so that case uses a shorter one.
function convertArgs(image: string, init: string, output: string, junit: string, expect: {port: number; output: string}, timeoutSec = 900, release?: string): string[] {
	return ['convert', tag(image), '--init', init, ...(release ? ['--release', release] : []), '--root-password', 's3cret', '-o', output, '--boot-check', '--boot-check-timeout', String(timeoutSec),
		'--expect-port', String(expect.port), '--expect-output', expect.output, '--junit', junit, '--json'];
}

describe('kiln convert on a Debian base', () => {
	it.each(cases)('$image with $init: boots, the app runs inside its tree and serves, every check passes', async ({image, init, port, seen, why, release = 'trixie'}) => {
		const output = path.join(dir, `${image}-${init}.img`);
		const junit = path.join(dir, `${image}-${init}.xml`);
		const result = await kiln(convertArgs(image, init, output, junit, {port, output: 'KILN-ANY-APP'}, 900, release === 'trixie' ? undefined : release), {env, timeoutMs: 25 * 60_000});
		expect(result.exitCode, result.stderr.slice(-3000)).toBe(0);
		expect(result.stderr).toContain(`kiln: on a Debian base (${why}): the image's tree is kept whole under /var/lib/kiln/app/rootfs`);
		const [started] = eventsOf(result.events, 'run-started');
		expect(started?.plan).toMatchObject({baseImage: `debian:${release}`, appBase: {path: 'debian', why}, choices: {distro: 'debian', release, init, appBase: 'debian'}});
		const [check] = eventsOf(result.events, 'boot-check');
		expect(check?.result).toMatchObject({ok: true, loggedIn: true, probe: {os: {id: 'debian', name: expect.stringContaining(`(${release})`)}}});
		const checks = check!.result.checks!;
		expect(checks.map(({name, source, ok}) => ({name, source, ok}))).toEqual([
			{name: `port ${port}`, source: 'image', ok: true},
			{name: 'healthcheck', source: 'image', ok: true},
			{name: 'output /KILN-ANY-APP/', source: 'flag', ok: true},
		]);
		// The app's own line on the console, with its user, environment and the guest's hostname.
		expect(checks[2]!.detail).toMatch(seen);
		for (const item of checks) expect(item.atSec).toBeGreaterThan(0);

		const report = readFileSync(junit, 'utf8');
		for (const name of ['firmware', 'bootloader', 'kernel started', 'init started', 'login prompt', 'root login', 'probe', `port ${port}`, 'healthcheck', 'output /KILN-ANY-APP/']) {
			expect(report).toMatch(new RegExp(`<testcase classname="[\\w.]+" name="${name.replace(/[/]/g, '\\/')}" time="\\d+\\.\\d"/>`));
		}
		expect(report).toMatch(/<testsuites name="kiln boot-check" tests="10" failures="0"/);

		// The history names the image converted, not the Debian base, and rerun says to convert it again.
		const history = await kiln(['history', '--json', '--limit', '1'], {env});
		expect(JSON.parse(history.stdout)[0]).toMatchObject({baseImage: `debian:${release}`, convertedFrom: tag(image), appService: true});
		const rerun = await kiln(['rerun'], {env});
		expect(rerun.exitCode).toBe(2);
		expect(rerun.stderr).toContain(`Run kiln convert ${tag(image)} again.`);
		rmSync(output, {force: true});
	}, 30 * 60_000);

	it('refuses --release for an image converted in place, before any work', async () => {
		const result = await kiln(['convert', 'debian:bookworm', '--release', 'trixie', '-o', path.join(dir, 'never.img')], {env});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain("--release picks the Debian base's release, but debian:bookworm is converted in place as Debian 12 (bookworm)");
		expect(result.stderr).toContain('--app-base debian');
		expect(existsSync(path.join(dir, 'never.img'))).toBe(false);
	});

	it('fails the boot check when a HEALTHCHECK, an --expect-port and an --expect-output fail, naming each', async () => {
		const output = path.join(dir, 'unknown-runit.img');
		const junit = path.join(dir, 'unknown-runit.xml');
		const result = await kiln(convertArgs('unknown', 'runit', output, junit, {port: 9, output: 'NEVER-PRINTED-[0-9]'}, 360), {env, timeoutMs: 25 * 60_000});
		expect(result.exitCode).toBe(1);
		const [check] = eventsOf(result.events, 'boot-check');
		expect(check?.result).toMatchObject({ok: false, code: 'check-failed', loggedIn: true});
		const checks = check!.result.checks!;
		expect(checks.map(({name, source, ok}) => ({name, source, ok}))).toEqual([
			{name: 'port 8082', source: 'image', ok: true},
			{name: 'port 9', source: 'flag', ok: false},
			{name: 'healthcheck', source: 'image', ok: false},
			{name: 'output /NEVER-PRINTED-[0-9]/', source: 'flag', ok: false},
		]);
		expect(check!.result.reason).toMatch(/^3 checks failed: port 9 \(nothing listening on TCP port 9 after \d+ s\); healthcheck \(failed 2 times in a row \(retries 2\); last: exit code 1\); output \/NEVER-PRINTED-\[0-9\]\/ \(no console line matched/);
		// The app itself ran, under runit, inside its tree.
		const seen = eventsOf(result.events, 'log').filter(event => event.stage === 'boot-check').map(event => event.line).join('\n');
		expect(seen).toMatch(/KILN-ANY-APP unknown init=runit os=kilnix/);
		const [failed] = eventsOf(result.events, 'stage-failed');
		expect(failed?.error.message).toContain('The image did not boot: 3 checks failed: port 9');
		expect(failed?.error.logTail?.length).toBeGreaterThan(0);

		const report = readFileSync(junit, 'utf8');
		expect(report).toMatch(/<testsuites name="kiln boot-check" tests="11" failures="3"/);
		expect(report).toMatch(/<testcase classname="kiln.boot.check.image" name="healthcheck" time="[\d.]+">\n {6}<failure type="check-failed" message="failed 2 times in a row/);
	}, 30 * 60_000);
});
