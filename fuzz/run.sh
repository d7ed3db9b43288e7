#!/usr/bin/env bash
# Run every libFuzzer target built from fuzz/fuzz_*.c for N seconds each,
# starting from its seed corpus in fuzz/corpus/<name>/ when there is one.
set -euo pipefail
build=${1:-build-fuzz}
secs=${2:-30}
src=$(cd "$(dirname "$0")/.." && pwd)
status=0
for f in "$build"/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  work="$build/corpus/$name"
  mkdir -p "$work"
  seeds=()
  [ -d "$src/fuzz/corpus/$name" ] && seeds=("$src/fuzz/corpus/$name")
  echo "== $name (${secs}s)"
  if ! "$f" -max_total_time="$secs" -print_final_stats=1 "$work" "${seeds[@]}" 2>&1 | tail -5; then
    status=1
  fi
done
exit $status
