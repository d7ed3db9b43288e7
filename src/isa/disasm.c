/* SPDX-License-Identifier: Apache-2.0 */
/*
 * disasm.c: one instruction -> text, in the kernel verifier's syntax or in
 * llvm-objdump's.
 *
 * Kernel syntax reproduces what the 6.18 verifier log prints after "N: " at
 * log_level 2 (print_bpf_insn called without an immediate callback and with
 * allow_ptr_leaks, i.e. as root): the opcode in parentheses, then the text.
 * Its rules are driven by the opcode's class/op/mode bits, not by the form
 * table, because the kernel prints malformed instructions too (the verifier
 * prints an instruction before it rejects it): an ALU op with no name prints
 * "(null)", an LDX with a bad mode prints "BUG_ldx_xx", and so on.
 *
 * llvm syntax reproduces `llvm-objdump -d` of LLVM 14 (what Debian 12 ships)
 * for every instruction clang 14 emits and LLVM 14 decodes correctly. Where
 * LLVM 14 prints `<unknown>` (or decodes a newer form as an older one by
 * ignoring a field) we print what LLVM 18+ prints, the form's first syntax
 * upstream:
 *   mod/smod/sdiv        r1 %= 7, r1 s%= r2, w1 s/= 7
 *   movsx                r1 = (s8)r2, w1 = (s16)w2, r1 = (s32)r2
 *   bswap                r1 = bswap16 r1
 *   jset                 if r1 & 7 goto +1, if w1 & w2 goto +1
 *   gotol, may_goto      gotol +N, may_goto +N (branch target annotated)
 *   st (store imm)       *(u32 *)(r1 - 4) = 7
 *   sign-extending load  r1 = *(s8 *)(r2 - 4)   (LLVM 18 decodes MEMSX with
 *                        the 64-bit table, so the destination prints as rN)
 *   32-bit atomics       lock *(u32 *)(r1 + 0) |= w2,
 *                        w2 = atomic_fetch_add((u32 *)(r1 + 0), w2),
 *                        w2 = xchg32_32(r1 + 0, w2), w0 = cmpxchg32_32(r1 + 0, w0, w2)
 *                        (LLVM's alu32 decoding: what clang -mcpu=v3 means)
 *   load-acquire, store-release (LLVM 20):
 *                        w1 = load_acquire((u8 *)(r2 + 0)), r1 = load_acquire((u64 *)(r2 + 0)),
 *                        store_release((u32 *)(r1 + 0), w2), store_release((u64 *)(r1 + 0), r2)
 *   addr_space_cast      r1 = addr_space_cast(r2, 1, 0)
 * Kept as LLVM 14 prints them: `lock *(u32 *)(r1 + 0) += r2` (atomic add
 * without fetch, 32-bit), `ld_pseudo\trD, SRC, IMM` for ld_imm64 with a
 * nonzero src_reg, ld_ind ignoring imm, `call IMM` whatever src_reg says.
 * Two extensions where LLVM 14's text would lose the instruction, so that
 * disasm then asm gives back the same bytes for every form:
 *   callx                `callx rN` with N from imm when imm is nonzero
 *                        (clang 14's encoding, printed as LLVM 14 does),
 *                        else from dst_reg (forms.def's and LLVM 18's)
 *   ld_pseudo            a fourth operand, the second slot's imm, when it is
 *                        nonzero: `ld_pseudo\tr1, 2, 3, 8` (map value + 8);
 *                        LLVM 14 prints the first three only. An instruction LLVM
 * cannot decode (a register above r11, an unknown opcode) is `<unknown>`.
 *
 * Invariant: buf is always NUL-terminated and never overrun (all writes go
 * through put(), which truncates).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bpfsim/disasm.h"

struct out {
	char *buf;
	size_t len, pos;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->len == 0 || o->pos >= o->len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->pos += (size_t)n;
	if (o->pos > o->len - 1)
		o->pos = o->len - 1;
}

/* ---- helper names (kernel syntax) ---- */

static const char *const helper_names[] = {
#define X(id, name) [id] = "bpf_" #name,
#include "bpfsim/helpers.def"
#undef X
};
#define N_HELPERS (sizeof(helper_names) / sizeof(helper_names[0]))

const char *bpfsim_helper_name(int32_t id)
{
	if (id >= 0 && (size_t)id < N_HELPERS)
		return helper_names[id];
	return NULL;
}

