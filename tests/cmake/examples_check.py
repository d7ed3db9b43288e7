#!/usr/bin/env python3
# `bpfsim verify` gives the recorded kernel answer (verdict, errno, error
# line) for every vector of a file: the demo's examples/verifier_basics.jsonl,
# and tests/corpus/verifier_regressions.jsonl (fixed differences).
import json, subprocess, sys

bpfsim, vectors = sys.argv[1], sys.argv[2]
out = subprocess.run([bpfsim, "verify", "--vectors", vectors, "--json"],
                     capture_output=True, text=True)
got = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
want = [json.loads(l) for l in open(vectors) if l.strip()]
if len(got) != len(want):
    sys.exit(f"{len(got)} results for {len(want)} vectors: {out.stderr}")
bad = 0
for g, w in zip(got, want):
    k = w["kernel"]
    same = (g["verdict"] == k["verdict"] and g.get("errno") == k.get("errno")
            and (g.get("error") or None) == (k.get("error") or None))
    if not same:
        bad += 1
        print(f"{w['name']}: bpfsim {g.get('verdict')} {g.get('errno')} {g.get('error')!r}, "
              f"kernel {k['verdict']} {k.get('errno')} {k.get('error')!r}")
print(f"{len(want) - bad} of {len(want)} vectors of {vectors} agree with the kernel")
sys.exit(1 if bad else 0)
