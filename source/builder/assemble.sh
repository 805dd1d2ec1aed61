#!/bin/bash
# kiln-assemble: root filesystem tar on stdin -> bootable disk image file.
# Needs no privileges, devices or mounts: the partition table, filesystem and
# bootloader are all written into the image file by user-space tools.
# Progress goes to stdout as "::kiln <key> <value>" lines; logs go to stderr.
set -euo pipefail
umask "${KILN_UMASK:-022}"

out='' size=0 firmware=bios format=raw uuid='' hostname=kiln
kernel=/vmlinuz initrd=/initrd.img cmdline='' compress=0 seed_epoch=''
# Identifiers and the epoch come from kiln (derived from --seed), so the same
# rootfs and choices give a byte-identical disk.
hash_seed='' disk_id='' part_uuids='' fat_id=''
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2 ;;
    --size) size=$2 ;;
    --firmware) firmware=$2 ;;
    --format) format=$2 ;;
    --root-uuid) uuid=$2 ;;
    --hostname) hostname=$2 ;;
    --kernel) kernel=$2 ;;
    --initrd) initrd=$2 ;;
    --cmdline) cmdline=$2 ;;
    --compress) compress=1; shift; continue ;;
    --epoch) seed_epoch=$2 ;;
    --hash-seed) hash_seed=$2 ;;
    --disk-id) disk_id=$2 ;;
    --part-uuids) part_uuids=$2 ;;
    --fat-id) fat_id=$2 ;;
    *) echo "kiln-assemble: unknown argument $1" >&2; exit 2 ;;
  esac
  shift 2
done

fail() { echo "kiln-assemble: $*" >&2; exit 1; }
step() { echo "::kiln step $1"; }
# Defence in depth: kiln validates these too, but nothing unchecked reaches a
# config file that GRUB or the guest will parse.
[[ $out =~ ^/out/[A-Za-z0-9._-]+$ ]] || fail "bad output path '$out'"
uuid_re='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
[[ $uuid =~ ^$uuid_re$ ]] || fail "bad root UUID '$uuid'"
[[ $hash_seed =~ ^$uuid_re$ ]] || fail "bad hash seed '$hash_seed'"
[[ $disk_id =~ ^$uuid_re$ ]] || fail "bad disk id '$disk_id'"
[[ $part_uuids =~ ^$uuid_re,$uuid_re,$uuid_re$ ]] || fail "bad partition UUIDs '$part_uuids'"
[[ $fat_id =~ ^[0-9a-f]{8}$ ]] || fail "bad FAT volume id '$fat_id'"
[[ $seed_epoch =~ ^[0-9]{1,12}$ ]] || fail "bad epoch '$seed_epoch'"
[[ $hostname =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || fail "bad hostname '$hostname'"
[[ $size =~ ^[0-9]+$ ]] || fail "bad size '$size'"
[[ $kernel =~ ^/[A-Za-z0-9._/-]+$ && $initrd =~ ^/[A-Za-z0-9._/-]*$ ]] || fail "bad kernel or initrd path"
[[ $cmdline =~ ^[A-Za-z0-9._=,:/\ -]*$ ]] || fail "bad kernel command line '$cmdline'"
case "$firmware" in bios|uefi|hybrid) ;; *) fail "unknown firmware '$firmware'" ;; esac
case "$format" in raw|qcow2|vmdk|vdi|vhdx) ;; *) fail "unknown format '$format'" ;; esac

# mke2fs, debugfs and mkfs.fat take their clock from these; mtools copies
# file times (-m) and the files are stamped with the epoch first.
export SOURCE_DATE_EPOCH=$seed_epoch E2FSPROGS_FAKE_TIME=$seed_epoch
IFS=, read -r part1 part2 part3 <<<"$part_uuids"

MiB=1048576
work=$(mktemp -d)
raw="$out"
[ "$format" = raw ] || raw="$out.raw"
trap 'rm -rf "$work"; [ "$raw" = "$out" ] || rm -f "$raw"' EXIT

# --- partition -------------------------------------------------------------
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
[ "$root_bytes" -gt $((64 * MiB)) ] || fail "disk of $size bytes leaves no room for the root filesystem"

# --- filesystem ------------------------------------------------------------
step filesystem
mke2fs -q -F -t ext4 -L root -U "$uuid" -E "offset=$root_start,hash_seed=$hash_seed,root_owner=0:0" \
  -d - "$raw" "$((root_bytes / 1024))k" >&2 || fail "mke2fs could not build the root filesystem (disk too small?)"
echo "::kiln fs-bytes $root_bytes"

cat >"$work/grub.cfg" <<EOF
# Written by kiln. Both the BIOS and the UEFI GRUB read this file.
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=0
menuentry 'Linux' {
  search --no-floppy --fs-uuid --set=root $uuid
  echo 'kiln: loading kernel'
  linux $kernel root=UUID=$uuid ro console=tty0 console=ttyS0,115200n8 $cmdline
  initrd $initrd
}
EOF
cat >"$work/fstab" <<EOF
# Written by kiln.
UUID=$uuid / ext4 errors=remount-ro 0 1
EOF
printf '%s\n' "$hostname" >"$work/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hostname" >"$work/hosts"
: >"$work/empty"

