/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asm_conf.c: the conformance dialect (../shared/conformance/README.md) and
 * the .data file reader.
 *
 * One instruction per line: MNEMONIC [OPERAND {, OPERAND}]. Operands: a
 * register "%rN" (N = 0..10; "rN" is accepted too), an immediate (decimal or
 * 0x hex, optionally negative), a memory operand "[%rN]", "[%rN+off]",
 * "[%rN-off]", or a jump target (a label or a signed number of slots).
 * Encodings follow RFC 9669:
 *   ALU   add sub mul div sdiv mod smod or and xor lsh rsh arsh mov (bare or
 *         "64": ALU64 class; "32": ALU class) dst, src|imm; sdiv/smod set
 *         off=1; neg dst; movsx{8,16}{32,64}/movsx3264 dst, src (off = 8/16/32)
 *   END   le16..64 / be16..64 dst (ALU class, K=le, X=be, imm = width);
 *         bswap16..64 (alias swap16..64) dst (ALU64 class, imm = width)
 *   JMP   ja target (off), ja32 target (JMP32 class, imm),
 *         jeq..jsle[32] dst, src|imm, target; exit; call N (src 0);
 *         call local LABEL (src 1, imm = pc offset); call %rN (0x8d, dst = N)
 *   MEM   ldx{b,h,w,dw} dst, [src+off]; ldxs{b,h,w} (MEMSX);
 *         st{b,h,w,dw} [dst+off], imm; stx{b,h,w,dw} [dst+off], src
 *         ldabs{b,h,w} imm; ldind{b,h,w} src, imm (legacy packet loads)
 *   LD    lddw dst, imm64 (src 0)
 *   ATOM  lock [fetch] add|and|or|xor[32|64] [dst+off], src (imm = op|fetch);
 *         lock xchg[32] ... (0xe1), lock cmpxchg[32] ... (0xf1: r0 implicit)
 * Label "exit" not defined by the program = the first exit instruction.
 */
#include "asm_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int conf_reg(struct asm_ctx *c, struct asm_cur *k, int *r)
{
	cur_ws(k);
	const char *p = k->p;

	if (*p == '%')
		p++;
	if (*p != 'r' || !isdigit((unsigned char)p[1]))
		return asm_error(c, -EINVAL, "expected a register (%%r0..%%r10) at '%.20s'", k->p);
	p++;
	int v = 0;

	while (isdigit((unsigned char)*p) && v < 100)
		v = v * 10 + (*p++ - '0');
	if (v > 10 || isalnum((unsigned char)*p) || *p == '_')
		return asm_error(c, -EINVAL, "invalid register '%.*s'", (int)(p - k->p), k->p);
	k->p = p;
	*r = v;
	return 0;
}

static int is_reg_next(struct asm_cur *k)
{
	cur_ws(k);
	const char *p = k->p;

	if (*p == '%')
		p++;
	return *p == 'r' && isdigit((unsigned char)p[1]);
}

static int comma(struct asm_ctx *c, struct asm_cur *k)
{
	if (!cur_lit(k, ","))
		return asm_error(c, -EINVAL, "expected ',' at '%.20s'", k->p);
	return 0;
}

static int conf_imm32(struct asm_ctx *c, struct asm_cur *k, int32_t *imm)
{
	uint64_t mag;
	int neg, r = cur_num(k, &mag, &neg);

	if (r < 0)
		return asm_error(c, -ERANGE, "number too large at '%.24s'", k->p);
	if (r == 0)
		return asm_error(c, -EINVAL, "expected an immediate at '%.20s'", k->p);
	return asm_imm32(c, mag, neg, imm);
}

/* [%rN], [%rN+off], [%rN-off] */
static int conf_mem(struct asm_ctx *c, struct asm_cur *k, int *reg, int16_t *off)
{
	if (!cur_lit(k, "["))
		return asm_error(c, -EINVAL, "expected a memory operand '[%%rN+off]' at '%.20s'", k->p);
	int rc = conf_reg(c, k, reg);

	if (rc)
		return rc;
	*off = 0;
	cur_ws(k);
	if (*k->p == '+' || *k->p == '-') {
		uint64_t mag;
		int neg, r = cur_num(k, &mag, &neg);

		if (r <= 0)
			return asm_error(c, -EINVAL, "bad offset in memory operand at '%.20s'", k->p);
		rc = asm_off16(c, mag, neg, off);
		if (rc)
			return rc;
	}
	if (!cur_lit(k, "]"))
		return asm_error(c, -EINVAL, "expected ']' at '%.20s'", k->p);
	return 0;
}

