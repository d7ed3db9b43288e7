#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""check_foundation.py GEN.py CORPUS.jsonl: the corpus is the generator's
output with the kernel's answers added, vector for vector, in order."""
import json
import subprocess
import sys

gen, corpus = sys.argv[1], sys.argv[2]
want = [json.loads(l) for l in subprocess.run([sys.executable, gen], check=True, capture_output=True,
                                               text=True).stdout.splitlines() if l.strip()]
with open(corpus) as f:
    got = [json.loads(l) for l in f if l.strip()]
bad = 0
if len(want) != len(got):
    print(f"{corpus}: {len(got)} vectors, the generator writes {len(want)}", file=sys.stderr)
    bad += 1
for i, (w, g) in enumerate(zip(want, got)):
    k = g.pop("kernel", None)
    wk = w.pop("kernel", None)
    if k is None or "verdict" not in k or "release" not in k:
        print(f"{corpus}:{i + 1}: '{g.get('name')}' has no recorded kernel answer", file=sys.stderr)
        bad += 1
    if w != g:
        print(f"{corpus}:{i + 1}: '{g.get('name')}' differs from the generator's vector", file=sys.stderr)
        bad += 1
    wr = [r["data"] for r in (wk or {}).get("runs", [])]
    gr = [r["data"] for r in (k or {}).get("runs", [])]
    if k and k.get("verdict") == "accept" and wr != gr:
        print(f"{corpus}:{i + 1}: '{g.get('name')}' runs differ from the generator's", file=sys.stderr)
        bad += 1
print(f"{len(got)} vectors checked, {bad} problems")
sys.exit(1 if bad else 0)
