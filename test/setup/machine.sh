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
# reproducible.test.ts writes a disk onto exFAT, which holds no FIFO.
command -v mkfs.exfat >/dev/null || need_pkgs+=(exfatprogs)
command -v mount.exfat-fuse >/dev/null || need_pkgs+=(exfat-fuse)
[ -e /usr/share/OVMF/OVMF_CODE.fd ] || [ -e /usr/share/OVMF/OVMF_CODE_4M.fd ] || need_pkgs+=(ovmf)
# arm64 (test/e2e/arm64.test.ts): arm64 containers run under qemu-user with
# binfmt; the guests boot in qemu-system-aarch64 with AAVMF.
command -v qemu-aarch64-static >/dev/null || need_pkgs+=(qemu-user-static)
command -v update-binfmts >/dev/null || need_pkgs+=(binfmt-support)
command -v qemu-system-aarch64 >/dev/null || need_pkgs+=(qemu-system-arm)
[ -e /usr/share/AAVMF/AAVMF_CODE.fd ] || need_pkgs+=(qemu-efi-aarch64)
# The other engines of test/e2e/engines.test.ts: rootless Docker (docker.io's
# dockerd-rootless.sh runs under rootlesskit, with newuidmap and slirp4netns)
# and Podman's Docker-compatible service.
command -v podman >/dev/null || need_pkgs+=(podman)
command -v rootlesskit >/dev/null || need_pkgs+=(rootlesskit)
command -v newuidmap >/dev/null || need_pkgs+=(uidmap)
command -v slirp4netns >/dev/null || need_pkgs+=(slirp4netns)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  log "installing ${need_pkgs[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# No systemd mounts binfmt_misc here; qemu-user-static's entry has the F
# flag, so containers find the interpreter without copying it in.
[ -e /proc/sys/fs/binfmt_misc/status ] || as_root mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || as_root update-binfmts --enable qemu-aarch64

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
  local release=$1 arch=$2 tag
  # One tag per platform (Docker 20.10 keeps one image per tag): the arm64
  # images take Docker Hub's name for them, arm64v8/debian.
  case $arch in amd64) tag="debian:$release" ;; *) tag="${arch}v8/debian:$release" ;; esac
  if docker image inspect "$tag" >/dev/null 2>&1; then log "$tag present"; return; fi
  local dir; dir=$(mktemp -d /tmp/kiln-debootstrap-XXXXXX)
  local logfile=/tmp/kiln-debootstrap-"$release-$arch".log
  log "debootstrap $release ($arch) from $mirror"
  # A foreign architecture's second stage runs under qemu-user (binfmt).
  as_root debootstrap --arch="$arch" --variant=minbase "$release" "$dir" "$mirror" >"$logfile" 2>&1 \
    || { tail -20 "$logfile" >&2; exit 1; }
  # apt inside the image must reach the same mirror the host uses.
  echo "deb $mirror $release main" | as_root tee "$dir/etc/apt/sources.list" >/dev/null
  if [ "$arch" = amd64 ]; then
    as_root tar -C "$dir" -c . | docker import -c 'CMD ["bash"]' - "$tag" >/dev/null
  else
    load_foreign "$dir" "$arch" "$tag"
  fi
  as_root rm -rf "$dir"
  log "$tag imported"
}

# docker import --platform records amd64 in Docker 20.10's image config, so a
# foreign tree goes in as an image archive whose config names its architecture.
load_foreign() {
  local dir=$1 arch=$2 tag=$3 archive; archive=$(mktemp -d /tmp/kiln-image-XXXXXX)
  as_root tar -C "$dir" -cf "$archive/layer.tar" .
  local diff; diff=$(sha256sum "$archive/layer.tar" | cut -d' ' -f1)
  printf '{"architecture":"%s","variant":"v8","os":"linux","config":{"Cmd":["bash"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created_by":"debootstrap --arch=%s --variant=minbase"}]}' \
    "$arch" "$diff" "$arch" >"$archive/config.json"
  printf '[{"Config":"config.json","RepoTags":["%s"],"Layers":["layer.tar"]}]' "$tag" >"$archive/manifest.json"
  tar -C "$archive" -c manifest.json config.json layer.tar | docker load >/dev/null
  rm -rf "$archive"
  local got; got=$(docker image inspect -f '{{.Architecture}}' "$tag")
  [ "$got" = "$arch" ] || { log "$tag was loaded as $got, not $arch"; exit 1; }
}
pids=()
for release in bookworm trixie; do
  for arch in amd64 arm64; do
    make_base "$release" "$arch" &
    pids+=($!)
  done
done
for pid in "${pids[@]}"; do wait "$pid"; done

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