size_t bpfsim_helper_count(void)
{
	return N_HELPERS;
}

/* ---- kernel syntax ---- */

/* printf("%s", NULL) in the kernel prints "(null)"; tables with holes use this. */
static const char *nn(const char *s)
{
	return s ? s : "(null)";
}

static const char *const k_alu[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian", NULL, NULL,
};
static const char *const k_jmp[16] = {
	"jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=", NULL, NULL,
};
static const char *const k_size[4] = { "u32", "u16", "u8", "u64" };
static const char *const k_sxsize[4] = { "s32", "s16", "s8", NULL };
static const char *const k_atomic_alu[16] = {
	[0x0] = "add", [0x4] = "or", [0x5] = "and", [0xa] = "xor",
};

static const char *opt_call_name(const struct bpfsim_disasm_opts *opts, const struct bpfsim_insn *in)
{
	if (opts && opts->sz >= offsetof(struct bpfsim_disasm_opts, call_ctx) + sizeof(void *) &&
	    opts->call_name)
		return opts->call_name(opts->call_ctx, in);
	return NULL;
}

static void kernel_insn(struct out *o, const struct bpfsim_insn *insns, size_t n, size_t i,
			const struct bpfsim_disasm_opts *opts, int *ret)
{
	const struct bpfsim_insn *in = &insns[i];
	uint8_t code = in->code, cls = BPFSIM_CLASS(code), op = BPFSIM_OP(code);
	uint8_t mode = BPFSIM_MODE(code), sz = BPFSIM_SIZE(code) >> 3;
	char rc = cls == BPFSIM_CLASS_ALU || cls == BPFSIM_CLASS_JMP32 ? 'w' : 'r';

	if (cls == BPFSIM_CLASS_ALU || cls == BPFSIM_CLASS_ALU64) {
		int sdiv = (op == 0x30 || op == 0x90) && in->off == 1;
		int movsx = op == 0xb0 && (in->off == 8 || in->off == 16 || in->off == 32);
		const char *sym = sdiv ? (op == 0x30 ? "s/=" : "s%=") : nn(k_alu[op >> 4]);

		if (op == 0xd0) {
			if (cls == BPFSIM_CLASS_ALU64)
				put(o, "(%02x) r%d = bswap%d r%d", code, in->dst, in->imm, in->dst);
			else
				put(o, "(%02x) r%d = %s%d r%d", code, in->dst, BPFSIM_SRCBIT(code) ? "be" : "le",
				    in->imm, in->dst);
		} else if (op == 0x80) {
			put(o, "(%02x) %c%d = -%c%d", code, rc, in->dst, rc, in->dst);
		} else if (code == 0xbf && in->off == 1) {
			put(o, "(%02x) r%d = addr_space_cast(r%d, %u, %u)", code, in->dst, in->src,
			    (uint32_t)in->imm >> 16, (unsigned)(uint16_t)in->imm);
		} else if (code == 0xbf && in->off == -1) {
			put(o, "(%02x) r%d = &(void __percpu *)(r%d)", code, in->dst, in->src);
		} else if (BPFSIM_SRCBIT(code)) {
			const char *sx = "";
			if (movsx)
				sx = in->off == 8 ? "(s8)" : in->off == 16 ? "(s16)" : "(s32)";
			put(o, "(%02x) %c%d %s %s%c%d", code, rc, in->dst, sym, sx, rc, in->src);
		} else {
			put(o, "(%02x) %c%d %s %d", code, rc, in->dst, sym, in->imm);
		}
	} else if (cls == BPFSIM_CLASS_STX) {
		const char *s = k_size[sz];
		int imm = in->imm;
		if (mode == 0x60) {
			put(o, "(%02x) *(%s *)(r%d %+d) = r%d", code, s, in->dst, in->off, in->src);
		} else if (mode == 0xc0 && (imm == 0x00 || imm == 0x50 || imm == 0x40 || imm == 0xa0)) {
			put(o, "(%02x) lock *(%s *)(r%d %+d) %s r%d", code, s, in->dst, in->off,
			    nn(k_alu[(imm & 0xf0) >> 4]), in->src);
		} else if (mode == 0xc0 && (imm == 0x01 || imm == 0x51 || imm == 0x41 || imm == 0xa1)) {
			put(o, "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", code, in->src,
			    sz == 3 ? "64" : "", nn(k_atomic_alu[(imm & 0xf0) >> 4]), s, in->dst, in->off,
			    in->src);
		} else if (mode == 0xc0 && imm == 0xf1) {
			put(o, "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", code,
			    sz == 3 ? "64" : "", s, in->dst, in->off, in->src);
		} else if (mode == 0xc0 && imm == 0xe1) {
			put(o, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", code, in->src,
			    sz == 3 ? "64" : "", s, in->dst, in->off, in->src);
		} else if (mode == 0xc0 && imm == 0x100) {
			put(o, "(%02x) r%d = load_acquire((%s *)(r%d %+d))", code, in->dst, s, in->src, in->off);
		} else if (mode == 0xc0 && imm == 0x110) {
			put(o, "(%02x) store_release((%s *)(r%d %+d), r%d)", code, s, in->dst, in->off, in->src);
		} else {
			put(o, "BUG_%02x", code);
		}
	} else if (cls == BPFSIM_CLASS_ST) {
		if (mode == 0x60)
			put(o, "(%02x) *(%s *)(r%d %+d) = %d", code, k_size[sz], in->dst, in->off, in->imm);
		else if (mode == 0xc0)
			put(o, "(%02x) nospec", code);
		else
			put(o, "BUG_st_%02x", code);
	} else if (cls == BPFSIM_CLASS_LDX) {
		if (mode != 0x60 && mode != 0x80)
			put(o, "BUG_ldx_%02x", code);
		else
			put(o, "(%02x) r%d = *(%s *)(r%d %+d)", code, in->dst,
			    nn(mode == 0x60 ? k_size[sz] : k_sxsize[sz]), in->src, in->off);
	} else if (cls == BPFSIM_CLASS_LD) {
		if (mode == 0x20) {
			put(o, "(%02x) r0 = *(%s *)skb[%d]", code, k_size[sz], in->imm);
		} else if (mode == 0x40) {
			put(o, "(%02x) r0 = *(%s *)skb[r%d + %d]", code, k_size[sz], in->src, in->imm);
		} else if (mode == 0x00 && sz == 3) {
			uint64_t v = (uint32_t)in->imm;
			if (i + 1 < n)
				v = bpfsim_insn_imm64(in, &insns[i + 1]);
			else
				*ret = -EINVAL;
			put(o, "(%02x) r%d = 0x%llx", code, in->dst, (unsigned long long)v);
		} else {
			put(o, "BUG_ld_%02x", code);
		}
	} else { /* JMP, JMP32 */
		if (op == 0x80) {
			const char *name = NULL;
			if (in->src == BPFSIM_PSEUDO_CALL) {
				put(o, "(%02x) call pc%+d", code, in->imm);
				return;
			}
			if (in->src == 0)
				name = bpfsim_helper_name(in->imm);
			if (!name)
				name = opt_call_name(opts, in);
			if (!name)
				name = in->src == BPFSIM_PSEUDO_KFUNC_CALL ? "kernel-function" : "unknown";
			put(o, "(%02x) call %s#%d", code, name, in->imm);
		} else if (code == 0x05) {
			put(o, "(%02x) goto pc%+d", code, in->off);
		} else if (code == 0xe5 && in->src == 0) {
			put(o, "(%02x) may_goto pc%+d", code, in->off);
		} else if (code == 0x06) {
			put(o, "(%02x) gotol pc%+d", code, in->imm);
		} else if (code == 0x95) {
			put(o, "(%02x) exit", code);
		} else if (BPFSIM_SRCBIT(code)) {
			put(o, "(%02x) if %c%d %s %c%d goto pc%+d", code, rc, in->dst, nn(k_jmp[op >> 4]), rc,
			    in->src, in->off);
		} else {
			put(o, "(%02x) if %c%d %s 0x%x goto pc%+d", code, rc, in->dst, nn(k_jmp[op >> 4]),
			    (unsigned)in->imm, in->off);
		}
	}
}