# Files the container runtime masks in an export (hostname, hosts) or that a
# VM must have (fstab, grub.cfg) are written into the filesystem in place.
fs="$raw?offset=$root_start"
# Expected complaints (removing a file that is absent, making a folder that
# exists) are dropped; what matters is checked with stat afterwards.
dbg() { debugfs -w -R "$1" "$fs" >/dev/null 2>&1 || true; }
put() { # put LOCAL TARGET MODE
  dbg "rm $2"
  dbg "write $1 $2"
  dbg "sif $2 uid 0"
  dbg "sif $2 gid 0"
  dbg "sif $2 mode 0100$3"
}
dbg "rm /.dockerenv"
dbg "mkdir /boot"
dbg "mkdir /boot/grub"
put "$work/grub.cfg" /boot/grub/grub.cfg 644
put "$work/fstab" /etc/fstab 644
put "$work/hostname" /etc/hostname 644
put "$work/hosts" /etc/hosts 644
debugfs -R "stat /boot/grub/grub.cfg" "$fs" >/dev/null 2>&1 || fail "could not write /boot/grub/grub.cfg"
debugfs -R "stat $kernel" "$fs" 2>/dev/null | grep -q 'Type:' || fail "the image has no kernel at $kernel"

# --- bootloader --------------------------------------------------------------
step bootloader
le64() { # 8 little-endian bytes of $1, as printf escapes
  local v=$1 i s=''
  for i in 0 1 2 3 4 5 6 7; do s+=$(printf '\\x%02x' $(( (v >> (8 * i)) & 255 ))); done
  printf "$s"
}
cat >"$work/early.cfg" <<EOF
search --no-floppy --fs-uuid --set=root $uuid
set prefix=(\$root)/boot/grub
configfile (\$root)/boot/grub/grub.cfg
EOF
mods="ext2 search search_fs_uuid normal linux configfile echo serial terminal test gzio"
if [ "$firmware" != uefi ]; then
  grub-mkimage -O i386-pc -c "$work/early.cfg" -p "(hd0,$grub_part)/boot/grub" -o "$work/core.img" \
    biosdisk part_msdos part_gpt $mods
  core_sectors=$(( ($(stat -c %s "$work/core.img") + 511) / 512 ))
  if [ "$firmware" = bios ]; then
    [ "$core_sectors" -lt 2047 ] || fail "GRUB core image does not fit before the first partition"
    dd if=/usr/lib/grub/i386-pc/boot.img of="$raw" bs=440 count=1 conv=notrunc status=none
    dd if="$work/core.img" of="$raw" bs=512 seek=1 conv=notrunc status=none
  else
    [ "$core_sectors" -le 2048 ] || fail "GRUB core image does not fit the BIOS boot partition"
    # With GPT, boot.img must be told where core.img lives, and core.img's
    # first sector where the rest of itself lives (GRUB's blocklist).
    cp /usr/lib/grub/i386-pc/boot.img "$work/boot.img"
    le64 $bios_boot_lba | dd of="$work/boot.img" bs=1 seek=$((0x5c)) conv=notrunc status=none
    le64 $((bios_boot_lba + 1)) | dd of="$work/core.img" bs=1 seek=$((0x1f4)) conv=notrunc status=none
    dd if="$work/boot.img" of="$raw" bs=440 count=1 conv=notrunc status=none
    dd if="$work/core.img" of="$raw" bs=512 seek=$bios_boot_lba conv=notrunc status=none
  fi
fi
if [ "$firmware" != bios ]; then
  grub-mkimage -O x86_64-efi -c "$work/early.cfg" -p /boot/grub -o "$work/BOOTX64.EFI" \
    part_gpt fat all_video efi_gop $mods
  mkfs.vfat -F 32 -n ESP -i "$fat_id" -C "$work/esp.img" $((esp_bytes / 1024)) >/dev/null
  touch -d "@$seed_epoch" "$work/BOOTX64.EFI"
  mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT
  mcopy -m -i "$work/esp.img" "$work/BOOTX64.EFI" ::/EFI/BOOT/BOOTX64.EFI
  dd if="$work/esp.img" of="$raw" bs=$MiB seek=$((esp_start / MiB)) conv=notrunc,sparse status=none
fi

# --- convert ------------------------------------------------------------------
if [ "$format" != raw ]; then
  step convert
  opts=()
  [ "$compress" = 1 ] && [ "$format" = qcow2 ] && opts=(-c -o compression_type=zstd)
  # 4 coroutines read and compress in parallel; no -W (out-of-order writes):
  # it is faster, but places clusters in whatever order they finish, and the
  # same disk must always give the same file.
  qemu-img convert -m 4 -O "$format" "${opts[@]}" "$raw" "$out" >&2
  rm -f "$raw"
fi
echo "::kiln done"
