// The one guest panic the boot check boots again for: QEMU's multi-threaded
// TCG leaving a kernel text-patching breakpoint behind (seen in CI here).
import {describe, expect, it} from 'vitest';
import {hitTcgPatchRace} from '../../../source/app/boot-check.js';
import type {BootCheckResult} from '../../../source/core/boot-check-result.js';

// The console's last lines from the CI run that hit it (trixie, 6.12 cloud kernel, QEMU 7.2, -smp 2).
const raceTail = [
	'[    2.123944] ---[ end trace 0000000000000000 ]---',
	'[    2.123944] Oops: int3: 0000 [#2] PREEMPT SMP NOPTI',
	'[    2.124024] RIP: 0010:sched_clock_cpu+0x9/0x1d0',
	'[    2.124265] Kernel panic - not syncing: Fatal exception in interrupt',
];
const panicked = (lastLines: string[]) => ({ok: false, code: 'kernel-panic', reason: 'kernel panic: Fatal exception in interrupt', lastLines}) as unknown as BootCheckResult;

describe('hitTcgPatchRace', () => {
	it('is the int3 oops under TCG', () => {
		expect(hitTcgPatchRace(panicked(raceTail), 'tcg')).toBe(true);
	});

	it('is no other panic, and never under KVM', () => {
		expect(hitTcgPatchRace(panicked(['[    1.900000] VFS: Unable to mount root fs on unknown-block(0,0)', '[    1.900100] Kernel panic - not syncing: VFS: Unable to mount root fs']), 'tcg')).toBe(false);
		expect(hitTcgPatchRace(panicked(raceTail), 'kvm')).toBe(false);
		expect(hitTcgPatchRace({...panicked(raceTail), code: 'timeout'} as BootCheckResult, 'tcg')).toBe(false);
		// The words on a line the guest's own program printed are not the kernel's oops.
		expect(hitTcgPatchRace(panicked(['app: Oops: int3: nothing']), 'tcg')).toBe(false);
	});
});
