#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# `bpfsim verify` end to end: --json shape, table, -l, exit codes.
# usage: vcore_cli.sh BPFSIM SRCDIR
set -u
B=$1
S=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
vec() { # name hex-insns
	printf '{"name":"%s","prog_type":"socket_filter","expected_attach_type":null,"prog_flags":0,"maps":[],"map_refs":[],"insns":"%s"}\n' "$1" "$2"
}
vec ok b7000000000000009500000000000000 > "$T/ok.jsonl"
vec r0 9500000000000000 > "$T/rej.jsonl"
vec call 85000000010000009500000000000000 > "$T/uns.jsonl"
cat "$T/ok.jsonl" "$T/uns.jsonl" > "$T/okuns.jsonl"
cat "$T/ok.jsonl" "$T/uns.jsonl" "$T/rej.jsonl" > "$T/all.jsonl"
{ cat "$T/ok.jsonl"; echo '{"name":"bad","insns":"zz"}'; } > "$T/bad.jsonl"

"$B" verify --vectors "$T/ok.jsonl" --json > "$T/out"; rc=$?
[ $rc -eq 0 ] || fail "accepted: exit $rc"
grep -q '^{"name":"ok","verdict":"accept","insns_processed":2,"time_ns":[0-9]*}$' "$T/out" || fail "accept json: $(cat "$T/out")"
"$B" verify --vectors "$T/rej.jsonl" --json > "$T/out"; rc=$?
[ $rc -eq 1 ] || fail "rejected: exit $rc"
grep -q '^{"name":"r0","verdict":"reject","errno":"EACCES","error":"R0 !read_ok","insns_processed":1,"time_ns":[0-9]*}$' "$T/out" || fail "reject json: $(cat "$T/out")"
"$B" verify --vectors "$T/okuns.jsonl" --json > "$T/out"; rc=$?
[ $rc -eq 4 ] || fail "unsupported: exit $rc"
grep -q '"name":"call","verdict":"unsupported","error":"insn 0: calls' "$T/out" || fail "unsupported json: $(cat "$T/out")"
"$B" verify --vectors "$T/all.jsonl" > "$T/out"; rc=$?
[ $rc -eq 1 ] || fail "mixed: exit $rc"
[ "$(wc -l < "$T/out")" -eq 4 ] || fail "table rows: $(cat "$T/out")"
grep -q '^r0  *reject  *EACCES  *1  R0 !read_ok$' "$T/out" || fail "table: $(cat "$T/out")"
"$B" verify --vectors "$T/bad.jsonl" --json > "$T/out" 2>/dev/null; rc=$?
[ $rc -eq 3 ] || fail "malformed: exit $rc"
grep -q '"verdict":"invalid"' "$T/out" || fail "invalid json: $(cat "$T/out")"
"$B" verify --vectors "$T/rej.jsonl" -l 1 > "$T/out"; rc=$?
[ $rc -eq 1 ] || fail "-l 1: exit $rc"
grep -q '^processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0$' "$T/out" || fail "-l 1: $(cat "$T/out")"
"$B" verify --vectors "$T/nonexistent.jsonl" > /dev/null 2>&1; rc=$?
[ $rc -eq 3 ] || fail "missing file: exit $rc"
"$B" verify > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "no --vectors: exit $rc"
"$B" verify --vectors "$T/ok.jsonl" -l 7 > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "-l 7: exit $rc"
"$B" verify --help | grep -q 'unsupported' || fail "--help"
"$B" verify --vectors "$S/tests/corpus/verifier_core.jsonl" --json > "$T/out"; rc=$?
[ $rc -eq 1 ] || fail "corpus: exit $rc"
[ "$(wc -l < "$T/out")" -eq "$(wc -l < "$S/tests/corpus/verifier_core.jsonl")" ] || fail "corpus: one line per vector"
echo "vcore/cli: ok"