# Engines run by non-root users (test/e2e/engines.test.ts), each its own user
# so that kiln finds each engine by itself: rootless Docker (kiln-rootless),
# rootless Podman (kiln-podman), and the rootful dockerd through the docker
# group (kiln-docker).
add_user() {
  id -u "$1" >/dev/null 2>&1 || as_root useradd --create-home --shell /bin/bash "$1"
  # useradd gives a subordinate id range when login.defs says so; make sure.
  local file
  for file in /etc/subuid /etc/subgid; do
    grep -q "^$1:" "$file" 2>/dev/null && continue
    local start; start=$(awk -F: 'BEGIN{m=100000} {e=$2+$3; if (e>m) m=e} END{print m}' "$file" 2>/dev/null || echo 100000)
    echo "$1:$start:65536" | as_root tee -a "$file" >/dev/null
  done
}
add_user kiln-rootless
add_user kiln-podman
add_user kiln-docker
# -x on one group per line: -w would take the user's own group "kiln-docker" for "docker".
id -nG kiln-docker | tr " " "\n" | grep -qx docker || as_root usermod -aG docker kiln-docker

# slirp4netns (the rootless engines' network) opens /dev/net/tun inside the
# user's namespace; udev makes it 0666, but no udev runs here.
[ -c /dev/net/tun ] || { as_root mkdir -p /dev/net; as_root mknod /dev/net/tun c 10 200; }
[ "$(stat -c %a /dev/net/tun)" = 666 ] || as_root chmod 0666 /dev/net/tun

# Runs a command as USER with a login-like environment of its own.
as_user() {
  local user=$1; shift
  as_root setpriv --reuid="$user" --regid="$user" --init-groups -- env -i HOME="/home/$user" USER="$user" \
    XDG_RUNTIME_DIR="/run/user/$(id -u "$user")" PATH=/usr/share/docker.io/contrib:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin "$@"
}
# No systemd-logind makes the users' runtime folders here.
for user in kiln-rootless kiln-podman; do
  as_root install -d -m 700 -o "$user" -g "$user" "/run/user/$(id -u "$user")"
done

answers() { curl -fs -o /dev/null --unix-socket "$1" http://engine/_ping; }
wait_for() {
  local socket=$1 log=$2
  for _ in $(seq 1 60); do answers "$socket" && return; sleep 1; done
  log "no engine answered on $socket; see $log"; tail -20 "$log" >&2; exit 1
}

rootless_run=/run/user/$(id -u kiln-rootless)
if ! answers "$rootless_run/docker.sock"; then
  log "starting rootless dockerd for kiln-rootless"
  # What a killed dockerd leaves behind makes the next one refuse to start.
  pgrep -u kiln-rootless -x dockerd >/dev/null || as_root rm -rf "$rootless_run/docker.pid" "$rootless_run/docker.sock" "$rootless_run/docker" "$rootless_run/dockerd-rootless"
  as_user kiln-rootless sh -c 'cd && nohup dockerd-rootless.sh >"$HOME/dockerd-rootless.log" 2>&1 &'
  wait_for "$rootless_run/docker.sock" /home/kiln-rootless/dockerd-rootless.log
fi

podman_run=/run/user/$(id -u kiln-podman)
# Podman 4.3 falls back to vfs (a full copy of every layer) without this;
# this kernel mounts overlay in a user namespace natively.
if [ ! -e /home/kiln-podman/.config/containers/storage.conf ]; then
  as_user kiln-podman sh -c 'mkdir -p "$HOME/.config/containers" && printf "[storage]\ndriver = \"overlay\"\n" >"$HOME/.config/containers/storage.conf"'
  as_user kiln-podman podman system reset --force >/dev/null 2>&1 || true
fi
if ! answers "$podman_run/podman/podman.sock"; then
  log "starting podman system service for kiln-podman"
  as_root rm -f "$podman_run/podman/podman.sock"
  as_user kiln-podman sh -c 'mkdir -p "$XDG_RUNTIME_DIR/podman" && cd && nohup podman system service --time=0 "unix://$XDG_RUNTIME_DIR/podman/podman.sock" >"$HOME/podman-service.log" 2>&1 &'
  wait_for "$podman_run/podman/podman.sock" /home/kiln-podman/podman-service.log
fi

# No registry has the base images: copy them from the rootful engine.
for tag in debian:bookworm debian:trixie; do
  as_user kiln-rootless docker -H "unix://$rootless_run/docker.sock" image inspect "$tag" >/dev/null 2>&1 || {
    log "loading $tag into rootless Docker"
    docker save "$tag" | as_user kiln-rootless docker -H "unix://$rootless_run/docker.sock" load >/dev/null
  }
  as_user kiln-podman podman image exists "$tag" || {
    log "loading $tag into rootless Podman"
    docker save "$tag" | as_user kiln-podman podman load -q >/dev/null
  }
done
