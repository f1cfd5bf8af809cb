#!/usr/bin/env bash
# The portable configuration (COSTDASH_PORTABLE=ON: no SSE2, prefetch or compiler builtins, app/platform/Platform.h):
# builds the core and tst_platform and runs it, so that a build for another processor or compiler is not a guess.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
costdash_ensure_packages
costdash_build portable costdash_core tst_platform
QT_QPA_PLATFORM=offscreen ctest --preset portable -R '^tst_platform$'
