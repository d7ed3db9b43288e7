#!/usr/bin/env bash
# What a newcomer sees first: bpfsim on an example object.
set -euo pipefail
build=${1:-build}
echo "bpfsim demo: $($build/bpfsim --version)"
$build/bpfsim --help
