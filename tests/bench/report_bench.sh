#!/usr/bin/env bash
# Issue 14's figure: `costdash report` for a 1,000,000-call demo month with two scenarios and the TTL sweep,
# three runs, the median; the target is 5 s on 2 cores. Usage: report_bench.sh BUILD_DIR (a release build).
set -euo pipefail
build=${1:-build/release}
src=$(cd "$(dirname "$0")/../.." && pwd)
bin="$build/costdash"
work="$build/bench-report"
mkdir -p "$work"
db="$work/month-1m.db"
[ -s "$db" ] || "$bin" demo --rows 1000000 --seed 42 --db "$db" >/dev/null
times=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  "$bin" report --db "$db" --out "$work/report.pdf" --scenario "$src/resources/scenarios/tiered-router.json" \
    --scenario "$src/resources/scenarios/cache-only.json" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
  echo "run $run: ${times[-1]} s"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
echo "report, 1M calls, 2 scenarios + TTL sweep: median ${median} s (target <= 5 s)"
[ "$(echo "$median <= 5" | bc)" = 1 ]