/* ---- llvm syntax ---- */

static const char *const l_alu[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", NULL, "%=", "^=", "=", "s>>=", NULL, NULL, NULL,
};
static const char *const l_jmp[16] = {
	NULL, "==", ">", ">=", "&", "!=", "s>", "s>=", NULL, NULL, "<", "<=", "s<", "s<=", NULL, NULL,
};
static const char *const l_size[4] = { "u32", "u16", "u8", "u64" };
static const char *const l_sxsize[4] = { "s32", "s16", "s8", NULL };

/* "(r2 - 4)" / "(r2 + 0)": llvm's memory operand. */
static void l_mem(struct out *o, int reg, int off)
{
	if (off < 0)
		put(o, "r%d - %d", reg, -off);
	else
		put(o, "r%d + %d", reg, off);
}

static void l_target(struct out *o, size_t i, int64_t delta, const struct bpfsim_disasm_opts *opts)
{
	const char *name;

	if (!opts || !opts->label)
		return;
	name = opts->label(opts->label_ctx, (size_t)((int64_t)i + 1 + delta));
	if (name)
		put(o, " <%s>", name);
}

#define UNKNOWN() do { put(o, "<unknown>"); return; } while (0)

static void llvm_insn(struct out *o, const struct bpfsim_insn *insns, size_t n, size_t i,
		      const struct bpfsim_disasm_opts *opts, int *ret)
{
	const struct bpfsim_insn *in = &insns[i];
	uint8_t code = in->code, cls = BPFSIM_CLASS(code), op = BPFSIM_OP(code);
	uint8_t mode = BPFSIM_MODE(code), sz = BPFSIM_SIZE(code) >> 3;
	int d = in->dst, s = in->src, imm = in->imm;
	char rc = cls == BPFSIM_CLASS_ALU || cls == BPFSIM_CLASS_JMP32 ? 'w' : 'r';
	enum bpfsim_form form = bpfsim_insn_form(in);

	/* LLVM's register class has r0..r11; a wider field does not decode. */
	if (form == BPFSIM_FORM_INVALID)
		UNKNOWN();
	const struct bpfsim_form_info *fi = bpfsim_form_info(form);

	switch (fi->fmt) {
	case F_ALU_IMM:
	case F_ALU_REG: {
		const char *sym = l_alu[op >> 4];
		if (d > 11 || (fi->fmt == F_ALU_REG && s > 11))
			UNKNOWN();
		if (in->off == 1)
			sym = op == 0x30 ? "s/=" : "s%=";
		if (fi->fmt == F_ALU_IMM)
			put(o, "%c%d %s %d", rc, d, sym, imm);
		else
			put(o, "%c%d %s %c%d", rc, d, sym, rc, s);
		return;
	}
	case F_NEG:
		if (d > 11)
			UNKNOWN();
		put(o, "%c%d = -%c%d", rc, d, rc, d);
		return;
	case F_MOVSX:
		if (d > 11 || s > 11)
			UNKNOWN();
		put(o, "%c%d = (s%d)%c%d", rc, d, in->off, rc, s);
		return;
	case F_ASCAST:
		if (d > 11 || s > 11)
			UNKNOWN();
		put(o, "r%d = addr_space_cast(r%d, %u, %u)", d, s, (uint32_t)imm >> 16,
		    (unsigned)(uint16_t)imm);
		return;
	case F_END:
		if (d > 11)
			UNKNOWN();
		put(o, "r%d = %s%d r%d", d, fi->sym, imm, d);
		return;
	case F_JA:
		put(o, "goto %s%d", in->off >= 0 ? "+" : "", in->off);
		l_target(o, i, in->off, opts);
		return;
	case F_MAY_GOTO:
		put(o, "may_goto %s%d", in->off >= 0 ? "+" : "", in->off);
		l_target(o, i, in->off, opts);
		return;
	case F_JA32:
		put(o, "gotol %s%d", imm >= 0 ? "+" : "", imm);
		l_target(o, i, imm, opts);
		return;
	case F_JMP_IMM:
	case F_JMP_REG:
		if (d > 11 || (fi->fmt == F_JMP_REG && s > 11))
			UNKNOWN();
		if (fi->fmt == F_JMP_IMM)
			put(o, "if %c%d %s %d goto %s%d", rc, d, l_jmp[op >> 4], imm, in->off >= 0 ? "+" : "",
			    in->off);
		else
			put(o, "if %c%d %s %c%d goto %s%d", rc, d, l_jmp[op >> 4], rc, s,
			    in->off >= 0 ? "+" : "", in->off);
		l_target(o, i, in->off, opts);
		return;
	case F_CALL:
		put(o, "call %d", imm);
		return;
	case F_CALLX:
		if (imm < 0 || imm > 11)
			UNKNOWN();
		put(o, "callx r%d", imm ? imm : d);
		return;
	case F_EXIT:
		put(o, "exit");
		return;
	case F_LDDW: {
		uint64_t v = (uint32_t)imm;
		if (d > 11)
			UNKNOWN();
		if (i + 1 < n)
			v = bpfsim_insn_imm64(in, &insns[i + 1]);
		else
			*ret = -EINVAL;
		if (s == 0)
			put(o, "r%d = %lld ll", d, (long long)v);
		else if (v >> 32)
			put(o, "ld_pseudo\tr%d, %d, %u, %d", d, s, (uint32_t)imm, (int32_t)(v >> 32));
		else
			put(o, "ld_pseudo\tr%d, %d, %u", d, s, (uint32_t)imm);
		return;
	}
	case F_LDABS:
		put(o, "r0 = *(%s *)skb[%d]", l_size[sz], imm);
		return;
	case F_LDIND:
		if (s > 11)
			UNKNOWN();
		put(o, "r0 = *(%s *)skb[r%d]", l_size[sz], s);
		return;
	case F_LDX:
		if (d > 11 || s > 11)
			UNKNOWN();
		put(o, "r%d = *(%s *)(", d, mode == 0x80 ? l_sxsize[sz] : l_size[sz]);
		l_mem(o, s, in->off);
		put(o, ")");
		return;
	case F_ST:
		if (d > 11)
			UNKNOWN();
		put(o, "*(%s *)(", l_size[sz]);
		l_mem(o, d, in->off);
		put(o, ") = %d", imm);
		return;
	case F_STX:
		if (d > 11 || s > 11)
			UNKNOWN();
		put(o, "*(%s *)(", l_size[sz]);
		l_mem(o, d, in->off);
		put(o, ") = r%d", s);
		return;
	case F_ATOMIC: {
		char vr = sz == 3 ? 'r' : 'w';
		if (d > 11 || s > 11)
			UNKNOWN();
		if (imm == 0x100) {
			put(o, "%c%d = load_acquire((%s *)(", vr, d, l_size[sz]);
			l_mem(o, s, in->off);
			put(o, "))");
		} else if (imm == 0x110) {
			put(o, "store_release((%s *)(", l_size[sz]);
			l_mem(o, d, in->off);
			put(o, "), %c%d)", vr, s);
		} else if (imm == 0xe1) {
			put(o, "%c%d = xchg%s(", vr, s, sz == 3 ? "_64" : "32_32");
			l_mem(o, d, in->off);
			put(o, ", %c%d)", vr, s);
		} else if (imm == 0xf1) {
			put(o, "%c0 = cmpxchg%s(", vr, sz == 3 ? "_64" : "32_32");
			l_mem(o, d, in->off);
			put(o, ", %c0, %c%d)", vr, vr, s);
		} else if (imm & 1) {
			put(o, "%c%d = atomic_fetch_%s((%s *)(", vr, s, k_atomic_alu[(imm & 0xf0) >> 4],
			    l_size[sz]);
			l_mem(o, d, in->off);
			put(o, "), %c%d)", vr, s);
		} else {
			/* 32-bit add without fetch: LLVM 14's XADDW prints rN. */
			if (imm == 0)
				vr = 'r';
			put(o, "lock *(%s *)(", l_size[sz]);
			l_mem(o, d, in->off);
			put(o, ") %s %c%d", fi->sym, vr, s);
		}
		return;
	}
	}
	UNKNOWN();
}

int bpfsim_disasm_insn(const struct bpfsim_insn *insns, size_t n, size_t i, enum bpfsim_syntax syntax,
		       const struct bpfsim_disasm_opts *opts, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	int ret;

	if (len)
		buf[0] = '\0';
	if (!insns || i >= n) {
		put(&o, "<out of range>");
		return -EINVAL;
	}
	ret = bpfsim_insn_slots(&insns[i]);
	if (syntax == BPFSIM_SYNTAX_KERNEL)
		kernel_insn(&o, insns, n, i, opts, &ret);
	else
		llvm_insn(&o, insns, n, i, opts, &ret);
	return ret;
}
