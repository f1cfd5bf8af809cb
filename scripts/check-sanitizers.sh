#!/usr/bin/env bash
# Builds a sanitizer preset and runs its tests through ctest: `asan` (every unit test under ASan + UBSan), `tsan`
# (every unit test under ThreadSanitizer; the CLI tests' costdash children are instrumented too) or `fuzz` (each
# libFuzzer target for a fixed number of runs). Usage: scripts/check-sanitizers.sh asan|tsan|fuzz
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:?usage: scripts/check-sanitizers.sh asan|tsan|fuzz}
case "$preset" in
  asan | tsan | fuzz) ;;
  *) echo "check-sanitizers: unknown preset '$preset' (asan, tsan or fuzz)" >&2; exit 2 ;;
esac
source scripts/deps.sh
costdash_ensure_packages
costdash_build "$preset"
export QT_QPA_PLATFORM=offscreen
ctest --preset "$preset" --parallel 2
