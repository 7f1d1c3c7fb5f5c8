#!/usr/bin/env bash
# Installs everything the build and the tests need, pinned, on a fresh Debian
# machine of this project's kind. Idempotent: a second run checks and exits
# in seconds. What is missing is installed by three jobs side by side, as
# they wait on different things: apt (network and dpkg), the cargo tools
# (CPU) and npm (network). Each job's output goes to its own log, printed in
# full if it fails; the script fails if any job does.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

GECKODRIVER_VERSION=0.37.1
APT_PACKAGES=(chromium chromium-driver firefox-esr xvfb openssl)

say() { printf 'install: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Cargo tools, pinned: wasm-bindgen-cli (wasm-bindgen for the build,
# wasm-bindgen-test-runner for the wasm tests) must equal the wasm-bindgen in
# Cargo.lock; geckodriver drives Firefox in the tests.
version_of() { "$1" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1; }
cargo_tool() { # crate binary version [--locked]
  if [ "$(version_of "$2")" != "$3" ]; then
    say "cargo install $1 $3"
    cargo install --quiet "$1" --version "$3" ${4:-} --force
  fi
}
# `cargo install wasm-bindgen-cli --locked` fails (tried again 2026-12-01 for
# 0.2.130): the Cargo.lock it was published with pins webpki-roots 1.0.11,
# since yanked from crates.io. So it is built from its own published lock
# with only a yanked webpki-roots moved to 1.0.10, the newest one that is not;
# every other dependency stays exactly as its authors locked it. The crate is
# fetched from crates.io's download address and checked against the
# checksum in crates.io's index, as cargo itself does.
bindgen_tool() { # version
  [ "$(version_of wasm-bindgen)" = "$1" ] && [ "$(version_of wasm-bindgen-test-runner)" = "$1" ] && return 0
  say "cargo install wasm-bindgen-cli $1 (its own lock, webpki-roots 1.0.10)"
  local dir sum want
  dir=$(mktemp -d)
  curl -fsSL -o "$dir/cli.crate" "https://static.crates.io/crates/wasm-bindgen-cli/wasm-bindgen-cli-$1.crate"
  want=$(curl -fsSL https://index.crates.io/wa/sm/wasm-bindgen-cli | grep -E "\"vers\": *\"$1\"" \
    | grep -oE '"cksum": *"[0-9a-f]{64}"' | grep -oE '[0-9a-f]{64}' || true)
  sum=$(sha256sum "$dir/cli.crate" | cut -d' ' -f1)
  if [ -z "$want" ] || [ "$sum" != "$want" ]; then
    say "wasm-bindgen-cli $1: checksum mismatch (got $sum, index says ${want:-nothing})"
    rm -rf "$dir"
    return 1
  fi
  tar xzf "$dir/cli.crate" -C "$dir"
  (
    cd "$dir/wasm-bindgen-cli-$1"
    if grep -A1 '^name = "webpki-roots"$' Cargo.lock | grep -qx 'version = "1.0.11"'; then
      cargo update --quiet --precise 1.0.10 webpki-roots
    fi
    cargo install --quiet --path . --locked --force
  ) || { rm -rf "$dir"; return 1; }
  rm -rf "$dir"
}
bindgen_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
# Should crates.io's download address or index be out of reach, the plain
# (unlocked) install of the exact version still gives a working tool.
bindgen_job() {
  bindgen_tool "$bindgen_version" || {
    say "wasm-bindgen-cli $bindgen_version: the locked build failed; installing it unlocked"
    cargo install --quiet wasm-bindgen-cli --version "$bindgen_version" --force
  }
}

# Browsers and drivers from Debian (never a browser download of a test tool).
apt_job() { # packages...
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# The jobs: each runs in the background with its output in $logs/NAME.log;
# finish_jobs waits for them all and reports each as it ends.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
declare -A job_names=() job_starts=()
start_job() { # name command...
  local name=$1
  shift
  say "$name: started"
  "$@" >"$logs/$name.log" 2>&1 &
  job_names[$!]=$name
  job_starts[$!]=$SECONDS
}
finish_jobs() {
  local pid name failed=0
  while [ ${#job_names[@]} -gt 0 ]; do
    pid=
    if wait -n -p pid "${!job_names[@]}"; then
      say "${job_names[$pid]}: done in $((SECONDS - job_starts[$pid])) s"
      grep '^install: ' "$logs/${job_names[$pid]}.log" | sed 's/^install: /    /' || true
    else
      name=${job_names[$pid]}
      say "${name}: FAILED after $((SECONDS - job_starts[$pid])) s; its output:" >&2
      sed 's/^/    /' "$logs/$name.log" >&2
      failed=1
    fi
    unset "job_names[$pid]"
  done
  return "$failed"
}

# 1. apt, for what is missing.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # sudo asks for its password here, not in the background.
  [ "$(id -u)" = 0 ] || sudo -v
  start_job "apt packages (${missing[*]})" apt_job "${missing[@]}"
fi

# 2. The wasm target, then the cargo tools one after the other (each build
#    already uses every core).
cargo_job() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  }
  bindgen_job
  cargo_tool geckodriver geckodriver "$GECKODRIVER_VERSION" --locked
}
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || [ "$(version_of wasm-bindgen)" != "$bindgen_version" ] \
  || [ "$(version_of wasm-bindgen-test-runner)" != "$bindgen_version" ] \
  || [ "$(version_of geckodriver)" != "$GECKODRIVER_VERSION" ]; then
  start_job "rust target and cargo tools" cargo_job
fi

# 3. npm tools (binaryen's wasm-opt, esbuild, playwright-core,
#    selenium-webdriver, web-ext), from the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  start_job "npm packages" npm ci --no-audit --no-fund --loglevel=error
fi

finish_jobs
say "ready"