/* SPDX-License-Identifier: Apache-2.0 */
/*
 * asm.c: the assembler's driver: lines, labels, fix-ups, syntax detection.
 *
 * Algorithm (one pass plus fix-ups):
 *   1. The text is cut into lines (LF, CRLF). Each line is copied, its comment
 *      removed, and handed to the syntax's line parser (asm_conf.c for the
 *      conformance dialect, asm_llvm.c for llvm-objdump and verifier-log text,
 *      which share one parser because they are the same C-like language).
 *   2. A line parser appends 8-byte slots (two for ld_imm64) to ctx->insns,
 *      records "name:" labels at the current slot index, and for every operand
 *      that names a label records a fix-up (slot, kind, label).
 *   3. After the last line every fix-up is resolved: the operand becomes
 *      target - (pc + 1), range-checked (16 bits for off, 32 for imm).
 *      In the conformance dialect an undefined label "exit" means the first
 *      exit instruction (as the upstream assembler does).
 *   Invariant: ctx->n is the index of the next slot; labels and fix-ups refer
 *   to slot indices (so an ld_imm64 counts two, as jump offsets do).
 *   Example: "if r1 > 2 goto out" at slot 3 and "out:" before slot 7 give
 *   off = 7 - (3 + 1) = 3.
 *
 * Comments: conformance: from '#' to end of line. llvm/kernel: from ';' or
 * "//", or from a '#' at the start of the line or after a blank (so that the
 * kernel's "call bpf_map_lookup_elem#1" keeps its "#1").
 *
 * Syntax detection (bpfsim_asm_detect): a "-- asm" section or a "%rN"
 * register means conformance; a "(xx) " opcode prefix, "goto pc+N",
 * "call pc+N" or "name#N" call means kernel; a line whose first word is a
 * conformance-only mnemonic (mov, add32, ldxw, jne, ...) and that has no '='
 * means conformance; anything else is llvm.
 *
 * Errors are "FILE:LINE: message"; the first error stops assembly.
 */
#include "asm_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int asm_error(struct asm_ctx *c, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->line)
		return bpfsim_errf(c->err, code, "%s:%u: %s", c->file, c->line, msg);
	return bpfsim_errf(c->err, code, "%s: %s", c->file, msg);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 64;

	while (ncap < need)
		ncap *= 2;
	void *np = realloc(*p, ncap * elem);

	if (!np)
		return -ENOMEM;
	*p = np;
	*cap = ncap;
	return 0;
}

#define MAX_INSNS (1u << 20) /* BPF_COMPLEXITY_LIMIT_INSNS; far above any real program */

static int append(struct asm_ctx *c, const struct bpfsim_insn *in, int present)
{
	if (c->n >= MAX_INSNS)
		return asm_error(c, -E2BIG, "too many instructions (more than %u)", MAX_INSNS);
	if (grow((void **)&c->insns, &c->cap, c->n + 1, sizeof(*c->insns)) ||
	    grow((void **)&c->present, &c->cap_present, c->n + 1, 1))
		return asm_error(c, -ENOMEM, "out of memory");
	c->insns[c->n] = *in;
	c->present[c->n++] = (unsigned char)present;
	return 0;
}

int asm_pad(struct asm_ctx *c, size_t upto)
{
	static const struct bpfsim_insn zero;

	while (c->n < upto) {
		int rc = append(c, &zero, 0);

		if (rc)
			return rc;
	}
	return 0;
}

int asm_holes_check(struct asm_ctx *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (!c->present[i]) {
			c->line = 0;
			return asm_error(c, -EINVAL, "instruction %zu is missing (the log never shows it)",
					 i >= c->addr_base ? i - c->addr_base : i);
		}
	return 0;
}

int asm_emit(struct asm_ctx *c, uint8_t code, int dst, int src, int32_t off, int32_t imm)
{
	struct bpfsim_insn in = { .code = code, .dst = (uint8_t)dst, .src = (uint8_t)src, .off = (int16_t)off,
				  .imm = imm };

	if (c->place < c->n) { /* filling a hole left by an earlier jump in a kernel log */
		if (c->present[c->place])
			return asm_error(c, -EINVAL, "instruction %zu given twice",
					 c->place >= c->addr_base ? c->place - c->addr_base : c->place);
		c->insns[c->place] = in;
		c->present[c->place++] = 1;
		return 0;
	}
	if (c->place == c->n)
		c->place++; /* placing at the end: keep following it */
	return append(c, &in, 1);
}

