# kiln's builder library, sourced by assemble.sh and classic/classic.sh; each
# builder image carries a copy in the same place relative to its script.
# What both builders take, check and write lives here once, so they cannot
# drift apart. Nothing here evaluates a string it was given: values are only
# matched against patterns and written out quoted.
# The sourcing script sets builder_name (for messages) and builder_flags (the
# flags it takes) first.

MiB=1048576

# Defaults of the flags both builders take.
out='' rootfs='' size=0 format=raw uuid='' hostname=kiln
kernel=/vmlinuz initrd=/initrd.img cmdline='' compress=0
firmware=bios arch=amd64 serial=ttyS0 seed_epoch='' hash_seed='' disk_id='' part_uuids='' fat_id='' owner=''

fail() { echo "$builder_name: $*" >&2; exit 1; }
step() { echo "::kiln step $1"; }

takes_flag() {
  local flag
  for flag in $builder_flags; do [ "$flag" = "$1" ] && return 0; done
  return 1
}

# parse_args ARG...: sets the variable of each flag this builder takes.
parse_args() {
  while [ $# -gt 0 ]; do
    takes_flag "$1" || { echo "$builder_name: unknown argument $1" >&2; exit 2; }
    if [ "$1" = --compress ]; then compress=1; shift; continue; fi
    [ $# -ge 2 ] || { echo "$builder_name: $1 needs a value" >&2; exit 2; }
    case "$1" in
      --out) out=$2 ;;
      --rootfs) rootfs=$2 ;;
      --size) size=$2 ;;
      --format) format=$2 ;;
      --root-uuid) uuid=$2 ;;
      --hostname) hostname=$2 ;;
      --kernel) kernel=$2 ;;
      --initrd) initrd=$2 ;;
      --cmdline) cmdline=$2 ;;
      --firmware) firmware=$2 ;;
      --arch) arch=$2 ;;
      --epoch) seed_epoch=$2 ;;
      --hash-seed) hash_seed=$2 ;;
      --disk-id) disk_id=$2 ;;
      --part-uuids) part_uuids=$2 ;;
      --fat-id) fat_id=$2 ;;
      --owner) owner=$2 ;;
    esac
    shift 2
  done
}

uuid_re='[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

# Defence in depth: kiln validates these too, but nothing unchecked reaches a
# partition table, a config file that a bootloader or the guest parses, or a
# path outside /out.
check_common_args() {
  [[ $out =~ ^/out/[A-Za-z0-9._-]+$ ]] || fail "bad output path '$out'"
  [[ $rootfs =~ ^/out/[A-Za-z0-9._-]+$ || $rootfs = /dev/stdin ]] || fail "bad rootfs path '$rootfs'"
  [[ $uuid =~ ^$uuid_re$ ]] || fail "bad root UUID '$uuid'"
  [[ $hostname =~ ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ ]] || fail "bad hostname '$hostname'"
  [[ $size =~ ^[0-9]+$ ]] || fail "bad size '$size'"
  [[ $kernel =~ ^/[A-Za-z0-9._/-]+$ && $initrd =~ ^/[A-Za-z0-9._/-]*$ ]] || fail "bad kernel or initrd path"
  [[ $cmdline =~ ^[A-Za-z0-9._=,:/\ -]*$ ]] || fail "bad kernel command line '$cmdline'"
  case "$format" in raw|qcow2|vmdk|vdi|vhdx) ;; *) fail "unknown format '$format'" ;; esac
}

# The rootfs tar arrives through a FIFO kiln made in the output folder and
# writes into directly: through the container's stdin, every byte took two
# more copies (the engine's attach stream and its shim), which cost about a
# third of mke2fs's time here. A tar file there reads the same; /dev/stdin is
# for an output folder whose filesystem holds no FIFO.
check_rootfs_stream() {
  [ -p "$rootfs" ] || [ -f "$rootfs" ] || fail "no rootfs tar at $rootfs"
}

# The raw disk is written beside the output and converted, unless raw is wanted.
raw_path() {
  if [ "$format" = raw ]; then printf '%s' "$out"; else printf '%s' "$out.raw"; fi
}

check_root_room() { # check_root_room ROOT_BYTES
  [ "$1" -gt $((64 * MiB)) ] || fail "disk of $size bytes leaves no room for the root filesystem"
}

# The kernel command line both bootloaders end with: logs and a console on
# the first serial port (ttyS0, or ttyAMA0 on arm64's PL011), then the
# distribution's own arguments.
kernel_console_args() {
  printf '%s' "console=tty0 console=$serial,115200n8 $cmdline"
}

# write_etc_files DIR: fstab, hostname and hosts, which the container
# runtime masks in an export (hostname, hosts) or a VM must have (fstab).
# Each is replaced, never written through whatever the image put there.
write_etc_files() {
  rm -f "$1/fstab" "$1/hostname" "$1/hosts"
  printf '# Written by kiln.\nUUID=%s / ext4 errors=remount-ro 0 1\n' "$uuid" >"$1/fstab"
  printf '%s\n' "$hostname" >"$1/hostname"
  printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' "$hostname" >"$1/hosts"
}

# convert_disk RAW: writes $out in $format from the raw disk, then removes it.
convert_disk() {
  [ "$format" != raw ] || return 0
  step convert
  local opts=()
  [ "$compress" = 1 ] && [ "$format" = qcow2 ] && opts=(-c -o compression_type=zstd)
  # 4 coroutines read and compress in parallel; no -W (out-of-order writes):
  # it is faster, but places clusters in whatever order they finish, and the
  # same disk must always give the same file.
  qemu-img convert -m 4 -O "$format" "${opts[@]}" "$1" "$out" >&2
  rm -f "$1"
}
