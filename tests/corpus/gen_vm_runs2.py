#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write the VM differential vectors of tests/corpus/vm_runs2.jsonl (without
their kernel answers) to stdout: programs the kernel can test-run
(socket_filter, sched_cls, cgroup_skb, xdp) that exercise the maps and
helpers the VM models (lpm_trie lookups, map-in-map lookups, devmap and
bpf_redirect_map, bpf_snprintf, csum helpers, adjust_head/tail, map updates
whose final contents the live differential test compares).

    python3 tests/corpus/gen_vm_runs2.py > /tmp/vm_runs2.in.jsonl
    build-vmfinish/bpfsim load --vectors /tmp/vm_runs2.in.jsonl \
        --record tests/corpus/vm_runs2.jsonl

The retval 0 of each run is a placeholder that recording replaces with the
kernel's. All programs are written here, instruction by instruction.
"""
import json
import struct
import sys

ALU, JMP, ALU64 = 0x04, 0x05, 0x07
LDX, ST, STX = 0x01, 0x02, 0x03
K, X = 0x00, 0x08
SZ = {"w": 0x00, "h": 0x08, "b": 0x10, "dw": 0x18}
MEM = 0x60
OPS = {"add": 0x00, "sub": 0x10, "mul": 0x20, "div": 0x30, "or": 0x40, "and": 0x50,
       "lsh": 0x60, "rsh": 0x70, "mod": 0x90, "xor": 0xA0, "mov": 0xB0}
JOPS = {"ja": 0x00, "jeq": 0x10, "jgt": 0x20, "jge": 0x30, "jne": 0x50, "jlt": 0xA0}


def raw(code, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", code, (dst & 15) | ((src & 15) << 4), off, imm)


def alu(op, dst, imm):  return raw(ALU64 | K | OPS[op], dst, 0, 0, imm)
def alur(op, dst, src): return raw(ALU64 | X | OPS[op], dst, src)
def alu32(op, dst, imm): return raw(ALU | K | OPS[op], dst, 0, 0, imm)
def mov(dst, imm):      return alu("mov", dst, imm)
def movr(dst, src):     return alur("mov", dst, src)
def ldx(sz, dst, src, off): return raw(LDX | MEM | SZ[sz], dst, src, off)
def stx(sz, dst, src, off): return raw(STX | MEM | SZ[sz], dst, src, off)
def st(sz, dst, off, imm):  return raw(ST | MEM | SZ[sz], dst, 0, off, imm)
def jmp(op, dst, imm, off): return raw(JMP | K | JOPS[op], dst, 0, off, imm)
def jmpr(op, dst, src, off): return raw(JMP | X | JOPS[op], dst, src, off)
def call(n):            return raw(JMP | 0x80, 0, 0, 0, n)
def exit_():            return raw(JMP | 0x90)
def ld_map(dst, idx):   return raw(0x18, dst, 1, 0, idx) + raw(0, 0, 0, 0, 0)


def ld_map_value(dst, idx, off):
    return raw(0x18, dst, 2, 0, idx) + raw(0, 0, 0, 0, off)


def prog(*parts):
    """Join instructions; a list entry is flattened. Returns (hex, map_refs)."""
    code = b"".join(p if isinstance(p, bytes) else b"".join(p) for p in parts)
    refs = []
    for i in range(0, len(code) // 8):
        c = code[i * 8]
        src = code[i * 8 + 1] >> 4
        if c == 0x18 and src in (1, 2) and (i == 0 or code[(i - 1) * 8] != 0x18 or
                                             (code[(i - 1) * 8 + 1] >> 4) not in (1, 2)):
            refs.append({"insn": i, "map": struct.unpack("<i", code[i * 8 + 4:i * 8 + 8])[0]})
    return code.hex(), refs


def mp(type_, ks, vs, n, flags=0, name=None, inner=None):
    m = {"type": type_, "key_size": ks, "value_size": vs, "max_entries": n, "flags": flags}
    if name:
        m["name"] = name
    if inner:
        m["inner_map"] = inner
    return m


def eth(proto=b"\x08\x00", dst=b"\x02\x01\x02\x03\x04\x05"):
    return dst + b"\x02\x06\x07\x08\x09\x0a" + proto


def ipv4(src, dst, proto=6, payload=b""):
    tot = 20 + len(payload)
    h = struct.pack(">BBHHHBBH4s4s", 0x45, 0, tot, 1, 0, 64, proto, 0, bytes(src), bytes(dst))
    return h + payload


def tcp(sport, dport):
    return struct.pack(">HHIIBBHHH", sport, dport, 1, 0, 0x50, 0x02, 8192, 0, 0)


PKTS = [
    eth() + ipv4([10, 0, 0, 1], [10, 0, 0, 2], 6, tcp(1234, 80)),
    eth() + ipv4([10, 1, 2, 3], [192, 168, 7, 9], 17, struct.pack(">HHHH", 53, 5353, 8, 0)),
    eth() + ipv4([172, 16, 0, 1], [10, 9, 8, 7], 6, tcp(80, 65535)),
    eth(b"\x86\xdd") + bytes([0x60, 0, 0, 0, 0, 8, 17, 64]) + bytes(range(32)) + bytes(8),
    eth(b"\x08\x06") + bytes(28),
    eth(dst=b"\xff\xff\xff\xff\xff\xff") + ipv4([192, 168, 1, 1], [192, 168, 1, 255], 1, bytes(8)),
]


def vec(name, ptype, code, maps=(), pkts=PKTS):
    hexcode, refs = code
    return {"name": name, "prog_type": ptype, "expected_attach_type": None, "prog_flags": 0,
            "maps": list(maps), "map_refs": refs, "insns": hexcode,
            "kernel": {"runs": [{"data": p.hex(), "retval": 0} for p in pkts]}}


def bounds(rd, rend, n, fail_off):
    """r(tmp=4) = rd + n; if r4 > rend goto +fail_off."""
    return [movr(4, rd), alu("add", 4, n), jmpr("jgt", 4, rend, fail_off)]


V = []

# 1. xdp: lpm_trie lookup of the IPv4 destination; the trie is filled by
# the program itself (update with prefixes 8, 16, 24 of 10.0.0.0 and
# 192.168.0.0/16), then the lookup's value is returned (or 99 when none).
# The final trie contents are compared by the live test.
lpm_key = lambda plen, a: [st("w", 10, -8, plen), st("w", 10, -4, struct.unpack("<i", bytes(a))[0])]
upd = lambda val: [st("dw", 10, -16, val), ld_map(1, 0), movr(2, 10), alu("add", 2, -8),
                   movr(3, 10), alu("add", 3, -16), mov(4, 0), call(2)]
V.append(vec("vm2 xdp lpm_trie dst lookup", "xdp", prog(
    movr(6, 1),
    lpm_key(8, [10, 0, 0, 0]), upd(8),
    lpm_key(16, [10, 1, 0, 0]), upd(16),
    lpm_key(24, [10, 9, 8, 0]), upd(24),
    lpm_key(16, [192, 168, 0, 0]), upd(160),
    ldx("w", 2, 6, 0), ldx("w", 3, 6, 4),
    bounds(2, 3, 34, 11),
    ldx("w", 5, 2, 30),                      # daddr
    st("w", 10, -8, 32), stx("w", 10, 5, -4),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -8), call(1),
    jmp("jeq", 0, 0, 2),
    ldx("dw", 0, 0, 0), exit_(),
    mov(0, 99), exit_()),
    [mp("lpm_trie", 8, 8, 16, 1, "lpm")]))

# 2. sched_cls: array_of_maps / hash_of_maps lookup (the outer maps are
# empty in a fresh load, so the lookups return NULL) then an update of the
# plain array: returns 7 when both lookups gave NULL.
V.append(vec("vm2 tc map-in-map empty lookups", "sched_cls", prog(
    st("w", 10, -4, 0),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(1),
    mov(6, 0), jmp("jne", 0, 0, 1), mov(6, 3),
    ld_map(1, 1), movr(2, 10), alu("add", 2, -4), call(1),
    jmp("jne", 0, 0, 1), alu("add", 6, 4),
    movr(0, 6), exit_()),
    [mp("array_of_maps", 4, 4, 4, 0, "aom", mp("array", 4, 8, 1)),
     mp("hash_of_maps", 4, 4, 4, 0, "hom", mp("array", 4, 8, 1))]))

# 3. xdp: bpf_redirect_map on an empty devmap with each fallback action
# taken from the first payload byte (and an invalid flag bit for one
# packet): XDP_ABORTED/DROP/PASS/TX or XDP_REDIRECT... never, as it is empty.
V.append(vec("vm2 xdp redirect_map empty devmap", "xdp", prog(
    ldx("w", 2, 1, 0), ldx("w", 3, 1, 4),
    bounds(2, 3, 15, 6),
    ldx("b", 3, 2, 14),                      # flags = first byte after eth
    ld_map(1, 0), mov(2, 0), call(51), exit_(),
    mov(0, 1), exit_()),
    [mp("devmap", 4, 4, 4, 0, "devs")],
    [eth(b"\x08\x00") + bytes([f]) + bytes(40) for f in (0, 1, 2, 3, 0x23, 0x80, 0x10)]))

# 4. sched_cls: hash map counting packets by IP protocol (8-bit key) and a
# percpu-free array of total bytes: final contents compared live.
V.append(vec("vm2 tc count by l4 proto", "sched_cls", prog(
    movr(6, 1),
    ldx("w", 2, 6, 76), ldx("w", 3, 6, 80),
    bounds(2, 3, 34, 29),
    ldx("b", 7, 2, 23),
    stx("w", 10, 7, -4),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(1),
    jmp("jeq", 0, 0, 4),
    ldx("dw", 1, 0, 0), alu("add", 1, 1), stx("dw", 0, 1, 0),
    jmp("ja", 0, 0, 9),
    st("dw", 10, -16, 1),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -4), movr(3, 10), alu("add", 3, -16),
    mov(4, 1), call(2),
    ld_map_value(1, 1, 0),
    ldx("w", 2, 6, 0), ldx("dw", 3, 1, 0), alur("add", 3, 2), stx("dw", 1, 3, 0),
    movr(0, 7), exit_(),
    mov(0, 0), exit_()),
    [mp("hash", 4, 8, 8, 0, "protos"), mp("array", 4, 8, 1, 0, "bytes")]))

# 5. cgroup_skb: what the context holds (len, protocol, family, addresses),
# mixed into the return value's low bit as cgroup_skb allows only 0/1, and
# stored into an array map for the live comparison of the final contents.
ctx_fields = [(0, "len"), (16, "protocol"), (88, "family"), (92, "remote_ip4"), (96, "local_ip4"),
              (4, "pkt_type"), (40, "ifindex")]
body = []
for i, (off, _) in enumerate(ctx_fields):
    body += [ldx("w", 2, 6, off), stx("w", 7, 2, 4 * i)]
V.append(vec("vm2 cgroup_skb ctx fields", "cgroup_skb", prog(
    movr(6, 1),
    st("w", 10, -4, 0),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(1),
    jmp("jne", 0, 0, 2), mov(0, 0), exit_(),
    movr(7, 0),
    body,
    mov(0, 1), exit_()),
    [mp("array", 4, 4 * len(ctx_fields), 1, 0, "fields")]))

# 6. cgroup_skb: direct packet access bounds (data + 20 <= data_end) and
# the first byte of the IP header (cgroup_skb sees the packet from L3).
V.append(vec("vm2 cgroup_skb direct access", "cgroup_skb", prog(
    ldx("w", 2, 1, 76), ldx("w", 3, 1, 80),
    bounds(2, 3, 20, 3),
    ldx("b", 0, 2, 0), alu("and", 0, 1), exit_(),
    mov(0, 0), exit_())))

# 7. sched_cls: bpf_skb_load_bytes of the IPv4 addresses, csum_diff of them
# and l3_csum_replace of saddr with a constant; returns the folded diff.
V.append(vec("vm2 tc csum_diff addresses", "sched_cls", prog(
    movr(6, 1),
    mov(2, 26), movr(3, 10), alu("add", 3, -8), mov(4, 8), call(26),
    jmp("jne", 0, 0, 8),
    mov(1, 0), mov(2, 0), movr(3, 10), alu("add", 3, -8), mov(4, 8), mov(5, 0), call(28),
    exit_(),
    mov(0, 2), exit_())))

# 8. xdp: adjust_head by +14 (drop the Ethernet header) then adjust_tail by
# -4, returning the new length (data_end - data) + 1000 * helper failures.
V.append(vec("vm2 xdp adjust head and tail len", "xdp", prog(
    movr(6, 1), mov(7, 0),
    mov(2, 14), call(44), jmp("jeq", 0, 0, 1), alu("add", 7, 1000),
    movr(1, 6), mov(2, -4), call(65), jmp("jeq", 0, 0, 1), alu("add", 7, 1000),
    ldx("w", 2, 6, 0), ldx("w", 3, 6, 4), alur("sub", 3, 2), alur("add", 7, 3),
    movr(0, 7), exit_())))

# 9. socket_filter: bpf_get_hash_recalc is not available to socket filters
# in all kernels; use a ringbuf-free path: bpf_get_prandom_u32-free, a map
# update chain that the final-content comparison checks.
V.append(vec("vm2 socket_filter array sum by first byte", "socket_filter", prog(
    movr(6, 1),
    ldx("w", 7, 6, 0),                        # len
    movr(8, 7), alu("and", 8, 3),
    stx("w", 10, 8, -4),
    ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(1),
    jmp("jeq", 0, 0, 3),
    ldx("dw", 1, 0, 0), alur("add", 1, 7), stx("dw", 0, 1, 0),
    movr(0, 7), exit_()),
    [mp("array", 4, 8, 4, 0, "sums")]))

for v in V:
    json.dump(v, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")
