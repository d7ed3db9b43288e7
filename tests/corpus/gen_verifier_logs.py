#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Record the running kernel's verifier log at log_level 1 and 2 for every
vector of a corpus (socket_filter programs without maps; default
tests/corpus/verifier_core.jsonl) into a gzip'ed JSON-lines file (default
tests/corpus/verifier_logs.jsonl.gz; gzip with mtime 0, so a re-recording
of identical logs is byte-identical): one line per vector,
{"name", "release", "log1", "log2"}. Masked: the timing value of the
"verification time N usec" line (N -> "#"). Needs root; uses bpf(2)
BPF_PROG_LOAD directly (ctypes), license "GPL", a 16 MiB log buffer.

usage: gen_verifier_logs.py [IN.jsonl [OUT.jsonl.gz]]
The test reads verifier_logs.jsonl.gz (verifier_core), verifier_logs_cfg.jsonl.gz
(cfg) and verifier_logs_range.jsonl.gz (range_states).
"""
import ctypes, gzip, json, os, platform, re, sys

NR_BPF = 321  # x86_64
BPF_PROG_LOAD = 5
PROG_TYPES = {"socket_filter": 1}
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


class Attr(ctypes.Structure):
    _fields_ = [("prog_type", ctypes.c_uint32), ("insn_cnt", ctypes.c_uint32),
                ("insns", ctypes.c_uint64), ("license", ctypes.c_uint64),
                ("log_level", ctypes.c_uint32), ("log_size", ctypes.c_uint32),
                ("log_buf", ctypes.c_uint64), ("pad", ctypes.c_uint8 * 200)]


def load(insns_hex, ptype, level):
    code = bytes.fromhex(insns_hex)
    ibuf = ctypes.create_string_buffer(code, len(code))
    lic = ctypes.create_string_buffer(b"GPL")
    size = 16 << 20
    lbuf = ctypes.create_string_buffer(size)
    a = Attr()
    a.prog_type = ptype
    a.insn_cnt = len(code) // 8
    a.insns = ctypes.addressof(ibuf)
    a.license = ctypes.addressof(lic)
    a.log_level = level
    a.log_size = size
    a.log_buf = ctypes.addressof(lbuf)
    fd = libc.syscall(NR_BPF, BPF_PROG_LOAD, ctypes.byref(a), ctypes.sizeof(a))
    if fd >= 0:
        os.close(fd)
    return lbuf.value.decode()


def mask(log):
    return re.sub(r"^verification time \d+ usec$", "verification time # usec", log, flags=re.M)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "verifier_core.jsonl")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "verifier_logs.jsonl.gz")
    rel = platform.release()
    lines = []
    for l in open(src):
        v = json.loads(l)
        if v.get("prog_type") not in PROG_TYPES or v.get("maps") or v.get("prog_flags") or v.get("expected_attach_type"):
            continue
        t = PROG_TYPES[v["prog_type"]]
        lines.append(json.dumps({"name": v["name"], "release": rel,
                                 "log1": mask(load(v["insns"], t, 1)),
                                 "log2": mask(load(v["insns"], t, 2))}, separators=(",", ":")))
    with open(out + ".tmp", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(("\n".join(lines) + "\n").encode())
    os.replace(out + ".tmp", out)
    print(f"{len(lines)} logs recorded in {out}")


if __name__ == "__main__":
    main()
