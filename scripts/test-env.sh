#!/usr/bin/env bash
# Idempotent test environment: a Docker engine that answers, and the local stand-in base images.
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

ensure_packages
ensure_engine
ensure_debian_base
ensure_built layerlens-test/node-full:18 node-full
ensure_built layerlens-test/node-slim:18 node-slim
ensure_busybox_base
log "ready: $(docker version --format 'engine {{.Server.Version}} (API {{.Server.APIVersion}})')"
