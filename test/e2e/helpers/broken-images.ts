// Copies of a good BIOS image, each broken in one way a real image can be:
// bytes of its bootloader zeroed, or GRUB's kernel command line rewritten (in
// the ext4 root, with debugfs, no mounts) to name a missing root, an init
// that exits (a kernel panic) or an init that never gets anywhere (a hang).
import {copyFile, open, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {execa} from 'execa';

async function patchBytes(image: string, offset: number, bytes: Buffer): Promise<void> {
	const handle = await open(image, 'r+');
	try {
		await handle.write(bytes, 0, bytes.length, offset);
	} finally {
		await handle.close();
	}
}

async function rootOffset(image: string): Promise<number> {
	const mbr = Buffer.alloc(512);
	const handle = await open(image, 'r');
	try {
		await handle.read(mbr, 0, 512, 0);
	} finally {
		await handle.close();
	}
	return mbr.readUInt32LE(446 + 8) * 512;
}

/** Rewrites /boot/grub/grub.cfg in the image's first partition. */
async function editGrubConfig(image: string, edit: (config: string) => string): Promise<void> {
	const fs = `${image}?offset=${await rootOffset(image)}`;
	const {stdout} = await execa('debugfs', ['-R', 'cat /boot/grub/grub.cfg', fs]);
	const changed = edit(stdout);
	if (changed === stdout) throw new Error('the grub.cfg edit changed nothing');
	const local = `${image}.grub.cfg`;
	await writeFile(local, changed);
	await execa('debugfs', ['-w', '-R', 'rm /boot/grub/grub.cfg', fs]);
	await execa('debugfs', ['-w', '-R', `write ${local} /boot/grub/grub.cfg`, fs]);
	await rm(local);
}

export type Breakage = 'mbr-code-zeroed' | 'grub-core-zeroed' | 'root-uuid-missing' | 'init-exits' | 'init-hangs';

export async function brokenImage(good: string, dir: string, breakage: Breakage): Promise<string> {
	const image = path.join(dir, `${breakage}.img`);
	await copyFile(good, image);
	const kernelArgs = (extra: string) => (config: string) => config.replace(/^(\s*linux\s+\S+.*)$/m, `$1 ${extra}`);
	switch (breakage) {
		case 'mbr-code-zeroed':
			await patchBytes(image, 0, Buffer.alloc(440));
			break;
		case 'grub-core-zeroed':
			// GRUB's core image fills the gap after the MBR: its first 64 KiB.
			await patchBytes(image, 512, Buffer.alloc(64 * 1024));
			break;
		case 'root-uuid-missing':
			await editGrubConfig(image, config => config.replace(/root=UUID=[0-9a-f-]+/, 'root=UUID=deadbeef-0000-4000-8000-000000000000'));
			break;
		case 'init-exits':
			await editGrubConfig(image, kernelArgs('init=/bin/false'));
			break;
		case 'init-hangs':
			// cat waits forever on the console, printing nothing: a silent PID 1.
			await editGrubConfig(image, kernelArgs('init=/bin/cat'));
			break;
	}
	return image;
}