int asm_emit_lddw(struct asm_ctx *c, int dst, int src, uint64_t imm64)
{
	int rc = asm_emit(c, 0x18, dst, src, 0, (int32_t)(uint32_t)imm64);

	if (!rc)
		rc = asm_emit(c, 0, 0, 0, 0, (int32_t)(uint32_t)(imm64 >> 32));
	return rc;
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

static struct asm_label *find_label(struct asm_ctx *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nl; i++)
		if (strlen(c->labels[i].name) == len && !memcmp(c->labels[i].name, name, len))
			return &c->labels[i];
	return NULL;
}

int asm_add_label(struct asm_ctx *c, const char *name, size_t len)
{
	struct asm_label *l = find_label(c, name, len);

	if (l) {
		/* llvm-objdump prints "<func>:" and a label may repeat at the same
		 * place; a second definition elsewhere is an error. */
		if (l->pc == c->n)
			return 0;
		return asm_error(c, -EINVAL, "label '%.*s' already defined on line %u", (int)len, name,
				 l->line);
	}
	if (grow((void **)&c->labels, &c->capl, c->nl + 1, sizeof(*c->labels)))
		return asm_error(c, -ENOMEM, "out of memory");
	char *d = dupn(name, len);

	if (!d)
		return asm_error(c, -ENOMEM, "out of memory");
	c->labels[c->nl++] = (struct asm_label){ .name = d, .pc = c->n, .line = c->line };
	return 0;
}

int asm_add_label_soft(struct asm_ctx *c, const char *name, size_t len)
{
	if (find_label(c, name, len))
		return 0;
	return asm_add_label(c, name, len);
}

int asm_add_fix(struct asm_ctx *c, size_t pc, enum asm_fix_kind kind, const char *name, size_t len)
{
	if (grow((void **)&c->fixes, &c->capf, c->nf + 1, sizeof(*c->fixes)))
		return asm_error(c, -ENOMEM, "out of memory");
	char *d = dupn(name, len);

	if (!d)
		return asm_error(c, -ENOMEM, "out of memory");
	c->fixes[c->nf++] = (struct asm_fix){ .pc = pc, .kind = kind, .label = d, .line = c->line };
	return 0;
}

int asm_map_index(struct asm_ctx *c, const char *name, size_t len)
{
	for (size_t i = 0; i < c->nm; i++)
		if (c->maps[i] && strlen(c->maps[i]) == len && !memcmp(c->maps[i], name, len))
			return (int)i;
	if (c->nm >= 65536)
		return asm_error(c, -E2BIG, "too many maps");
	if (grow((void **)&c->maps, &c->capm, c->nm + 1, sizeof(*c->maps)))
		return asm_error(c, -ENOMEM, "out of memory");
	c->maps[c->nm] = dupn(name, len);
	if (!c->maps[c->nm])
		return asm_error(c, -ENOMEM, "out of memory");
	return (int)c->nm++;
}

int asm_resolve(struct asm_ctx *c, int conformance_exit_label)
{
	for (size_t i = 0; i < c->nf; i++) {
		struct asm_fix *f = &c->fixes[i];
		struct asm_label *l = find_label(c, f->label, strlen(f->label));
		int64_t target;

		c->line = f->line;
		if (l) {
			target = (int64_t)l->pc;
		} else if (conformance_exit_label && !strcmp(f->label, "exit")) {
			size_t j;

			for (j = 0; j < c->n; j++)
				if (c->insns[j].code == 0x95 && !(j > 0 && c->insns[j - 1].code == 0x18))
					break;
			if (j == c->n)
				return asm_error(c, -EINVAL, "jump to 'exit' but the program has no exit instruction");
			target = (int64_t)j;
		} else {
			return asm_error(c, -EINVAL, "undefined label '%s'", f->label);
		}
		int64_t rel = target - ((int64_t)f->pc + 1);

		if (f->kind == FIX_OFF16) {
			if (rel < INT16_MIN || rel > INT16_MAX)
				return asm_error(c, -ERANGE, "jump to '%s' is out of range (%lld does not fit in 16 bits)",
						 f->label, (long long)rel);
			c->insns[f->pc].off = (int16_t)rel;
		} else {
			c->insns[f->pc].imm = (int32_t)rel; /* |rel| < MAX_INSNS */
		}
	}
	return 0;
}

