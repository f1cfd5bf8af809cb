#!/usr/bin/env bash
# Installs what is missing, builds (Ninja, preset dev), runs every test through ctest.
# Benchmarks (label bench) are not in this run: `ctest --preset bench` after `cmake --build --preset release`.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
costdash_ensure_packages
costdash_build dev
export QT_QPA_PLATFORM=offscreen
ctest --preset dev --parallel 2 "$@"
