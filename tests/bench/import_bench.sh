#!/usr/bin/env bash
# Import benchmark (issues 2 and 9): 1,000,000 demo rows with prompts as CSV; `sqlite3 .import --csv` into a fresh
# plain table, DuckDB's read_csv into a fresh table (when @duckdb/node-api is installed) and `costdash import` into a
# fresh store, 3 runs each (medians, RUNS to change), costdash's peak RSS, and `costdash summary --by model` on the
# result. Builds nothing: run after
#   cmake --preset release && cmake --build --preset release
#   npm install --prefix build/release/duckdb @duckdb/node-api     (optional: the DuckDB step; or COSTDASH_DUCKDB_DIR)
# Usage: tests/bench/import_bench.sh [BUILD_DIR] [ROWS]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build/release}"
rows="${2:-1000000}"
runs="${RUNS:-3}"
bin="$build/costdash"
duckdb_dir="${COSTDASH_DUCKDB_DIR:-$build/duckdb}"
duckdb=0
if command -v node >/dev/null && [ -d "$duckdb_dir/node_modules/@duckdb/node-api" ]; then duckdb=1; fi
[ -x "$bin" ] || { echo "no costdash binary at $bin (build the release preset first)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
csv="$work/month.csv"
"$bin" demo --rows "$rows" --seed 1 --out "$csv"
echo "file: $rows rows, $(( $(stat -c %s "$csv") / 1000000 )) MB, $(nproc) cores"

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

sqlite_times=()
duckdb_times=()
costdash_times=()
rss=()
for run in $(seq "$runs"); do
  rm -f "$work"/plain.db* "$work"/store.db* "$work"/duck.db*
  t0=$(now)
  sqlite3 "$work/plain.db" ".import --csv $csv calls"
  t1=$(now)
  sqlite_times+=("$(echo "$t1 - $t0" | bc -l)")

  if [ "$duckdb" = 1 ]; then
    t0=$(now)
    n=$(node "$here/tests/bench/duckdb_import.mjs" "$duckdb_dir" "$work/duck.db" "$csv")
    t1=$(now)
    [ "$n" = "$rows" ] || { echo "duckdb read $n of $rows rows" >&2; exit 1; }
    duckdb_times+=("$(echo "$t1 - $t0" | bc -l)")
  fi

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
if [ "$duckdb" = 1 ]; then
  d=$(printf '%s\n' "${duckdb_times[@]}" | median)
  printf 'duckdb read_csv table : %s s  (runs: %s)\n' "$(printf '%.3f' "$d")" "$(printf '%.3f ' "${duckdb_times[@]}")"
  printf 'costdash / duckdb     : %.2f  (target < 1)\n' "$(echo "$c / $d" | bc -l)"
else
  echo "duckdb read_csv table : skipped (npm install --prefix $duckdb_dir @duckdb/node-api)"
fi
printf 'costdash / sqlite3    : %.2f  (target <= 0.40)\n' "$(echo "$c / $s" | bc -l)"
printf 'costdash peak RSS     : %d MB  (target <= 250 MB)\n' "$(( r / 1024 ))"

summary_times=()
for run in $(seq "$runs"); do
  t0=$(now)
  "$bin" summary --by model --db "$work/store.db" --json > /dev/null
  t1=$(now)
  summary_times+=("$(echo "$t1 - $t0" | bc -l)")
done
printf 'summary --by model    : %.0f ms median (target < 200 ms)\n' "$(echo "$(printf '%s\n' "${summary_times[@]}" | median) * 1000" | bc -l)"
# One row for docs/PERFORMANCE.md's import table (machine, date, medians, the baselines of this run).
printf '| %s | %s, %s cores, load %s | %.3f s | %s | %.3f s | %.2f | %s |\n' "$(date -u '+%Y-%m-%d %H:%M')" \
  "$(uname -m)" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$s" \
  "$([ "$duckdb" = 1 ] && printf '%.3f s' "$d" || echo -)" "$c" "$(echo "$c / $s" | bc -l)" \
  "$([ "$duckdb" = 1 ] && printf '%.2f' "$(echo "$c / $d" | bc -l)" || echo -)"
