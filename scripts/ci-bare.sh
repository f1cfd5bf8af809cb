#!/usr/bin/env bash
# Runs inside the bare Debian 12 root of ../shared/tools/fresh-debian.sh (CI's .ci/run): ./test.sh, the portable
# configuration, ./run.sh headless, the .deb built, checked, installed, used and removed, then the unit tests under
# ASan + UBSan and under TSan, and the libFuzzer targets. Never run it on your own machine: it installs and removes
# packages system-wide.
set -euo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
step() { # $1 = name, then the command
  local name=$1
  shift
  local start=$SECONDS
  echo "ci: --- $name" >&2
  if "$@"; then
    passed=$((passed + 1))
    echo "ci: ok   $name ($((SECONDS - start)) s)" >&2
  else
    failed=$((failed + 1))
    echo "ci: FAIL $name ($((SECONDS - start)) s)" >&2
  fi
}

step "./test.sh" ./test.sh
step "the portable configuration" scripts/check-portable.sh
step "./run.sh headless" scripts/check-run-headless.sh
step "the .deb" scripts/check-package.sh
step "unit tests under ASan + UBSan" scripts/check-sanitizers.sh asan
step "unit tests under TSan" scripts/check-sanitizers.sh tsan
step "fuzz targets" scripts/check-sanitizers.sh fuzz
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
