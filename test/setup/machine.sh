#!/usr/bin/env bash
# Prepares a machine for kiln's test suite: Docker engine, QEMU, tmux, and
# the local debian base images (no public registry is reachable here, so they
# are made with debootstrap from the machine's own apt mirror). Idempotent.
set -euo pipefail

log() { printf '[setup] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v qemu-system-x86_64 >/dev/null || need_pkgs+=(qemu-system-x86)
command -v qemu-img >/dev/null || need_pkgs+=(qemu-utils)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
command -v tmux >/dev/null || need_pkgs+=(tmux)
# Tests read and break images with debugfs, check hashes with openssl, ask
# the registry with curl and run the first-frame bench under script.
command -v debugfs >/dev/null || need_pkgs+=(e2fsprogs)
command -v openssl >/dev/null || need_pkgs+=(openssl)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v script >/dev/null || need_pkgs+=(bsdutils)
[ -e /usr/share/OVMF/OVMF_CODE.fd ] || [ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || need_pkgs+=(ovmf)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  # A dockerd killed with its session leaves its pid file behind.
  pgrep -x dockerd >/dev/null || as_root rm -f /var/run/docker.pid
  as_root sh -c 'nohup dockerd >/var/log/kiln-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "dockerd did not start; see /var/log/kiln-dockerd.log"; tail -20 /var/log/kiln-dockerd.log >&2; exit 1; }
fi

# The apt mirror the machine itself uses (deb822 or one-line sources).
mirror=$(cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
  | grep -E '^(URIs:|deb )' | grep -oE 'https?://[^ ]*/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' || true)
mirror=${mirror:-http://deb.debian.org/debian}

make_base() {
  local release=$1 tag="debian:$1"
  if docker image inspect "$tag" >/dev/null 2>&1; then log "$tag present"; return; fi
  local dir; dir=$(mktemp -d /tmp/kiln-debootstrap-XXXXXX)
  log "debootstrap $release from $mirror"
  as_root debootstrap --variant=minbase "$release" "$dir" "$mirror" >/tmp/kiln-debootstrap-"$release".log 2>&1 \
    || { tail -20 /tmp/kiln-debootstrap-"$release".log >&2; exit 1; }
  # apt inside the image must reach the same mirror the host uses.
  echo "deb $mirror $release main" | as_root tee "$dir/etc/apt/sources.list" >/dev/null
  as_root tar -C "$dir" -c . | docker import -c 'CMD ["bash"]' - "$tag" >/dev/null
  as_root rm -rf "$dir"
  log "$tag imported"
}
make_base bookworm &
b=$!
make_base trixie &
t=$!
wait $b
wait $t

# A registry on 127.0.0.1:5000 (Debian's docker-registry, no auth) so the
# tests can make a real pull happen; Docker trusts 127.0.0.0/8 over plain HTTP.
registry_up() { curl -fs -o /dev/null http://127.0.0.1:5000/v2/; }
if ! registry_up; then
  command -v docker-registry >/dev/null || {
    log "installing docker-registry"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
  }
  as_root mkdir -p /var/lib/kiln-registry
  as_root tee /var/lib/kiln-registry/config.yml >/dev/null <<'YAML'
version: 0.1
storage:
  filesystem:
    rootdirectory: /var/lib/kiln-registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:5000
YAML
  log "starting the local registry on 127.0.0.1:5000"
  as_root sh -c 'nohup docker-registry serve /var/lib/kiln-registry/config.yml >/var/log/kiln-registry.log 2>&1 &'
  for _ in $(seq 1 30); do registry_up && break; sleep 1; done
  registry_up || { log "the registry did not start; see /var/log/kiln-registry.log"; tail -20 /var/log/kiln-registry.log >&2; exit 1; }
fi