/* A jump target: a label (recorded as a fix-up) or a signed slot count. */
static int conf_target(struct asm_ctx *c, struct asm_cur *k, enum asm_fix_kind kind, int32_t *val)
{
	const char *id;
	size_t n;
	uint64_t mag;
	int neg, r;

	*val = 0;
	r = cur_num(k, &mag, &neg);
	if (r < 0)
		return asm_error(c, -ERANGE, "jump offset too large at '%.24s'", k->p);
	if (r > 0) {
		if (kind == FIX_OFF16) {
			int16_t o;
			int rc = asm_off16(c, mag, neg, &o);

			*val = o;
			return rc;
		}
		if (neg ? mag > 0x80000000ull : mag > 0x7fffffffull)
			return asm_error(c, -ERANGE, "jump offset does not fit in 32 bits");
		*val = (int32_t)(neg ? -(int64_t)mag : (int64_t)mag);
		return 0;
	}
	n = cur_ident(k, &id);
	if (!n)
		return asm_error(c, -EINVAL, "expected a label or an offset at '%.20s'", k->p);
	return asm_add_fix(c, asm_pc(c), kind, id, n);
}

struct alu_op {
	const char *name;
	uint8_t op;
	int16_t off;
};

static const struct alu_op alu_ops[] = {
	{ "add", 0x00, 0 }, { "sub", 0x10, 0 }, { "mul", 0x20, 0 }, { "div", 0x30, 0 },
	{ "sdiv", 0x30, 1 }, { "or", 0x40, 0 }, { "and", 0x50, 0 }, { "lsh", 0x60, 0 },
	{ "rsh", 0x70, 0 }, { "neg", 0x80, 0 }, { "mod", 0x90, 0 }, { "smod", 0x90, 1 },
	{ "xor", 0xa0, 0 }, { "mov", 0xb0, 0 }, { "arsh", 0xc0, 0 },
};

static const struct alu_op jmp_ops[] = {
	{ "jeq", 0x10, 0 }, { "jgt", 0x20, 0 }, { "jge", 0x30, 0 }, { "jset", 0x40, 0 },
	{ "jne", 0x50, 0 }, { "jsgt", 0x60, 0 }, { "jsge", 0x70, 0 }, { "jlt", 0xa0, 0 },
	{ "jle", 0xb0, 0 }, { "jslt", 0xc0, 0 }, { "jsle", 0xd0, 0 },
};

/* Split "add32" into base "add" and suffix 32/64/0. */
static int suffix_bits(const char *m, size_t n, size_t *base)
{
	if (n > 2 && !strncmp(m + n - 2, "32", 2)) {
		*base = n - 2;
		return 32;
	}
	if (n > 2 && !strncmp(m + n - 2, "64", 2)) {
		*base = n - 2;
		return 64;
	}
	*base = n;
	return 0;
}

static int size_code(const char *s, size_t n)
{
	if (n == 1 && s[0] == 'b')
		return 0x10;
	if (n == 1 && s[0] == 'h')
		return 0x08;
	if (n == 1 && s[0] == 'w')
		return 0x00;
	if (n == 2 && !strncmp(s, "dw", 2))
		return 0x18;
	return -1;
}

static int end_line(struct asm_ctx *c, struct asm_cur *k)
{
	if (!cur_eol(k))
		return asm_error(c, -EINVAL, "unexpected text '%.20s' after the instruction", k->p);
	return 0;
}

