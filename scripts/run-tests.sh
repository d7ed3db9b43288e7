#!/usr/bin/env bash
# Run every test through ctest and end with one "N passed, N failed, N skipped" line.
set -uo pipefail
build=${1:-build}
log="$build/ctest.log"
( cd "$build" && ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" ) 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
passed=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' "$log")
failed=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*(Failed|Exception|Timeout)|Not Run' "$log")
skipped=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#[0-9]+: .*\*\*\*Skipped' "$log")
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
exit 0
