#!/usr/bin/env bash
# Import benchmark (issue 2): 1,000,000 demo rows with prompts as CSV; `sqlite3 .import --csv` into a fresh plain
# table vs `costdash import` into a fresh store, 3 runs each (medians), costdash's peak RSS, and
# `costdash summary --by model` on the result. Builds nothing: run after
#   cmake --preset release && cmake --build --preset release
# Usage: tests/bench/import_bench.sh [BUILD_DIR] [ROWS]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build/release}"
rows="${2:-1000000}"
bin="$build/costdash"
[ -x "$bin" ] || { echo "no costdash binary at $bin (build the release preset first)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
csv="$work/month.csv"
"$bin" demo --rows "$rows" --seed 1 --out "$csv"
echo "file: $rows rows, $(( $(stat -c %s "$csv") / 1000000 )) MB, $(nproc) cores"

now() { date +%s.%N; }
median() { sort -g | sed -n 2p; }

sqlite_times=()
costdash_times=()
rss=()
for run in 1 2 3; do
  rm -f "$work"/plain.db* "$work"/store.db*
  t0=$(now)
  sqlite3 "$work/plain.db" ".import --csv $csv calls"
  t1=$(now)
  sqlite_times+=("$(echo "$t1 - $t0" | bc -l)")

  t0=$(now)
  /usr/bin/time -v -o "$work/time.txt" "$bin" import "$csv" --db "$work/store.db" --json > "$work/import.json"
  t1=$(now)
  costdash_times+=("$(echo "$t1 - $t0" | bc -l)")
  rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
done
imported=$(grep -m1 '"imported"' "$work/import.json" | tr -dc '0-9')
[ "$imported" = "$rows" ] || { echo "costdash imported $imported of $rows rows" >&2; exit 1; }

s=$(printf '%s\n' "${sqlite_times[@]}" | median)
c=$(printf '%s\n' "${costdash_times[@]}" | median)
r=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
printf 'sqlite3 .import --csv : %s s  (runs: %s)\n' "$(printf '%.3f' "$s")" "$(printf '%.3f ' "${sqlite_times[@]}")"
printf 'costdash import       : %s s  (runs: %s)\n' "$(printf '%.3f' "$c")" "$(printf '%.3f ' "${costdash_times[@]}")"
printf 'ratio (sqlite/costdash): %.2fx  (target >= 3x)\n' "$(echo "$s / $c" | bc -l)"
printf 'costdash peak RSS     : %d MB  (target <= 250 MB)\n' "$(( r / 1024 ))"

summary_times=()
for run in 1 2 3; do
  t0=$(now)
  "$bin" summary --by model --db "$work/store.db" --json > /dev/null
  t1=$(now)
  summary_times+=("$(echo "$t1 - $t0" | bc -l)")
done
printf 'summary --by model    : %.0f ms median (target < 200 ms)\n' "$(echo "$(printf '%s\n' "${summary_times[@]}" | median) * 1000" | bc -l)"
