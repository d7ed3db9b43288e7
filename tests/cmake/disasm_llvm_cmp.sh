#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# usage: disasm_llvm_cmp.sh BPFSIM LLVM_OBJDUMP OBJECT
# Compares `bpfsim disasm -r` with `llvm-objdump -dr`, line by line.
set -u
bpfsim=$1 objdump=$2 obj=$3
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
"$objdump" -dr "$obj" > "$tmp/llvm" || { echo "llvm-objdump failed on $obj" >&2; exit 77; }
"$bpfsim" disasm -r "$obj" > "$tmp/ours"; rc=$?
if [ $rc -ne 0 ]; then echo "bpfsim disasm exited $rc on $obj" >&2; exit 1; fi
awk -v obj="$obj" '
  NR == FNR { llvm[FNR] = $0; n = FNR; next }
  {
    m = FNR
    if ($0 == llvm[FNR]) { same++; next }
    # <unknown> in LLVM 14: same address and bytes, our text in LLVM 18+ syntax
    e = llvm[FNR]
    if (e ~ /\t<unknown>$/) {
      p = substr(e, 1, length(e) - length("<unknown>"))
      if (substr($0, 1, length(p)) == p && length($0) > length(p) && $0 !~ /<unknown>$/) { newer++; next }
    }
    printf "%s line %d differs:\n  llvm-objdump: %s\n  bpfsim:       %s\n", obj, FNR, e, $0 > "/dev/stderr"
    bad++
  }
  END {
    if (m != n) { printf "%s: %d lines from llvm-objdump, %d from bpfsim\n", obj, n, m > "/dev/stderr"; bad++ }
    printf "%s: %d lines identical, %d in LLVM 18+ syntax where LLVM 14 prints <unknown>, %d differ\n", obj, same, newer, bad > "/dev/stderr"
    exit bad ? 1 : 0
  }' "$tmp/llvm" "$tmp/ours"
