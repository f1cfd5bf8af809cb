#!/usr/bin/env bash
# What SQLite itself costs for the import's calls rows (issue 9): ROWS rows of a costdash store's `calls` table
# (its schema read from a store costdash creates), written as the import writes a plain row (12 values, the other
# columns constants or NULL) by one INSERT ... SELECT from a table in the same file, in WAL with synchronous=NORMAL
# and SQLite's auto-checkpoint. No parsing, no prompts, no rollup: the time is SQLite's alone, a floor for the
# import's writer. Builds nothing. Usage: tests/bench/sqlite_floor.sh [BUILD_DIR] [ROWS]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$here/build/release}"
rows="${2:-1000000}"
command -v sqlite3 >/dev/null || { echo "sqlite3 is missing (apt-get install sqlite3)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build/costdash" demo --rows 10 --seed 1 --db "$work/shape.db" >/dev/null
schema="$(sqlite3 "$work/shape.db" '.schema calls')"
sqlite3 "$work/floor.db" >/dev/null <<SQL
PRAGMA page_size = 16384;
PRAGMA journal_mode = WAL;
$schema
CREATE TABLE src(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11);
WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < $rows)
INSERT INTO src SELECT 1759000000000 + x * 2600, 1, x % 7 + 1, 300 + x % 500, 10 + x % 300, 500 + x % 2000,
  50000 + x * 37 % 900000, x % 9 + 1, (x * 2654435761) % 9223372036854775807 * 1000003, x, 1,
  (x * 40503) % 9223372036854775807 * 65537 FROM g;
SQL
sqlite3 "$work/floor.db" <<SQL
PRAGMA synchronous = NORMAL;
.timer on
INSERT INTO calls(timestamp_ms, provider_id, model_id, input_tokens, cached_tokens, cache_write_tokens,
  output_tokens, reasoning_tokens, latency_ms, cost_nusd, task_id, prompt_hash, prompt_id, success, http_status,
  row_key, import_id) SELECT c0, c1, c2, c3, 0, 0, c4, 0, c5, c6, c7, c8, c9, c10, 0, c11, 1 FROM src;
SQL
