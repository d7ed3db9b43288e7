/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface of the assembler (asm.c, asm_conf.c, asm_llvm.c). */
#ifndef BPFSIM_ASM_INT_H
#define BPFSIM_ASM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsim/asm.h"
#include "bpfsim/insn.h"

/* How a label reference is patched once every label is known. */
enum asm_fix_kind {
	FIX_OFF16, /* insn.off = target - (pc + 1) */
	FIX_IMM32, /* insn.imm = target - (pc + 1) (gotol, call local, ld_imm64 func) */
};

struct asm_label {
	char *name;
	size_t pc;
	unsigned line;
};

struct asm_fix {
	size_t pc;
	enum asm_fix_kind kind;
	char *label;
	unsigned line;
};

/* The assembler's context: one per bpfsim_asm() call (no globals). */
struct asm_ctx {
	const char *file;
	unsigned line;             /* current line, 1-based */
	enum bpfsim_asm_syntax syntax;
	struct bpfsim_insn *insns;
	size_t n, cap;
	unsigned char *present;    /* per slot: 0 = a hole (kernel log gap) */
	size_t cap_present;
	size_t place;              /* kernel syntax: fill this hole next, or SIZE_MAX */
	struct asm_label *labels;
	size_t nl, capl;
	struct asm_fix *fixes;
	size_t nf, capf;
	size_t addr_base;          /* kernel syntax: slot of address 0 (per section) */
	char **maps;               /* map names by index */
	size_t nm, capm;
	struct bpfsim_err *err;
};

/* A cursor over one line (NUL-terminated copy, comments removed). */
struct asm_cur {
	const char *p;
};

int asm_error(struct asm_ctx *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The slot the next instruction goes to (a hole being filled, or the end). */
static inline size_t asm_pc(const struct asm_ctx *c)
{
	return c->place < c->n ? c->place : c->n;
}
int asm_pad(struct asm_ctx *c, size_t upto); /* append holes up to slot upto */
int asm_holes_check(struct asm_ctx *c);      /* error if a hole is left */
int asm_emit(struct asm_ctx *c, uint8_t code, int dst, int src, int32_t off, int32_t imm);
int asm_emit_lddw(struct asm_ctx *c, int dst, int src, uint64_t imm64);
int asm_add_label(struct asm_ctx *c, const char *name, size_t len);
int asm_add_label_soft(struct asm_ctx *c, const char *name, size_t len); /* keeps an existing one */
int asm_add_fix(struct asm_ctx *c, size_t pc, enum asm_fix_kind kind, const char *name, size_t len);
int asm_map_index(struct asm_ctx *c, const char *name, size_t len);
int asm_resolve(struct asm_ctx *c, int conformance_exit_label);
void asm_ctx_free(struct asm_ctx *c);

/* Lexing helpers: all skip leading blanks first. */
void cur_ws(struct asm_cur *k);
int cur_eol(struct asm_cur *k);
int cur_lit(struct asm_cur *k, const char *s);   /* exact text (blanks skipped before) */
int cur_word(struct asm_cur *k, const char *s);  /* s not followed by [A-Za-z0-9_] */
size_t cur_ident(struct asm_cur *k, const char **start); /* [A-Za-z_.$][A-Za-z0-9_.$]* ; 0 if none */
/* A number: [+-]? (0x hex | decimal). *neg set for '-'. Returns 1 ok, 0 none,
 * -1 overflow (more than 64 bits). Value is the magnitude. */
int cur_num(struct asm_cur *k, uint64_t *mag, int *neg);

/* Range helpers: store v into *out if representable, else error. */
int asm_imm32(struct asm_ctx *c, uint64_t mag, int neg, int32_t *out);   /* [-2^31, 2^32-1] */
int asm_off16(struct asm_ctx *c, uint64_t mag, int neg, int16_t *out);   /* [-2^15, 2^15-1] */
int asm_imm64(struct asm_ctx *c, uint64_t mag, int neg, uint64_t *out);

int asm_line_conformance(struct asm_ctx *c, char *line);
int asm_line_llvm(struct asm_ctx *c, char *line);

/* Split text into lines and feed them to the syntax's line function. */
int asm_run(struct asm_ctx *c, const char *text, size_t len);

#endif
