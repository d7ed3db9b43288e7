/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asm_llvm.c: llvm-objdump and kernel verifier-log instruction text.
 *
 * Both syntaxes are the same C-like language and differ only in details, so
 * one parser accepts their union; the few ambiguities are settled by the
 * syntax in force (ctx->syntax) and by the kernel's "(xx)" opcode prefix.
 *
 * Line prefixes removed first: the llvm address column "  12:", the byte
 * column "b7 00 00 00 00 00 00 00", the kernel's "12: (b7)". Lines that are
 * not instructions are skipped: llvm-objdump's "file format" and
 * "Disassembly of section" headers, relocation lines (R_BPF_*), and in
 * kernel syntax the log's state and summary lines ("12: R1=ctx()",
 * "processed 5 insns ...", "from 3 to 7: ...", 6.18's "Live regs" column).
 * "0000000000000000 <name>:" and "name:" define labels. In kernel syntax the
 * address places the instruction (ctx->place): the log lists instructions in
 * the order the verifier walks them, so a jump leaves holes that later lines
 * fill; an address already seen (a revisit) is skipped, and a hole left at
 * the end is an error. With llvm-objdump -r, a R_BPF_64_32 line after a call
 * gives it src_reg 1 (what clang wrote in the object).
 *
 * Instructions (REG is rN or wN, N = 0..15; w means the 32-bit class for ALU
 * and JMP; for loads, stores and atomics w and r encode the same; OFF is
 * "+ 4", "-8", "+0" or absent; TARGET is "+N", "-N", "pc+N", a label, and may
 * be followed by llvm's "<name>"):
 *   REG op= REG|IMM        op: + - * / % | & ^ << >> s>> s/ s%; "=" is mov
 *   REG = -REG             neg          REG = (s8|s16|s32)REG   movsx
 *   REG = le16|be16|bswap16 REG (32, 64 too)
 *   REG = IMM ll           ld_imm64 (kernel: "r1 = 0x..." with "(18)" or
 *                          in kernel syntax any 0x value)
 *   REG = map[I|NAME] ll, map_value[I|NAME]+OFF, btf_id[I], func[TARGET],
 *         map_idx[I], map_idx_value[I]+OFF       ld_imm64 pseudo (src 1..6)
 *   ld_pseudo REG, SRC, IMM [, IMM2]             llvm's spelling of the same
 *   REG = *(u8|u16|u32|u64|s8|s16|s32 *)(REG OFF)   ldx / ldx sign-extending
 *   *(uN *)(REG OFF) = REG|IMM                      stx / st
 *   r0 = *(uN *)skb[IMM] | skb[REG] | skb[REG + IMM] ld_abs / ld_ind
 *   lock *(u32|u64 *)(REG OFF) += -= |= &= ^= REG    atomic without fetch
 *   REG = atomic_fetch_OP((uN *)(REG OFF), REG)      (kernel: atomic64_fetch_OP)
 *   REG = xchg_64(REG OFF, REG), xchg32_32(...), atomic[64]_xchg((uN *)(REG OFF), REG)
 *   r0 = cmpxchg_64(REG OFF, r0, REG), cmpxchg32_32(...), atomic[64]_cmpxchg((uN *)(..), r0, REG)
 *   REG = load_acquire((uN *)(REG OFF)); store_release((uN *)(REG OFF), REG)
 *   REG = addr_space_cast(REG, DST_AS, SRC_AS)
 *   if REG cmp REG|IMM goto TARGET   cmp: == != > >= < <= s> s>= s< s<= &
 *   goto TARGET; gotol TARGET; may_goto TARGET; exit
 *   call N (helper); call pc+N | call local TARGET | call LABEL (bpf-to-bpf,
 *   src 1); call NAME#N (kernel: helper if NAME is helper N's name or
 *   "unknown", else kfunc, src 2); call kfunc N (src 2); callx REG (0x8d, dst)
 */
#include "asm_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

static const char *const helper_names[] = {
#define X(id, name) [id] = #name,
#include "bpfsim/helpers.def"
#undef X
};

struct lx {
	struct asm_ctx *c;
	struct asm_cur k;
	int want; /* kernel "(xx)" opcode, or -1 */
};

#define ERR(l, ...) asm_error((l)->c, -EINVAL, __VA_ARGS__)

static int try_reg(struct asm_cur *k, int *r, int *w)
{
	cur_ws(k);
	const char *p = k->p;

	if ((*p != 'r' && *p != 'w') || !isdigit((unsigned char)p[1]))
		return 0;
	int v = p[1] - '0';

	p += 2;
	if (isdigit((unsigned char)*p) && v) {
		v = v * 10 + (*p - '0');
		p++;
	}
	if (isalnum((unsigned char)*p) || *p == '_' || v > 15)
		return 0;
	*w = k->p[0] == 'w';
	*r = v;
	k->p = p;
	return 1;
}

