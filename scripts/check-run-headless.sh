#!/usr/bin/env bash
# ./run.sh without a display must print the demo month's summary, the default scenario's what-if and the path of
# the savings report it wrote.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
env -u DISPLAY -u WAYLAND_DISPLAY COSTDASH_DEMO_DIR="$(mktemp -d)" ./run.sh >"$out"
cat "$out"
missing=0
for expected in '^gpt-4o ' ' calls, cost \$[0-9]' '^What-if: ' '^  baseline ' '^  projected ' '^  savings ' '^report: .*savings-report.pdf'; do
  grep -q "$expected" "$out" || { echo "check-run-headless: the output has no '$expected'" >&2; missing=1; }
done
pdf=$(sed -n 's/^report: \(.*\) ([0-9]* pages)$/\1/p' "$out")
[ -s "$pdf" ] || { echo "check-run-headless: no report PDF at '$pdf'" >&2; missing=1; }
exit $missing
