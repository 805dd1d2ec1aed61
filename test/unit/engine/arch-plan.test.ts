// --arch in the plan: each architecture's kernel packages, base image, serial
// console and firmware, and the refusals that come before any work.
import {describe, expect, it} from 'vitest';
import {archOfImage, archOfNode, hostArch} from '../../../source/core/arch.js';
import {type DistroDef, loadDistros, parseDistro} from '../../../source/engine/distros.js';
import {platformImage, resolvePlan, withDefaults} from '../../../source/engine/plan.js';

const cwd = '/work/out';
const secrets = {rootPassword: 's3cret'};

function refusal(run: () => unknown): {field?: string; message: string; hint?: string; exitCode?: number} {
	try {
		run();
	} catch (error) {
		return error as ReturnType<typeof refusal>;
	}
	throw new Error('expected a refusal');
}

describe('the host architecture', () => {
	it("maps Node's CPU names to kiln's, amd64 for one kiln has no target for", () => {
		expect(archOfNode('x64')).toBe('amd64');
		expect(archOfNode('arm64')).toBe('arm64');
		expect(archOfNode('riscv64')).toBeUndefined();
		expect(hostArch('arm64')).toBe('arm64');
		expect(hostArch('ia32')).toBe('amd64');
		expect(archOfImage('aarch64')).toBe('arm64');
		expect(archOfImage('s390x')).toBeUndefined();
	});
});

describe('an arm64 plan', () => {
	it("takes each distro's arm64 kernel, Docker Hub's arm64 image name and UEFI by default", () => {
		const plan = resolvePlan({arch: 'arm64', release: 'bookworm'}, secrets, {cwd});
		expect(plan.kernel.packages).toEqual(['linux-image-cloud-arm64']);
		expect(plan.baseImage).toBe('arm64v8/debian:bookworm');
		expect(plan.choices.firmware).toBe('uefi');
		expect(resolvePlan({arch: 'arm64', kernel: 'generic'}, secrets, {cwd}).kernel.packages).toEqual(['linux-image-arm64']);
		expect(resolvePlan({arch: 'arm64', distro: 'ubuntu'}, secrets, {cwd}).kernel.packages).toEqual(['linux-image-virtual']);
		expect(resolvePlan({arch: 'arm64', distro: 'alpine'}, secrets, {cwd}).baseImage).toBe('arm64v8/alpine:3.23');
		expect(resolvePlan({arch: 'amd64'}, secrets, {cwd}).kernel.packages).toEqual(['linux-image-cloud-amd64']);
	});

	it('keeps a --base image as given (it is pulled for the platform and its architecture checked)', () => {
		expect(resolvePlan({arch: 'arm64', base: 'myorg/debian:12'}, secrets, {cwd}).baseImage).toBe('myorg/debian:12');
		expect(platformImage('registry.example.com/debian:13', 'arm64')).toBe('registry.example.com/debian:13');
		expect(platformImage('debian:trixie', 'amd64')).toBe('debian:trixie');
	});

	it('gives the serial login of non-systemd inits to ttyAMA0, the first serial port there', () => {
		const plan = resolvePlan({arch: 'arm64', init: 'sysvinit'}, secrets, {cwd});
		expect(plan.init.serialConsole.join('\n')).toContain('getty -L ttyAMA0 115200');
		expect(plan.init.serialConsole.join('\n')).not.toContain('ttyS0');
		expect(resolvePlan({init: 'sysvinit', arch: 'amd64'}, secrets, {cwd}).init.serialConsole.join('\n')).toContain('ttyS0');
	});

	it.each(['bios', 'hybrid'] as const)('refuses --firmware %s, naming why: arm64 boots by UEFI only', firmware => {
		const error = refusal(() => resolvePlan({arch: 'arm64', firmware}, secrets, {cwd}));
		expect(error).toMatchObject({field: '--firmware', exitCode: 2});
		expect(`${error.message} ${error.hint}`).toMatch(new RegExp(`--firmware ${firmware} cannot boot --arch arm64.*UEFI only.*--firmware uefi`));
	});

	it('refuses the classic extlinux method, which is BIOS only', () => {
		expect(refusal(() => resolvePlan({arch: 'arm64', bootloader: 'extlinux'}, secrets, {cwd}))).toMatchObject({field: '--firmware', exitCode: 2});
	});

	it('refuses a kernel not built for the architecture, naming those that are', () => {
		const debian = loadDistros().find(distro => distro.id === 'debian')!;
		const amd64Only: DistroDef = {...debian, kernels: [{...debian.kernels[0]!, packages: {amd64: ['linux-image-cloud-amd64']}}, debian.kernels[1]!]};
		const error = refusal(() => resolvePlan({arch: 'arm64', kernel: 'cloud'}, secrets, {cwd, distros: [amd64Only]}));
		expect(error).toMatchObject({field: '--kernel', exitCode: 2});
		expect(`${error.message} ${error.hint}`).toMatch(/--kernel cloud is not built for arm64.*--kernel generic/);
	});

	it('refuses an architecture a distro has no kernel for at all', () => {
		const debian = loadDistros().find(distro => distro.id === 'debian')!;
		const amd64Only: DistroDef = {...debian, kernels: debian.kernels.map(kernel => ({...kernel, packages: {amd64: kernel.packages.amd64!}}))};
		const error = refusal(() => resolvePlan({arch: 'arm64'}, secrets, {cwd, distros: [amd64Only]}));
		expect(error).toMatchObject({field: '--arch', exitCode: 2});
		expect(`${error.message} ${error.hint}`).toMatch(/no arm64 kernel.*--arch amd64/);
	});

	it('is the default only on an arm64 host', () => {
		expect(withDefaults({}).arch).toBe(hostArch());
	});
});

describe('distro files', () => {
	const file = (packages: unknown) => JSON.stringify({
		id: 'mini', name: 'Mini', description: 'd', packageManager: 'apt',
		releases: [{id: 'one', name: 'One', image: 'mini:1', description: 'd', endOfSupport: '2030-01-01'}], defaultRelease: 'one',
		kernels: [{id: 'k', packages, boot: {kernel: '/vmlinuz', initrd: '/initrd.img'}, description: 'd'}], defaultKernel: 'k',
		inits: [{id: 'i', packages: [], serialConsole: [], description: 'd'}], defaultInit: 'i',
		essentials: {packages: [], network: [], cmdline: 'quiet'}, sshPackages: [], growPackages: [], slim: [],
	});

	it("name each kernel's packages per architecture, and only architectures kiln knows", () => {
		expect(parseDistro(file({arm64: ['linux-image-arm64']}), 'mini.json').kernels[0]!.packages).toEqual({arm64: ['linux-image-arm64']});
		expect(() => parseDistro(file({riscv64: ['linux-image-riscv64']}), 'mini.json')).toThrow('field "kernels[0].packages.riscv64" names an architecture kiln does not know');
		expect(() => parseDistro(file({}), 'mini.json')).toThrow('field "kernels[0].packages" must name the packages of at least one architecture');
		expect(() => parseDistro(file(['linux-image-amd64']), 'mini.json')).toThrow('field "kernels[0].packages" must be an object');
	});
});