static int reg(struct lx *l, int *r, int *w)
{
	int dummy;

	if (!try_reg(&l->k, r, w ? w : &dummy))
		return ERR(l, "expected a register at '%.20s'", l->k.p);
	return 0;
}

static int expect(struct lx *l, const char *s)
{
	if (!cur_lit(&l->k, s))
		return ERR(l, "expected '%s' at '%.20s'", s, l->k.p);
	return 0;
}

static int num(struct lx *l, uint64_t *mag, int *neg)
{
	int r = cur_num(&l->k, mag, neg);

	if (r < 0)
		return asm_error(l->c, -ERANGE, "number too large at '%.24s'", l->k.p);
	if (r == 0)
		return ERR(l, "expected a number at '%.20s'", l->k.p);
	return 0;
}

static int imm32(struct lx *l, int32_t *v)
{
	uint64_t mag;
	int neg, rc = num(l, &mag, &neg);

	return rc ? rc : asm_imm32(l->c, mag, neg, v);
}

/* "u8".."u64", "s8".."s32": BPF size bits and signedness. */
static int size_kw(struct lx *l, int *sz, int *sgn)
{
	static const struct { const char *s; int sz, sgn; } t[] = {
		{ "u8", 0x10, 0 }, { "u16", 0x08, 0 }, { "u32", 0x00, 0 }, { "u64", 0x18, 0 },
		{ "s8", 0x10, 1 }, { "s16", 0x08, 1 }, { "s32", 0x00, 1 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (cur_word(&l->k, t[i].s)) {
			*sz = t[i].sz;
			*sgn = t[i].sgn;
			return 0;
		}
	return ERR(l, "expected a size (u8, u16, u32, u64, s8, s16, s32) at '%.20s'", l->k.p);
}

/* "REG OFF" (no parentheses) */
static int base_off(struct lx *l, int *r, int16_t *off)
{
	int rc = reg(l, r, NULL);

	*off = 0;
	if (rc)
		return rc;
	cur_ws(&l->k);
	if (*l->k.p == '+' || *l->k.p == '-') {
		uint64_t mag;
		int neg;

		if ((rc = num(l, &mag, &neg)))
			return rc;
		return asm_off16(l->c, mag, neg, off);
	}
	return 0;
}

/* "(SZ *)(REG OFF)" */
static int typed_mem(struct lx *l, int *sz, int *sgn, int *r, int16_t *off)
{
	int rc;

	if ((rc = expect(l, "(")) || (rc = size_kw(l, sz, sgn)) || (rc = expect(l, "*")) ||
	    (rc = expect(l, ")")) || (rc = expect(l, "(")) || (rc = base_off(l, r, off)))
		return rc;
	return expect(l, ")");
}

/* A jump/call target into *val (slots, relative) or a fix-up. */
static int target(struct lx *l, enum asm_fix_kind kind, int32_t *val)
{
	struct asm_cur *k = &l->k;
	uint64_t mag;
	int neg, r;
	const char *id;
	size_t n;

	*val = 0;
	cur_ws(k);
	if (k->p[0] == 'p' && k->p[1] == 'c' && (k->p[2] == '+' || k->p[2] == '-'))
		k->p += 2;
	r = cur_num(k, &mag, &neg);
	if (r < 0)
		return asm_error(l->c, -ERANGE, "jump offset too large at '%.24s'", k->p);
	if (r > 0) {
		if (kind == FIX_OFF16) {
			int16_t o;
			int rc = asm_off16(l->c, mag, neg, &o);

			*val = o;
			if (rc)
				return rc;
		} else {
			if (neg ? mag > 0x80000000ull : mag > 0x7fffffffull)
				return asm_error(l->c, -ERANGE, "offset does not fit in 32 bits");
			*val = (int32_t)(neg ? -(int64_t)mag : (int64_t)mag);
		}
	} else {
		n = cur_ident(k, &id);
		if (!n)
			return ERR(l, "expected a jump target (+N, -N, pc+N or a label) at '%.20s'", k->p);
		int rc = asm_add_fix(l->c, asm_pc(l->c), kind, id, n);

		if (rc)
			return rc;
	}
	/* llvm's " <LBB0_3>" / " <.text+0x68>" annotation */
	cur_ws(k);
	if (*k->p == '<') {
		const char *e = strchr(k->p, '>');

		if (!e)
			return ERR(l, "unterminated '<' after the jump target");
		k->p = e + 1;
	}
	return 0;
}

static int done(struct lx *l)
{
	if (!cur_eol(&l->k))
		return ERR(l, "unexpected text '%.20s'", l->k.p);
	return 0;
}

static int emit(struct lx *l, uint8_t code, int dst, int src, int32_t off, int32_t imm)
{
	int rc = done(l);

	if (rc)
		return rc;
	if (l->want >= 0 && l->want != code)
		return ERR(l, "opcode (%02x) does not match the instruction text (which is %02x)", l->want, code);
	return asm_emit(l->c, code, dst, src, off, imm);
}

static const struct { const char *op; uint8_t code; int16_t off; } alu_ops[] = {
	/* longest first so that "<<=" is not read as "<" */
	{ "s>>=", 0xc0, 0 }, { "<<=", 0x60, 0 }, { ">>=", 0x70, 0 }, { "s/=", 0x30, 1 }, { "s%=", 0x90, 1 },
	{ "+=", 0x00, 0 }, { "-=", 0x10, 0 }, { "*=", 0x20, 0 }, { "/=", 0x30, 0 }, { "|=", 0x40, 0 },
	{ "&=", 0x50, 0 }, { "%=", 0x90, 0 }, { "^=", 0xa0, 0 },
};

static const struct { const char *op; uint8_t code; } jmp_ops[] = {
	{ "s>=", 0x70 }, { "s<=", 0xd0 }, { "s>", 0x60 }, { "s<", 0xc0 }, { "==", 0x10 }, { "!=", 0x50 },
	{ ">=", 0x30 }, { "<=", 0xb0 }, { ">", 0x20 }, { "<", 0xa0 }, { "&", 0x40 },
};

static int atomic_op_code(const char *s, size_t n)
{
	if (n == 3 && !strncmp(s, "add", 3))
		return 0x00;
	if (n == 2 && !strncmp(s, "or", 2))
		return 0x40;
	if (n == 3 && !strncmp(s, "and", 3))
		return 0x50;
	if (n == 3 && !strncmp(s, "xor", 3))
		return 0xa0;
	return -1;
}

static uint8_t atomic_code(int sz)
{
	return (uint8_t)(0xc3 | sz);
}

/* ld_imm64 pseudo forms: KIND[ARG] [+/-OFF] [ll] */
static int pseudo_lddw(struct lx *l, int dst, const char *kw, size_t kwn)
{
	static const struct { const char *s; int src; } kinds[] = {
		{ "map", 1 }, { "map_value", 2 }, { "btf_id", 3 }, { "func", 4 }, { "map_idx", 5 },
		{ "map_idx_value", 6 },
	};
	int src = -1, rc;
	int32_t lo = 0, hi = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strlen(kinds[i].s) == kwn && !strncmp(kinds[i].s, kw, kwn))
			src = kinds[i].src;
	if (src < 0)
		return ERR(l, "unknown ld_imm64 form '%.*s[...]'", (int)kwn, kw);
	if ((rc = expect(l, "[")))
		return rc;
	if (src == 4) {
		if ((rc = target(l, FIX_IMM32, &lo)))
			return rc;
	} else {
		const char *id;
		size_t n = cur_ident(&l->k, &id);

		if (n) {
			if (src != 1 && src != 2)
				return ERR(l, "%.*s[] takes a number, not a name", (int)kwn, kw);
			rc = asm_map_index(l->c, id, n);
			if (rc < 0)
				return rc;
			lo = rc;
		} else if ((rc = imm32(l, &lo))) {
			return rc;
		}
	}
	if ((rc = expect(l, "]")))
		return rc;
	cur_ws(&l->k);
	if (*l->k.p == '+' || *l->k.p == '-') {
		if ((rc = imm32(l, &hi)))
			return rc;
	}
	cur_word(&l->k, "ll");
	if ((rc = done(l)))
		return rc;
	if (l->want >= 0 && l->want != 0x18)
		return ERR(l, "opcode (%02x) does not match the instruction text (which is 18)", l->want);
	return asm_emit_lddw(l->c, dst, src, (uint64_t)(uint32_t)lo | ((uint64_t)(uint32_t)hi << 32));
}

static int call_insn(struct lx *l)
{
	struct asm_cur *k = &l->k;
	const char *id;
	size_t n;
	int32_t imm;
	int rc, r, w;

	cur_ws(k);
	if (k->p[0] == 'p' && k->p[1] == 'c' && (k->p[2] == '+' || k->p[2] == '-')) {
		if ((rc = target(l, FIX_IMM32, &imm)))
			return rc;
		return emit(l, 0x85, 0, 1, 0, imm);
	}
	if (cur_word(k, "local")) {
		if ((rc = target(l, FIX_IMM32, &imm)))
			return rc;
		return emit(l, 0x85, 0, 1, 0, imm);
	}
	if (cur_word(k, "kfunc")) {
		if ((rc = imm32(l, &imm)))
			return rc;
		return emit(l, 0x85, 0, 2, 0, imm);
	}
	if (try_reg(k, &r, &w))
		return emit(l, 0x8d, r, 0, 0, 0);
	const char *save = k->p;

	n = cur_ident(k, &id);
	if (n) {
		cur_ws(k);
		if (*k->p == '#') {
			/* kernel: NAME#N */
			k->p++;
			if ((rc = imm32(l, &imm)))
				return rc;
			int src = 2;

			if (n == 7 && !strncmp(id, "unknown", 7))
				src = 0;
			else if (n > 4 && !strncmp(id, "bpf_", 4) && imm >= 0 &&
				 (size_t)imm < sizeof(helper_names) / sizeof(helper_names[0]) && helper_names[imm] &&
				 strlen(helper_names[imm]) == n - 4 && !strncmp(helper_names[imm], id + 4, n - 4))
				src = 0;
			if (l->want == 0x8d) /* callx: the kernel prints it as a call */
				return emit(l, 0x8d, 0, 0, 0, imm);
			return emit(l, 0x85, 0, src, 0, imm);
		}
		/* "kernel-function#N" */
		if (n == 6 && !strncmp(id, "kernel", 6) && cur_lit(k, "-function") && cur_lit(k, "#")) {
			if ((rc = imm32(l, &imm)))
				return rc;
			return emit(l, 0x85, 0, 2, 0, imm);
		}
		/* call LABEL: bpf-to-bpf */
		k->p = save;
		if ((rc = target(l, FIX_IMM32, &imm)))
			return rc;
		return emit(l, 0x85, 0, 1, 0, imm);
	}
	if ((rc = imm32(l, &imm)))
		return rc;
	/* llvm prints every call as "call N": a number is a helper */
	return emit(l, 0x85, 0, 0, 0, imm);
}

static int if_insn(struct lx *l)
{
	int dst, w, src, w2, rc;
	int32_t imm = 0, off;
	int op = -1;

	if ((rc = reg(l, &dst, &w)))
		return rc;
	for (size_t i = 0; i < sizeof(jmp_ops) / sizeof(jmp_ops[0]); i++)
		if (cur_lit(&l->k, jmp_ops[i].op)) {
			op = jmp_ops[i].code;
			break;
		}
	if (op < 0)
		return ERR(l, "expected a comparison at '%.20s'", l->k.p);
	uint8_t cls = w ? 0x06 : 0x05;

	if (try_reg(&l->k, &src, &w2)) {
		if (w2 != w)
			return ERR(l, "mixed r and w registers in a comparison");
		if (!cur_word(&l->k, "goto"))
			return ERR(l, "expected 'goto' at '%.20s'", l->k.p);
		if ((rc = target(l, FIX_OFF16, &off)))
			return rc;
		return emit(l, (uint8_t)(op | 0x08 | cls), dst, src, off, 0);
	}
	if ((rc = imm32(l, &imm)))
		return rc;
	if (!cur_word(&l->k, "goto"))
		return ERR(l, "expected 'goto' at '%.20s'", l->k.p);
	if ((rc = target(l, FIX_OFF16, &off)))
		return rc;
	return emit(l, (uint8_t)(op | cls), dst, 0, off, imm);
}

/* "REG = ..." and "REG op= ..." */
static int assign_insn(struct lx *l, int dst, int w)
{
	struct asm_cur *k = &l->k;
	int rc, src, w2, sz, sgn;
	int32_t imm;
	int16_t off;
	uint8_t cls = w ? 0x04 : 0x07;

	for (size_t i = 0; i < sizeof(alu_ops) / sizeof(alu_ops[0]); i++) {
		if (!cur_lit(k, alu_ops[i].op))
			continue;
		if (try_reg(k, &src, &w2))
			return emit(l, (uint8_t)(alu_ops[i].code | 0x08 | cls), dst, src, alu_ops[i].off, 0);
		if ((rc = imm32(l, &imm)))
			return rc;
		return emit(l, (uint8_t)(alu_ops[i].code | cls), dst, 0, alu_ops[i].off, imm);
	}
	if ((rc = expect(l, "=")))
		return rc;
	cur_ws(k);
	/* neg */
	if (*k->p == '-' && (k->p[1] == 'r' || k->p[1] == 'w')) {
		k->p++;
		if ((rc = reg(l, &src, &w2)))
			return rc;
		if (src != dst)
			return ERR(l, "negation must have the same source and destination register");
		return emit(l, (uint8_t)(0x80 | cls), dst, 0, 0, 0);
	}
	/* movsx */
	if (*k->p == '(' && k->p[1] == 's') {
		k->p++;
		if ((rc = size_kw(l, &sz, &sgn)) || (rc = expect(l, ")")) || (rc = reg(l, &src, &w2)))
			return rc;
		int bits = sz == 0x10 ? 8 : sz == 0x08 ? 16 : 32;

		if (!sgn || (w && bits == 32))
			return ERR(l, "bad sign-extension width");
		return emit(l, (uint8_t)(0xb8 | cls), dst, src, bits, 0);
	}
	/* loads */
	if (*k->p == '*') {
		k->p++;
		if ((rc = expect(l, "(")) || (rc = size_kw(l, &sz, &sgn)) || (rc = expect(l, "*")) ||
		    (rc = expect(l, ")")))
			return rc;
		if (cur_word(k, "skb")) {
			if ((rc = expect(l, "[")))
				return rc;
			if (sgn || sz == 0x18 || dst != 0)
				return ERR(l, "legacy packet loads are r0 = *(u8|u16|u32 *)skb[...]");
			if (try_reg(k, &src, &w2)) {
				imm = 0;
				cur_ws(k);
				if (*k->p == '+') /* the kernel prints "skb[r1 + -2]" */
					k->p++;
				cur_ws(k);
				if (*k->p == '-' || isdigit((unsigned char)*k->p)) {
					if ((rc = imm32(l, &imm)))
						return rc;
				}
				if ((rc = expect(l, "]")))
					return rc;
				return emit(l, (uint8_t)(0x40 | sz), 0, src, 0, imm);
			}
			if ((rc = imm32(l, &imm)) || (rc = expect(l, "]")))
				return rc;
			return emit(l, (uint8_t)(0x20 | sz), 0, 0, 0, imm);
		}
		if ((rc = expect(l, "(")) || (rc = base_off(l, &src, &off)) || (rc = expect(l, ")")))
			return rc;
		if (sgn && sz == 0x18)
			return ERR(l, "no sign-extending 64-bit load");
		return emit(l, (uint8_t)(0x01 | sz | (sgn ? 0x80 : 0x60)), dst, src, off, 0);
	}
	/* byte swaps */
	{
		static const struct { const char *s; uint8_t code; } sw[] = {
			{ "bswap", 0xd7 }, { "le", 0xd4 }, { "be", 0xdc },
		};
		for (size_t i = 0; i < 3; i++) {
			size_t n = strlen(sw[i].s);

			if (strncmp(k->p, sw[i].s, n) || !isdigit((unsigned char)k->p[n]))
				continue;
			const char *p = k->p + n;
			int width = 0;

			while (isdigit((unsigned char)*p) && width < 1000)
				width = width * 10 + (*p++ - '0');
			if (width != 16 && width != 32 && width != 64)
				return ERR(l, "bad byte swap width %d", width);
			k->p = p;
			if ((rc = reg(l, &src, &w2)))
				return rc;
			if (src != dst)
				return ERR(l, "byte swap must have the same source and destination register");
			return emit(l, sw[i].code, dst, 0, 0, width);
		}
	}
	/* registers: mov */
	if (try_reg(k, &src, &w2))
		return emit(l, (uint8_t)(0xb8 | cls), dst, src, 0, 0);
	/* function-like forms and ld_imm64 pseudo forms */
	const char *id;
	size_t n = cur_ident(k, &id);

	if (n) {
#define IS(s) (n == sizeof(s) - 1 && !strncmp(id, s, n))
		if (IS("addr_space_cast")) {
			int32_t a, b;

			if ((rc = expect(l, "(")) || (rc = reg(l, &src, &w2)) || (rc = expect(l, ",")) ||
			    (rc = imm32(l, &a)) || (rc = expect(l, ",")) || (rc = imm32(l, &b)) ||
			    (rc = expect(l, ")")))
				return rc;
			if (a < 0 || a > 0xffff || b < 0 || b > 0xffff)
				return ERR(l, "address spaces must be 0..65535");
			return emit(l, 0xbf, dst, src, 1, (int32_t)(((uint32_t)a << 16) | (uint32_t)b));
		}
		if (IS("load_acquire")) {
			if ((rc = expect(l, "(")) || (rc = typed_mem(l, &sz, &sgn, &src, &off)) || (rc = expect(l, ")")))
				return rc;
			return emit(l, atomic_code(sz), dst, src, off, 0x100);
		}
		int kernel_style = 0, is64 = 0;

		if (n > 7 && !strncmp(id, "atomic_", 7)) {
			kernel_style = 1;
			id += 7;
			n -= 7;
		} else if (n > 9 && !strncmp(id, "atomic64_", 9)) {
			kernel_style = 1;
			is64 = 1;
			id += 9;
			n -= 9;
		}
		if (kernel_style) {
			int op = -1, fetch = 0, srcr;

			if (n > 6 && !strncmp(id, "fetch_", 6)) {
				fetch = 1;
				op = atomic_op_code(id + 6, n - 6);
			} else if (IS("xchg")) {
				op = 0xe1;
			} else if (IS("cmpxchg")) {
				op = 0xf1;
			}
			if (op < 0 || (!fetch && op < 0xe0))
				return ERR(l, "unknown atomic operation");
			if (fetch)
				op |= 1;
			if ((rc = expect(l, "(")) || (rc = typed_mem(l, &sz, &sgn, &src, &off)) || (rc = expect(l, ",")))
				return rc;
			if ((sz != 0x18 && sz != 0x00) || sgn)
				return ERR(l, "atomic operations are 32 or 64 bits");
			if (is64 && sz != 0x18) /* llvm writes atomic_ for both sizes, the kernel atomic64_ for u64 */
				return ERR(l, "atomic64_ operation on a 32-bit operand");
			if (op == 0xf1) {
				int r0;

				if ((rc = reg(l, &r0, &w2)) || (rc = expect(l, ",")))
					return rc;
				if (r0 != 0 || dst != 0)
					return ERR(l, "cmpxchg compares and returns r0");
			}
			if ((rc = reg(l, &srcr, &w2)) || (rc = expect(l, ")")))
				return rc;
			if (op != 0xf1 && srcr != dst)
				return ERR(l, "fetching atomic: the result register must be the source register");
			return emit(l, atomic_code(sz), src, srcr, off, op);
		}
		/* llvm: xchg_64 / xchg32_32 / cmpxchg_64 / cmpxchg32_32 */
		if (IS("xchg_64") || IS("xchg32_32") || IS("cmpxchg_64") || IS("cmpxchg32_32")) {
			int cmp = id[0] == 'c', srcr, base;

			sz = id[n - 1] == '4' ? 0x18 : 0x00;
			if ((rc = expect(l, "(")) || (rc = base_off(l, &base, &off)) || (rc = expect(l, ",")))
				return rc;
			if (cmp) {
				int r0;

				if ((rc = reg(l, &r0, &w2)) || (rc = expect(l, ",")))
					return rc;
				if (r0 != 0 || dst != 0)
					return ERR(l, "cmpxchg compares and returns r0");
			}
			if ((rc = reg(l, &srcr, &w2)) || (rc = expect(l, ")")))
				return rc;
			if (!cmp && srcr != dst)
				return ERR(l, "xchg: the result register must be the source register");
			return emit(l, atomic_code(sz), base, srcr, off, cmp ? 0xf1 : 0xe1);
		}
		if (IS("ld_pseudo"))
			return ERR(l, "write 'ld_pseudo %s%d, SRC, IMM'", w ? "w" : "r", dst);
		cur_ws(k);
		if (*k->p == '[')
			return pseudo_lddw(l, dst, id, n);
		return ERR(l, "unknown operand '%.*s'", (int)n, id);
#undef IS
	}
	/* immediates: mov or ld_imm64 */
	{
		uint64_t mag, v;
		int neg;
		const char *start = k->p;

		if ((rc = num(l, &mag, &neg)))
			return rc;
		int hex = strstr(start, "0x") == start || strstr(start, "-0x") == start;
		int ll = cur_word(k, "ll");

		if (ll || l->want == 0x18 || (l->c->syntax == BPFSIM_ASM_KERNEL && hex && l->want < 0)) {
			if (w)
				return ERR(l, "ld_imm64 needs an r register");
			if ((rc = asm_imm64(l->c, mag, neg, &v)) || (rc = done(l)))
				return rc;
			if (l->want >= 0 && l->want != 0x18)
				return ERR(l, "opcode (%02x) does not match the instruction text (which is 18)", l->want);
			return asm_emit_lddw(l->c, dst, 0, v);
		}
		if (neg ? mag > 0x80000000ull : mag > 0xffffffffull)
			return asm_error(l->c, -ERANGE, "immediate does not fit in 32 bits (add 'll' for a 64-bit load)");
		if ((rc = asm_imm32(l->c, mag, neg, &imm)))
			return rc;
		return emit(l, (uint8_t)(0xb0 | cls), dst, 0, 0, imm);
	}
}

static int store_insn(struct lx *l)
{
	int rc, sz, sgn, dst, src, w;
	int16_t off;
	int32_t imm;

	if ((rc = typed_mem(l, &sz, &sgn, &dst, &off)) || (rc = expect(l, "=")))
		return rc;
	if (sgn)
		return ERR(l, "stores take an unsigned size (u8..u64)");
	if (try_reg(&l->k, &src, &w))
		return emit(l, (uint8_t)(0x63 | sz), dst, src, off, 0);
	if ((rc = imm32(l, &imm)))
		return rc;
	return emit(l, (uint8_t)(0x62 | sz), dst, 0, off, imm);
}

static int lock_insn(struct lx *l)
{
	int rc, sz, sgn, dst, src, w;
	int16_t off;
	int op = -1;

	if ((rc = expect(l, "*")) || (rc = typed_mem(l, &sz, &sgn, &dst, &off)))
		return rc;
	if ((sz != 0x18 && sz != 0x00) || sgn)
		return ERR(l, "atomic operations are 32 or 64 bits");
	if (cur_lit(&l->k, "+="))
		op = 0x00;
	else if (cur_lit(&l->k, "|="))
		op = 0x40;
	else if (cur_lit(&l->k, "&="))
		op = 0x50;
	else if (cur_lit(&l->k, "^="))
		op = 0xa0;
	else
		return ERR(l, "expected +=, |=, &= or ^= at '%.20s'", l->k.p);
	if ((rc = reg(l, &src, &w)))
		return rc;
	return emit(l, atomic_code(sz), dst, src, off, op);
}

static int insn_text(struct lx *l)
{
	struct asm_cur *k = &l->k;
	int rc, r, w;
	int32_t v;

	cur_ws(k);
	if (*k->p == '<')
		return ERR(l, "cannot assemble '%.20s'", k->p);
	if (cur_word(k, "exit"))
		return emit(l, 0x95, 0, 0, 0, 0);
	if (cur_word(k, "goto")) {
		if ((rc = target(l, FIX_OFF16, &v)))
			return rc;
		return emit(l, 0x05, 0, 0, v, 0);
	}
	if (cur_word(k, "gotol")) {
		if ((rc = target(l, FIX_IMM32, &v)))
			return rc;
		return emit(l, 0x06, 0, 0, 0, v);
	}
	if (cur_word(k, "may_goto")) {
		if ((rc = target(l, FIX_OFF16, &v)))
			return rc;
		return emit(l, 0xe5, 0, 0, v, 0);
	}
	if (cur_word(k, "callx")) {
		if ((rc = reg(l, &r, &w)))
			return rc;
		return emit(l, 0x8d, r, 0, 0, 0);
	}
	if (cur_word(k, "call"))
		return call_insn(l);
	if (cur_word(k, "if"))
		return if_insn(l);
	if (cur_word(k, "lock"))
		return lock_insn(l);
	if (cur_word(k, "store_release")) {
		int sz, sgn, dst, src;
		int16_t off;

		if ((rc = expect(l, "(")) || (rc = typed_mem(l, &sz, &sgn, &dst, &off)) || (rc = expect(l, ",")) ||
		    (rc = reg(l, &src, &w)) || (rc = expect(l, ")")))
			return rc;
		return emit(l, atomic_code(sz), dst, src, off, 0x110);
	}
	if (cur_word(k, "ld_pseudo")) {
		int src;
		int32_t lo, hi = 0;

		if ((rc = reg(l, &r, &w)) || (rc = expect(l, ",")) || (rc = imm32(l, &src)) || (rc = expect(l, ",")) ||
		    (rc = imm32(l, &lo)))
			return rc;
		if (cur_lit(k, ",") && (rc = imm32(l, &hi)))
			return rc;
		if ((rc = done(l)))
			return rc;
		if (src < 0 || src > 15)
			return ERR(l, "ld_pseudo source must be 0..15");
		return asm_emit_lddw(l->c, r, src, (uint64_t)(uint32_t)lo | ((uint64_t)(uint32_t)hi << 32));
	}
	if (*k->p == '*') {
		k->p++;
		return store_insn(l);
	}
	if (try_reg(k, &r, &w))
		return assign_insn(l, r, w);
	return ERR(l, "cannot parse instruction '%.30s'", k->p);
}

static int hex2(const char *p)
{
	int v = 0;

	for (int i = 0; i < 2; i++)
		v = v * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' : tolower((unsigned char)p[i]) - 'a' + 10);
	return v;
}

static int starts(const char *p, const char *s)
{
	return !strncmp(p, s, strlen(s));
}

int asm_line_llvm(struct asm_ctx *c, char *line)
{
	struct lx l = { .c = c, .k = { line }, .want = -1 };
	struct asm_cur *k = &l.k;
	int kernel = c->syntax == BPFSIM_ASM_KERNEL;
	long addr = -1;

	if (cur_eol(k))
		return 0;
	if (starts(k->p, "Disassembly of section")) {
		c->addr_base = c->n; /* addresses restart in every section */
		return 0;
	}
	if (strstr(line, "file format"))
		return 0;
	if (strstr(line, "R_BPF_")) {
		/* llvm-objdump -r: "0000000000000090:  R_BPF_64_32  sub" after a
		 * call: clang marks every relocated call src_reg 1 (bpf-to-bpf;
		 * libbpf turns calls to extern kfuncs into src_reg 2 when it
		 * loads), which "call -1" alone does not show. Other relocations
		 * change no byte of the object and are skipped. */
		if (strstr(line, "R_BPF_64_32") && c->n && c->insns[c->n - 1].code == 0x85 &&
		    c->insns[c->n - 1].src == 0)
			c->insns[c->n - 1].src = 1;
		return 0;
	}
	if (kernel) {
		static const char *const skip[] = {
			"processed ", "from ", "last_idx", "regs=", "parent ", "mark_precise", "func#", "Validating",
			"verification time", "stack depth", "caller:", "callee:", "returning from", "Live regs",
			"Global function", "propagating", "frame", "libbpf:", "arg#", "btf_", "Live regs", NULL,
		};
		for (int i = 0; skip[i]; i++)
			if (starts(k->p, skip[i]))
				return 0;
		/* "R1 type=ctx expected=fp" and other register notes */
		if (k->p[0] == 'R' && isdigit((unsigned char)k->p[1]))
			return 0;
		/* "(0) frame 0 insn 12 +live -8" (liveness notes) */
		if (k->p[0] == '(' && isdigit((unsigned char)k->p[1])) {
			const char *q = k->p + 1;

			while (isdigit((unsigned char)*q))
				q++;
			if (*q == ')' && (starts(q + 1, " frame") || starts(q + 1, " live")))
				return 0;
		}
	}
	/* the kernel appends the jump target's state to a conditional jump:
	 * "0: (15) if r1 == 0x0 goto pc+2 3: R1=ctx() R10=fp0"; cut after pc+N */
	if (kernel) {
		char *g = strstr(line, "goto pc");

		if (g) {
			g += 7;
			if (*g == '+' || *g == '-')
				g++;
			while (isdigit((unsigned char)*g))
				g++;
			*g = 0;
		}
	}
	/* "0000000000000000 <name>:" */
	{
		const char *p = k->p;

		while (isxdigit((unsigned char)*p))
			p++;
		if (p > k->p && (*p == ' ' || *p == '\t')) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '<') {
				const char *e = strchr(p, '>');

				if (e && e[1] == ':') {
					struct asm_cur t = { e + 2 };

					if (!cur_eol(&t))
						return ERR(&l, "text after a function label");
					/* a symbol llvm-objdump shows again (another section)
					 * keeps its first place */
					return asm_add_label_soft(c, p + 1, (size_t)(e - p - 1));
				}
			}
		}
	}
	/* address column "N:" */
	if (isdigit((unsigned char)*k->p)) {
		const char *p = k->p;
		long a = 0;

		while (isdigit((unsigned char)*p) && a < 100000000)
			a = a * 10 + (*p++ - '0');
		if (*p == ':') {
			addr = a;
			k->p = p + 1;
		}
	}
	/* kernel 6.18 "Live regs before insn:" column: "0: .1....6... (7b) ..." */
	if (kernel && addr >= 0) {
		const char *p = k->p;

		while (*p == ' ' || *p == '\t')
			p++;
		const char *q = p;

		while (*q == '.' || isdigit((unsigned char)*q))
			q++;
		if (q - p >= 10 && (*q == ' ' || *q == '\t'))
			k->p = q;
	}
	/* byte column */
	for (;;) {
		cur_ws(k);
		const char *p = k->p;

		if (isxdigit((unsigned char)p[0]) && isxdigit((unsigned char)p[1]) &&
		    (p[2] == ' ' || p[2] == '\t' || p[2] == 0))
			k->p += 2;
		else
			break;
	}
	cur_ws(k);
	if (k->p[0] == '(' && isxdigit((unsigned char)k->p[1]) && isxdigit((unsigned char)k->p[2]) &&
	    k->p[3] == ')') {
		l.want = hex2(k->p + 1);
		k->p += 4;
	} else if (kernel && addr >= 0) {
		/* "12: R1=ctx() ..." and other state lines */
		cur_ws(k);
		if ((k->p[0] == 'R' && isdigit((unsigned char)k->p[1])) || starts(k->p, "frame") ||
		    !strcmp(k->p, "safe") || cur_eol(k))
			return 0;
	}
	/* label "name:" */
	{
		struct asm_cur t = *k;
		const char *id;
		size_t n = cur_ident(&t, &id);

		if (n && t.p[0] == ':' && !(n == 2 && !strncmp(id, "pc", 2))) {
			int rc = asm_add_label(c, id, n);

			if (rc)
				return rc;
			k->p = t.p + 1;
			if (cur_eol(k))
				return 0;
		}
	}
	if (kernel && addr >= 0) {
		/* The log lists instructions in the order the verifier walks them:
		 * a revisit is skipped, a gap is left as a hole for a later line. */
		size_t at = c->addr_base + (size_t)addr;

		if (at < c->n && c->present[at])
			return 0;
		if (at > c->n) {
			int rc = asm_pad(c, at);

			if (rc)
				return rc;
		}
		c->place = at;
		int rc = insn_text(&l);

		c->place = SIZE_MAX;
		return rc;
	}
	return insn_text(&l);
}
