#!/bin/bash
# kiln-classic: root filesystem tar -> bootable disk image, the way
# the docker-to-linux article does it: a zeroed file, one DOS partition, ext4
# made on a loop device, the tar extracted onto the mounted filesystem,
# `extlinux --install`, syslinux.cfg and SYSLINUX's mbr.bin.
# Kept from kiln: the tar streams in (no intermediate file; through a FIFO,
# see lib.sh), fstab/hostname/hosts are written, the kernel finds its root by
# UUID (root=/dev/sda1 only boots from IDE/SATA) and logs to ttyS0. Only the
# loop devices attached here are ever detached (the article runs `losetup -D`,
# detaching every one), and the mount's loop device is one the kernel detaches
# by itself on unmount, so a builder killed mid-copy (kiln removes it with
# SIGKILL on cancel) leaves no loop device behind.
# Progress goes to stdout as "::kiln <key> <value>" lines; logs go to stderr.
set -euo pipefail
umask 022

builder_name=kiln-classic
builder_flags='--out --rootfs --size --format --root-uuid --hostname --kernel --initrd --cmdline
  --owner --compress'
. "$(dirname -- "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"
check_common_args
[[ $owner =~ ^[0-9]{1,10}:[0-9]{1,10}$ ]] || fail "bad owner '$owner'"

check_rootfs_stream
offset=$MiB
root_bytes=$(( (size - offset) / MiB * MiB ))
check_root_room "$root_bytes"
raw=$(raw_path)
mnt=$(mktemp -d)
loop=''
cleanup() {
  if mountpoint -q "$mnt"; then umount "$mnt" || umount -l "$mnt"; fi
  if [ -n "$loop" ]; then losetup -d "$loop" || echo "kiln-classic: could not detach $loop" >&2; fi
  rmdir "$mnt" 2>/dev/null || true
  [ "$raw" = "$out" ] || rm -f "$raw"
}
trap cleanup EXIT
# docker stop sends SIGTERM, which PID 1 ignores without a handler.
trap 'exit 130' TERM INT

# --- partition -------------------------------------------------------------
step partition
rm -f "$raw"
dd if=/dev/zero of="$raw" bs=$MiB count=$((size / MiB)) status=none
printf 'label: dos\nstart=2048, type=83, bootable\n' | sfdisk --no-reread --no-tell-kernel -q "$raw" >&2

# --- filesystem ------------------------------------------------------------
step filesystem
loop=$(losetup --show -f -o "$offset" --sizelimit "$root_bytes" "$raw") \
  || fail "could not attach a loop device (the classic mode needs --device /dev/loop-control and free /dev/loopN)"
echo "kiln-classic: attached $loop" >&2
mkfs.ext4 -q -F -L root -U "$uuid" "$loop" >&2
losetup -d "$loop"
echo "kiln-classic: detached $loop" >&2
loop=''
# mount's own loop device carries autoclear: the kernel detaches it when the
# filesystem is unmounted, by umount or by this container's end.
mount -t ext4 -o "loop,offset=$offset,sizelimit=$root_bytes" "$raw" "$mnt"
mounted=$(findmnt -n -o SOURCE "$mnt")
echo "kiln-classic: attached $mounted (autoclear)" >&2
tar -x -p --numeric-owner -f - -C "$mnt" <"$rootfs"
rm -f "$mnt/.dockerenv"
# The tree is the image's, and this builder is privileged: a symlinked /etc or
# /boot would aim the writes below at /out (the caller's folder) or anywhere
# else in the container. The files written there are removed first, so a
# symlink in their place is replaced, not followed.
for dir in etc boot; do
  [ ! -L "$mnt/$dir" ] || fail "the image's /$dir is a symbolic link; the classic method writes into /$dir as root, so it needs a real directory there (the default --bootloader grub writes no files into the tree)"
done
mkdir -p "$mnt/boot"
rm -f "$mnt/boot/syslinux.cfg" "$mnt/boot/ldlinux.sys" "$mnt/boot/ldlinux.c32"
write_etc_files "$mnt/etc"
[ -e "$mnt$kernel" ] || fail "the image has no kernel at $kernel"
echo "::kiln fs-bytes $root_bytes"

# --- bootloader --------------------------------------------------------------
step bootloader
extlinux --install "$mnt/boot/" >&2
cat >"$mnt/boot/syslinux.cfg" <<CFG
DEFAULT linux
  SAY Now booting the kernel from SYSLINUX...
 LABEL linux
  KERNEL $kernel
  APPEND ro root=UUID=$uuid initrd=$initrd $(kernel_console_args)
CFG
umount "$mnt"
if losetup -n -O BACK-FILE "$mounted" 2>/dev/null | grep -q .; then losetup -d "$mounted"; fi
echo "kiln-classic: detached $mounted" >&2
dd if=/usr/lib/syslinux/mbr/mbr.bin of="$raw" bs=440 count=1 conv=notrunc status=none

# --- convert ------------------------------------------------------------------
convert_disk "$raw"
chown "$owner" "$out"
echo "::kiln done"