static int conf_lock(struct asm_ctx *c, struct asm_cur *k)
{
	int fetch = cur_word(k, "fetch");
	const char *m;
	size_t n = cur_ident(k, &m), base;
	int bits = suffix_bits(m, n, &base), imm = -1, dst, src, rc;
	int16_t off;

	if (!n)
		return asm_error(c, -EINVAL, "expected an atomic operation after 'lock'");
	if (base == 3 && !strncmp(m, "add", 3))
		imm = 0x00;
	else if (base == 2 && !strncmp(m, "or", 2))
		imm = 0x40;
	else if (base == 3 && !strncmp(m, "and", 3))
		imm = 0x50;
	else if (base == 3 && !strncmp(m, "xor", 3))
		imm = 0xa0;
	else if (base == 4 && !strncmp(m, "xchg", 4))
		imm = 0xe1;
	else if (base == 7 && !strncmp(m, "cmpxchg", 7))
		imm = 0xf1;
	if (imm < 0)
		return asm_error(c, -EINVAL, "unknown atomic operation '%.*s'", (int)n, m);
	if (fetch && imm < 0xe0)
		imm |= 0x01;
	if ((rc = conf_mem(c, k, &dst, &off)) || (rc = comma(c, k)) || (rc = conf_reg(c, k, &src)) ||
	    (rc = end_line(c, k)))
		return rc;
	return asm_emit(c, bits == 32 ? 0xc3 : 0xdb, dst, src, off, imm);
}

