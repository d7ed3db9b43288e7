#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Hand-written vectors for the verifier core (src/verifier/verifier.c, state.c,
check_alu.c, check_jmp.c): one or more per message the first slice prints, and
programs whose verdict depends on branch prediction, refinement, linked
registers and stack spills/fills. Writes vectors WITHOUT kernel answers to
stdout; record them with the live kernel:

  python3 tests/corpus/gen_verifier_core.py > /tmp/vc.jsonl
  build-vcore/bpfsim load --vectors /tmp/vc.jsonl --record tests/corpus/verifier_core.jsonl
"""
import json
import struct

def ins(code, dst=0, src=0, off=0, imm=0):
    return struct.pack('<BBhI', code, (src << 4) | dst, off, imm & 0xffffffff)

# ALU64 K / X, ALU K, JMP K/X, JMP32 K
def alu64k(op, d, imm): return ins(0x07 | op, d, 0, 0, imm)
def alu64x(op, d, s): return ins(0x0f | op, d, s)
def alu32k(op, d, imm): return ins(0x04 | op, d, 0, 0, imm)
def alu32x(op, d, s): return ins(0x0c | op, d, s)
def jk(op, d, imm, off): return ins(0x05 | op, d, 0, off, imm)
def jx(op, d, s, off): return ins(0x0d | op, d, s, off)
def j32k(op, d, imm, off): return ins(0x06 | op, d, 0, off, imm)
def ja(off): return ins(0x05, 0, 0, off, 0)
def mov(d, imm): return alu64k(0xb0, d, imm)
def movx(d, s): return alu64x(0xb0, d, s)
def exit_(): return ins(0x95)
SZ = {1: 0x10, 2: 0x08, 4: 0x00, 8: 0x18}
def ldx(size, d, s, off): return ins(0x61 | SZ[size], d, s, off)
def ldsx(size, d, s, off): return ins(0x81 | SZ[size], d, s, off)
def stx(size, d, s, off): return ins(0x63 | SZ[size], d, s, off)
def st(size, d, off, imm): return ins(0x62 | SZ[size], d, 0, off, imm)
def lddw(d, v): return ins(0x18, d, 0, 0, v & 0xffffffff) + ins(0, 0, 0, 0, (v >> 32) & 0xffffffff)
ADD, SUB, MUL, DIV, OR, AND, LSH, RSH, NEG, MOD, XOR, MOV, ARSH = 0, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0, 0xc0
JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE = 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0
RET0 = mov(0, 0) + exit_()
CTX_U32 = lambda d, off=0: ldx(4, d, 1, off)   # socket_filter __sk_buff u32 field

V = []
def vec(name, *parts, about=''):
    V.append({"name": name, "prog_type": "socket_filter", "expected_attach_type": None, "prog_flags": 0,
              "maps": [], "map_refs": [], "insns": b''.join(parts).hex(), "source": "tests/corpus/gen_verifier_core.py",
              "about": about})

# --- messages
vec("vc exit without r0", exit_())
vec("vc read uninit r2", movx(0, 2), exit_())
vec("vc write fp", mov(10, 0), RET0)
vec("vc alu on fp dst", mov(0, 0), alu64k(ADD, 10, 8), exit_())
vec("vc div by zero k", mov(0, 1), alu64k(DIV, 0, 0), exit_())
vec("vc mod by zero k alu32", mov(0, 1), alu32k(MOD, 0, 0), exit_())
vec("vc div by zero uninit dst", alu64k(DIV, 3, 0), RET0, about="R3 !read_ok comes before div by zero")
vec("vc div by reg zero ok", mov(0, 7), mov(2, 0), alu64x(DIV, 0, 2), exit_(), about="division by a register holding 0 is allowed")
vec("vc invalid shift 64", mov(0, 1), alu64k(LSH, 0, 64), exit_())
vec("vc invalid shift 32 alu32", mov(0, 1), alu32k(RSH, 0, 32), exit_())
vec("vc invalid shift negative", mov(0, 1), alu64k(ARSH, 0, -1), exit_())
vec("vc shift 63 ok", mov(0, 1), alu64k(LSH, 0, 63), exit_())
vec("vc r11 dst", mov(11, 0), RET0)
vec("vc r12 src", movx(0, 12), exit_())
vec("vc alu reserved", mov(0, 0), ins(0x07, 0, 1, 0, 1), exit_())
vec("vc jmp reserved uninit dst", ins(0x25, 5, 1, 0, 0), RET0, about="R5 !read_ok comes before reserved fields")
vec("vc jmp reserved", mov(5, 0), ins(0x25, 5, 1, 0, 0), RET0)
vec("vc jmp x uninit src", mov(5, 0), jx(JGT, 5, 6, 0), RET0)
vec("vc neg uninit", ins(0x87, 4), RET0)
vec("vc neg ok", mov(0, 5), ins(0x87, 0), exit_())
vec("vc end ok", mov(0, 0x1234), ins(0xdc, 0, 0, 0, 16), exit_())
vec("vc scalar deref", mov(1, 0), ldx(8, 0, 1, 0), exit_())
vec("vc scalar store", mov(1, 0), st(4, 1, 0, 0), RET0)
vec("vc stack write above fp", stx(8, 10, 10, 8), RET0)
vec("vc stack write at fp", st(4, 10, 0, 1), RET0)
vec("vc stack read below 512", ldx(8, 0, 10, -520), exit_())
vec("vc stack misaligned", ldx(8, 0, 10, -4), exit_())
vec("vc stack misaligned via reg", movx(2, 10), alu64k(ADD, 2, -2), st(4, 2, 0, 1), RET0)
vec("vc stack write via moved fp", movx(2, 10), alu64k(ADD, 2, -4), st(4, 2, 4, 1), RET0)
vec("vc stack uninit read ok", ldx(8, 0, 10, -8), exit_(), about="root may read uninitialised stack")
vec("vc spill narrow pointer", stx(4, 10, 10, -8), RET0)
vec("vc fill narrow pointer", stx(8, 10, 1, -8), ldx(4, 0, 10, -8), exit_())
vec("vc fill pointer ok", stx(8, 10, 1, -8), ldx(8, 2, 10, -8), RET0)
vec("vc ld_imm64 into fp", lddw(10, 1), RET0)
vec("vc ld_imm64 ok", lddw(0, 0x100000000), exit_())

# --- verdicts decided by branch prediction and refinement
BAD = movx(0, 7) + exit_()  # R7 !read_ok when reached
vec("vc dead branch const", mov(2, 5), jk(JGT, 2, 10, 2), RET0, BAD)
vec("vc live branch const", mov(2, 50), jk(JGT, 2, 10, 2), RET0, BAD)
vec("vc branch both edges", CTX_U32(2), jk(JGT, 2, 10, 2), RET0, BAD)
vec("vc fallthrough first", CTX_U32(2), jk(JGT, 2, 10, 2), movx(0, 8), exit_(), BAD,
    about="the fall-through is explored first: R8 before R7")
vec("vc refine and mask", CTX_U32(2), alu64k(AND, 2, 0xf), jk(JGT, 2, 15, 2), RET0, BAD)
vec("vc refine then dead", mov(0, 0), CTX_U32(2), jk(JGT, 2, 10, 3), jk(JGT, 2, 20, 3), RET0, exit_(), BAD)
vec("vc refine then live", mov(0, 0), CTX_U32(2), jk(JGT, 2, 20, 3), jk(JGT, 2, 10, 3), RET0, exit_(), BAD)
vec("vc jmp32 refine", mov(0, 0), CTX_U32(2), j32k(JLT, 2, 5, 3), j32k(JGT, 2, 3, 3), RET0, exit_(), BAD)
vec("vc signed refine", mov(0, 0), CTX_U32(2), alu64k(SUB, 2, 100), jk(JSGT, 2, 0, 3), jk(JSLT, 2, -100, 3), RET0, exit_(), BAD)
vec("vc jset", CTX_U32(2), alu64k(AND, 2, 6), jk(JSET, 2, 1, 2), RET0, BAD)
vec("vc jeq x", CTX_U32(2), mov(3, 7), jx(JEQ, 2, 3, 2), RET0, jk(JNE, 2, 7, 2), RET0, BAD)
vec("vc linked regs", mov(0, 0), CTX_U32(2), movx(3, 2), jk(JGT, 2, 10, 3), jk(JGT, 3, 10, 3), RET0, exit_(), BAD,
    about="r3 = r2 shares an id: the bound learnt on r2 holds for r3")
vec("vc add const keeps link", mov(0, 0), CTX_U32(2), movx(3, 2), alu64k(ADD, 3, 0), jk(JGT, 2, 10, 3), jk(JGT, 3, 10, 3), RET0, exit_(), BAD,
    about="6.18 keeps r3 linked to r2 with an offset after r3 += K; bpfsim drops the link (known difference)")
L0 = mov(0, 0) + CTX_U32(2) + movx(3, 2)
def link_test(name, op, about=''):
    # r3 = r2 <op>; if r2 > 10 goto out; if r3 > 10 + delta goto BAD
    vec(name, L0, *op, about=about)
link_test("vc add const link to base", [alu64k(ADD, 3, 5), jk(JGT, 3, 15, 3), jk(JGT, 2, 10, 3), RET0, exit_(), BAD],
          about="a branch on r3 = r2 + 5 bounds r2")
link_test("vc add const link to copy", [alu64k(ADD, 3, 5), jk(JGT, 2, 10, 3), jk(JGT, 3, 15, 3), RET0, exit_(), BAD])
link_test("vc add neg const link", [alu64k(ADD, 3, -1), jk(JGT, 2, 10, 3), jk(JGT, 3, 9, 3), RET0, exit_(), BAD])
link_test("vc sub const link", [alu64k(SUB, 3, 1), jk(JGT, 2, 10, 3), jk(JGT, 3, 9, 3), RET0, exit_(), BAD])
link_test("vc add const twice", [alu64k(ADD, 3, 1), alu64k(ADD, 3, 1), jk(JGT, 2, 10, 3), jk(JGT, 3, 12, 3), RET0, exit_(), BAD])
link_test("vc add32 const link", [alu32k(ADD, 3, 1), jk(JGT, 2, 10, 3), jk(JGT, 3, 11, 3), RET0, exit_(), BAD])
link_test("vc add const two copies", [movx(4, 2), alu64k(ADD, 3, 3), alu64k(ADD, 4, 7), jk(JGT, 3, 13, 3), jk(JGT, 4, 17, 3), RET0, exit_(), BAD],
          about="r3 = r2 + 3 and r4 = r2 + 7: a bound on r3 reaches r4")
link_test("vc add const big", [alu64k(ADD, 3, 0x7fffffff), jk(JGT, 2, 10, 3), jk(JGT, 3, 0x7fffffff + 10 - 2**32, 3), RET0, exit_(), BAD])
link_test("vc add const then copy", [alu64k(ADD, 3, 2), movx(4, 3), jk(JGT, 2, 10, 3), jk(JGT, 4, 12, 3), RET0, exit_(), BAD],
          about="copying r3 = r2 + 2 unlinks r3 and gives it a new id shared with r4")
vec("vc neg breaks link", mov(0, 0), CTX_U32(2), movx(3, 2), ins(0x87, 3), jk(JGT, 2, 10, 3), jk(JGT, 3, 10, 3), RET0, exit_(), BAD,
    about="r3 = -r3 changes the value: r2's bound must not reach r3")
vec("vc self compare", CTX_U32(2), jx(JGT, 2, 2, 2), RET0, BAD)
vec("vc self compare eq", CTX_U32(2), jx(JEQ, 2, 2, 2), BAD, RET0)
vec("vc alu32 mov link", mov(0, 0), CTX_U32(2), alu32x(MOV, 3, 2), jk(JGT, 2, 10, 3), jk(JGT, 3, 10, 3), RET0, exit_(), BAD)
vec("vc mul range", CTX_U32(2), alu64k(AND, 2, 7), alu64k(MUL, 2, 3), jk(JGT, 2, 21, 2), RET0, BAD)
vec("vc rsh range", CTX_U32(2), alu64k(RSH, 2, 28), jk(JGT, 2, 15, 2), RET0, BAD)
vec("vc arsh range", CTX_U32(2), alu64k(LSH, 2, 32), alu64k(ARSH, 2, 60), jk(JSLT, 2, -8, 2), RET0, BAD)
vec("vc neg range", CTX_U32(2), alu64k(AND, 2, 3), ins(0x87, 2), jk(JSLT, 2, -3, 2), RET0, BAD)
vec("vc div unknown", CTX_U32(2), alu64k(AND, 2, 7), alu64k(DIV, 2, 2), jk(JGT, 2, 3, 2), RET0, BAD,
    about="6.18 gives up on division: both edges live")
vec("vc or xor", CTX_U32(2), alu64k(AND, 2, 3), alu64k(OR, 2, 4), alu64k(XOR, 2, 1), jk(JLT, 2, 4, 2), RET0, BAD)
vec("vc movsx", CTX_U32(2), alu64k(AND, 2, 0x80), ins(0xbf, 3, 2, 8, 0), jk(JSGT, 3, 0, 2), RET0, BAD)
vec("vc ldsx stack", st(8, 10, -8, -1), ldsx(1, 2, 10, -8), jk(JNE, 2, -1, 2), RET0, BAD)
vec("vc ctx narrow", ldx(1, 2, 1, 0), jk(JGT, 2, 255, 2), RET0, BAD)
vec("vc ctx u16", ldx(2, 2, 1, 8), jk(JGT, 2, 0xffff, 2), RET0, BAD)

# --- stack spills and fills
vec("vc spill fill const", mov(2, 7), stx(8, 10, 2, -8), ldx(8, 3, 10, -8), jk(JNE, 3, 7, 2), RET0, BAD)
vec("vc spill fill u32", mov(2, 7), stx(4, 10, 2, -8), ldx(4, 3, 10, -8), jk(JNE, 3, 7, 2), RET0, BAD)
vec("vc st imm spill", st(8, 10, -16, 9), ldx(8, 3, 10, -16), jk(JNE, 3, 9, 2), RET0, BAD)
vec("vc st imm byte", st(1, 10, -16, -1), ldx(1, 3, 10, -16), jk(JNE, 3, 255, 2), RET0, BAD)
vec("vc stack zero", st(4, 10, -4, 0), ldx(4, 3, 10, -4), jk(JNE, 3, 0, 2), RET0, BAD)
vec("vc stack misc", mov(2, 0), alu64k(ADD, 2, 0), st(4, 10, -4, 5), ldx(4, 3, 10, -4), jk(JNE, 3, 5, 2), RET0, BAD,
    about="a 4-byte store at a non-8-aligned offset is not a spill: the fill is unknown")
vec("vc spill linked", mov(0, 0), CTX_U32(2), stx(8, 10, 2, -8), jk(JGT, 2, 10, 4), ldx(8, 3, 10, -8), jk(JGT, 3, 10, 3), RET0, exit_(), BAD)
vec("vc spill overwritten", mov(2, 7), stx(8, 10, 2, -8), st(1, 10, -5, 1), ldx(8, 3, 10, -8), jk(JNE, 3, 7, 2), RET0, BAD)
vec("vc partial fill of spill", mov(2, 7), stx(8, 10, 2, -8), ldx(4, 3, 10, -4), jk(JNE, 3, 0, 2), RET0, BAD)
vec("vc spill unknown fill byte", CTX_U32(2), stx(8, 10, 2, -8), ldx(1, 3, 10, -8), jk(JGT, 3, 255, 2), RET0, BAD)

# --- loops and counts
vec("vc bounded loop", mov(0, 0), alu64k(ADD, 0, 1), jk(JLT, 0, 10, -2), exit_())
vec("vc branchy ladder", CTX_U32(2), CTX_U32(3, 4), CTX_U32(4, 8),
    jk(JGT, 2, 1, 1), mov(5, 1), jk(JGT, 3, 1, 1), mov(5, 2), jk(JGT, 4, 1, 1), mov(5, 3), RET0,
    about="three independent branches: 8 paths without pruning")
vec("vc ld_imm64 compare", mov(0, 0), lddw(2, 0x100000005), j32k(JNE, 2, 5, 3), jk(JEQ, 2, 5, 3), RET0, exit_(), BAD)

# --- random scalar programs (fixed seed): ALU on ctx-derived and constant
# scalars, forward branches, stack spills/fills; now and then an uninitialised
# register, a division by zero or an out-of-range shift. They measure how
# often the processed count differs without state pruning, and exercise the
# transfer functions and refinement against the kernel.
import random
import os
rnd = random.Random(int(os.environ.get("VC_SEED", "20261122")))
ALU_OPS = [ADD, SUB, MUL, OR, AND, LSH, RSH, XOR, ARSH, MOV, DIV, MOD, NEG]
J_OPS = [JEQ, JGT, JGE, JSET, JNE, JSGT, JSGE, JLT, JLE, JSLT, JSLE]
def rand_imm():
    return rnd.choice([0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 100, 255, 0x7fff, -1, -2, -100, 0x7fffffff, -0x80000000, rnd.randint(-1000, 1000)])
def rand_prog(k):
    body = []
    regs = [2, 3, 4, 5, 6]
    for r in regs[:3]:
        size = rnd.choice([4, 4, 2, 1])
        off = rnd.choice([0, 4, 8, 12, 16])
        off -= off % size
        body.append([ldx(size, r, 1, off)])
    body.append([mov(6, rand_imm())])
    body.append([lddw(5, rnd.getrandbits(64))] if rnd.random() < 0.3 else [mov(5, rand_imm())])
    n = rnd.randint(8, 30)
    for i in range(n):
        c = rnd.random()
        d = rnd.choice(regs if rnd.random() < 0.99 else [7, 8])
        s = rnd.choice(regs if rnd.random() < 0.99 else [7, 8])
        if s == d and rnd.random() < 0.9:
            s = rnd.choice([r for r in regs if r != d])
        if c < 0.08:
            # a linked copy with a constant offset (kernel: BPF_ADD_CONST)
            body.append([movx(d, s)])
            body.append([alu64k(ADD, d, rnd.choice([0, 1, 4, 100, 0x7fffffff, -1, 0x80000000 - 1]))])
            continue
        if c < 0.5:
            op = rnd.choice(ALU_OPS)
            if op == NEG:
                body.append([(ins(0x87, d) if rnd.random() < 0.5 else ins(0x84, d))])
                continue
            is64 = rnd.random() < 0.7
            if rnd.random() < 0.5:
                imm = rand_imm()
                if op in (LSH, RSH, ARSH) and rnd.random() < 0.95:
                    imm = rnd.randint(0, 63 if is64 else 31)
                if op in (DIV, MOD) and imm == 0 and rnd.random() < 0.8:
                    imm = 3
                body.append([(alu64k if is64 else alu32k)(op, d, imm)])
            else:
                body.append([(alu64x if is64 else alu32x)(op, d, s)])
        elif c < 0.8:
            body.append(('J', rnd.choice(J_OPS), d, s, rnd.random() < 0.5, rnd.random() < 0.3, rand_imm()))
        elif c < 0.9:
            size = rnd.choice([8, 8, 4, 2, 1])
            off = -8 * rnd.randint(1, 4) + rnd.choice([0, 0, 0, 4 if size <= 4 else 0])
            body.append([stx(size, 10, d, off)] if rnd.random() < 0.7 else [st(size, 10, off, rand_imm())])
        else:
            size = rnd.choice([8, 8, 4, 2, 1])
            off = -8 * rnd.randint(1, 4) + rnd.choice([0, 0, 0, 4 if size <= 4 else 0])
            body.append([ldx(size, d, 10, off)])
    body.append([movx(0, rnd.choice(regs))])
    body.append([exit_()])
    # resolve jumps: forward, within the program
    sizes = [sum(len(x) // 8 for x in b) if b[0] != 'J' else 1 for b in body]
    pos = []
    p = 0
    for z in sizes:
        pos.append(p)
        p += z
    out = []
    for i, b in enumerate(body):
        if b[0] == 'J':
            _, op, d, s, usex, j32, imm = b
            tgt = rnd.randint(i + 1, len(body) - (1 if rnd.random() < 0.1 else 2))
            off = pos[tgt] - pos[i] - 1
            if usex:
                out.append(ins((0x0e if j32 else 0x0d) | op, d, s, off))
            else:
                out.append(ins((0x06 if j32 else 0x05) | op, d, 0, off, imm))
        else:
            out.extend(b)
    return out
for k in range(int(os.environ.get("VC_COUNT", "400"))):
    vec("vc random %d" % k, *rand_prog(k))

for v in V:
    print(json.dumps(v, separators=(',', ':')))
