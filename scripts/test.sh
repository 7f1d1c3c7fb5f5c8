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
# The exports as wasm in real browsers: cargo's own test runner for wasm32
# (wasm-bindgen-test-runner, from wasm-bindgen-cli, the same version as the
# wasm-bindgen crate) drives headless Chromium and Firefox ESR through their
# WebDriver, with each crate's webdriver.json (the runner reads it from the
# directory cargo runs a test in: the crate's own). One cargo command covers
# the workspace's default members: the engine and the live check. Only the
# test files named web.rs hold wasm tests (the others would each be compiled
# for wasm32 only for the runner to say "no tests to run!"), so only those are
# built; a wasm test anywhere else fails this suite instead of being skipped.
wasm_tests() { # DRIVER_VARIABLE driver-path
  local stray
  stray=$(grep -rlE '#\[wasm_bindgen_test' --include='*.rs' src tests crates | grep -vE '(^|/)tests/web\.rs$' || true)
  if [ -n "$stray" ]; then
    printf 'wasm tests outside a tests/web.rs, which this suite would not run: %s\n' "$stray" >&2
    return 1
  fi
  [ -x "$2" ] || { echo "no WebDriver at $2: run scripts/install.sh" >&2; return 1; }
  env "$1=$2" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --no-fail-fast --target wasm32-unknown-unknown --test web
}
suite "engine and live check as wasm in Chromium (wasm-bindgen-test-runner)" \
  wasm_tests CHROMEDRIVER /usr/bin/chromedriver
suite "engine and live check as wasm in Firefox ESR (wasm-bindgen-test-runner)" \
  wasm_tests GECKODRIVER "${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver"
suite "store packages: permissions, zips, icons, interface words" node --test tests/packages/
suite "Firefox build lint (web-ext lint)" \
  web-ext lint --source-dir dist/firefox --warnings-as-errors --boring --no-config-discovery
suite "renderer matrix: the page model and oracle" node --test tests/matrix/
suite "e2e coverage: every Chromium test has a Firefox counterpart or a stated reason" node --test tests/coverage/
# Two test files at a time, each with a browser of its own (node's default
# on this 2-core kind would be one): most of a browser test is waiting for
# the page to settle, so two side by side take little more than one.
# Nothing is shared between files (each starts its own servers on free
# ports and its browser in its own folders). ASG_E2E_FILES_AT_ONCE=1 runs
# them one by one, to tell a test's own failure from one under load.
at_once=${ASG_E2E_FILES_AT_ONCE:-2}
suite "end to end in Chromium with the built extension" node --test --test-concurrency="$at_once" tests/e2e/
suite "end to end in Firefox ESR with the built add-on" node --test --test-concurrency="$at_once" tests/firefox/
suite "AMO: a copy at another path rebuilds dist/ byte for byte" node --test tests/store/

printf '\n=== summary\n'
printf '%s\n' "${results[@]}"
printf '%d passed, %d failed\n' "$(( ${#results[@]} - failed ))" "$failed"
[ "$failed" -eq 0 ]
