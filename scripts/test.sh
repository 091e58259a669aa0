#!/usr/bin/env bash
# `npm test`: the whole suite. Unit tests, integration tests against the real engine, and the Playwright
# e2e specs in Debian's Chromium against `layerlens serve`. Every part runs even if one fails; the summary
# line and the exit code say how it went.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

rm -rf test-results
mkdir -p test-results
# The suite never touches the user's own cache or settings, and its temporary files go with it: all of
# them live in a folder of this run, removed at the end.
scratch="$(mktemp -d /tmp/layerlens-test-run.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tmp"
export LAYERLENS_CACHE_DIR="$scratch/cache" LAYERLENS_CONFIG_DIR="$scratch/config" TMPDIR="$scratch/tmp"
# Podman's Docker-compatible socket: test-env.sh starts it there, the podman test project talks to it.
export LAYERLENS_PODMAN_SOCKET="${LAYERLENS_PODMAN_SOCKET:-/run/layerlens-podman/podman.sock}"
status=0
step() {
  printf '\n=== %s\n' "$1"
  shift
  "$@" || { echo "=== FAILED: $*"; status=1; }
}

step "test environment (dockerd, Podman + stand-in images)" bash scripts/test-env.sh || true
step "build (electron-vite)" npx electron-vite build
step "unit and engine tests (vitest)" npx vitest run --project '!podman'
# The same real-engine paths against Podman, after dockerd's (failing with the reason without Podman's socket).
step "Podman tests (vitest)" env LAYERLENS_VITEST_JSON=test-results/vitest-podman-results.json npx vitest run --project podman
step "end-to-end tests (Playwright, Chromium)" npx playwright test
node scripts/test-summary.mjs || status=1
exit "$status"
