#!/usr/bin/env bash
# The run command: installs what is missing, builds the extension and the
# checker page, and serves the checker and a demo Autotask page on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/install.sh
bash scripts/build.sh
exec node scripts/run.mjs "$@"
