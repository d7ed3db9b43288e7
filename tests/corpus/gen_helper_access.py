#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Probes for the helper prototype table (src/verifier/helper_protos.def).

For every program type of PROG_TYPES and every helper id 1..MAX_ID this writes
one program vector (../shared/formats/vectors.md):

    r1 = 0; r2 = 0; r3 = 0; r4 = 0; r5 = 0; call H; r0 = 0; exit

The kernel's first error tells whether the program type may call H:
"program of this type cannot use helper NAME#H" / "unknown func" / "invalid
func" mean "no"; anything else (an argument error such as
"R1 type=scalar expected=map_ptr", or acceptance) means the call itself was
reached, i.e. "yes".

Usage:
  gen_helper_access.py gpl   > probes.jsonl        # then: bpfsim load --vectors probes.jsonl --record OUT
  gen_helper_access.py nongpl RECORDED.jsonl > X   # (root) for each helper some
        # type may call, load once with license "Proprietary" through bpf(2)
        # here (the project's oracle always passes "GPL") and print the vector
        # with "license" and the kernel's answer
  gen_helper_access.py args > args.jsonl           # argument-kind spot checks (GPL)
  gen_helper_access.py second RECORDED.jsonl > X   # r1 = ctx or a map, r2..r5 = 0, for
        # the (type, helper) pairs whose all-zero probe stopped at R1 (GPL;
        # then bpfsim load --record)

