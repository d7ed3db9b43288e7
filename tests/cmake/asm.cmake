# SPDX-License-Identifier: Apache-2.0
# asm/cli_roundtrip: through the CLI, every conformance program:
#   bpfsim asm F.data -o a.bin (and --hex gives the same bytes),
#   bpfsim disasm --raw --syntax=kernel a.bin | bpfsim asm --syntax=kernel -> same bytes,
#   bpfsim disasm --raw --syntax=llvm a.bin   | bpfsim asm (auto-detected) -> same bytes,
# except where the text of a syntax does not carry a field (see
# tests/unit/test_asm_roundtrip.c): llvm prints calls without src_reg ("call
# local") and callx with its register read from imm (llvm 14), the kernel
# prints callx without its register ("call %r").
file(WRITE ${CMAKE_BINARY_DIR}/asm_cli_roundtrip.sh [=[
#!/usr/bin/env bash
set -u
dir="$BPFSIM_SHARED/conformance"
if [ ! -d "$dir" ]; then echo "$dir absent: skipped" >&2; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0; bad=0; lossy=0
for f in "$dir"/*.data; do
  name=$(basename "$f")
  if ! "$BPFSIM" asm "$f" -o "$tmp/a.bin"; then echo "FAIL asm $name"; bad=$((bad+1)); continue; fi
  hex=$("$BPFSIM" asm --hex "$f")
  if [ "$hex" != "$(od -An -v -tx1 "$tmp/a.bin" | tr -d ' \n')" ]; then echo "FAIL --hex $name"; bad=$((bad+1)); fi
  "$BPFSIM" disasm --raw --syntax=kernel "$tmp/a.bin" > "$tmp/k.s" &&
    "$BPFSIM" asm --syntax=kernel "$tmp/k.s" -o "$tmp/k.bin" || { echo "FAIL kernel text $name"; bad=$((bad+1)); continue; }
  "$BPFSIM" disasm --raw --syntax=llvm "$tmp/a.bin" > "$tmp/l.s" &&
    "$BPFSIM" asm "$tmp/l.s" -o "$tmp/l.bin" || { echo "FAIL llvm text $name"; bad=$((bad+1)); continue; }
  if grep -q '^ *call %r' "$f"; then
    lossy=$((lossy+1))     # callx: kernel text has no register
  elif ! cmp -s "$tmp/a.bin" "$tmp/k.bin"; then echo "FAIL kernel round trip $name"; bad=$((bad+1)); fi
  if grep -qE '^ *call (local|%r)' "$f"; then
    lossy=$((lossy+1))     # llvm text: "call N" has no src_reg
  elif ! cmp -s "$tmp/a.bin" "$tmp/l.bin"; then echo "FAIL llvm round trip $name"; bad=$((bad+1)); fi
  n=$((n+1))
done
echo "$n conformance programs through the CLI, $bad failures, $lossy comparisons skipped (documented losses)"
[ "$n" -ge 313 ] && [ "$bad" -eq 0 ]
]=])
add_test(NAME asm/cli_roundtrip COMMAND bash ${CMAKE_BINARY_DIR}/asm_cli_roundtrip.sh)
set_tests_properties(asm/cli_roundtrip PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}" SKIP_RETURN_CODE 77)
