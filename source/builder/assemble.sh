#!/bin/bash
# kiln-assemble: root filesystem tar (--rootfs) -> bootable disk image file.
# Needs no privileges, devices or mounts: the partition table, filesystem and
# bootloader are all written into the image file by user-space tools.
# Progress goes to stdout as "::kiln <key> <value>" lines; logs go to stderr.
set -euo pipefail
umask "${KILN_UMASK:-022}"

builder_name=kiln-assemble
# Identifiers and the epoch come from kiln (derived from --seed), so the same
# rootfs and choices give a byte-identical disk.
builder_flags='--out --rootfs --size --firmware --arch --format --root-uuid --hostname --kernel --initrd
  --cmdline --compress --epoch --hash-seed --disk-id --part-uuids --fat-id'
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
parse_args "$@"
check_common_args
[[ $hash_seed =~ ^$uuid_re$ ]] || fail "bad hash seed '$hash_seed'"
[[ $disk_id =~ ^$uuid_re$ ]] || fail "bad disk id '$disk_id'"
[[ $part_uuids =~ ^$uuid_re,$uuid_re,$uuid_re$ ]] || fail "bad partition UUIDs '$part_uuids'"
[[ $fat_id =~ ^[0-9a-f]{8}$ ]] || fail "bad FAT volume id '$fat_id'"
[[ $seed_epoch =~ ^[0-9]{1,12}$ ]] || fail "bad epoch '$seed_epoch'"
case "$firmware" in bios|uefi|hybrid) ;; *) fail "unknown firmware '$firmware'" ;; esac
# arm64 boots by UEFI only: GPT, an ESP and EFI/BOOT/BOOTAA64.EFI.
case "$arch" in
  amd64) efi_target=x86_64-efi efi_file=BOOTX64.EFI ;;
  arm64) efi_target=arm64-efi efi_file=BOOTAA64.EFI serial=ttyAMA0
    [ "$firmware" = uefi ] || fail "arm64 disks boot by UEFI only, not '$firmware'" ;;
  *) fail "unknown architecture '$arch'" ;;
esac

# mke2fs, debugfs and mkfs.fat take their clock from these; mtools copies
# file times (-m) and the files are stamped with the epoch first.
export SOURCE_DATE_EPOCH=$seed_epoch E2FSPROGS_FAKE_TIME=$seed_epoch
IFS=, read -r part1 part2 part3 <<<"$part_uuids"

work=$(mktemp -d)
raw=$(raw_path)
trap 'rm -rf "$work"; [ "$raw" = "$out" ] || rm -f "$raw"' EXIT

# --- partition -------------------------------------------------------------
check_rootfs_stream
step partition
rm -f "$raw"
truncate -s "$size" "$raw"
if [ "$firmware" = bios ]; then
  root_start=$MiB
  root_bytes=$(( (size - root_start) / MiB * MiB ))
  printf 'label: dos\nlabel-id: 0x%s\nstart=2048, type=83, bootable\n' "${disk_id:0:8}" \
    | sfdisk --no-reread --no-tell-kernel -q "$raw" >&2
  grub_part=msdos1
else
  esp_bytes=$((64 * MiB))
  if [ "$firmware" = hybrid ]; then
    bios_boot_lba=2048
    esp_start=$((2 * MiB))
    parts="start=2048, size=2048, type=21686148-6449-6E6F-744E-656564454649, uuid=$part1, name=bios
