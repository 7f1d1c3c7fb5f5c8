#!/usr/bin/env bash
# Installs everything the build and the tests need, pinned, on a fresh Debian
# machine of this project's kind. Idempotent: a second run checks and exits
# in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
APT_PACKAGES=(chromium chromium-driver firefox-esr xvfb openssl)

say() { printf 'install: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Browsers and drivers from Debian (never a browser download of a test tool).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. The wasm target.
rustup target list --installed | grep -qx wasm32-unknown-unknown || {
  say "rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
}

# 3. Cargo tools, pinned. wasm-bindgen-cli must equal the wasm-bindgen in
#    Cargo.lock.
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
  [ "$(version_of wasm-bindgen)" = "$1" ] && return 0
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
bindgen_tool "$bindgen_version" || {
  say "wasm-bindgen-cli $bindgen_version: the locked build failed; installing it unlocked"
  cargo install --quiet wasm-bindgen-cli --version "$bindgen_version" --force
}
cargo_tool wasm-pack wasm-pack "$WASM_PACK_VERSION" --locked
cargo_tool geckodriver geckodriver "$GECKODRIVER_VERSION" --locked

# 4. npm tools (binaryen's wasm-opt, playwright-core, selenium-webdriver, web-ext),
#    from the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "ready"
