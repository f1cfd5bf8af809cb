#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job on a generated demo month:
# the window when there is a display, otherwise the headless summary, the default what-if and the savings report PDF.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
costdash_ensure_packages
costdash_build release costdash
bin=build/release/costdash
demo_dir=${COSTDASH_DEMO_DIR:-build/demo}
mkdir -p "$demo_dir"
db="$demo_dir/demo-month.db"
if [ ! -s "$db" ]; then
  echo "costdash: generating a demo month into $db" >&2
  "$bin" demo --rows "${COSTDASH_DEMO_ROWS:-50000}" --seed 42 --db "$db" >/dev/null
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$bin" --db "$db"
fi
"$bin" summary --db "$db" --by model
"$bin" whatif --db "$db" --scenario resources/scenarios/tiered-router.json
"$bin" report --db "$db" --scenario resources/scenarios/tiered-router.json --out "$demo_dir/savings-report.pdf"
