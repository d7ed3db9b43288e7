#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# vlog/cli: `bpfsim verify -l N` prints the kernel-style log, and
# --log-size/--log-fixed behave like the kernel's log buffer.
# usage: vlog_cli.sh BPFSIM SRCDIR
set -u
B=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
head -n 1 "$SRC/tests/corpus/verifier_core.jsonl" > "$T/v.jsonl"   # vc exit without r0
grep -q '"vc exit without r0"' "$T/v.jsonl" || fail "corpus order changed"

"$B" verify --vectors "$T/v.jsonl" -l 1 > "$T/full" ; [ $? = 1 ] || fail "exit status"
printf '0: R1=ctx() R10=fp0\n0: (95) exit\nR0 !read_ok\n' > "$T/want"
sed -n '3,5p' "$T/full" | cmp -s - "$T/want" || fail "level-1 log: $(cat "$T/full")"
tail -n 1 "$T/full" | grep -q '^processed 1 insns (limit 1000000) max_states_per_insn 0' || fail "stats line"

# level 2 adds func#0 and the Live regs table
"$B" verify --vectors "$T/v.jsonl" -l 2 > "$T/l2"
sed -n '3,5p' "$T/l2" | cmp -s - /dev/stdin <<EOF2 || fail "level-2 head: $(cat "$T/l2")"
func#0 @0
Live regs before insn:
      0: 0......... (95) exit
EOF2

# rotating 30-byte buffer: the last 29 bytes and an ENOSPC note
"$B" verify --vectors "$T/v.jsonl" -l 1 --log-size 30 > "$T/rot" 2> "$T/rot.err"
sed '1,2d' "$T/full" | tail -c 29 > "$T/want"
sed '1,2d' "$T/rot" | cmp -s - "$T/want" || fail "rotating buffer: $(cat "$T/rot")"
grep -q 'ENOSPC' "$T/rot.err" || fail "no ENOSPC note"
# fixed: the first 29 bytes (the CLI ends the cut line)
"$B" verify --vectors "$T/v.jsonl" -l 1 --log-size 30 --log-fixed > "$T/fix" 2>/dev/null
sed '1,2d' "$T/full" | head -c 29 > "$T/want"; echo >> "$T/want"
sed '1,2d' "$T/fix" | cmp -s - "$T/want" || fail "fixed buffer: $(cat "$T/fix")"
# big enough: the whole log, no note
"$B" verify --vectors "$T/v.jsonl" -l 1 --log-size 4096 > "$T/big" 2> "$T/big.err"
cmp -s "$T/big" "$T/full" || fail "4096-byte buffer"
[ -s "$T/big.err" ] && fail "unexpected note: $(cat "$T/big.err")"
# usage errors
"$B" verify --vectors "$T/v.jsonl" --log-size 30 > /dev/null 2>&1; [ $? = 2 ] || fail "--log-size without -l"
"$B" verify --vectors "$T/v.jsonl" -l 1 --log-size 0 > /dev/null 2>&1; [ $? = 2 ] || fail "--log-size 0"
"$B" verify --help | grep -q -- '--log-fixed' || fail "help"
echo "vlog/cli: ok"
