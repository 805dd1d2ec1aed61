// The app of an image kept whole under appRootfs on a Debian base, for inits
// without systemd (sysvinit, OpenRC, runit): one fixed runner script, as on
// the in-place path, that gives the app what Docker's runtime gives it — its
// own mount namespace with /proc, /sys, a minimal /dev, and the guest's
// /etc/resolv.conf, /etc/hosts and /etc/hostname bound read-only over the
// image's — then enters the tree with unshare (root and working directory)
// after setpriv has set its group ids, and switches to its user. The ids were
// resolved against the image's own /etc/passwd at build time and arrive as
// numbers; the image's strings are data files read with `read -r`, never shell.
import type {ContextFile} from '../context-file.js';
import {type AppSpec, appRootfs} from './model.js';
import {appDataDir, appDataFiles, appLogPath, runnerPath} from './runner.js';

const rootedRunnerScript = `#!/bin/sh
# Written by kiln convert: starts the image's ENTRYPOINT/CMD inside its tree
# (${appRootfs}) as Docker would, with its ENV, WORKDIR and USER, its output on
# the console and in ${appLogPath}. "run health SECONDS" runs its HEALTHCHECK
# command the same way, output to stdout, stopped after SECONDS. What to run is read from the data files in
# ${appDataDir} (one word per line, \\\\ and \\n escaped); none of it is evaluated
# as shell.
set -eu
data=${appDataDir}
root=${appRootfs}

if [ "\${1:-}" != --in-namespace ]; then
  if [ "\${1:-}" = health ]; then
    case \${2:-} in ''|*[!0-9]*) echo "usage: $0 health SECONDS" >&2; exit 2 ;; esac
  else
    # The app writes into a FIFO that tee copies to the console and the log,
    # so the app itself is exec'd and its supervisor signals it directly.
    fifo=/run/kiln-app.out
    rm -f "$fifo"
    mkfifo -m 600 "$fifo"
    tee -a ${appLogPath} <"$fifo" >/dev/console &
    exec >"$fifo" 2>&1 </dev/null
  fi
  # The mounts below live as long as the app: a restart starts clean.
  exec unshare --mount --propagation private -- ${runnerPath} --in-namespace "$@"
fi
shift
mode=app
if [ "\${1:-}" = health ]; then mode=health; fi

# A mount follows symlinks; an app running as root may have planted one.
for path in proc sys dev etc/resolv.conf etc/hosts etc/hostname; do
  if [ -L "$root/$path" ]; then echo "kiln: $root/$path is a symlink; not mounting over it" >&2; exit 1; fi
done
mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
# A second sysfs can be refused where the guest is itself a container; the guest's own then serves.
mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys" 2>/dev/null || mount --rbind /sys "$root/sys"
mount -t tmpfs -o nosuid,noexec,mode=755,size=65536k tmpfs "$root/dev"
mknod -m 666 "$root/dev/null" c 1 3
mknod -m 666 "$root/dev/zero" c 1 5
mknod -m 666 "$root/dev/full" c 1 7
mknod -m 666 "$root/dev/random" c 1 8
mknod -m 666 "$root/dev/urandom" c 1 9
mknod -m 666 "$root/dev/tty" c 5 0
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5,nosuid,noexec devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=65536k shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
for file in resolv.conf hosts hostname; do
  [ -e "/etc/$file" ] || continue
  mount --bind "/etc/$file" "$root/etc/$file"
  mount -o remount,bind,ro "$root/etc/$file"
done

# Sets $word to line $1 with its escapes undone; the x keeps trailing newlines
# that command substitution would otherwise strip.
decode() {
  word=$(printf '%bx' "$1")
  word=\${word%x}
}

read -r uid gid groups <"$data/ids"
IFS= read -r line <"$data/workdir"
decode "$line"
workdir=$word
# The command is built up in "$@": a clean environment, the group ids, the
# tree and working directory, the user, argv. A HEALTHCHECK is timed by itself.
timeout=
if [ $mode = health ]; then timeout=$2; fi
set -- /usr/bin/env -i --
while IFS= read -r line; do decode "$line"; set -- "$@" "$word"; done <"$data/env"
if [ "$groups" = - ]; then set -- "$@" /usr/bin/setpriv --regid="$gid" --clear-groups
else set -- "$@" /usr/bin/setpriv --regid="$gid" --groups="$groups"; fi
set -- "$@" -- /usr/bin/unshare --root="$root" --wd="$workdir" --setuid="$uid" --
words=argv
if [ $mode = health ]; then words=health; fi
while IFS= read -r line; do decode "$line"; set -- "$@" "$word"; done <"$data/$words"
if [ -n "$timeout" ]; then exec timeout "$timeout" "$@"; fi
exec "$@"
`;

/** "1000 1000 27,100": uid, gid and supplementary groups ("-" for none), numbers only. */
export function idsLine(app: AppSpec): string {
	const root = app.root!;
	return `${root.uid} ${root.gid} ${root.groups.length > 0 ? root.groups.join(',') : '-'}\n`;
}

/** The runner and the app's data files, as paths in the image. */
export function rootedRunnerFiles(app: AppSpec): Record<string, ContextFile> {
	return {...appDataFiles(app, rootedRunnerScript), [`${appDataDir}/ids`]: {content: idsLine(app), mode: 0o644}};
}