int asm_line_conformance(struct asm_ctx *c, char *line)
{
	struct asm_cur k = { line };
	const char *m;
	size_t n, base;
	int rc, dst, src;
	int32_t imm;
	int16_t off;

	if (cur_eol(&k))
		return 0;
	n = cur_ident(&k, &m);
	if (!n)
		return asm_error(c, -EINVAL, "expected an instruction or a label at '%.20s'", k.p);
	if (cur_lit(&k, ":")) {
		if ((rc = asm_add_label(c, m, n)))
			return rc;
		if (cur_eol(&k))
			return 0;
		n = cur_ident(&k, &m);
		if (!n)
			return asm_error(c, -EINVAL, "expected an instruction at '%.20s'", k.p);
	}
#define IS(s) (n == sizeof(s) - 1 && !strncmp(m, s, n))
	if (IS("exit"))
		return (rc = end_line(c, &k)) ? rc : asm_emit(c, 0x95, 0, 0, 0, 0);
	if (IS("lock"))
		return conf_lock(c, &k);
	if (IS("call")) {
		if (cur_word(&k, "local")) {
			if ((rc = conf_target(c, &k, FIX_IMM32, &imm)) || (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, 0x85, 0, 1, 0, imm);
		}
		if (is_reg_next(&k)) {
			if ((rc = conf_reg(c, &k, &dst)) || (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, 0x8d, dst, 0, 0, 0);
		}
		if ((rc = conf_imm32(c, &k, &imm)) || (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, 0x85, 0, 0, 0, imm);
	}
	if (IS("ja") || IS("ja32")) {
		int is32 = n == 4;

		if ((rc = conf_target(c, &k, is32 ? FIX_IMM32 : FIX_OFF16, &imm)) || (rc = end_line(c, &k)))
			return rc;
		return is32 ? asm_emit(c, 0x06, 0, 0, 0, imm) : asm_emit(c, 0x05, 0, 0, imm, 0);
	}
	if (IS("lddw")) {
		uint64_t mag, v;
		int neg, r;

		if ((rc = conf_reg(c, &k, &dst)) || (rc = comma(c, &k)))
			return rc;
		r = cur_num(&k, &mag, &neg);
		if (r < 0)
			return asm_error(c, -ERANGE, "immediate does not fit in 64 bits");
		if (r == 0)
			return asm_error(c, -EINVAL, "expected a 64-bit immediate at '%.20s'", k.p);
		if ((rc = asm_imm64(c, mag, neg, &v)) || (rc = end_line(c, &k)))
			return rc;
		return asm_emit_lddw(c, dst, 0, v);
	}
	/* movsx<from><to> */
	if (n > 6 && !strncmp(m, "movsx", 5)) {
		static const struct { const char *s; uint8_t code; int16_t off; } sx[] = {
			{ "movsx832", 0xbc, 8 }, { "movsx1632", 0xbc, 16 }, { "movsx864", 0xbf, 8 },
			{ "movsx1664", 0xbf, 16 }, { "movsx3264", 0xbf, 32 },
		};
		for (size_t i = 0; i < sizeof(sx) / sizeof(sx[0]); i++) {
			if (strlen(sx[i].s) != n || strncmp(sx[i].s, m, n))
				continue;
			if ((rc = conf_reg(c, &k, &dst)) || (rc = comma(c, &k)) || (rc = conf_reg(c, &k, &src)) ||
			    (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, sx[i].code, dst, src, sx[i].off, 0);
		}
		return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
	}
	/* byte swaps */
	{
		static const struct { const char *s; uint8_t code; } sw[] = {
			{ "le", 0xd4 }, { "be", 0xdc }, { "bswap", 0xd7 }, { "swap", 0xd7 },
		};
		for (size_t i = 0; i < sizeof(sw) / sizeof(sw[0]); i++) {
			size_t l = strlen(sw[i].s);

			if (n != l + 2 || strncmp(m, sw[i].s, l))
				continue;
			int w = (m[l] - '0') * 10 + (m[l + 1] - '0');

			if (w != 16 && w != 32 && w != 64)
				break;
			if ((rc = conf_reg(c, &k, &dst)) || (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, sw[i].code, dst, 0, 0, w);
		}
	}
	int bits = suffix_bits(m, n, &base);

	for (size_t i = 0; i < sizeof(alu_ops) / sizeof(alu_ops[0]); i++) {
		if (strlen(alu_ops[i].name) != base || strncmp(alu_ops[i].name, m, base))
			continue;
		uint8_t cls = bits == 32 ? 0x04 : 0x07;

		if ((rc = conf_reg(c, &k, &dst)))
			return rc;
		if (alu_ops[i].op == 0x80) {
			if ((rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, 0x80 | cls, dst, 0, 0, 0);
		}
		if ((rc = comma(c, &k)))
			return rc;
		if (is_reg_next(&k)) {
			if ((rc = conf_reg(c, &k, &src)) || (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, alu_ops[i].op | 0x08 | cls, dst, src, alu_ops[i].off, 0);
		}
		if ((rc = conf_imm32(c, &k, &imm)) || (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, alu_ops[i].op | cls, dst, 0, alu_ops[i].off, imm);
	}
	for (size_t i = 0; i < sizeof(jmp_ops) / sizeof(jmp_ops[0]); i++) {
		if (strlen(jmp_ops[i].name) != base || strncmp(jmp_ops[i].name, m, base))
			continue;
		uint8_t cls = bits == 32 ? 0x06 : 0x05;
		int32_t t;
		if ((rc = conf_reg(c, &k, &dst)) || (rc = comma(c, &k)))
			return rc;
		if (is_reg_next(&k)) {
			if ((rc = conf_reg(c, &k, &src)) || (rc = comma(c, &k)) ||
			    (rc = conf_target(c, &k, FIX_OFF16, &t)) || (rc = end_line(c, &k)))
				return rc;
			return asm_emit(c, jmp_ops[i].op | 0x08 | cls, dst, src, t, 0);
		}
		if ((rc = conf_imm32(c, &k, &imm)) || (rc = comma(c, &k)) ||
		    (rc = conf_target(c, &k, FIX_OFF16, &t)) || (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, jmp_ops[i].op | cls, dst, 0, t, imm);
	}
	/* loads and stores */
	if (n > 3 && !strncmp(m, "ldx", 3)) {
		int sx = m[3] == 's' && n > 4;
		int sz = size_code(m + 3 + sx, n - 3 - (size_t)sx);

		if (sz < 0 || (sx && sz == 0x18))
			return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
		if ((rc = conf_reg(c, &k, &dst)) || (rc = comma(c, &k)) || (rc = conf_mem(c, &k, &src, &off)) ||
		    (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, (uint8_t)(0x01 | sz | (sx ? 0x80 : 0x60)), dst, src, off, 0);
	}
	if (n > 3 && !strncmp(m, "stx", 3)) {
		int sz = size_code(m + 3, n - 3);

		if (sz < 0)
			return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
		if ((rc = conf_mem(c, &k, &dst, &off)) || (rc = comma(c, &k)) || (rc = conf_reg(c, &k, &src)) ||
		    (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, (uint8_t)(0x63 | sz), dst, src, off, 0);
	}
	if (n > 2 && !strncmp(m, "st", 2)) {
		int sz = size_code(m + 2, n - 2);

		if (sz < 0)
			return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
		if ((rc = conf_mem(c, &k, &dst, &off)) || (rc = comma(c, &k)) || (rc = conf_imm32(c, &k, &imm)) ||
		    (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, (uint8_t)(0x62 | sz), dst, 0, off, imm);
	}
	if (n > 5 && (!strncmp(m, "ldabs", 5) || !strncmp(m, "ldind", 5))) {
		int sz = size_code(m + 5, n - 5), ind = m[2] == 'i';

		if (sz < 0 || sz == 0x18)
			return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
		src = 0;
		if (ind && ((rc = conf_reg(c, &k, &src)) || (rc = comma(c, &k))))
			return rc;
		if ((rc = conf_imm32(c, &k, &imm)) || (rc = end_line(c, &k)))
			return rc;
		return asm_emit(c, (uint8_t)(sz | (ind ? 0x40 : 0x20)), 0, src, 0, imm);
	}
#undef IS
	return asm_error(c, -EINVAL, "unknown instruction '%.*s'", (int)n, m);
}

/* ---- .data files ---- */

static char *trim_dup(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

enum sec { SEC_NONE, SEC_ASM, SEC_RAW, SEC_MEM, SEC_RESULT, SEC_ERROR, SEC_OTHER };

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int bpfsim_asm_conformance(const char *text, size_t len, const char *filename,
			   struct bpfsim_conformance_test *out, struct bpfsim_err *err)
{
	struct asm_ctx c = { 0 };
	struct bpfsim_insn *raw = NULL;
	size_t nraw = 0, capraw = 0, capmem = 0;
	char *result_text = NULL;
	size_t result_len = 0;
	int rc = 0, have_asm = 0;
	enum sec sec = SEC_NONE;
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	c.place = SIZE_MAX;
	c.err = err;
	c.file = filename ? filename : "<input>";
	c.syntax = BPFSIM_ASM_CONFORMANCE;
	if (!text && len)
		return asm_error(&c, -EINVAL, "no text");
	while (pos < len && !rc) {
		size_t e = pos;

		while (e < len && text[e] != '\n')
			e++;
		char *line = malloc(e - pos + 1);

		if (!line) {
			rc = asm_error(&c, -ENOMEM, "out of memory");
			break;
		}
		memcpy(line, text + pos, e - pos);
		line[e - pos] = 0;
		pos = e + 1;
		c.line++;

		const char *p = line;

		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] == '-' && p[1] == '-') {
			p += 2;
			while (*p == ' ' || *p == '\t')
				p++;
			char *name = trim_dup(p, strlen(p));

			if (!name) {
				free(line);
				rc = asm_error(&c, -ENOMEM, "out of memory");
				break;
			}
			if (!strcmp(name, "asm")) {
				sec = SEC_ASM;
				have_asm = 1;
			} else if (!strcmp(name, "raw")) {
				sec = SEC_RAW;
				out->has_raw = 1;
			} else if (!strcmp(name, "mem")) {
				sec = SEC_MEM;
				out->has_mem = 1;
			} else if (!strcmp(name, "result")) {
				sec = SEC_RESULT;
				out->has_result = 1;
			} else if (!strcmp(name, "error")) {
				sec = SEC_ERROR;
			} else if (!strcmp(name, "c") || !strcmp(name, "no register offset")) {
				sec = SEC_OTHER;
			} else {
				rc = asm_error(&c, -EINVAL, "unknown section '-- %s'", name);
			}
			free(name);
			free(line);
			continue;
		}
		if (sec == SEC_ERROR) {
			/* error text: first non-empty line, comments kept */
			char *t = trim_dup(line, strlen(line));

			if (!t)
				rc = asm_error(&c, -ENOMEM, "out of memory");
			else if (!out->error && *t)
				out->error = t;
			else
				free(t);
			free(line);
			continue;
		}
		char *h = strchr(line, '#');

		if (h)
			*h = 0;
		switch (sec) {
		case SEC_ASM:
			rc = asm_line_conformance(&c, line);
			break;
		case SEC_RAW: {
			struct asm_cur k = { line };
			uint64_t v;
			int neg, r;

			if (cur_eol(&k))
				break;
			r = cur_num(&k, &v, &neg);
			if (r <= 0 || neg || !cur_eol(&k)) {
				rc = asm_error(&c, -EINVAL, "bad raw instruction word '%.24s'", line);
				break;
			}
			if (nraw + 1 > capraw) {
				size_t nc = capraw ? capraw * 2 : 16;
				struct bpfsim_insn *np = realloc(raw, nc * sizeof(*raw));

				if (!np) {
					rc = asm_error(&c, -ENOMEM, "out of memory");
					break;
				}
				raw = np;
				capraw = nc;
			}
			uint8_t b[8];

			for (int i = 0; i < 8; i++)
				b[i] = (uint8_t)(v >> (8 * i));
			bpfsim_insn_decode(b, &raw[nraw++]);
			break;
		}
		case SEC_MEM:
			for (const char *q = line; *q && !rc;) {
				if (isspace((unsigned char)*q)) {
					q++;
					continue;
				}
				if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
					q += 2;
				int hi = hexval((unsigned char)q[0]), lo = hi >= 0 ? hexval((unsigned char)q[1]) : -1;

				if (hi < 0 || lo < 0 || (q[2] && !isspace((unsigned char)q[2]))) {
					rc = asm_error(&c, -EINVAL, "bad memory byte '%.8s'", q);
					break;
				}
				if (out->mem_len + 1 > capmem) {
					size_t nc = capmem ? capmem * 2 : 64;
					uint8_t *np = realloc(out->mem, nc);

					if (!np) {
						rc = asm_error(&c, -ENOMEM, "out of memory");
						break;
					}
					out->mem = np;
					capmem = nc;
				}
				out->mem[out->mem_len++] = (uint8_t)(hi * 16 + lo);
				q += 2;
			}
			break;
		case SEC_RESULT: {
			struct asm_cur k = { line };

			if (cur_eol(&k))
				break;
			if (result_text) {
				rc = asm_error(&c, -EINVAL, "more than one value in '-- result'");
				break;
			}
			result_text = line;
			result_len = c.line;
			line = NULL;
			break;
		}
		case SEC_NONE: {
			struct asm_cur k = { line };

			if (!cur_eol(&k))
				rc = asm_error(&c, -EINVAL, "text before the first section");
			break;
		}
		default:
			break;
		}
		free(line);
	}
	if (!rc && result_text) {
		struct asm_cur k = { result_text };
		uint64_t mag;
		int neg, r;

		c.line = (unsigned)result_len;
		r = cur_num(&k, &mag, &neg);
		if (r <= 0 || !cur_eol(&k))
			rc = asm_error(&c, -EINVAL, "bad result value '%.24s'", result_text);
		else
			rc = asm_imm64(&c, mag, neg, &out->result);
	}
	free(result_text);
	if (!rc && !have_asm && !out->has_raw) {
		c.line = 0;
		rc = asm_error(&c, -EINVAL, "no '-- asm' or '-- raw' section");
	}
	if (!rc) {
		c.line = 0;
		rc = asm_resolve(&c, 1);
	}
	if (!rc && out->has_raw && nraw && bpfsim_insn_slots(&raw[nraw - 1]) == 2) {
		c.line = 0;
		rc = asm_error(&c, -EINVAL, "'-- raw' ends in the middle of an ld_imm64");
	}
	if (rc) {
		free(raw);
		asm_ctx_free(&c);
		bpfsim_conformance_test_free(out);
		return rc;
	}
	if (have_asm) {
		out->asm_insns = c.insns;
		out->n_asm_insns = c.n;
		c.insns = NULL;
	}
	if (out->has_raw) {
		out->insns = raw;
		out->n_insns = nraw;
	} else {
		out->insns = malloc((out->n_asm_insns ? out->n_asm_insns : 1) * sizeof(*out->insns));
		if (!out->insns) {
			rc = asm_error(&c, -ENOMEM, "out of memory");
			asm_ctx_free(&c);
			bpfsim_conformance_test_free(out);
			return rc;
		}
		if (out->n_asm_insns)
			memcpy(out->insns, out->asm_insns, out->n_asm_insns * sizeof(*out->insns));
		out->n_insns = out->n_asm_insns;
	}
	asm_ctx_free(&c);
	return 0;
}

int bpfsim_asm_conformance_file(const char *path, struct bpfsim_conformance_test *out, struct bpfsim_err *err)
{
	uint8_t *buf;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = bpfsim_read_file(path, &buf, &len, err);
	if (rc)
		return rc;
	rc = bpfsim_asm_conformance((const char *)buf, len, path, out, err);
	free(buf);
	return rc;
}

void bpfsim_conformance_test_free(struct bpfsim_conformance_test *t)
{
	if (!t)
		return;
	free(t->insns);
	free(t->asm_insns);
	free(t->mem);
	free(t->error);
	memset(t, 0, sizeof(*t));
}
