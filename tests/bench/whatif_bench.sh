#!/usr/bin/env bash
# What-if benchmark on a 1,000,000-call demo month (release build): snapshot load, replays, keyword change,
# near cache, memory, and the same replay as SQL in sqlite3. Usage: tests/bench/whatif_bench.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-1000000}
cmake --preset release >/dev/null
cmake --build --preset release --target costdash tst_whatif_bench
nproc | xargs echo "cores:"
grep -m1 'model name' /proc/cpuinfo || true
COSTDASH_BENCH_ROWS=$rows build/release/tests/tst_whatif_bench
db=build/release/whatif-bench-$rows.db
echo "== costdash whatif CLI (median of 11 replays, loading excluded) =="
build/release/costdash whatif --db "$db" --scenario resources/scenarios/tiered-router.json --json --repeat 11 \
  | grep -E '"(replay_ms|load_ms|cache_hits|savings_nusd)"'
