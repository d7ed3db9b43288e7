#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# usage: disasm_bad_input.sh BPFSIM GOOD_OBJECT
# Every bad input gives exit code 3 (2 for usage errors) and one error line
# naming the file (and offset or line where there is one); no crash.
set -u
bpfsim=$1 good=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect CODE PATTERN -- ARGS...: exit code CODE, stderr matching PATTERN (grep -E)
expect() {
  code=$1 pat=$2; shift 3
  "$bpfsim" disasm "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
  if [ $rc -ne "$code" ] || ! grep -Eq -- "$pat" "$tmp/err"; then
    echo "FAIL: bpfsim disasm $*: exit $rc (want $code), stderr:" >&2; cat "$tmp/err" >&2
    fails=$((fails + 1))
  else
    echo "ok: bpfsim disasm $* -> $rc: $(head -n1 "$tmp/err")"
  fi
}

expect 3 "$tmp/missing.o" -- "$tmp/missing.o"
head -c 100 "$good" > "$tmp/trunc.o"
expect 3 "$tmp/trunc.o" -- "$tmp/trunc.o"
cp "$bpfsim" "$tmp/notbpf.o"
expect 3 "$tmp/notbpf.o" -- "$tmp/notbpf.o"
if echo 'int x = 1;' | cc -c -x c - -o "$tmp/x86.o" 2>/dev/null; then
  expect 3 "$tmp/x86.o" -- "$tmp/x86.o"
fi
printf 'this is not an ELF object at all, just some random text bytes\n' > "$tmp/random.o"
expect 3 "$tmp/random.o" -- "$tmp/random.o"
# raw: 12 bytes = one instruction and a truncated one
printf '\267\000\000\000\000\000\000\000\225\000\000\000' > "$tmp/trunc.bin"
expect 3 "$tmp/trunc.bin: offset 8: truncated" -- --raw "$tmp/trunc.bin"
# raw: unknown opcode 0xff at offset 8
printf '\267\000\000\000\000\000\000\000\377\000\000\000\000\000\000\000' > "$tmp/unk.bin"
expect 3 "$tmp/unk.bin: offset 8: unknown opcode ff" -- --raw "$tmp/unk.bin"
grep -q '^1: (ff) ' "$tmp/out" || { echo "FAIL: the unknown instruction was not printed" >&2; fails=$((fails + 1)); }
# raw: ld_imm64 without its second slot
printf '\030\001\000\000\005\000\000\000' > "$tmp/lddw.bin"
expect 3 "$tmp/lddw.bin: offset 0: ld_imm64 has no second slot" -- --raw "$tmp/lddw.bin"
expect 3 "$tmp/missing.bin" -- --raw "$tmp/missing.bin"
printf '{"name": "x", "prog_type": "xdp", "insns": "b7000000000000009500000000000000"}\n{not json\n' > "$tmp/v.jsonl"
expect 3 "$tmp/v.jsonl:2" -- --vectors "$tmp/v.jsonl"
expect 2 "unknown syntax" -- --syntax=intel "$good"
expect 2 "exactly one FILE" --
expect 2 "unknown option" -- --bogus "$good"
expect 2 "objects only" -- -r --raw "$tmp/trunc.bin"

# good raw input, both syntaxes (llvm: llvm-objdump's columns)
printf '\267\001\000\000\377\377\377\377\030\002\000\000\001\000\000\000\000\000\000\000\002\000\000\000\225\000\000\000\000\000\000\000' > "$tmp/good.bin"
printf '0: (b7) r1 = -1\n1: (18) r2 = 0x200000001\n3: (95) exit\n' > "$tmp/want.kernel"
printf '       0:\tb7 01 00 00 ff ff ff ff\tr1 = -1\n       1:\t18 02 00 00 01 00 00 00 00 00 00 00 02 00 00 00\tr2 = 8589934593 ll\n       3:\t95 00 00 00 00 00 00 00\texit\n' > "$tmp/want.llvm"
for syn in kernel llvm; do
  if ! "$bpfsim" disasm --raw --syntax=$syn "$tmp/good.bin" | cmp -s - "$tmp/want.$syn"; then
    echo "FAIL: --raw --syntax=$syn output:" >&2; "$bpfsim" disasm --raw --syntax=$syn "$tmp/good.bin" >&2
    fails=$((fails + 1))
  fi
done
"$bpfsim" disasm --raw "$tmp/good.bin" | cmp -s - "$tmp/want.kernel" || { echo "FAIL: --raw default is not kernel syntax" >&2; fails=$((fails + 1)); }

# good input: exit 0
"$bpfsim" disasm "$good" > /dev/null || { echo "FAIL: good object" >&2; fails=$((fails + 1)); }
"$bpfsim" disasm --help | grep -q -- '--syntax=llvm' || { echo "FAIL: --help" >&2; fails=$((fails + 1)); }
[ $fails -eq 0 ] || { echo "$fails failures" >&2; exit 1; }
echo "all bad-input cases ok"
