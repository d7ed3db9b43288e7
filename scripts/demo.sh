#!/usr/bin/env bash
# What a newcomer sees first: bpfsim on an example object (examples/xdp_proto_count.bpf.c,
# two XDP programs, one the kernel's verifier accepts and one it rejects).
set -uo pipefail
build=${1:-build}
B="$build/bpfsim"
obj="$build/examples/xdp_proto_count.bpf.o"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; rc=$?; [ $rc -eq 0 ] || printf '(exit code %d)\n' $rc; }

echo "bpfsim demo: $($B --version)"
echo "example object: examples/xdp_proto_count.bpf.c, compiled by clang to $obj"
step "$B" show "$obj"
step "$B" disasm --syntax=kernel "$obj"
step "$B" load "$obj"
exit 0