void asm_ctx_free(struct asm_ctx *c)
{
	free(c->insns);
	free(c->present);
	for (size_t i = 0; i < c->nl; i++)
		free(c->labels[i].name);
	free(c->labels);
	for (size_t i = 0; i < c->nf; i++)
		free(c->fixes[i].label);
	free(c->fixes);
	for (size_t i = 0; i < c->nm; i++)
		free(c->maps[i]);
	free(c->maps);
	memset(c, 0, sizeof(*c));
}

/* ---- lexing ---- */

void cur_ws(struct asm_cur *k)
{
	while (*k->p == ' ' || *k->p == '\t' || *k->p == '\r' || *k->p == '\v' || *k->p == '\f')
		k->p++;
}

int cur_eol(struct asm_cur *k)
{
	cur_ws(k);
	return *k->p == 0;
}

int cur_lit(struct asm_cur *k, const char *s)
{
	cur_ws(k);
	size_t n = strlen(s);

	if (strncmp(k->p, s, n))
		return 0;
	k->p += n;
	return 1;
}

static int is_idc(int ch)
{
	return isalnum((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$';
}

int cur_word(struct asm_cur *k, const char *s)
{
	cur_ws(k);
	size_t n = strlen(s);

	if (strncmp(k->p, s, n) || is_idc(k->p[n]))
		return 0;
	k->p += n;
	return 1;
}

size_t cur_ident(struct asm_cur *k, const char **start)
{
	cur_ws(k);
	const char *p = k->p;

	if (!(isalpha((unsigned char)*p) || *p == '_' || *p == '.' || *p == '$'))
		return 0;
	while (is_idc(*p))
		p++;
	*start = k->p;
	size_t n = (size_t)(p - k->p);

	k->p = p;
	return n;
}

int cur_num(struct asm_cur *k, uint64_t *mag, int *neg)
{
	cur_ws(k);
	const char *p = k->p;
	uint64_t v = 0;
	int ng = 0, any = 0;

	if (*p == '-' || *p == '+') {
		ng = *p == '-';
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		p += 2;
		while (isxdigit((unsigned char)*p)) {
			int d = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);

			if (v >> 60)
				return -1;
			v = v * 16 + (unsigned)d;
			p++;
			any = 1;
		}
	} else {
		while (isdigit((unsigned char)*p)) {
			unsigned d = (unsigned)(*p - '0');

			if (v > (UINT64_MAX - d) / 10)
				return -1;
			v = v * 10 + d;
			p++;
			any = 1;
		}
	}
	if (!any || is_idc(*p))
		return 0;
	k->p = p;
	*mag = v;
	*neg = ng;
	return 1;
}

int asm_imm32(struct asm_ctx *c, uint64_t mag, int neg, int32_t *out)
{
	if (neg ? mag > 0x80000000ull : mag > 0xffffffffull)
		return asm_error(c, -ERANGE, "immediate %s%llu does not fit in 32 bits", neg ? "-" : "",
				 (unsigned long long)mag);
	*out = (int32_t)(uint32_t)(neg ? (0 - mag) : mag);
	return 0;
}

int asm_off16(struct asm_ctx *c, uint64_t mag, int neg, int16_t *out)
{
	if (neg ? mag > 0x8000ull : mag > 0x7fffull)
		return asm_error(c, -ERANGE, "offset %s%llu does not fit in 16 bits", neg ? "-" : "",
				 (unsigned long long)mag);
	*out = (int16_t)(neg ? -(int32_t)mag : (int32_t)mag);
	return 0;
}

int asm_imm64(struct asm_ctx *c, uint64_t mag, int neg, uint64_t *out)
{
	if (neg && mag > 0x8000000000000000ull)
		return asm_error(c, -ERANGE, "immediate -%llu does not fit in 64 bits", (unsigned long long)mag);
	*out = neg ? 0 - mag : mag;
	return 0;
}

/* ---- lines ---- */

static void strip_comment(char *s, enum bpfsim_asm_syntax syn)
{
	for (char *p = s; *p; p++) {
		if (syn == BPFSIM_ASM_CONFORMANCE) {
			if (*p == '#') {
				*p = 0;
				return;
			}
			continue;
		}
		if (*p == ';' || (p[0] == '/' && p[1] == '/') ||
		    (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t'))) {
			*p = 0;
			return;
		}
	}
}

/* A conformance section header: "-- name" at the start of the line. */
static int section_of(const char *line, const char **name)
{
	while (*line == ' ' || *line == '\t')
		line++;
	if (line[0] != '-' || line[1] != '-')
		return 0;
	line += 2;
	while (*line == ' ' || *line == '\t')
		line++;
	*name = line;
	return 1;
}

int asm_run(struct asm_ctx *c, const char *text, size_t len)
{
	size_t pos = 0;
	char stack_buf[512];
	int in_asm = 1; /* conformance: lines before any section, or in "-- asm" */

	c->line = 0;
	while (pos < len) {
		size_t e = pos;

		while (e < len && text[e] != '\n')
			e++;
		size_t n = e - pos;
		char *line = n < sizeof(stack_buf) ? stack_buf : malloc(n + 1);

		if (!line)
			return asm_error(c, -ENOMEM, "out of memory");
		memcpy(line, text + pos, n);
		line[n] = 0;
		/* An embedded NUL ends the line early: harmless, never read past. */
		c->line++;
		pos = e + 1;

		int rc = 0;
		const char *sec;

		if (c->syntax == BPFSIM_ASM_CONFORMANCE && section_of(line, &sec)) {
			in_asm = !strncmp(sec, "asm", 3) && (sec[3] == 0 || isspace((unsigned char)sec[3]));
		} else if (in_asm) {
			strip_comment(line, c->syntax);
			rc = c->syntax == BPFSIM_ASM_CONFORMANCE ? asm_line_conformance(c, line)
								 : asm_line_llvm(c, line);
		}
		if (line != stack_buf)
			free(line);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- syntax detection ---- */

static const char *const conf_only_words[] = {
	"mov", "mov32", "mov64", "add", "add32", "add64", "sub", "sub32", "sub64", "mul", "mul32", "mul64",
	"div", "div32", "div64", "sdiv", "sdiv32", "sdiv64", "mod", "mod32", "mod64", "smod", "smod32",
	"smod64", "or", "or32", "or64", "and", "and32", "and64", "xor", "xor32", "xor64", "lsh", "lsh32",
	"lsh64", "rsh", "rsh32", "rsh64", "arsh", "arsh32", "arsh64", "neg", "neg32", "neg64", "ldxb",
	"ldxh", "ldxw", "ldxdw", "ldxsb", "ldxsh", "ldxsw", "stb", "sth", "stw", "stdw", "stxb", "stxh",
	"stxw", "stxdw", "lddw", "ja", "ja32", "jeq", "jgt", "jge", "jlt", "jle", "jset", "jne", "jsgt",
	"jsge", "jslt", "jsle", "le16", "le32", "le64", "be16", "be32", "be64", "bswap16", "bswap32",
	"bswap64", "swap16", "swap32", "swap64", NULL,
};

static int line_looks_kernel(const char *s)
{
	const char *p = s;

	while (*p == ' ' || *p == '\t')
		p++;
	while (isdigit((unsigned char)*p))
		p++;
	if (p != s && *p == ':')
		p++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '(' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2]) && p[3] == ')')
		return 1;
	if (strstr(s, "goto pc") || strstr(s, "call pc") || strstr(s, "may_goto pc") || strstr(s, "gotol pc"))
		return 1;
	const char *h = strstr(s, "call ");

	if (h) {
		h += 5;
		while (is_idc(*h) || *h == '-')
			h++;
		if (*h == '#' && (isdigit((unsigned char)h[1]) || h[1] == '-'))
			return 1;
	}
	return 0;
}

static int line_looks_conformance(const char *s)
{
	if (strstr(s, "%r"))
		return 1;
	const char *p = s;

	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '-' && p[1] == '-' && (!strncmp(p + 2, " asm", 4) || !strncmp(p + 2, " raw", 4)))
		return 1;
	if (strchr(s, '='))
		return 0;
	if (!strncmp(p, "lock ", 5) && strchr(p, '['))
		return 1;
	if (!strncmp(p, "call local ", 11))
		return 1;
	for (int i = 0; conf_only_words[i]; i++) {
		size_t n = strlen(conf_only_words[i]);

		if (!strncmp(p, conf_only_words[i], n) && (p[n] == ' ' || p[n] == '\t'))
			return 1;
	}
	return 0;
}

