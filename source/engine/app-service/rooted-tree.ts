// Run once while the OS image is built, after the image's tree was copied
// under appRootfs: a fixed script gives the tree the mount points Docker's
// runtime adds (/proc, /sys, /dev, /etc/hosts, /etc/hostname,
// /etc/resolv.conf), replacing a symlink there as Docker's init layer does,
// and creates the VOLUME directories the image lacks (real paths inside the
// tree, read as data; a path the image already has is left as it is). With "host-ids" it also gives the app's numeric ids an
// entry in the Debian base's /etc/passwd and /etc/group where they have none:
// systemd's User=, Group= and SupplementaryGroups= look every id up there.
import type {ContextFile} from '../context-file.js';
import {type AppSpec, appRootfs} from './model.js';
import {appDataDir, dataLine} from './runner.js';

export const prepareTreePath = '/usr/lib/kiln/app/prepare-tree';

const prepareTreeScript = `#!/bin/sh
# Written by kiln convert; see the comment at the top of rooted-tree.ts in kiln.
set -eu
root=${appRootfs}
data=${appDataDir}

decode() {
  word=$(printf '%bx' "$1")
  word=\${word%x}
}

for dir in proc sys dev etc; do
  if [ -L "$root/$dir" ] || ! [ -d "$root/$dir" ]; then rm -f "$root/$dir"; mkdir -m 755 "$root/$dir"; fi
done
for file in hosts hostname resolv.conf; do
  if [ -L "$root/etc/$file" ] || ! [ -f "$root/etc/$file" ]; then rm -rf "$root/etc/$file"; : >"$root/etc/$file"; chmod 644 "$root/etc/$file"; fi
done
if [ -f "$data/volumes" ]; then
  while IFS= read -r line; do
    decode "$line"
    if [ -e "$root$word" ] || [ -L "$root$word" ]; then continue; fi
    mkdir -p "$root$word"
  done <"$data/volumes"
fi

if [ "\${1:-}" = host-ids ]; then
  read -r uid gid groups <"$data/ids"
  getent passwd "$uid" >/dev/null || echo "kiln-app:x:$uid:$gid:app of the converted image:/nonexistent:/usr/sbin/nologin" >>/etc/passwd
  for id in "$gid" $(echo "$groups" | tr , ' '); do
    if [ "$id" != - ] && ! getent group "$id" >/dev/null; then echo "kiln-app-$id:x:$id:" >>/etc/group; fi
  done
fi
`;

export function prepareTreeFiles(app: AppSpec): Record<string, ContextFile> {
	const files: Record<string, ContextFile> = {[prepareTreePath]: {content: prepareTreeScript, mode: 0o755}};
	const volumes = app.root?.volumes ?? [];
	if (volumes.length > 0) files[`${appDataDir}/volumes`] = {content: volumes.map(dataLine).join(''), mode: 0o644};
	return files;
}
