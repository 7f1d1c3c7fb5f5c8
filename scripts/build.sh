#!/usr/bin/env bash
# Builds the engine (Rust → wasm), checks its size, and lays out
# dist/chrome, dist/firefox and dist/www, and the store packages
# dist/autotask-setup-guard-{chrome,firefox}-VERSION.zip. Needs scripts/install.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The budget per engine. It was 150 KB / 60 KB while the engine judged one
# page, then 270 KB / 112 KB with three pages, three profiles, the reports and
# the live check. Reading any markup (format 2: src/reading.rs decides
# sections, labels and columns that the eyes used to guess in JS, +9.5 KB gz)
# and reading the live answers as Autotask sends them (+4.5 KB) took the
# checker engine to 279.1 KB / 117.2 KB, so the budget is that plus about 7 %.
# Each part's cost is in the README ("How it is built"). The way back to a
# small page engine is issue "Speed 2": the live check as its own wasm.
# The structure report (issue 19, src/field_report.rs: its builder in the
# extension's engine, +8 KB gz, its replay in the checker's, +7 KB gz after
# trimming: no Unicode tables, no serde flatten, no pretty printer) took the
# engines to 303.2 KB / 126.5 KB and 302.3 KB / 127.3 KB, so the budget is
# raised by that and about 1 % more, not the usual 7 %: the next part must
# make room ("Speed 2": the live check as its own wasm).
MAX_RAW=$((310 * 1024))
MAX_GZ=$((129 * 1024))
crate=autotask_setup_guard

# Debian's binaryen (wasm-opt 108) corrupts wasm-bindgen's externref table;
# only the npm package's wasm-opt (pinned in package.json) is used.
wasm_opt=node_modules/.bin/wasm-opt
[ -x "$wasm_opt" ] || { echo "build: $wasm_opt is missing; run scripts/install.sh" >&2; exit 1; }
opt_version=$("$wasm_opt" --version | grep -oE '[0-9]+' | head -1)
if [ "${opt_version:-0}" -lt 116 ]; then
  echo "build: wasm-opt $opt_version is older than 116; such versions (Debian's is 108) break wasm-bindgen's output at load time. Run scripts/install.sh to get the pinned npm binaryen." >&2
  exit 1
fi

# The CLI must be the exact wasm-bindgen version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
have=$(wasm-bindgen --version | awk '{print $2}')
if [ "$want" != "$have" ]; then
  echo "build: wasm-bindgen CLI is $have but Cargo.lock wants $want; run scripts/install.sh" >&2
  exit 1
fi

# Reproducible bytes (docs/store/amo-build.md): panic messages name source
# files, and a dependency's path is absolute (the cargo home's registry), so
# both that and this checkout's path are mapped to fixed names; the same
# sources then give the same .wasm wherever they are built.
# Cargo names the paths as given (no symlink resolved), so the prefixes are too.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
[[ $cargo_home = /* ]] || cargo_home=$PWD/$cargo_home
export CARGO_ENCODED_RUSTFLAGS="--remap-path-prefix=$cargo_home=/cargo"$'\x1f'"--remap-path-prefix=$PWD=/build"

# One engine per consumer: the extension's worker, and the checker page with
# its extras (feature "checker"). Each must fit the budget.
build_engine() { # out-dir [cargo args...]
  local out=$1
  shift
  echo "build: engine for $out (release, wasm32 $*)"
  cargo build --quiet --release --lib --target wasm32-unknown-unknown "$@"
  rm -rf "$out"
  wasm-bindgen --target no-modules --no-typescript --out-dir "$out" --out-name asg \
    "target/wasm32-unknown-unknown/release/$crate.wasm"
  # Rust's wasm32 target emits these features by default; wasm-opt must accept
  # them. Rust places no data below 1 MiB, so --low-memory-unused is safe.
  "$wasm_opt" -Oz --low-memory-unused --enable-bulk-memory --enable-reference-types \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-multivalue --enable-mutable-globals \
    --strip-debug --strip-producers -o "$out/asg_bg.opt.wasm" "$out/asg_bg.wasm"
  mv "$out/asg_bg.opt.wasm" "$out/asg_bg.wasm"

  local raw gz
  raw=$(stat -c %s "$out/asg_bg.wasm")
  gz=$(gzip -9 -c "$out/asg_bg.wasm" | wc -c)
  awk -v o="$out" -v r="$raw" -v g="$gz" -v mr="$MAX_RAW" -v mg="$MAX_GZ" 'BEGIN { printf "build: %s wasm: %d bytes raw (%.1f KB), %d bytes gzipped (%.1f KB); budget %d KB / %d KB\n", o, r, r/1024, g, g/1024, mr/1024, mg/1024 }'
  if [ "$raw" -gt "$MAX_RAW" ] || [ "$gz" -gt "$MAX_GZ" ]; then
    # For a developer mid-change only; the test command and CI never set it.
    if [ "${ASG_DEV_OVER_BUDGET:-}" = 1 ]; then
      echo "build: WARNING $out is over its size budget; ASG_DEV_OVER_BUDGET=1 lets it through (never in CI)" >&2
      return 0
    fi
    echo "build: $out is over its size budget ($((MAX_RAW / 1024)) KB raw, $((MAX_GZ / 1024)) KB gzipped)" >&2
    exit 1
  fi
}

build_engine target/asg-engine
build_engine target/asg-engine-checker --features checker

node scripts/assemble.mjs