enum bpfsim_asm_syntax bpfsim_asm_detect(const char *text, size_t len)
{
	size_t pos = 0;
	int kernel = 0, conf = 0;
	char buf[256];

	while (pos < len) {
		size_t e = pos;

		while (e < len && text[e] != '\n')
			e++;
		size_t n = e - pos < sizeof(buf) - 1 ? e - pos : sizeof(buf) - 1;

		memcpy(buf, text + pos, n);
		buf[n] = 0;
		pos = e + 1;
		char *h = buf;

		/* drop '#' comments that start a line (both dialects) */
		while (*h == ' ' || *h == '\t')
			h++;
		if (*h == '#' || *h == ';' || (h[0] == '/' && h[1] == '/'))
			continue;
		if (line_looks_conformance(buf))
			conf++;
		else if (line_looks_kernel(buf))
			kernel++;
	}
	if (conf && conf >= kernel)
		return BPFSIM_ASM_CONFORMANCE;
	if (kernel)
		return BPFSIM_ASM_KERNEL;
	return BPFSIM_ASM_LLVM;
}

int bpfsim_asm_syntax_from_name(const char *name)
{
	if (!strcmp(name, "auto"))
		return BPFSIM_ASM_AUTO;
	if (!strcmp(name, "llvm"))
		return BPFSIM_ASM_LLVM;
	if (!strcmp(name, "kernel"))
		return BPFSIM_ASM_KERNEL;
	if (!strcmp(name, "conformance") || !strcmp(name, "conf"))
		return BPFSIM_ASM_CONFORMANCE;
	return -1;
}

