# SPDX-License-Identifier: Apache-2.0
# difffuzz/cli: `bpfsim fuzz` through the CLI: a 300-program campaign with
# --json (live when the kernel oracle is available, soundness-only
# otherwise), the summary's keys and consistency, the same numbers for the
# same seed, findings written as readable vectors, --help and usage errors.
# Disagreements found by random programs do not fail the test (exit 1 is
# allowed); they are recorded in docs/campaigns.md.
file(WRITE ${CMAKE_BINARY_DIR}/difffuzz_cli.sh [=[
#!/usr/bin/env bash
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$BPFSIM" fuzz --help | grep -q -- '--soundness' || { echo "FAIL --help"; exit 1; }
"$BPFSIM" fuzz --count x >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL usage exit"; exit 1; }
"$BPFSIM" fuzz --prog-type nosuch >/dev/null 2>&1; [ $? -eq 2 ] || { echo "FAIL prog-type exit"; exit 1; }
"$BPFSIM" fuzz --count 300 --seed 21 --soundness --out "$tmp/out" --json -q > "$tmp/a.json"; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || { echo "FAIL exit $rc"; exit 1; }
"$BPFSIM" fuzz --count 300 --seed 21 --soundness --json -q > "$tmp/b.json" || [ $? -eq 1 ] || { echo "FAIL second run"; exit 1; }
BPFSIM_NO_KERNEL=1 "$BPFSIM" fuzz --count 100 --seed 21 > "$tmp/nok.txt"
grep -q 'kernel comparison skipped' "$tmp/nok.txt" || { echo "FAIL no-kernel message"; exit 1; }
python3 - "$tmp" <<'PY'
import json, os, sys
t = sys.argv[1]
a = json.load(open(t + "/a.json")); b = json.load(open(t + "/b.json"))
for k in ("programs", "agree", "disagree", "per_second", "compared", "bpfsim_accept", "bpfsim_reject",
          "bpfsim_unsupported", "soundness_bugs"):
    assert k in a, k
assert a["programs"] == 300
assert a["bpfsim_accept"] + a["bpfsim_reject"] + a["bpfsim_unsupported"] == 300
assert a["agree"] + a["disagree"] == a["compared"]
assert sum(a["disagree_by_kind"][k] for k in ("bpfsim_accepts", "bpfsim_rejects", "errno", "error_line")) == a["disagree"]
if a["kernel"]:
    assert a["kernel_accept"] + a["kernel_reject"] == 300
    assert a["compared"] == 300 - a["bpfsim_unsupported"]
else:
    assert a["compared"] == 0 and "kernel_skipped" in a
assert a["per_second"] > 0
for k in ("bpfsim_accept", "agree", "disagree", "soundness_bugs"):
    assert a[k] == b[k], (k, a[k], b[k])
n = 0
for f in ("disagreements.jsonl", "soundness.jsonl"):
    p = os.path.join(t, "out", f)
    if os.path.exists(p):
        for line in open(p):
            v = json.loads(line); n += 1
            assert "bpfsim" in v and "fuzz" in v and v["insns"]
assert n == a["written"], (n, a["written"])
print("fuzz cli: %d programs, kernel %s, agree %d, disagree %d, %.0f programs/s" %
      (a["programs"], a["kernel"], a["agree"], a["disagree"], a["per_second"]))
PY
]=])
add_test(NAME difffuzz/cli COMMAND bash ${CMAKE_BINARY_DIR}/difffuzz_cli.sh)
set_tests_properties(difffuzz/cli PROPERTIES ENVIRONMENT "${BPFSIM_TEST_ENV}")