The recorded file tests/corpus/helper_access.jsonl is the concatenation of
the recorded gpl probes, the nongpl probes, the recorded args probes and
the recorded second-argument probes.
"""
import ctypes
import json
import os
import platform
import struct
import sys

MAX_ID = 211

# (prog_type, expected_attach_type or None)
PROG_TYPES = [
    ("socket_filter", None), ("sched_cls", None), ("sched_act", None), ("xdp", None),
    ("kprobe", None), ("tracepoint", None), ("raw_tracepoint", None), ("perf_event", None),
    ("cgroup_skb", None), ("cgroup_sock", "cgroup_inet_sock_create"),
    ("cgroup_sock_addr", "cgroup_inet4_connect"), ("sk_skb", None), ("sk_msg", None),
    ("lwt_in", None), ("lwt_out", None), ("lwt_xmit", None), ("sock_ops", None),
    ("sk_lookup", "sk_lookup"), ("cgroup_sysctl", None), ("cgroup_device", None),
    ("flow_dissector", None),
]
PROG_TYPE_NUM = {
    "socket_filter": 1, "kprobe": 2, "sched_cls": 3, "sched_act": 4, "tracepoint": 5, "xdp": 6,
    "perf_event": 7, "cgroup_skb": 8, "cgroup_sock": 9, "lwt_in": 10, "lwt_out": 11, "lwt_xmit": 12,
    "sock_ops": 13, "sk_skb": 14, "cgroup_device": 15, "sk_msg": 16, "raw_tracepoint": 17,
    "cgroup_sock_addr": 18, "cgroup_sysctl": 23, "flow_dissector": 22, "sk_lookup": 30,
}
ATTACH_NUM = {None: 0, "cgroup_inet_sock_create": 2, "cgroup_inet4_connect": 10, "sk_lookup": 36}


def insn(op, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", op, dst | (src << 4), off, imm).hex()


def mov_imm(reg, imm):
    return insn(0xb7, reg, 0, 0, imm)


def call(h):
    return insn(0x85, 0, 0, 0, h)


EXIT = insn(0x95)


def probe_insns(h):
    return "".join(mov_imm(r, 0) for r in range(1, 6)) + call(h) + mov_imm(0, 0) + EXIT


def vec(name, pt, eat, insns, maps=None, map_refs=None, **extra):
    v = {"name": name, "prog_type": pt, "expected_attach_type": eat, "prog_flags": 0,
         "maps": maps or [], "map_refs": map_refs or [], "insns": insns}
    v.update(extra)
    return v


def gen_gpl():
    for pt, eat in PROG_TYPES:
        for h in range(1, MAX_ID + 1):
            yield vec("access %s #%d" % (pt, h), pt, eat, probe_insns(h), probe="access", helper=h)


def gen_args():
    """Argument-kind spot checks: a scalar where the prototype wants
    something else gives "R1 type=scalar expected=..."; a stack pointer
    where a map pointer is wanted, etc. Each probe names the helper and the
    argument it checks; the kernel's answer is recorded."""
    fp_minus8 = insn(0xbf, 2, 10) + insn(0x07, 2, 0, 0, -8)  # r2 = r10; r2 += -8
    store0 = insn(0x7a, 10, 0, -8, 0)                          # *(u64 *)(r10 - 8) = 0
    ldmap1 = insn(0x18, 1, 1, 0, 0) + insn(0, 0, 0, 0, 0)      # r1 = map[0]
    hash_map = [{"type": "hash", "key_size": 8, "value_size": 8, "max_entries": 1, "flags": 0}]
    cases = []
    # scalar in every pointer argument position of a selection of helpers
    for h, pt in [(1, "socket_filter"), (2, "socket_filter"), (3, "socket_filter"),
                  (4, "kprobe"), (6, "kprobe"), (16, "kprobe"), (25, "sched_cls"),
                  (26, "sched_cls"), (44, "sched_cls"), (51, "socket_filter"),
                  (67, "kprobe"), (84, "sched_cls"), (85, "sched_cls"), (86, "sched_cls"),
                  (99, "sched_cls"), (130, "socket_filter"), (131, "socket_filter"),
                  (113, "kprobe"), (112, "kprobe"), (114, "kprobe"), (115, "kprobe"),
                  (164, "kprobe"), (181, "kprobe")]:
        cases.append(vec("args scalars %s #%d" % (pt, h), pt, None, probe_insns(h), probe="args", helper=h))
    # map_lookup_elem with a real map and a scalar key: R2 expected fp/pkt/map_value...
    cases.append(vec("args lookup scalar key", "socket_filter", None,
                     ldmap1 + mov_imm(2, 0) + call(1) + mov_imm(0, 0) + EXIT, hash_map,
                     [{"insn": 0, "map": 0}], probe="args", helper=1))
    # map_lookup_elem with a real map and an uninitialised stack key
    cases.append(vec("args lookup uninit key", "socket_filter", None,
                     ldmap1 + fp_minus8 + call(1) + mov_imm(0, 0) + EXIT, hash_map,
                     [{"insn": 0, "map": 0}], probe="args", helper=1))
    # map_lookup_elem: fine (accepted)
    cases.append(vec("args lookup ok", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + call(1) + mov_imm(0, 0) + EXIT, hash_map,
                     [{"insn": 1, "map": 0}], probe="args", helper=1))
    # map_update_elem: value pointer scalar
    cases.append(vec("args update scalar value", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + mov_imm(3, 0) + mov_imm(4, 0) + call(2) + mov_imm(0, 0) + EXIT,
                     hash_map, [{"insn": 1, "map": 0}], probe="args", helper=2))
    # ctx expected: probe_read_kernel style ANYTHING is fine, but skb_load_bytes wants ctx in R1
    cases.append(vec("args skb_load_bytes fp as ctx", "sched_cls", None,
                     insn(0xbf, 1, 10) + mov_imm(2, 0) + mov_imm(3, 0) + mov_imm(4, 0) + call(26) + mov_imm(0, 0) + EXIT,
                     probe="args", helper=26))
    # ringbuf_output on a hash map: map/helper compatibility
    cases.append(vec("args ringbuf_output on hash", "kprobe", None,
                     ldmap1 + insn(0xbf, 2, 10) + insn(0x07, 2, 0, 0, -8) + store0 + mov_imm(3, 8) + mov_imm(4, 0)
                     + call(130) + mov_imm(0, 0) + EXIT, hash_map, [{"insn": 0, "map": 0}], probe="args", helper=130))
    # tail_call with a hash map instead of a prog array
    cases.append(vec("args tail_call on hash", "socket_filter", None,
                     insn(0xbf, 6, 1) + ldmap1.replace(insn(0x18, 1, 1, 0, 0), insn(0x18, 2, 1, 0, 0))
                     + insn(0xbf, 1, 6) + mov_imm(3, 0) + call(12) + mov_imm(0, 0) + EXIT,
                     hash_map, [{"insn": 1, "map": 0}], probe="args", helper=12))
    # perf_event_output on a hash map
    cases.append(vec("args perf_event_output on hash", "kprobe", None,
                     ldmap1.replace(insn(0x18, 1, 1, 0, 0), insn(0x18, 2, 1, 0, 0)) + mov_imm(3, 0) + store0
                     + insn(0xbf, 4, 10) + insn(0x07, 4, 0, 0, -8) + mov_imm(5, 8) + call(25) + mov_imm(0, 0) + EXIT,
                     hash_map, [{"insn": 0, "map": 0}], probe="args", helper=25))
    # a prog_array map used with map_lookup_elem
    prog_array = [{"type": "prog_array", "key_size": 4, "value_size": 4, "max_entries": 1, "flags": 0}]
    cases.append(vec("args lookup on prog_array", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + call(1) + mov_imm(0, 0) + EXIT, prog_array,
                     [{"insn": 1, "map": 0}], probe="args", helper=1))
    ringbuf = [{"type": "ringbuf", "key_size": 0, "value_size": 0, "max_entries": 4096, "flags": 0}]
    cases.append(vec("args lookup on ringbuf", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + call(1) + mov_imm(0, 0) + EXIT, ringbuf,
                     [{"insn": 1, "map": 0}], probe="args", helper=1))
    # size argument: negative constant size for probe_read_kernel (kprobe)
    cases.append(vec("args probe_read_kernel size scalar unknown", "kprobe", None,
                     store0 + insn(0xbf, 1, 10) + insn(0x07, 1, 0, 0, -8) + insn(0x79, 2, 1, 0, 0) + mov_imm(3, 0)
                     + call(113) + mov_imm(0, 0) + EXIT, probe="args", helper=113))
    # helper ids outside 1..MAX_ID: "invalid func ..." (or what 6.18 says)
    for h in (0, MAX_ID + 1, 300, -1):
        cases.append(vec("args id %d" % h, "socket_filter", None, probe_insns(h), probe="args", helper=h))
    # sockmap update from a program type that may not (kprobe): the two-line
    # "cannot update sockmap in this context" / "cannot pass map_type" pair
    sockmap = [{"type": "sockmap", "key_size": 4, "value_size": 4, "max_entries": 1, "flags": 0}]
    cases.append(vec("args sockmap delete from kprobe", "kprobe", None,
                     store0 + ldmap1 + fp_minus8 + call(3) + mov_imm(0, 0) + EXIT, sockmap,
                     [{"insn": 1, "map": 0}], probe="args", helper=3))
    cases.append(vec("args sockmap delete from socket_filter", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + call(3) + mov_imm(0, 0) + EXIT, sockmap,
                     [{"insn": 1, "map": 0}], probe="args", helper=3))
    queue = [{"type": "queue", "key_size": 0, "value_size": 8, "max_entries": 1, "flags": 0}]
    cases.append(vec("args lookup on queue", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + call(1) + mov_imm(0, 0) + EXIT, queue,
                     [{"insn": 1, "map": 0}], probe="args", helper=1))
    cases.append(vec("args pop on hash", "socket_filter", None,
                     store0 + ldmap1 + fp_minus8 + mov_imm(3, 8) + call(88) + mov_imm(0, 0) + EXIT, hash_map,
                     [{"insn": 1, "map": 0}], probe="args", helper=88))
    return cases


