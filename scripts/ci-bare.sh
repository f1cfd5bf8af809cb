#!/usr/bin/env bash
# Runs inside the bare Debian 12 root of ../shared/tools/fresh-debian.sh (CI's .ci/run): ./test.sh, the portable
# configuration, then ./run.sh headless, then the .deb built, checked, installed, used and removed. Never run it on
# your own machine: it installs and removes packages system-wide.
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
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
