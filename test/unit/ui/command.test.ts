import {describe, expect, it} from 'vitest';
import {withDefaults} from '../../../source/engine/plan.js';
import {printedBootCommand} from '../../../source/app/prepare-machine.js';
import {buildArgv} from '../../../source/ui/wizard/command-line.js';
import {buildOptions, choicesFromFlags, parseFlags, releaseHelp} from '../../../source/commands/build-flags.js';
import {loadDistros} from '../../../source/engine/distros.js';

describe('buildArgv', () => {
	it('names every wizard choice and stands FILE in for the password', () => {
		const argv = buildArgv(withDefaults({rootPassword: true}));
		expect(argv.join(' ')).toBe(
			'kiln build --distro debian --release trixie --arch amd64 --kernel cloud --init systemd --size auto --firmware hybrid --format raw --hostname debian --root-password-file FILE --output debian-trixie.img',
		);
	});

	it('passes a key or a locked root, and the extras a preset may carry', () => {
		const key = buildArgv(withDefaults({sshKey: '/home/me/.ssh/id.pub', packages: ['curl', 'vim'], force: true, format: 'qcow2', compress: true}));
		expect(key).toEqual(expect.arrayContaining(['--ssh-key', '/home/me/.ssh/id.pub', '--no-root-password', '--packages', 'curl,vim', '--force', '--compress']));
		expect(buildArgv(withDefaults({}))).toContain('--no-root-password');
	});

	it('is read back by `kiln build` as the same choices', () => {
		const choices = withDefaults({distro: 'debian', release: 'trixie', size: '4G', firmware: 'bios', bootloader: 'extlinux', format: 'qcow2', hostname: 'web-1', sshKey: 'id.pub', seed: 'abc'});
		const {values} = parseFlags(buildArgv(choices).slice(2), buildOptions);
		expect(withDefaults(choicesFromFlags(values).choices)).toEqual(choices);
	});
});

describe('printedBootCommand', () => {
	it('boots BIOS images as they are and UEFI images with OVMF, as kiln boot does', () => {
		expect(printedBootCommand({path: '/out/a.img', format: 'raw'}, 'bios').join(' ')).toBe(
			'qemu-system-x86_64 -nodefaults -vga std -accel tcg -m 1024M -smp 2 -drive file=/out/a.img,format=raw,if=virtio -netdev user,id=net0 -device virtio-net-pci,netdev=net0,romfile= -nographic -serial mon:stdio -no-reboot',
		);
		const uefi = printedBootCommand({path: '/out/a.qcow2', format: 'qcow2'}, 'uefi');
		expect(uefi.filter(arg => arg.startsWith('if=pflash'))).toHaveLength(2);
		expect(uefi).not.toContain('-bios');
	});

	it('doubles commas in the path, as QEMU expects', () => {
		expect(printedBootCommand({path: '/out/a,b.img', format: 'raw'}, 'bios')).toContain('file=/out/a,,b.img,format=raw,if=virtio');
	});
});

describe('the --release help', () => {
	it('lists each distro\'s releases with its default, those past their end of support apart', () => {
		expect(releaseHelp(loadDistros(), new Date('2026-12-01'))).toEqual([
			'debian: trixie (default), bookworm',
			'alpine: 3.23 (default), 3.22; past end of support: 3.21, 3.20',
			'ubuntu: 26.04 (default), 24.04',
		]);
	});
});