# ---- direct bpf(2) for the non-GPL probes --------------------------------

class Attr(ctypes.Structure):
    _fields_ = [("prog_type", ctypes.c_uint32), ("insn_cnt", ctypes.c_uint32),
                ("insns", ctypes.c_uint64), ("license", ctypes.c_uint64),
                ("log_level", ctypes.c_uint32), ("log_size", ctypes.c_uint32),
                ("log_buf", ctypes.c_uint64), ("kern_version", ctypes.c_uint32),
                ("prog_flags", ctypes.c_uint32), ("prog_name", ctypes.c_char * 16),
                ("prog_ifindex", ctypes.c_uint32), ("expected_attach_type", ctypes.c_uint32),
                ("pad", ctypes.c_char * 64)]


ERRNO_NAMES = {1: "EPERM", 7: "E2BIG", 13: "EACCES", 14: "EFAULT", 22: "EINVAL", 28: "ENOSPC", 524: "ENOTSUPP"}


def kernel_load(pt, eat, insns_hex, license):
    libc = ctypes.CDLL(None, use_errno=True)
    code = bytes.fromhex(insns_hex)
    buf = ctypes.create_string_buffer(code)
    lic = ctypes.create_string_buffer(license.encode())
    log = ctypes.create_string_buffer(1 << 16)
    a = Attr()
    a.prog_type = PROG_TYPE_NUM[pt]
    a.insn_cnt = len(code) // 8
    a.insns = ctypes.addressof(buf)
    a.license = ctypes.addressof(lic)
    a.log_level = 1
    a.log_size = len(log)
    a.log_buf = ctypes.addressof(log)
    a.expected_attach_type = ATTACH_NUM[eat]
    fd = libc.syscall(321, 5, ctypes.byref(a), ctypes.sizeof(a))  # x86_64 __NR_bpf, BPF_PROG_LOAD
    e = ctypes.get_errno()
    lines = [l for l in log.value.decode(errors="replace").split("\n")]
    k = {"release": platform.release()}
    processed = None
    idx = None
    for i, l in enumerate(lines):
        if l.startswith("processed "):
            processed = int(l.split()[1])
            idx = i
    if fd >= 0:
        os.close(fd)
        k["verdict"] = "accept"
    else:
        k["verdict"] = "reject"
        k["errno"] = ERRNO_NAMES.get(e, str(e))
        before = lines[:idx] if idx is not None else lines
        nonempty = [l for l in before if l.strip()]
        k["error"] = nonempty[-1] if nonempty else ""
    if processed is not None:
        k["insns_processed"] = processed
    return k


