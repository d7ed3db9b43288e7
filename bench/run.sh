#!/usr/bin/env bash
# Run every benchmark binary built from bench/bench_*.c. Each prints its own
# figures, as ratios against a reference measured in the same run.
set -euo pipefail
build=${1:-build}
export BPFSIM_SRC=${BPFSIM_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
export BPFSIM_BUILD=$build
status=0
found=0
for b in "$build"/bench_*; do
  [ -x "$b" ] || continue
  found=1
  echo "== $(basename "$b")"
  "$b" || status=1
done
[ "$found" = 1 ] || echo "no benchmarks built"
exit $status
