/* SPDX-License-Identifier: Apache-2.0 */
/*
 * range.h: the verifier's numeric domain for a scalar register: a tnum plus
 * unsigned and signed bounds in 64 and in 32 bits (the low half of the
 * register), as the Linux 6.18 kernel tracks them in struct bpf_reg_state
 * (pointers excluded).
 *
 * The four bound pairs and the tnum each over-approximate the same set of
 * concrete values; reg_bounds_sync-style synchronisation (scalar_sync)
 * makes each learn from the others. Transfer functions (scalar_alu),
 * branch prediction (scalar_branch_taken) and branch refinement
 * (scalar_refine) reproduce the kernel's results exactly, including where
 * the kernel gives up precision, because the log prints these states and
 * pruning compares them. All functions are pure (no allocation, no context).
 */
#ifndef BPFSIM_VERIFIER_RANGE_H
#define BPFSIM_VERIFIER_RANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verifier/tnum.h"

struct scalar {
	struct tnum var_off;
	int64_t smin, smax;     /* signed 64-bit bounds */
	uint64_t umin, umax;    /* unsigned 64-bit bounds */
	int32_t s32_min, s32_max; /* bounds of the low 32 bits, signed */
	uint32_t u32_min, u32_max; /* ... and unsigned */
};

/* BPF_OP values used by scalar_alu / scalar_branch_taken / scalar_refine. */
enum {
	SCALAR_ADD = 0x00, SCALAR_SUB = 0x10, SCALAR_MUL = 0x20, SCALAR_DIV = 0x30,
	SCALAR_OR = 0x40, SCALAR_AND = 0x50, SCALAR_LSH = 0x60, SCALAR_RSH = 0x70,
	SCALAR_NEG = 0x80, SCALAR_MOD = 0x90, SCALAR_XOR = 0xa0, SCALAR_MOV = 0xb0,
	SCALAR_ARSH = 0xc0, SCALAR_END = 0xd0,
};
enum {
	SCALAR_JEQ = 0x10, SCALAR_JGT = 0x20, SCALAR_JGE = 0x30, SCALAR_JSET = 0x40,
	SCALAR_JNE = 0x50, SCALAR_JSGT = 0x60, SCALAR_JSGE = 0x70, SCALAR_JLT = 0xa0,
	SCALAR_JLE = 0xb0, SCALAR_JSLT = 0xc0, SCALAR_JSLE = 0xd0,
	/* the kernel's internal opcode for the false edge of JSET: !(a & b) */
	SCALAR_JSET_NOT = 0x48,
};

void scalar_mark_unknown(struct scalar *r);      /* tnum unknown, all bounds full */
void scalar_mark_known(struct scalar *r, uint64_t v); /* exactly v */
void scalar_mark_known32(struct scalar *r, uint32_t v); /* low 32 bits exactly v */
void scalar_mark_unbounded(struct scalar *r);    /* all bounds full (tnum kept) */
void scalar_mark64_unbounded(struct scalar *r);
void scalar_mark32_unbounded(struct scalar *r);
struct scalar scalar_unknown(void);
struct scalar scalar_const(uint64_t v);

/* Synchronisation (kernel: __update_reg_bounds, __reg_deduce_bounds,
 * __reg_bound_offset, reg_bounds_sync). */
void scalar_update_bounds(struct scalar *r);
void scalar_deduce_bounds(struct scalar *r);
void scalar_bound_offset(struct scalar *r);
void scalar_sync(struct scalar *r);

/* Zero-extend the low 32 bits into the register (alu32 result, w-mov). */
void scalar_zext32(struct scalar *r);
/* Truncate to size bytes (1, 2 or 4), zero extended (narrow loads, casts);
 * ends with scalar_sync. */
void scalar_coerce(struct scalar *r, int size);
/* Sign-extend the low size bytes (1, 2 or 4) to 64 bits (movsx, ldsx); like
 * the kernel, no sync afterwards. */
