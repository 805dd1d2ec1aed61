// The emulation preflight reads binfmt_misc entries; fake folders stand in for /proc.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {binfmtState, emulationMissing} from '../../../source/engine/binfmt.js';

const aarch64 = (enabled: string, flags: string) =>
	`${enabled}\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: ${flags}\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n`;
const dirs: string[] = [];
function fake(entries: Record<string, string>): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'kiln-binfmt-'));
	dirs.push(dir);
	writeFileSync(path.join(dir, 'status'), 'enabled\n');
	for (const [name, text] of Object.entries(entries)) writeFileSync(path.join(dir, name), text);
	return dir;
}
afterEach(() => dirs.splice(0).forEach(dir => rmSync(dir, {recursive: true, force: true})));

describe('binfmtState', () => {
	it('finds an enabled entry with the F flag by its ELF machine, whatever its name', () => {
		expect(binfmtState('arm64', fake({'qemu-arm64-by-docker': aarch64('enabled', 'POCF')}))).toEqual({ok: true, entry: 'qemu-arm64-by-docker'});
	});

	it('says what is wrong: not mounted, no entry, disabled, no F flag', () => {
		expect(binfmtState('arm64', '/nonexistent/binfmt_misc')).toMatchObject({ok: false, problem: expect.stringMatching(/not mounted/)});
		expect(binfmtState('arm64', fake({}))).toEqual({ok: false, problem: 'no binfmt_misc entry runs arm64 programs'});
		expect(binfmtState('arm64', fake({'qemu-aarch64': aarch64('disabled', 'PF')}))).toMatchObject({problem: expect.stringMatching(/is disabled/)});
		expect(binfmtState('arm64', fake({'qemu-aarch64': aarch64('enabled', 'P')}))).toMatchObject({problem: expect.stringMatching(/lacks the F flag/)});
		expect(binfmtState('amd64', fake({'qemu-aarch64': aarch64('enabled', 'PF')}))).toMatchObject({ok: false});
	});

	it('tells exactly what to install and enable', () => {
		const error = emulationMissing('arm64', 'amd64', 'no binfmt_misc entry runs arm64 programs');
		expect(error.exitCode).toBe(2);
		expect(error.hint).toContain('apt-get install qemu-user-static binfmt-support');
		expect(error.hint).toContain('mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc');
		expect(error.hint).toContain('update-binfmts --enable qemu-aarch64');
	});
});
