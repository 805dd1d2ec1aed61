import {describe, expect, test} from 'vitest';
import {type MachineSpec, qemuArgs} from '../../../source/qemu/qemu-args.js';

const spec: MachineSpec = {
	name: 'kiln-boot-check-1-abc',
	arch: 'amd64',
	image: {path: '/images/debian.img', format: 'raw'},
	accel: 'tcg',
	firmware: 'bios',
	memoryMiB: 1024,
	cpus: 2,
	network: 'user',
	forwards: [],
	forwardAddress: '127.0.0.1',
	console: 'pipe',
	snapshot: true,
};

/** The value following a flag, for every occurrence. */
const values = (args: string[], flag: string) => args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));

describe('qemuArgs', () => {
	test('a headless boot check under TCG, on a PC without its default CD-ROM, floppy and parallel port', () => {
		expect(qemuArgs(spec)).toEqual([
			'-name', 'kiln-boot-check-1-abc',
			'-nodefaults', '-vga', 'std',
			'-accel', 'tcg',
			'-m', '1024M', '-smp', '2',
			'-drive', 'file=/images/debian.img,format=raw,if=virtio,snapshot=on',
			'-netdev', 'user,id=net0', '-device', 'virtio-net-pci,netdev=net0,romfile=',
			'-nographic', '-serial', 'stdio', '-monitor', 'none',
			'-no-reboot',
		]);
	});

	test('the interactive console shares the terminal with the monitor, keeps writes, forwards ports', () => {
		const args = qemuArgs({...spec, console: 'terminal', snapshot: false, accel: 'kvm', forwards: [{host: 2222, guest: 22}, {host: 8080, guest: 80}]});
		expect(values(args, '-serial')).toEqual(['mon:stdio']);
		expect(args).not.toContain('-monitor');
		expect(values(args, '-drive')).toEqual(['file=/images/debian.img,format=raw,if=virtio']);
		expect(values(args, '-cpu')).toEqual(['host']);
		expect(values(args, '-netdev')).toEqual(['user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:8080-:80']);
	});

	test('no network', () => {
		const args = qemuArgs({...spec, network: 'none'});
		expect(values(args, '-nic')).toEqual(['none']);
		expect(args).not.toContain('-netdev');
	});

	test('UEFI: OVMF code read-only, its variable store snapshotted', () => {
		const args = qemuArgs({...spec, firmware: 'uefi', ovmf: {code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd'}});
		expect(values(args, '-drive').slice(0, 2)).toEqual([
			'if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd',
			'if=pflash,format=raw,unit=1,snapshot=on,file=/usr/share/OVMF/OVMF_VARS_4M.fd',
		]);
		expect(() => qemuArgs({...spec, firmware: 'uefi'})).toThrow(/OVMF, AAVMF/);
	});

	test('arm64: the virt board, the newest CPU with the cheap pointer authentication under TCG, AAVMF in pflash', () => {
		const aavmf = {code: '/usr/share/AAVMF/AAVMF_CODE.fd', vars: '/usr/share/AAVMF/AAVMF_VARS.fd'};
		expect(qemuArgs({...spec, arch: 'arm64', firmware: 'uefi', ovmf: aavmf})).toEqual([
			'-name', 'kiln-boot-check-1-abc',
			'-M', 'virt',
			'-accel', 'tcg', '-cpu', 'max,pauth-impdef=on',
			'-m', '1024M', '-smp', '2',
			'-drive', 'if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd',
			'-drive', 'if=pflash,format=raw,unit=1,snapshot=on,file=/usr/share/AAVMF/AAVMF_VARS.fd',
			'-drive', 'file=/images/debian.img,format=raw,if=virtio,snapshot=on',
			'-netdev', 'user,id=net0', '-device', 'virtio-net-pci,netdev=net0,romfile=',
			'-nographic', '-serial', 'stdio', '-monitor', 'none',
			'-no-reboot',
		]);
		expect(values(qemuArgs({...spec, arch: 'arm64', accel: 'kvm', firmware: 'uefi', ovmf: aavmf}), '-cpu')).toEqual(['host']);
	});

	test('a comma in a path cannot add drive options', () => {
		const args = qemuArgs({...spec, image: {path: '/tmp/x.img,file.locking=off,if=none', format: 'qcow2'}});
		expect(values(args, '-drive')).toEqual(['file=/tmp/x.img,,file.locking=off,,if=none,format=qcow2,if=virtio,snapshot=on']);
	});

	test('odd paths stay one argument each (no shell is involved)', () => {
		const path = '/tmp/$(touch pwned) `id`; rm -rf ~ "q" \'s\'\n.img';
		const args = qemuArgs({...spec, image: {path, format: 'raw'}});
		expect(args).toContain(`file=${path},format=raw,if=virtio,snapshot=on`);
	});
});
