#!/usr/bin/env bash
# Idempotent test environment: a Docker engine that answers, and the local stand-in base images; Podman's
# Docker-compatible API on a socket of its own with the stand-ins the podman tests use.
# No registry is reachable from these machines, so the images are built from Debian's mirror.
# Safe to run again and again: each step is skipped when its result is already there.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf '[test-env] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# One list of the system packages the suite needs (scripts/system-packages.txt), also the list .ci/run
# installs through this script: a package is missing when the command or file it provides is absent.
ensure_packages() {
  local missing=() package provides
  while read -r package provides; do
    case "$package" in ''|'#'*) continue ;; esac
    if [ "$package" = chromium ]; then provides="${LAYERLENS_CHROMIUM:-$provides}"; fi
    if [[ "$provides" == /* ]]; then [ -x "$provides" ] && continue; else command -v "$provides" >/dev/null && continue; fi
    missing+=("$package")
  done <"$here/system-packages.txt"
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

engine_answers() { docker info >/dev/null 2>&1; }

ensure_engine() {
  engine_answers && return 0
  log "starting dockerd (log: /tmp/layerlens-dockerd.log)"
  as_root sh -c 'nohup dockerd >/tmp/layerlens-dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do engine_answers && return 0; sleep 1; done
  log "dockerd did not answer within 60 s; see /tmp/layerlens-dockerd.log"
  tail -20 /tmp/layerlens-dockerd.log >&2 || true
  return 1
}

has_image() { docker image inspect "$1" >/dev/null 2>&1; }

ensure_debian_base() {
  local name=layerlens-test/debian:bookworm
  has_image "$name" && return 0
  local root
  root="$(mktemp -d /tmp/layerlens-rootfs.XXXXXX)"
  log "debootstrap bookworm into $root (about a minute)"
  as_root debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/tmp/layerlens-debootstrap.log 2>&1 \
    || { tail -20 /tmp/layerlens-debootstrap.log >&2; return 1; }
  # debootstrap leaves apt's package lists and caches behind (~80 MB): a stand-in base should not.
  as_root sh -c "rm -rf '$root'/var/lib/apt/lists/* '$root'/var/cache/apt/*.bin '$root'/var/cache/apt/archives/*.deb"
  # The machine's own CA bundle: TLS to the npm registry only verifies with it.
  as_root mkdir -p "$root/etc/ssl/certs"
  as_root cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/layerlens-host-ca.crt"
  as_root tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/layerlens-host-ca.crt' \
    --change 'CMD ["bash"]' - "$name" >/dev/null
  as_root rm -rf "$root"
}

ensure_built() {
  local name=$1 dir=$2
  has_image "$name" && return 0
  log "building $name"
  docker build -q -t "$name" "$here/test-images/$dir" >/dev/null
}

# Debian's static busybox, copied out of a throw-away container, on an empty root: no stage image is left.
ensure_busybox_base() {
  local name=layerlens-test/busybox:stable
  has_image "$name" && return 0
  local context
  context="$(mktemp -d /tmp/layerlens-busybox.XXXXXX)"
  log "building $name"
  docker run --rm -v "$context:/out" layerlens-test/debian:bookworm sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null && cp /bin/busybox /out/'
  docker build -q -t "$name" -f "$here/test-images/busybox/Dockerfile" "$context" >/dev/null
  rm -rf "$context"
}

# ---- Podman's Docker-compatible API, for the `podman` test project ----
# A rootful `podman system service` on a socket of its own, with its own storage, runtime folders, locks and
# configuration (CONTAINERS_CONF / CONTAINERS_STORAGE_CONF point at files under $podman_state), so the
# machine's own Podman setup is neither used nor changed. Failures here do not stop the rest: the podman
# tests then skip, loudly, saying why.
podman_socket="${LAYERLENS_PODMAN_SOCKET:-/run/layerlens-podman/podman.sock}"
podman_run="$(dirname "$podman_socket")"
podman_state=/var/lib/layerlens-podman
podman_log=/tmp/layerlens-podman.log
# The stand-ins the podman tests use: the slim Node base (its fixture app builds on it) and busybox.
podman_images=(layerlens-test/node-slim:18 layerlens-test/busybox:stable)

podman_env() { CONTAINERS_CONF="$podman_state/containers.conf" CONTAINERS_STORAGE_CONF="$podman_state/storage.conf" "$@"; }
podman_remote() { podman_env podman --remote --url "unix://$podman_socket" "$@"; }
podman_answers() { [ -S "$podman_socket" ] && podman_remote version >/dev/null 2>&1; }

# Writes a config file when its content changed; says so by its status (0: changed).
write_if_changed() {
  local file=$1 content=$2
  [ -f "$file" ] && [ "$(cat "$file")" = "$content" ] && return 1
  printf '%s\n' "$content" | as_root tee "$file" >/dev/null
}

podman_config() {
  as_root mkdir -p "$podman_state" "$podman_run"
  # Without systemd (containers, CI): cgroupfs and a file of events. Podman's default rlimits (nofile 1M,
  # nproc 4M) cannot be set where CAP_SYS_RESOURCE is missing, and Podman itself lowers its own nproc to
  # 32768: ask for what the machine allows. File locks under the run folder: the default shm lock
  # (/dev/shm/libpod_lock) would be shared with the machine's own rootful Podman.
  local nofile nproc changed=1
  nofile="$(ulimit -Hn)"; { [ "$nofile" = unlimited ] || [ "$nofile" -gt 1048576 ]; } && nofile=1048576
  nproc="$(ulimit -Hu)"; { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  write_if_changed "$podman_state/containers.conf" "[containers]
default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]

[engine]
cgroup_manager = \"cgroupfs\"
events_logger = \"file\"
events_logfile_path = \"$podman_run/events.log\"
tmp_dir = \"$podman_run/libpod\"
lock_type = \"file\"" && changed=0
  # The storage driver is chosen once, when the storage is new: overlay where the kernel mounts it here,
  # else vfs (slower, copies each layer, but works on any file system).
  local driver=overlay
  if [ -f "$podman_state/storage.conf" ]; then
    driver="$(sed -n 's/^driver = "\(.*\)"$/\1/p' "$podman_state/storage.conf")"
  elif ! podman_probe_overlay; then
    driver=vfs
  fi
  write_if_changed "$podman_state/storage.conf" "[storage]
driver = \"$driver\"
graphroot = \"$podman_state/storage\"
runroot = \"$podman_run/storage\"" && changed=0
  return $changed
}

# Whether the kernel mounts overlay on the storage's file system (it does not on an overlay root).
podman_probe_overlay() {
  local probe
  probe="$(as_root mktemp -d "$podman_state/overlay-probe.XXXXXX")" || return 1
  as_root mkdir -p "$probe/lower" "$probe/upper" "$probe/work" "$probe/merged"
  if as_root mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    as_root umount "$probe/merged"; as_root rm -rf "$probe"; return 0
  fi
  as_root rm -rf "$probe"; return 1
}

podman_stop() {
  local pid
  pid="$(cat "$podman_run/service.pid" 2>/dev/null)" || return 0
  as_root kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  as_root rm -f "$podman_run/service.pid"
}

ensure_podman_service() {
  command -v podman >/dev/null || { log "podman is not installed (scripts/system-packages.txt lists it)"; return 1; }
  if podman_config; then
    podman_answers && { log "podman: its configuration changed, restarting the service"; podman_stop; }
  fi
  podman_answers && return 0
  podman_stop # one that no longer answers
  log "starting podman system service on $podman_socket (log: $podman_log)"
  as_root rm -f "$podman_socket"
  as_root env CONTAINERS_CONF="$podman_state/containers.conf" CONTAINERS_STORAGE_CONF="$podman_state/storage.conf" \
    sh -c 'nohup podman system service --time=0 "unix://$1" >"$2" 2>&1 & echo $! >"$3"' \
    sh "$podman_socket" "$podman_log" "$podman_run/service.pid"
  for _ in $(seq 1 30); do podman_answers && return 0; sleep 1; done
  log "podman did not answer on $podman_socket within 30 s; see $podman_log"
  tail -20 "$podman_log" >&2 || true
  return 1
}

# The stand-ins copied from dockerd into Podman's storage (`docker save | podman load`), again when
# dockerd's image changed (it was rebuilt): both engines then hold the same image, same ID.
ensure_podman_images() {
  local image want have
  for image in "${podman_images[@]}"; do
    want="$(docker image inspect -f '{{.Id}}' "$image")"
    have="$(podman_remote image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    [ "$have" = "$want" ] || [ "sha256:$have" = "$want" ] && continue
    log "podman: loading $image from dockerd"
    docker save "$image" | podman_remote load -q >/dev/null || return 1
  done
}

ensure_podman() {
  if ensure_podman_service && ensure_podman_images; then
    log "podman ready: $(podman_remote version --format 'Podman {{.Server.Version}} (API {{.Server.APIVersion}})') on unix://$podman_socket"
    return 0
  fi
  log "Podman is not ready: the podman tests will fail with the reason (see above)"
  return 0
}

ensure_packages
ensure_engine
ensure_debian_base
ensure_built layerlens-test/node-full:18 node-full
ensure_built layerlens-test/node-slim:18 node-slim
ensure_busybox_base
ensure_podman
log "ready: $(docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})')"