const char *bpfsim_asm_syntax_name(enum bpfsim_asm_syntax s)
{
	switch (s) {
	case BPFSIM_ASM_AUTO: return "auto";
	case BPFSIM_ASM_LLVM: return "llvm";
	case BPFSIM_ASM_KERNEL: return "kernel";
	case BPFSIM_ASM_CONFORMANCE: return "conformance";
	}
	return "?";
}

/* ---- public entry ---- */

int bpfsim_asm(const char *text, size_t len, const struct bpfsim_asm_opts *opts,
	       struct bpfsim_asm_result *out, struct bpfsim_err *err)
{
	struct asm_ctx c = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	c.place = SIZE_MAX;
	c.err = err;
	c.file = "<input>";
	c.syntax = BPFSIM_ASM_AUTO;
	if (opts && opts->sz >= offsetof(struct bpfsim_asm_opts, filename) + sizeof(opts->filename) &&
	    opts->filename)
		c.file = opts->filename;
	if (opts && opts->sz >= offsetof(struct bpfsim_asm_opts, syntax) + sizeof(opts->syntax))
		c.syntax = opts->syntax;
	if (c.syntax != BPFSIM_ASM_AUTO && c.syntax != BPFSIM_ASM_LLVM && c.syntax != BPFSIM_ASM_KERNEL &&
	    c.syntax != BPFSIM_ASM_CONFORMANCE)
		return asm_error(&c, -EINVAL, "unknown syntax %d", (int)c.syntax);
	if (!text && len)
		return asm_error(&c, -EINVAL, "no text");
	if (c.syntax == BPFSIM_ASM_AUTO)
		c.syntax = bpfsim_asm_detect(text, len);
	if (opts && opts->sz >= sizeof(struct bpfsim_asm_opts) && opts->map_names) {
		for (size_t i = 0; i < opts->n_map_names; i++) {
			const char *m = opts->map_names[i];
			int dup = 0;

			for (size_t j = 0; m && j < i; j++)
				if (c.maps[j] && !strcmp(c.maps[j], m))
					dup = 1; /* first one wins */
			if (grow((void **)&c.maps, &c.capm, i + 1, sizeof(*c.maps))) {
				rc = asm_error(&c, -ENOMEM, "out of memory");
				goto fail;
			}
			c.maps[i] = (m && !dup) ? dupn(m, strlen(m)) : NULL;
			c.nm = i + 1;
			if (m && !dup && !c.maps[i]) {
				rc = asm_error(&c, -ENOMEM, "out of memory");
				goto fail;
			}
		}
	}
	rc = asm_run(&c, text, len);
	if (!rc)
		rc = asm_holes_check(&c);
	if (!rc)
		rc = asm_resolve(&c, c.syntax == BPFSIM_ASM_CONFORMANCE);
	if (rc)
		goto fail;
	out->insns = c.insns;
	out->n_insns = c.n;
	out->syntax = c.syntax;
	out->map_names = c.maps;
	out->n_maps = c.nm;
	c.insns = NULL;
	c.n = 0;
	c.maps = NULL;
	c.nm = 0;
	asm_ctx_free(&c);
	return 0;
fail:
	asm_ctx_free(&c);
	return rc;
}

void bpfsim_asm_result_free(struct bpfsim_asm_result *res)
{
	if (!res)
		return;
	free(res->insns);
	for (size_t i = 0; i < res->n_maps; i++)
		free(res->map_names[i]);
	free(res->map_names);
	memset(res, 0, sizeof(*res));
}
