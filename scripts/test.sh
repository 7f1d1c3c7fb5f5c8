#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every suite.
# Exits non-zero if any suite fails; prints a one-line result per suite.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The size budget always holds here, whatever a developer set.
unset ASG_DEV_OVER_BUDGET
bash scripts/install.sh || exit 1
bash scripts/build.sh || exit 1

# Browsers write into HOME and TMPDIR: give this run its own, removed after.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"

results=()
failed=0
suite() { # name command...
  local name=$1; shift
  printf '\n=== %s\n' "$name"
  local start=$SECONDS
  if "$@"; then
    results+=("ok    $name ($((SECONDS - start)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - start)) s)")
    failed=$((failed + 1))
  fi
}

# The workspace's default members: the engine and the live check (crates/live-check).
suite "engine and live check, native (cargo test)" cargo test --quiet --all-features
suite "engine as wasm in Chromium and Firefox (wasm-pack test)" \
  wasm-pack test --headless --chrome --firefox
suite "live check as wasm in Chromium and Firefox (wasm-pack test)" \
  wasm-pack test --headless --chrome --firefox crates/live-check
suite "store packages: permissions, zips, icons, interface words" node --test tests/packages/
suite "Firefox build lint (web-ext lint)" \
  web-ext lint --source-dir dist/firefox --warnings-as-errors --boring --no-config-discovery
suite "renderer matrix: the page model and oracle" node --test tests/matrix/
suite "e2e coverage: every Chromium test has a Firefox counterpart or a stated reason" node --test tests/coverage/
suite "end to end in Chromium with the built extension" node --test tests/e2e/
suite "end to end in Firefox ESR with the built add-on" node --test tests/firefox/
suite "AMO: a copy at another path rebuilds dist/ byte for byte" node --test tests/store/

printf '\n=== summary\n'
printf '%s\n' "${results[@]}"
printf '%d passed, %d failed\n' "$(( ${#results[@]} - failed ))" "$failed"
[ "$failed" -eq 0 ]
