// Disks that grow on first boot: a small script in the image extends the root
// partition to the end of whatever disk it boots from (a `qemu-img resize`, a
// larger cloud volume, a bigger USB stick) and resizes ext4 online, once. Each
// init runs it early in the boot, after the root is read-write and before any
// login. `--no-grow` leaves all of it out.
import {KilnError} from '../core/errors.js';
import type {ContextFile} from './context-file.js';
import type {Plan} from './plan.js';

export const growScriptPath = '/usr/lib/kiln/grow-root';
/** Present until the job has run: the image ships it, the script removes it. */
export const growPendingPath = '/var/lib/kiln/grow-root';
const serviceName = 'kiln-grow-root';

export interface FirstBootRecipe {
	/** Packages the script needs beyond the image's (the distro's growPackages). */
	packages: string[];
	/** Absolute path in the image → file. */
	files: Record<string, ContextFile>;
	/** Fixed shell commands that enable the job under the plan's init. */
	enable: string[];
}

// POSIX sh (dash, busybox ash); tools: sfdisk, partx, resize2fs, awk, sed.
// The root is found by its device number in the kernel's own mount table, so
// it does not matter whether root= names a UUID, a PARTUUID or a device, nor
// whether the kernel calls the mounted device /dev/root.
const growScript = `#!/bin/sh
# Written by kiln: grows the root partition to the end of its disk and the
# ext4 filesystem on it to fill the partition, online, at the first boot.
# It runs while ${growPendingPath} exists, and removes it.
set -u
pending=${growPendingPath}
[ -e "$pending" ] || exit 0
say() { echo "kiln-grow: $*"; }
finish() { rm -f "$pending"; sync; exit "$1"; }
fail() { say "$*"; finish 1; }
now() { cut -d' ' -f1 /proc/uptime; }
began=$(now)

dev=$(awk '$5 == "/" { d = $3 } END { print d }' /proc/self/mountinfo)
part=/sys/dev/block/$dev
[ -r "$part/partition" ] || { say "the root filesystem ($dev) is not on a partition: nothing to grow"; finish 0; }
number=$(cat "$part/partition")
disk=$(readlink -f "$part/..")
disk_dev=/dev/\${disk##*/}
part_dev=/dev/$(sed -n 's/^DEVNAME=//p' "$part/uevent")
start=$(cat "$part/start")
before=$(cat "$part/size")
# GPT keeps its backup in the last 33 sectors; under 2 MiB is not worth a resize.
if [ $(( $(cat "$disk/size") - start - before )) -le 4096 ]; then
  say "$part_dev already fills $disk_dev"
  finish 0
fi
label=$(sfdisk --dump "$disk_dev" 2>/dev/null | sed -n 's/^label: //p')
# A disk made larger keeps its backup GPT where the old end was: move it to the new end first.
if [ "$label" = gpt ]; then
  out=$(sfdisk --relocate gpt-bak-std "$disk_dev" 2>&1) || fail "could not move the backup GPT to the end of $disk_dev: $out"
fi
out=$(echo ', +' | sfdisk --no-reread --no-tell-kernel -q -N "$number" "$disk_dev" 2>&1) || fail "could not grow partition $number of $disk_dev: $out"
# The partition is in use, so the table cannot be re-read: tell the kernel its new size alone.
out=$(partx -u --nr "$number" "$disk_dev" 2>&1) || fail "could not tell the kernel the new size of $part_dev: $out"
out=$(resize2fs "$part_dev" 2>&1) || fail "could not resize the filesystem on $part_dev: $out"
after=$(cat "$part/size")
say "grew $part_dev from $((before / 2048)) MiB to $((after / 2048)) MiB in $(awk -v a="$began" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }') s"
finish 0
`;

// Before sysinit.target: nothing logs in before the disk has its final size.
const systemdUnit = `# Written by kiln: runs ${growScriptPath} once, at the first boot.
[Unit]
Description=Grow the root partition and filesystem to fill the disk
DefaultDependencies=no
ConditionPathExists=${growPendingPath}
After=systemd-remount-fs.service local-fs.target
Before=sysinit.target shutdown.target
Conflicts=shutdown.target

[Service]
Type=oneshot
ExecStart=${growScriptPath}
StandardOutput=journal+console

[Install]
WantedBy=sysinit.target
`;

// sysvinit; Debian's runit, whose stage 1 runs the rcS scripts; and Debian's
// OpenRC, which runs LSB scripts by their headers (rcS ones in its sysinit runlevel).
const lsbScript = `#!/bin/sh
# Written by kiln: runs ${growScriptPath} once, at the first boot.
### BEGIN INIT INFO
# Provides:          ${serviceName}
# Required-Start:    $local_fs
# Required-Stop:
# Default-Start:     S
# Default-Stop:
# Short-Description: Grow the root partition and filesystem to fill the disk
### END INIT INFO
case "$1" in
  start) exec ${growScriptPath} ;;
  stop|restart|force-reload|status) exit 0 ;;
  *) echo "Usage: $0 start" >&2; exit 3 ;;
esac
`;

// Alpine's OpenRC: "root" and "localmount" make the root read-write in the boot runlevel.
const openrcScript = `#!/sbin/openrc-run
# Written by kiln: runs ${growScriptPath} once, at the first boot.
description="Grow the root partition and filesystem to fill the disk"

depend() {
	after root localmount
}

start() {
	${growScriptPath}
}
`;

const initService = `/etc/init.d/${serviceName}`;

function serviceFor(init: string, packageManager: 'apt' | 'apk'): Pick<FirstBootRecipe, 'files' | 'enable'> {
	const lsb = {files: {[initService]: {content: lsbScript, mode: 0o755}}, enable: [`update-rc.d ${serviceName} defaults`]};
	switch (init) {
		case 'systemd':
			return {files: {[`/etc/systemd/system/${serviceName}.service`]: {content: systemdUnit, mode: 0o644}}, enable: [`systemctl enable ${serviceName}.service`]};
		case 'sysvinit':
		case 'runit':
			return lsb;
		case 'openrc':
			return packageManager === 'apt' ? lsb : {files: {[initService]: {content: openrcScript, mode: 0o755}}, enable: [`rc-update add ${serviceName} boot`]};
		case 'busybox':
			// After the inittab's own sysinit entries, before any getty.
			return {files: {}, enable: [`echo '::sysinit:${growScriptPath}' >> /etc/inittab`]};
		default:
			throw new KilnError(`kiln cannot grow the disk at first boot under the init "${init}"`, {hint: 'Build with --no-grow.'});
	}
}

/** What grows the disk at first boot, or nothing with --no-grow. */
export function firstBootRecipe(plan: Plan): FirstBootRecipe | undefined {
	if (!plan.choices.grow) return undefined;
	const service = serviceFor(plan.init.id, plan.distro.packageManager);
	return {
		packages: plan.distro.growPackages,
		files: {
			[growScriptPath]: {content: growScript, mode: 0o755},
			[growPendingPath]: {content: '', mode: 0o644},
			...service.files,
		},
		enable: service.enable,
	};
}