void scalar_coerce_sx(struct scalar *r, int size);
/* Sign-extend the low size bytes (1 or 2) within the 32-bit subregister
 * (w-form movsx); the caller then zero-extends (scalar_zext32) and syncs,
 * as the kernel does. */
void scalar_coerce_subreg_sx(struct scalar *r, int size);

/* True when the kernel computes a range for dst op= src (else the result
 * is an unknown scalar): add/sub/mul/and/or/xor always, shifts only by a
 * constant below the width. */
bool scalar_alu_is_safe(const struct scalar *src, uint8_t op, bool alu32);
/* dst op= src for a scalar dst and scalar src (for a K operand pass
 * scalar_const((uint64_t)(int64_t)imm)). NEG ignores src. DIV, MOD, END and
 * any other op make dst unknown, as in 6.18. Ends with scalar_sync; the
 * kernel then runs its sanity check: call scalar_sanity(dst, "alu", ...). */
void scalar_alu(struct scalar *dst, const struct scalar *src, uint8_t op, bool alu32);
/* The kernel forks the state before `dst &= K` / `dst |= K` when dst is
 * exactly {-1, 0} (64-bit, returns 64) or its low half is (returns 32);
 * returns 0 otherwise. */
int scalar_alu_fork_width(const struct scalar *dst, const struct scalar *src, uint8_t op);

/* Branch prediction for `if a op b` (op a SCALAR_J* value): 1 always
 * taken, 0 never, -1 unknown. */
int scalar_branch_taken(const struct scalar *a, const struct scalar *b, uint8_t op, bool jmp32);
/* Refine the states of both operands on the taken (t1, t2) and fall-through
 * (f1, f2) branches, synchronise each, then apply scalar_sanity to each in
 * the kernel's order (true_reg1, true_reg2, false_reg1, false_reg2). The
 * four must be copies of the operands (for a K operand, a constant).
 * Returns the number of states found inconsistent (their messages are
 * appended to log if non-NULL). */
int scalar_refine(struct scalar *t1, struct scalar *t2, struct scalar *f1, struct scalar *f2,
		  uint8_t op, bool jmp32, char *log, size_t logsz);
/* Refine only: the states where `a op b` holds (no sync). */
void scalar_refine_cond(struct scalar *a, struct scalar *b, uint8_t op, bool jmp32);
/* The opcode for the negated condition (JEQ<->JNE, JGT<->JLE, ...; JSET maps
 * to the kernel's internal "not JSET", JSET|X). */
uint8_t scalar_rev_op(uint8_t op);

/* Kernel's reg_bounds_sanity_check: NULL if consistent, else the reason
 * ("range bounds violation", "const tnum out of sync with range bounds",
 * "const subreg tnum out of sync with range bounds"). */
const char *scalar_invariant_violation(const struct scalar *r);
/* The kernel's reg_bounds_sanity_check outside test mode: if r is
 * inconsistent, append "verifier bug: REG INVARIANTS VIOLATION (ctx): ..."
 * (one line, with its newline) to the NUL-terminated log (if non-NULL),
 * forget all bounds (the tnum stays) and return true. The kernel checks
 * after every ALU op ("alu") and on both edges of a branch. */
bool scalar_sanity(struct scalar *r, const char *ctx, char *log, size_t logsz);
/* True if the concrete 64-bit value x is allowed by every component. */
bool scalar_contains(const struct scalar *r, uint64_t x);

/* The log's text for a scalar register, exactly as 6.18 prints it after
 * "R1=": "P" if precise, then a constant ("-5", "0xffffffff") or
 * "scalar(id=..,smin=..,...,var_off=(..; ..))". id 0 means none. Returns
 * the length snprintf would have written. */
int scalar_strn(char *buf, size_t size, const struct scalar *r, uint32_t id, bool precise);
/* The kernel's number formats: decimal up to 65535 / in [-32768, 32767],
 * otherwise %#llx. */
int scalar_fmt_unum(char *buf, size_t size, uint64_t v);
int scalar_fmt_snum(char *buf, size_t size, int64_t v);

#endif
