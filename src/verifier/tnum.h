/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tnum.h: tristate numbers, the verifier's bit-level abstract domain.
 *
 * A tnum describes a set of 64-bit values bit by bit: a bit whose `mask` bit
 * is 1 is unknown (it may be 0 or 1); otherwise it is known and equals the
 * corresponding `value` bit. Invariant: (value & mask) == 0. The set of
 * concrete members of T is { x : (x & ~T.mask) == T.value }.
 *
 * Every operation here is a pure function on values (no allocation, no
 * context) and is sound: if x is in A and y is in B then op(x, y) is in
 * op(A, B). The results equal the Linux 6.18 kernel's (kernel/bpf/tnum.c),
 * bit for bit, because the verifier's log prints them and later decisions
 * depend on them; tests/unit/test_tnum.c checks soundness exhaustively on
 * small widths and pins the kernel's precision on chosen cases.
 */
#ifndef BPFSIM_VERIFIER_TNUM_H
#define BPFSIM_VERIFIER_TNUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tnum {
	uint64_t value;
	uint64_t mask;
};

#define TNUM(v, m) ((struct tnum){ .value = (v), .mask = (m) })
#define TNUM_UNKNOWN TNUM(0, UINT64_MAX)

struct tnum tnum_const(uint64_t value);
/* Smallest tnum containing every value of [min, max] (unsigned). */
struct tnum tnum_range(uint64_t min, uint64_t max);
struct tnum tnum_lshift(struct tnum a, uint8_t shift);
struct tnum tnum_rshift(struct tnum a, uint8_t shift);
/* Arithmetic right shift of a (as a 32- or 64-bit value) by min_shift. */
struct tnum tnum_arshift(struct tnum a, uint8_t min_shift, uint8_t insn_bitness);
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_neg(struct tnum a);
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);
struct tnum tnum_mul(struct tnum a, struct tnum b);
/* True if some value is a member of both a and b. */
bool tnum_overlap(struct tnum a, struct tnum b);
/* The values in both a and b (the kernel's: where a and b disagree on a
 * known bit the result says 1; callers only use it on overlapping tnums). */
struct tnum tnum_intersect(struct tnum a, struct tnum b);
/* Smallest tnum containing every value of a and every value of b. */
struct tnum tnum_union(struct tnum a, struct tnum b);
/* Keep the low `size` bytes (size 1..8). */
struct tnum tnum_cast(struct tnum a, uint8_t size);
/* True if every member is a multiple of size (a power of two; 0 -> true). */
bool tnum_is_aligned(struct tnum a, uint64_t size);
/* True if every member of b is a member of a (b is a subset of a). */
bool tnum_in(struct tnum a, struct tnum b);
/* Smallest member of t that is >= y: true and *out set, or false if every
 * member is below y. */
bool tnum_min_ge(struct tnum t, uint64_t y, uint64_t *out);
/* The kernel's tnum_step: the smallest member of t greater than z, or the
 * largest member (value | mask) when z is not below it. */
uint64_t tnum_step(struct tnum t, uint64_t z);
/* True if x is a member of a. */
bool tnum_contains(struct tnum a, uint64_t x);

static inline bool tnum_is_const(struct tnum a) { return a.mask == 0; }
static inline bool tnum_equals_const(struct tnum a, uint64_t b) { return a.mask == 0 && a.value == b; }
static inline bool tnum_is_unknown(struct tnum a) { return a.mask == UINT64_MAX; }

/* Low 32 bits only (upper known zero). */
struct tnum tnum_subreg(struct tnum a);
/* Upper 32 bits of a, low 32 bits known zero. */
struct tnum tnum_clear_subreg(struct tnum a);
/* Upper 32 bits of reg, low 32 bits of subreg. */
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg);
/* Upper 32 bits of a, low 32 bits the constant value. */
struct tnum tnum_const_subreg(struct tnum a, uint32_t value);
static inline bool tnum_subreg_is_const(struct tnum a) { return (uint32_t)a.mask == 0; }

/* The kernel's text form: "(%#llx; %#llx)", or the constant (decimal up to
 * 65535, else %#llx). Returns what snprintf returns. */
int tnum_strn(char *str, size_t size, struct tnum a);
/* 64 characters '0', '1', 'x', most significant first (size >= 65). */
int tnum_sbin(char *str, size_t size, struct tnum a);

#endif
