#!/usr/bin/env bash
# Issue 15's import benchmark: ROWS records of each log format (tests/bench/format_logs.py) and of the seed CSV
# (`costdash demo`), each imported into a fresh store; wall time of `costdash import` (median of RUNS) and the
# ratio to the seed CSV. Builds nothing: run after `cmake --preset release && cmake --build --preset release`.
# Usage: tests/bench/formats_bench.sh [BUILD_DIR] [ROWS]    (WORK=dir keeps the generated files between runs)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build/release}"
rows="${2:-1000000}"
runs="${RUNS:-3}"
bin="$build/costdash"
[ -x "$bin" ] || { echo "no costdash binary at $bin (build the release preset first)" >&2; exit 1; }
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
[ -n "${WORK:-}" ] || trap 'rm -rf "$work"' EXIT

[ -s "$work/seed.csv" ] || "$bin" demo --rows "$rows" --seed 1 --out "$work/seed.csv" >/dev/null
for f in openai litellm helicone langfuse otel; do
  [ -s "$work/$f.log" ] || python3 "$here/tests/bench/format_logs.py" "$f" "$rows" "$work/$f.log"
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
seed_time=""
for f in seed.csv openai.log litellm.log helicone.log langfuse.log otel.log; do
  times=()
  for run in $(seq "$runs"); do
    rm -f "$work"/store.db*
    t0=$(date +%s.%N)
    "$bin" import "$work/$f" --db "$work/store.db" --json > "$work/out.json"
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  imported=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['imported'])" "$work/out.json")
  [ -n "$seed_time" ] || seed_time=$t
  printf '%-13s %9s rows %6.1f MB  %6.2f s  %7.0f rows/s  %.2f of the seed CSV speed\n' "$f" "$imported" \
    "$(echo "$(stat -c %s "$work/$f") / 1000000" | bc -l)" "$t" "$(echo "$imported / $t" | bc -l)" \
    "$(echo "$seed_time / $t" | bc -l)"
done
