#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Write the hand-written vectors of tests/corpus/foundation.jsonl (without
their kernel answers) to stdout.

Each vector is assembled here from an instruction list with the small
encoder below (struct bpf_insn, little-endian: code, dst|src<<4, off, imm).
The kernel's answers are then recorded from the running kernel:

    python3 tests/corpus/gen_foundation.py > /tmp/foundation.in.jsonl
    build/bpfsim load --vectors /tmp/foundation.in.jsonl \
        --record tests/corpus/foundation.jsonl

Vectors with "runs" get each run's retval from BPF_PROG_TEST_RUN (the
retval 0 written here is a placeholder that recording replaces).
"""
import json
import struct
import sys

# ---- encoder ---------------------------------------------------------------
ALU, JMP, JMP32, ALU64 = 0x04, 0x05, 0x06, 0x07
LD, LDX, ST, STX = 0x00, 0x01, 0x02, 0x03
K, X = 0x00, 0x08
SZ = {"w": 0x00, "h": 0x08, "b": 0x10, "dw": 0x18}
MEM, IMM, ABS, ATOMIC = 0x60, 0x00, 0x20, 0xC0
OPS = {"add": 0x00, "sub": 0x10, "mul": 0x20, "div": 0x30, "or": 0x40, "and": 0x50,
       "lsh": 0x60, "rsh": 0x70, "neg": 0x80, "mod": 0x90, "xor": 0xA0, "mov": 0xB0,
       "arsh": 0xC0}
JOPS = {"ja": 0x00, "jeq": 0x10, "jgt": 0x20, "jge": 0x30, "jset": 0x40, "jne": 0x50,
        "jsgt": 0x60, "jsge": 0x70, "call": 0x80, "exit": 0x90, "jlt": 0xA0, "jle": 0xB0,
        "jslt": 0xC0, "jsle": 0xD0}


def raw(code, dst=0, src=0, off=0, imm=0):
    return struct.pack("<BBhi", code, (dst & 15) | ((src & 15) << 4), off, imm)


def mov(dst, imm):            return raw(ALU64 | K | OPS["mov"], dst, 0, 0, imm)
def movr(dst, src):           return raw(ALU64 | X | OPS["mov"], dst, src)
def alu(op, dst, imm):        return raw(ALU64 | K | OPS[op], dst, 0, 0, imm)
def alur(op, dst, src):       return raw(ALU64 | X | OPS[op], dst, src)
def alu32(op, dst, imm):      return raw(ALU | K | OPS[op], dst, 0, 0, imm)
def ldx(sz, dst, src, off):   return raw(LDX | MEM | SZ[sz], dst, src, off)
def stx(sz, dst, src, off):   return raw(STX | MEM | SZ[sz], dst, src, off)
def st(sz, dst, off, imm):    return raw(ST | MEM | SZ[sz], dst, 0, off, imm)
def jmp(op, dst, imm, off):   return raw(JMP | K | JOPS[op], dst, 0, off, imm)
def jmpr(op, dst, src, off):  return raw(JMP | X | JOPS[op], dst, src, off)
def ja(off):                  return raw(JMP | JOPS["ja"], 0, 0, off)
def call(helper):             return raw(JMP | JOPS["call"], 0, 0, 0, helper)
def call_pc(off):             return raw(JMP | JOPS["call"], 0, 1, 0, off)
def exit_():                  return raw(JMP | JOPS["exit"])
def ldabs(sz, imm):           return raw(LD | ABS | SZ[sz], 0, 0, 0, imm)
def atomic_add(sz, dst, src, off): return raw(STX | ATOMIC | SZ[sz], dst, src, off, 0x00)


def lddw(dst, imm64):
    return (raw(LD | IMM | SZ["dw"], dst, 0, 0, imm64 & 0xFFFFFFFF) +
            raw(0, 0, 0, 0, (imm64 >> 32) & 0xFFFFFFFF))


def ld_map(dst, idx):
    """r_dst = map[idx] (BPF_PSEUDO_MAP_FD)"""
    return raw(LD | IMM | SZ["dw"], dst, 1, 0, idx) + raw(0)


def ld_map_value(dst, idx, off):
    """r_dst = &map[idx].value[off] (BPF_PSEUDO_MAP_VALUE)"""
    return raw(LD | IMM | SZ["dw"], dst, 2, 0, idx) + raw(0, 0, 0, 0, off)


# helper ids (enum bpf_func_id)
MAP_LOOKUP, MAP_UPDATE, MAP_DELETE = 1, 2, 3
SKB_STORE_BYTES = 9
KTIME_GET_NS, GET_PRANDOM_U32, TAIL_CALL, GET_PID_TGID = 5, 7, 12, 14
PROBE_READ_KERNEL, RINGBUF_RESERVE, RINGBUF_SUBMIT = 113, 131, 132


def m(type_, key, value, entries, flags=0, name=None, inner=None):
    d = {"type": type_, "key_size": key, "value_size": value, "max_entries": entries, "flags": flags}
    if name:
        d["name"] = name
    if inner:
        d["inner_map"] = inner
    return d


PKT64 = bytes(range(64))            # a 64-byte packet 00 01 02 ... 3f
PKT_ETH_IP = bytes.fromhex(          # ethernet + the start of an IPv4 header
    "ffffffffffff" "020000000001" "0800" "4500003c00004000400600000a0000010a000002") + bytes(30)

VECTORS = []


def vec(name, prog_type, insns, about, maps=(), attach=None, flags=0, runs=()):
    code = b"".join(insns)
    refs = []
    i = 0
    while i < len(code) // 8:
        op, regs, _, imm = struct.unpack_from("<BBhi", code, i * 8)
        if op == 0x18:
            if (regs >> 4) in (1, 2):
                refs.append({"insn": i, "map": imm})
            i += 2
        else:
            i += 1
    v = {"name": name, "prog_type": prog_type, "expected_attach_type": attach,
         "prog_flags": flags, "maps": list(maps), "map_refs": refs, "insns": code.hex()}
    if runs:
        v["kernel"] = {"runs": [{"data": r.hex(), "retval": 0} for r in runs]}
    v["source"] = "tests/corpus/gen_foundation.py"
    v["about"] = about
    VECTORS.append(v)


# key 0 on the stack at fp-4, r2 = fp-4
KEY0 = [st("w", 10, -4, 0), movr(2, 10), alu("add", 2, -4)]

# ---- socket_filter -----------------------------------------------------------
vec("sf exit without r0", "socket_filter", [exit_()],
    "r0 is never written before exit")
vec("sf return 0", "socket_filter", [mov(0, 0), exit_()],
    "the smallest valid program", runs=[PKT64])
vec("sf return skb len", "socket_filter", [ldx("w", 0, 1, 0), exit_()],
    "reads __sk_buff.len", runs=[PKT64, PKT_ETH_IP])
vec("sf write ctx len", "socket_filter", [st("w", 1, 0, 0), mov(0, 0), exit_()],
    "__sk_buff.len is read-only")
vec("sf uninit r2", "socket_filter", [movr(0, 2), exit_()],
    "reads a register never written")
vec("sf uninit stack read", "socket_filter", [ldx("dw", 0, 10, -8), exit_()],
    "reads stack slot fp-8 before writing it (allowed for root: CAP_PERFMON)")
vec("sf stack write above fp", "socket_filter", [st("dw", 10, 8, 0), mov(0, 0), exit_()],
    "writes above the frame pointer")
vec("sf scalar deref", "socket_filter", [mov(1, 0), ldx("dw", 0, 1, 0), exit_()],
    "dereferences a scalar")
vec("sf infinite loop", "socket_filter", [mov(0, 0), ja(-1)],
    "a jump to itself: 'infinite loop detected at insn 1', then the states compared "
    "(so the error line, the last before 'processed', is the 'old state:' line)")
vec("sf cond self loop", "socket_filter", [mov(0, 0), jmp("jeq", 0, 0, -1), exit_()],
    "a conditional jump to itself that is always taken")
vec("sf loop too long", "socket_filter",
    [mov(0, 0), alu("add", 0, 1), jmp("jne", 0, 0, -2), exit_()],
    "a loop the verifier cannot bound: it gives up after 1000000 instructions")
vec("sf bounded loop", "socket_filter",
    [mov(0, 0), mov(1, 0), alu("add", 0, 3), alu("add", 1, 1), jmp("jlt", 1, 10, -3), exit_()],
    "a loop the verifier can bound: ten iterations", runs=[PKT64])
vec("sf unknown opcode", "socket_filter", [raw(0xff), mov(0, 0), exit_()],
    "opcode 0xff does not exist")
vec("sf jump out of range", "socket_filter", [ja(5), mov(0, 0), exit_()],
    "jumps past the end")
vec("sf unreachable insn", "socket_filter", [mov(0, 0), exit_(), mov(0, 1), exit_()],
    "instructions after the last exit are never reached")
vec("sf div by zero reg", "socket_filter", [mov(0, 7), mov(1, 0), alur("div", 0, 1), exit_()],
    "division by a zero register is defined (result 0)", runs=[PKT64])
vec("sf div by zero imm", "socket_filter", [mov(0, 7), alu("div", 0, 0), exit_()],
    "division by the constant 0 is refused")
vec("sf ld_abs byte", "socket_filter", [movr(6, 1), ldabs("b", 0), exit_()],
    "legacy packet load of byte 0", runs=[PKT64])
vec("sf unknown helper", "socket_filter", [call(100000), mov(0, 0), exit_()],
    "calls a helper id that does not exist")
vec("sf helper not allowed", "socket_filter", [call(SKB_STORE_BYTES), mov(0, 0), exit_()],
    "bpf_skb_store_bytes is not for socket filters")
vec("sf write r10", "socket_filter", [mov(10, 0), mov(0, 0), exit_()],
    "the frame pointer is read-only")
vec("sf bad register r11", "socket_filter", [mov(11, 0), mov(0, 0), exit_()],
    "there is no register 11")
vec("sf bad map index", "socket_filter", [ld_map(1, 3), mov(0, 0), exit_()],
    "refers to map 3 of a vector with no maps (the loader passes fd -1)")
vec("sf bpf2bpf call", "socket_filter",
    [call_pc(2), alu("add", 0, 1), exit_(), mov(0, 41), exit_()],
    "calls a subprogram that returns 41, then adds 1", runs=[PKT64])
vec("sf atomic add on stack", "socket_filter",
    [st("dw", 10, -8, 5), mov(1, 3), atomic_add("dw", 10, 1, -8), ldx("dw", 0, 10, -8), exit_()],
    "lock *(u64 *)(r10 - 8) += r1", runs=[PKT64])
vec("sf any alignment flag", "socket_filter", [mov(0, 1), exit_()],
    "prog_flags BPF_F_ANY_ALIGNMENT on a trivial program", flags=2, runs=[PKT64])

# ---- maps --------------------------------------------------------------------
ARR = m("array", 4, 8, 1, name="arr")
vec("array lookup no null check", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), ldx("dw", 0, 0, 0), exit_()],
    "uses the lookup result without a NULL check: accepted, since a constant key "
    "within max_entries of an array cannot miss", maps=[ARR], runs=[PKT64])
vec("array lookup checked", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("dw", 0, 0, 0), exit_(),
     mov(0, 0), exit_()],
    "lookup, NULL check, read the value", maps=[ARR], runs=[PKT64])
vec("array value out of bounds", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("dw", 0, 0, 8), exit_(),
     mov(0, 0), exit_()],
    "reads 8 bytes at offset 8 of an 8-byte value", maps=[ARR])
vec("array uninit key", "socket_filter",
    [ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(MAP_LOOKUP), mov(0, 0), exit_()],
    "passes an uninitialized stack key to the helper", maps=[ARR])
vec("array direct value", "socket_filter",
    [ld_map_value(1, 0, 0), ldx("dw", 0, 1, 0), exit_()],
    "BPF_PSEUDO_MAP_VALUE: reads the value of element 0 directly", maps=[ARR], runs=[PKT64])
vec("array direct value past end", "socket_filter",
    [ld_map_value(1, 0, 4), ldx("dw", 0, 1, 0), exit_()],
    "BPF_PSEUDO_MAP_VALUE at offset 4, then an 8-byte read", maps=[ARR])
HASH = m("hash", 8, 8, 16, name="h")
vec("hash update", "socket_filter",
    [st("dw", 10, -8, 1), st("dw", 10, -16, 2), ld_map(1, 0), movr(2, 10), alu("add", 2, -8),
     movr(3, 10), alu("add", 3, -16), mov(4, 0), call(MAP_UPDATE), mov(0, 0), exit_()],
    "bpf_map_update_elem with key and value on the stack", maps=[HASH], runs=[PKT64])
vec("hash lookup no null check", "socket_filter",
    [st("dw", 10, -8, 1), ld_map(1, 0), movr(2, 10), alu("add", 2, -8), call(MAP_LOOKUP),
     ldx("dw", 0, 0, 0), exit_()],
    "uses a hash lookup result without checking it for NULL", maps=[HASH])
vec("hash lookup write value", "socket_filter",
    [st("dw", 10, -8, 1), ld_map(1, 0), movr(2, 10), alu("add", 2, -8), call(MAP_LOOKUP),
     jmp("jeq", 0, 0, 1), st("dw", 0, 0, 7), mov(0, 0), exit_()],
    "writes through a checked lookup result", maps=[HASH])
vec("percpu array lookup", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("w", 0, 0, 4), exit_(),
     mov(0, 0), exit_()],
    "percpu_array lookup and a 4-byte read", maps=[m("percpu_array", 4, 8, 4, name="pca")])
vec("lru hash delete", "socket_filter",
    [st("w", 10, -4, 9), ld_map(1, 0), movr(2, 10), alu("add", 2, -4), call(MAP_DELETE), mov(0, 0),
     exit_()],
    "bpf_map_delete_elem on an lru_hash", maps=[m("lru_hash", 4, 4, 8)])
RB = m("ringbuf", 0, 0, 4096, name="rb")
vec("ringbuf reserve submit", "socket_filter",
    [ld_map(1, 0), mov(2, 8), mov(3, 0), call(RINGBUF_RESERVE), jmp("jeq", 0, 0, 4),
     st("dw", 0, 0, 1), movr(1, 0), mov(2, 0), call(RINGBUF_SUBMIT), mov(0, 0), exit_()],
    "reserve 8 bytes, fill, submit", maps=[RB])
vec("ringbuf unreleased", "socket_filter",
    [ld_map(1, 0), mov(2, 8), mov(3, 0), call(RINGBUF_RESERVE), mov(0, 0), exit_()],
    "reserves a record and never submits or discards it", maps=[RB])
vec("ringbuf no null check", "socket_filter",
    [ld_map(1, 0), mov(2, 8), mov(3, 0), call(RINGBUF_RESERVE), st("dw", 0, 0, 1), movr(1, 0),
     mov(2, 0), call(RINGBUF_SUBMIT), mov(0, 0), exit_()],
    "writes to a reserved record without checking for NULL", maps=[RB])
vec("prog_array tail call", "socket_filter",
    [ld_map(2, 0), mov(3, 0), call(TAIL_CALL), mov(0, 0), exit_()],
    "bpf_tail_call into an empty prog_array falls through", maps=[m("prog_array", 4, 4, 4)],
    runs=[PKT64])
INNER = m("array", 4, 4, 1)
vec("array of maps lookup", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 7), movr(1, 0), *KEY0,
     call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("w", 0, 0, 0), exit_(), mov(0, 0), exit_()],
    "lookup in the outer map, then in the inner map",
    maps=[m("array_of_maps", 4, 4, 2, name="outer", inner=INNER)], runs=[PKT64])
vec("hash of maps inner oob", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 7), movr(1, 0), *KEY0,
     call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("dw", 0, 0, 0), exit_(), mov(0, 0), exit_()],
    "reads 8 bytes of a 4-byte inner value",
    maps=[m("hash_of_maps", 4, 4, 2, inner=INNER)])
vec("outer map value deref", "socket_filter",
    [ld_map(1, 0), *KEY0, call(MAP_LOOKUP), jmp("jeq", 0, 0, 2), ldx("w", 0, 0, 0), exit_(),
     mov(0, 0), exit_()],
    "reads through an outer map's lookup result (a map pointer)",
    maps=[m("array_of_maps", 4, 4, 1, inner=INNER)])

# ---- xdp ---------------------------------------------------------------------
vec("xdp pass", "xdp", [mov(0, 2), exit_()], "returns XDP_PASS", runs=[PKT64])
vec("xdp pkt no bounds check", "xdp",
    [ldx("w", 2, 1, 0), ldx("b", 0, 2, 0), exit_()],
    "reads packet byte 0 without comparing against data_end")
vec("xdp pkt bounds checked", "xdp",
    [ldx("w", 2, 1, 0), ldx("w", 3, 1, 4), movr(4, 2), alu("add", 4, 14), mov(0, 1),
     jmpr("jgt", 4, 3, 2), ldx("b", 0, 2, 13), alu("and", 0, 0xff), exit_()],
    "reads byte 13 after checking 14 bytes and returns it", runs=[PKT64, PKT_ETH_IP])
vec("xdp pkt read past check", "xdp",
    [ldx("w", 2, 1, 0), ldx("w", 3, 1, 4), movr(4, 2), alu("add", 4, 14), mov(0, 1),
     jmpr("jgt", 4, 3, 1), ldx("w", 0, 2, 12), exit_()],
    "checks 14 bytes, then reads 4 bytes at offset 12")
vec("xdp ctx bad offset", "xdp", [ldx("w", 0, 1, 64), exit_()],
    "reads past the end of struct xdp_md")

# ---- sched_cls ---------------------------------------------------------------
vec("tc return mark", "sched_cls", [ldx("w", 0, 1, 8), exit_()],
    "reads __sk_buff.mark", runs=[PKT_ETH_IP])
vec("tc write mark", "sched_cls", [st("w", 1, 8, 3), ldx("w", 0, 1, 8), exit_()],
    "writes __sk_buff.mark (allowed for tc) and returns it", runs=[PKT_ETH_IP])
vec("tc pkt bounds checked", "sched_cls",
    [ldx("w", 2, 1, 76), ldx("w", 3, 1, 80), movr(4, 2), alu("add", 4, 14), mov(0, 0),
     jmpr("jgt", 4, 3, 1), ldx("h", 0, 2, 12), exit_()],
    "reads the ethertype through __sk_buff.data/data_end", runs=[PKT_ETH_IP])
vec("tc ctx misaligned", "sched_cls", [ldx("w", 0, 1, 1), exit_()],
    "a 4-byte context read at offset 1")

# ---- cgroup_skb --------------------------------------------------------------
vec("cgroup skb allow", "cgroup_skb", [mov(0, 1), exit_()],
    "returns 1 (allow)", attach="cgroup_inet_ingress", runs=[PKT_ETH_IP])
vec("cgroup skb bad retval", "cgroup_skb", [mov(0, 2), exit_()],
    "returns 2 where ingress allows only 0 and 1", attach="cgroup_inet_ingress")
vec("cgroup skb egress retval", "cgroup_skb", [mov(0, 3), exit_()],
    "returns 3: egress allows 0 to 3", attach="cgroup_inet_egress", runs=[PKT_ETH_IP])
vec("cgroup skb egress bad retval", "cgroup_skb", [mov(0, 5), exit_()],
    "returns 5 where egress allows 0 to 3", attach="cgroup_inet_egress")

# ---- kprobe / tracepoint / raw_tracepoint / perf_event ----------------------
vec("kprobe return 0", "kprobe", [mov(0, 0), exit_()], "the smallest kprobe program")
vec("kprobe pid_tgid", "kprobe", [call(GET_PID_TGID), alu("rsh", 0, 32), exit_()],
    "bpf_get_current_pid_tgid >> 32")
vec("kprobe ctx out of range", "kprobe", [ldx("dw", 0, 1, 400), exit_()],
    "reads past struct pt_regs")
vec("kprobe probe_read_kernel ok", "kprobe",
    [movr(6, 1), movr(1, 10), alu("add", 1, -8), mov(2, 8), ldx("dw", 3, 6, 0),
     call(PROBE_READ_KERNEL), mov(0, 0), exit_()],
    "bpf_probe_read_kernel of pt_regs->r15 (a scalar address) into the stack")
vec("tracepoint return 0", "tracepoint", [mov(0, 0), exit_()], "a trivial tracepoint program")
vec("tracepoint ctx write", "tracepoint", [st("dw", 1, 8, 0), mov(0, 0), exit_()],
    "tracepoint context is read-only")
vec("raw tracepoint args", "raw_tracepoint", [ldx("dw", 0, 1, 0), exit_()],
    "reads args[0]")
vec("perf event sample period", "perf_event", [ldx("dw", 0, 1, 168), exit_()],
    "reads bpf_perf_event_data.sample_period")
vec("perf event prandom", "perf_event", [call(GET_PRANDOM_U32), exit_()],
    "bpf_get_prandom_u32")

names = [v["name"] for v in VECTORS]
assert len(names) == len(set(names)), "duplicate vector names"
for v in VECTORS:
    sys.stdout.write(json.dumps(v, separators=(",", ":")) + "\n")