def denied(k):
    e = k.get("error") or ""
    return k["verdict"] == "reject" and ("cannot use helper" in e or e.startswith("unknown func")
                                          or e.startswith("invalid func"))


def gen_second(recorded):
    """Second-argument probes: for every (type, helper) whose all-zero probe
    stopped at R1 with expected=ctx or expected=map_ptr, call it again with
    r1 = the context (untouched r1) or r1 = a hash map, r2..r5 = 0: the
    kernel's first error then names the next argument's kind."""
    hash_map = [{"type": "hash", "key_size": 8, "value_size": 8, "max_entries": 1, "flags": 0}]
    with open(recorded) as f:
        for line in f:
            v = json.loads(line)
            if v.get("probe") != "access" or "kernel" not in v:
                continue
            e = v["kernel"].get("error") or ""
            h, pt, eat = v["helper"], v["prog_type"], v["expected_attach_type"]
            zero = "".join(mov_imm(r, 0) for r in range(2, 6))
            if e == "R1 type=scalar expected=ctx":
                yield vec("ctx %s #%d" % (pt, h), pt, eat, zero + call(h) + mov_imm(0, 0) + EXIT,
                          probe="ctx", helper=h)
            elif e == "R1 type=scalar expected=map_ptr":
                yield vec("map %s #%d" % (pt, h), pt, eat,
                          insn(0x18, 1, 1, 0, 0) + insn(0, 0, 0, 0, 0) + zero + call(h) + mov_imm(0, 0) + EXIT,
                          hash_map, [{"insn": 0, "map": 0}], probe="map", helper=h)


def gen_nongpl(recorded):
    first = {}
    with open(recorded) as f:
        for line in f:
            v = json.loads(line)
            if v.get("probe") != "access" or "kernel" not in v:
                continue
            if not denied(v["kernel"]) and v["helper"] not in first:
                first[v["helper"]] = (v["prog_type"], v["expected_attach_type"])
    for h in sorted(first):
        pt, eat = first[h]
        v = vec("nongpl %s #%d" % (pt, h), pt, eat, probe_insns(h), probe="nongpl", helper=h,
                license="Proprietary")
        v["kernel"] = kernel_load(pt, eat, v["insns"], "Proprietary")
        yield v


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "gpl":
        out = gen_gpl()
    elif sys.argv[1] == "args":
        out = gen_args()
    elif sys.argv[1] == "second" and len(sys.argv) == 3:
        out = gen_second(sys.argv[2])
    elif sys.argv[1] == "nongpl" and len(sys.argv) == 3:
        out = gen_nongpl(sys.argv[2])
    else:
        sys.exit(__doc__)
    for v in out:
        print(json.dumps(v, separators=(",", ":")))


if __name__ == "__main__":
    main()