start=4096, size=$((esp_bytes / 512)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$part2, name=esp
start=$(( (esp_start + esp_bytes) / 512 )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$part3, name=root"
    grub_part=gpt3
  else
    esp_start=$MiB
    parts="start=2048, size=$((esp_bytes / 512)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$part1, name=esp
start=$(( (esp_start + esp_bytes) / 512 )), type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=$part2, name=root"
    grub_part=gpt2
  fi
  root_start=$((esp_start + esp_bytes))
  # GPT keeps a backup table in the last 33 sectors: leave the last MiB free.
  root_bytes=$(( (size - root_start - MiB) / MiB * MiB ))
  printf 'label: gpt\nlabel-id: %s\n%s\n' "$disk_id" "$parts" \
    | sfdisk --no-reread --no-tell-kernel -q "$raw" >&2
fi
check_root_room "$root_bytes"

# The GRUB images and the ESP depend only on the layout and the root UUID:
# made in the background while mke2fs reads the stream, they are ready when
# the filesystem is, and the bootloader step only writes them into place.
le64() { # 8 little-endian bytes of $1, as printf escapes
  local v=$1 i s=''
  for i in 0 1 2 3 4 5 6 7; do s+=$(printf '\\x%02x' $(( (v >> (8 * i)) & 255 ))); done
  printf "$s"
}
make_boot_images() {
  cat >"$work/early.cfg" <<EOF
search --no-floppy --fs-uuid --set=root $uuid
set prefix=(\$root)/boot/grub
configfile (\$root)/boot/grub/grub.cfg
EOF
  local mods="ext2 search search_fs_uuid normal linux configfile echo serial terminal test gzio"
  if [ "$firmware" != uefi ]; then
    grub-mkimage -O i386-pc -c "$work/early.cfg" -p "(hd0,$grub_part)/boot/grub" -o "$work/core.img" \
      biosdisk part_msdos part_gpt $mods
    if [ "$firmware" = hybrid ]; then
      # With GPT, boot.img must be told where core.img lives, and core.img's
      # first sector where the rest of itself lives (GRUB's blocklist).
      cp /usr/lib/grub/i386-pc/boot.img "$work/boot.img"
      le64 $bios_boot_lba | dd of="$work/boot.img" bs=1 seek=$((0x5c)) conv=notrunc status=none
      le64 $((bios_boot_lba + 1)) | dd of="$work/core.img" bs=1 seek=$((0x1f4)) conv=notrunc status=none
    fi
  fi
  if [ "$firmware" != bios ]; then
    grub-mkimage -O "$efi_target" -c "$work/early.cfg" -p /boot/grub -o "$work/$efi_file" \
      part_gpt fat all_video efi_gop $mods
    mkfs.vfat -F 32 -n ESP -i "$fat_id" -C "$work/esp.img" $((esp_bytes / 1024)) >/dev/null
    touch -d "@$seed_epoch" "$work/$efi_file"
    mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT
    mcopy -m -i "$work/esp.img" "$work/$efi_file" "::/EFI/BOOT/$efi_file"
  fi
}
make_boot_images >&2 &
boot_images=$!

# --- filesystem ------------------------------------------------------------
step filesystem
# On a regular file mke2fs's discard punches out the filesystem's range and
# knows it then reads as zeros, so it already skips the inode table wipe and
# marks the tables zeroed (nodiscard would leave them to the guest kernel's
# ext4lazyinit thread, or cost a wipe). The journal it zeroes even so: 16 MiB
# written for nothing, so lazy_journal_init. The bytes are the same.
mke2fs -q -F -t ext4 -L root -U "$uuid" -E "offset=$root_start,hash_seed=$hash_seed,root_owner=0:0,lazy_journal_init=1" \
  -d - "$raw" "$((root_bytes / 1024))k" <"$rootfs" >&2 || fail "mke2fs could not build the root filesystem (disk too small?)"
echo "::kiln fs-bytes $root_bytes"

# GRUB drives the PC's serial port itself; arm64's UEFI console already is
# the serial port, and GRUB there has no serial unit of its own.
if [ "$arch" = amd64 ]; then
  terminal='serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console'
else
  terminal='terminal_input console
terminal_output console'
fi
cat >"$work/grub.cfg" <<EOF
# Written by kiln. Both the BIOS and the UEFI GRUB read this file.
$terminal
set timeout=0
menuentry 'Linux' {
  search --no-floppy --fs-uuid --set=root $uuid
  echo 'kiln: loading kernel'
  linux $kernel root=UUID=$uuid ro $(kernel_console_args)
  initrd $initrd
}
EOF
write_etc_files "$work"

# Files the container runtime masks in an export (hostname, hosts) or that a
# VM must have (fstab, grub.cfg) are written into the filesystem in place, in
# one debugfs run: each run reads the bitmaps and inode tables again.
fs="$raw?offset=$root_start"
{
  echo "rm /.dockerenv"
  echo "mkdir /boot"
  echo "mkdir /boot/grub"
  for file in boot/grub/grub.cfg etc/fstab etc/hostname etc/hosts; do
    echo "rm /$file"
    echo "write $work/${file##*/} /$file"
    echo "sif /$file uid 0"
    echo "sif /$file gid 0"
    echo "sif /$file mode 0100644"
  done
} >"$work/edits"
# Expected complaints (removing a file that is absent, making a folder that
# exists) are dropped; what matters is checked with stat afterwards.
debugfs -w -f "$work/edits" "$fs" >/dev/null 2>&1 || true
debugfs -R "stat /boot/grub/grub.cfg" "$fs" >/dev/null 2>&1 || fail "could not write /boot/grub/grub.cfg"
debugfs -R "stat $kernel" "$fs" 2>/dev/null | grep -q 'Type:' || fail "the image has no kernel at $kernel"

# --- bootloader --------------------------------------------------------------
step bootloader
wait "$boot_images" || fail "could not make the GRUB images"
if [ "$firmware" != uefi ]; then
  core_sectors=$(( ($(stat -c %s "$work/core.img") + 511) / 512 ))
  if [ "$firmware" = bios ]; then
    [ "$core_sectors" -lt 2047 ] || fail "GRUB core image does not fit before the first partition"
    dd if=/usr/lib/grub/i386-pc/boot.img of="$raw" bs=440 count=1 conv=notrunc status=none
    dd if="$work/core.img" of="$raw" bs=512 seek=1 conv=notrunc status=none
  else
    [ "$core_sectors" -le 2048 ] || fail "GRUB core image does not fit the BIOS boot partition"
    dd if="$work/boot.img" of="$raw" bs=440 count=1 conv=notrunc status=none
    dd if="$work/core.img" of="$raw" bs=512 seek=$bios_boot_lba conv=notrunc status=none
  fi
fi
[ "$firmware" = bios ] || dd if="$work/esp.img" of="$raw" bs=$MiB seek=$((esp_start / MiB)) conv=notrunc,sparse status=none

# --- convert ------------------------------------------------------------------
convert_disk "$raw"
echo "::kiln done"
