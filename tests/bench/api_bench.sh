#!/usr/bin/env bash
# Issue 11's benchmarks: ChatClient vs the official `openai` npm client (2,000 requests at concurrency 32, the same
# local server, the same run), memory over 20,000 requests, the UI thread during a run.
# Usage: tests/bench/api_bench.sh [PRESET]   (default release; the npm package goes to build/bench-node)
set -euo pipefail
cd "$(dirname "$0")/../.."
preset=${1:-release}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" --target tst_api_bench
node_dir=$PWD/build/bench-node
if [ ! -d "$node_dir/node_modules/openai" ]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-audit --no-fund openai >/dev/null)
fi
nproc | xargs echo "cores:"
grep -m1 'model name' /proc/cpuinfo || true
echo "node $(node --version), openai $(node -p "require('$node_dir/node_modules/openai/package.json').version")"
COSTDASH_OPENAI_NODE_DIR=$node_dir COSTDASH_NODE_VERSION=$(node --version) QT_QPA_PLATFORM=offscreen \
  "build/$preset/tests/tst_api_bench" 2>&1 | grep -E 'QINFO|PASS|FAIL|Totals'
