/* SPDX-License-Identifier: Apache-2.0 */
/*
 * range.c: scalar bounds (see range.h), the behaviour of Linux 6.18.
 *
 * Invariants after scalar_sync(): umin <= umax, smin <= smax, u32_min <=
 * u32_max, s32_min <= s32_max, and every component contains every concrete
 * value the register may hold (soundness). The components are not
 * independent: a known tnum bit bounds the ranges (update_bounds); a range
 * that does not cross the sign boundary bounds the other signedness
 * (deduce 32 and 64); a 64-bit range whose upper 32 bits are fixed bounds
 * the 32-bit range, and 32-bit ranges tighten the low half of the 64-bit
 * bounds (deduce mixed); [umin, umax] yields known high bits
 * (bound_offset); and (6.18) a tnum that has a single member in
 * [umin, umax] makes the register that constant (update_bounds). Worked example: r = unknown; r &= 0xf0 gives var_off
 * (0x0; 0xf0); update_bounds then yields umax = smax = 0xf0 (value|mask),
 * and the 32-bit halves the same.
 *
 * Transfer functions follow the kernel's overflow rules: add keeps the
 * unsigned range when both or neither end wraps (6.18), sub likewise for
 * borrows; signed add/sub give up on any overflow; mul computes the
 * unsigned product of the ends and the four signed corner products and
 * gives up on overflow (6.18); and/or/xor derive from the tnum; shifts only
 * by a constant; neg is 0 - x.
 */
#include "verifier/range.h"

#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#define U32_MAXV 0xffffffffU
#define S32_MINV INT32_MIN
#define S32_MAXV INT32_MAX

static inline uint64_t umax64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static inline uint64_t umin64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline int64_t smax64(int64_t a, int64_t b) { return a > b ? a : b; }
static inline int64_t smin64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline uint32_t umax32(uint32_t a, uint32_t b) { return a > b ? a : b; }
static inline uint32_t umin32(uint32_t a, uint32_t b) { return a < b ? a : b; }
static inline int32_t smax32(int32_t a, int32_t b) { return a > b ? a : b; }
static inline int32_t smin32(int32_t a, int32_t b) { return a < b ? a : b; }

void scalar_mark64_unbounded(struct scalar *r)
{
	r->smin = INT64_MIN;
	r->smax = INT64_MAX;
	r->umin = 0;
	r->umax = UINT64_MAX;
}

void scalar_mark32_unbounded(struct scalar *r)
{
	r->s32_min = S32_MINV;
	r->s32_max = S32_MAXV;
	r->u32_min = 0;
	r->u32_max = U32_MAXV;
}

void scalar_mark_unbounded(struct scalar *r)
{
	scalar_mark64_unbounded(r);
	scalar_mark32_unbounded(r);
}

void scalar_mark_unknown(struct scalar *r)
{
	r->var_off = TNUM_UNKNOWN;
	scalar_mark_unbounded(r);
}

void scalar_mark_known(struct scalar *r, uint64_t v)
{
	r->var_off = tnum_const(v);
	r->smin = r->smax = (int64_t)v;
	r->umin = r->umax = v;
	r->s32_min = r->s32_max = (int32_t)(uint32_t)v;
	r->u32_min = r->u32_max = (uint32_t)v;
}

void scalar_mark_known32(struct scalar *r, uint32_t v)
{
	r->var_off = tnum_const_subreg(r->var_off, v);
	r->s32_min = r->s32_max = (int32_t)v;
	r->u32_min = r->u32_max = v;
}

struct scalar scalar_unknown(void)
{
	struct scalar r;

	scalar_mark_unknown(&r);
	return r;
}

struct scalar scalar_const(uint64_t v)
{
	struct scalar r;

	scalar_mark_known(&r, v);
	return r;
}

/* ---- synchronisation ---- */

static void update_bounds32(struct scalar *r)
{
	struct tnum t = tnum_subreg(r->var_off);
	uint32_t v = (uint32_t)t.value, m = (uint32_t)t.mask;

	/* signed min: sign bit set if it may be, the other bits at their min */
	r->s32_min = smax32(r->s32_min, (int32_t)(v | (m & 0x80000000U)));
	r->s32_max = smin32(r->s32_max, (int32_t)(v | (m & 0x7fffffffU)));
	r->u32_min = umax32(r->u32_min, v);
	r->u32_max = umin32(r->u32_max, v | m);
}

/* 6.18: when the tnum and [umin, umax] share a single value, the register
 * is that constant. The kernel's three cases, kept exactly (including what
 * they do on an empty intersection, a dead branch: the tnum's largest
 * member becomes the constant):
 *   umin is a member and the next member is above umax -> umin;
 *   umin is not a member and the next member is the largest -> it;
 *   umin is not a member, the next member is in range and the one after
 *   it is above umax -> the next member. */
static void single_member(struct scalar *r)
{
	uint64_t next = tnum_step(r->var_off, r->umin);
	uint64_t tmax = r->var_off.value | r->var_off.mask;
	bool umin_in = tnum_contains(r->var_off, r->umin);

	if (umin_in && next > r->umax)
		scalar_mark_known(r, r->umin);
	else if (!umin_in && next == tmax)
		scalar_mark_known(r, tmax);
	else if (!umin_in && next <= r->umax && tnum_step(r->var_off, next) > r->umax)
		scalar_mark_known(r, next);
}

static void update_bounds64(struct scalar *r)
{
	uint64_t v = r->var_off.value, m = r->var_off.mask;

	r->smin = smax64(r->smin, (int64_t)(v | (m & (1ULL << 63))));
	r->smax = smin64(r->smax, (int64_t)(v | (m & ~(1ULL << 63))));
	r->umin = umax64(r->umin, v);
	r->umax = umin64(r->umax, v | m);
	single_member(r);
}

void scalar_update_bounds(struct scalar *r)
{
	update_bounds32(r);
	update_bounds64(r);
}

static void deduce32(struct scalar *r)
{
	/* upper halves of the u64 range equal: the low halves form a range */
	if ((r->umin >> 32) == (r->umax >> 32)) {
		r->u32_min = umax32(r->u32_min, (uint32_t)r->umin);
		r->u32_max = umin32(r->u32_max, (uint32_t)r->umax);
		if ((int32_t)r->umin <= (int32_t)r->umax) {
			r->s32_min = smax32(r->s32_min, (int32_t)r->umin);
			r->s32_max = smin32(r->s32_max, (int32_t)r->umax);
		}
	}
	if ((r->smin >> 32) == (r->smax >> 32)) {
		if ((uint32_t)r->smin <= (uint32_t)r->smax) {
			r->u32_min = umax32(r->u32_min, (uint32_t)r->smin);
			r->u32_max = umin32(r->u32_max, (uint32_t)r->smax);
		}
		if ((int32_t)r->smin <= (int32_t)r->smax) {
			r->s32_min = smax32(r->s32_min, (int32_t)r->smin);
			r->s32_max = smin32(r->s32_max, (int32_t)r->smax);
		}
	}
	/* upper halves consecutive and the low halves go from negative to
	 * non-negative: still one s32 range */
	if ((uint32_t)(r->umin >> 32) + 1 == (uint32_t)(r->umax >> 32) &&
	    (int32_t)r->umin < 0 && (int32_t)r->umax >= 0) {
		r->s32_min = smax32(r->s32_min, (int32_t)r->umin);
		r->s32_max = smin32(r->s32_max, (int32_t)r->umax);
	}
	if ((uint32_t)((uint64_t)r->smin >> 32) + 1 == (uint32_t)((uint64_t)r->smax >> 32) &&
	    (int32_t)r->smin < 0 && (int32_t)r->smax >= 0) {
		r->s32_min = smax32(r->s32_min, (int32_t)r->smin);
		r->s32_max = smin32(r->s32_max, (int32_t)r->smax);
	}
	/* u32 range on one side of the sign boundary: it is an s32 range */
	if ((int32_t)r->u32_min <= (int32_t)r->u32_max) {
		r->s32_min = smax32(r->s32_min, (int32_t)r->u32_min);
		r->s32_max = smin32(r->s32_max, (int32_t)r->u32_max);
	}
	if ((uint32_t)r->s32_min <= (uint32_t)r->s32_max) {
		r->u32_min = umax32((uint32_t)r->s32_min, r->u32_min);
		r->u32_max = umin32((uint32_t)r->s32_max, r->u32_max);
	} else if (r->u32_max < (uint32_t)r->s32_min) {
		/* u32 range meets only the non-negative part of the s32 range */
		r->s32_min = (int32_t)r->u32_min;
		r->u32_max = umin32(r->u32_max, (uint32_t)r->s32_max);
	} else if ((uint32_t)r->s32_max < r->u32_min) {
		/* ... only the negative part */
		r->s32_max = (int32_t)r->u32_max;
		r->u32_min = umax32(r->u32_min, (uint32_t)r->s32_min);
	}
}

static void deduce64(struct scalar *r)
{
	if ((int64_t)r->umin <= (int64_t)r->umax) {
		r->smin = smax64(r->smin, (int64_t)r->umin);
		r->smax = smin64(r->smax, (int64_t)r->umax);
	}
	if ((uint64_t)r->smin <= (uint64_t)r->smax) {
		r->umin = umax64((uint64_t)r->smin, r->umin);
		r->umax = umin64((uint64_t)r->smax, r->umax);
	} else if (r->umax < (uint64_t)r->smin) {
		r->smin = (int64_t)r->umin;
		r->umax = umin64(r->umax, (uint64_t)r->smax);
	} else if ((uint64_t)r->smax < r->umin) {
		r->smax = (int64_t)r->umax;
		r->umin = umax64(r->umin, (uint64_t)r->smin);
	}
}

static void deduce_mixed(struct scalar *r)
{
	const uint64_t hi = ~0xffffffffULL;
	uint64_t nu_min, nu_max;
	int64_t ns_min, ns_max;

	/* u32 bounds replace the low half of the 64-bit ends */
	nu_min = (r->umin & hi) | r->u32_min;
	nu_max = (r->umax & hi) | r->u32_max;
	r->umin = umax64(r->umin, nu_min);
	r->umax = umin64(r->umax, nu_max);
	ns_min = (int64_t)(((uint64_t)r->smin & hi) | r->u32_min);
	ns_max = (int64_t)(((uint64_t)r->smax & hi) | r->u32_max);
	r->smin = smax64(r->smin, ns_min);
	r->smax = smin64(r->smax, ns_max);

	if ((uint32_t)r->s32_min <= (uint32_t)r->s32_max) {
		nu_min = (r->umin & hi) | (uint32_t)r->s32_min;
		nu_max = (r->umax & hi) | (uint32_t)r->s32_max;
		r->umin = umax64(r->umin, nu_min);
		r->umax = umin64(r->umax, nu_max);
		ns_min = (int64_t)(((uint64_t)r->smin & hi) | (uint32_t)r->s32_min);
		ns_max = (int64_t)(((uint64_t)r->smax & hi) | (uint32_t)r->s32_max);
		r->smin = smax64(r->smin, ns_min);
		r->smax = smin64(r->smax, ns_max);
	}

	/* within [S32_MIN, S32_MAX] as s64 and the low half non-negative: the
	 * upper half cannot be all ones, so the value is the s32 range */
	if (r->s32_min >= 0 && r->smin >= S32_MINV && r->smax <= S32_MAXV) {
		r->smin = r->s32_min;
		r->smax = r->s32_max;
		r->umin = (uint64_t)r->s32_min;
		r->umax = (uint64_t)r->s32_max;
		r->var_off = tnum_intersect(r->var_off, tnum_range((uint64_t)r->smin, (uint64_t)r->smax));
	}
}

void scalar_deduce_bounds(struct scalar *r)
{
	deduce32(r);
	deduce64(r);
	deduce_mixed(r);
}

void scalar_bound_offset(struct scalar *r)
{
	struct tnum t64 = tnum_intersect(r->var_off, tnum_range(r->umin, r->umax));
	struct tnum t32 = tnum_intersect(tnum_subreg(t64), tnum_range(r->u32_min, r->u32_max));

	r->var_off = tnum_or(tnum_clear_subreg(t64), t32);
}

void scalar_sync(struct scalar *r)
{
	scalar_update_bounds(r);
	scalar_deduce_bounds(r);
	scalar_deduce_bounds(r);
	scalar_deduce_bounds(r);
	scalar_bound_offset(r);
	scalar_update_bounds(r);
}

/* ---- width changes ---- */

void scalar_zext32(struct scalar *r)
{
	r->var_off = tnum_subreg(r->var_off);
	r->umin = r->u32_min;
	r->umax = r->u32_max;
	if (r->s32_min >= 0 && r->s32_max >= 0) {
		r->smin = r->s32_min;
		r->smax = r->s32_max;
	} else {
		r->smin = 0;
		r->smax = U32_MAXV;
	}
}

void scalar_coerce(struct scalar *r, int size)
{
	uint64_t keep = (1ULL << (size * 8)) - 1;

	r->var_off = tnum_cast(r->var_off, (uint8_t)size);
	if ((r->umin & ~keep) == (r->umax & ~keep)) {
		r->umin &= keep;
		r->umax &= keep;
	} else {
		r->umin = 0;
		r->umax = keep;
	}
	r->smin = (int64_t)r->umin;
	r->smax = (int64_t)r->umax;
	if (size < 4)
		scalar_mark32_unbounded(r);
	scalar_sync(r);
}

static int64_t sext(uint64_t v, int size)
{
	switch (size) {
	case 1: return (int8_t)v;
	case 2: return (int16_t)v;
	default: return (int32_t)v;
	}
}

void scalar_coerce_sx(struct scalar *r, int size)
{
	unsigned bits = (unsigned)size * 8;
	int64_t a, b, lo, hi;

	if (tnum_is_const(r->var_off)) {
		scalar_mark_known(r, (uint64_t)sext(r->var_off.value, size));
		return;
	}
	if (((uint64_t)r->smax >> bits) == ((uint64_t)r->smin >> bits)) {
		a = sext((uint64_t)r->smax, size);
		b = sext((uint64_t)r->smin, size);
		hi = smax64(a, b);
		lo = smin64(a, b);
		if ((hi >= 0) == (lo >= 0)) {
			r->smin = lo;
			r->smax = hi;
			r->s32_min = (int32_t)lo;
			r->s32_max = (int32_t)hi;
			r->umin = (uint64_t)lo;
			r->umax = (uint64_t)hi;
			r->u32_min = (uint32_t)lo;
			r->u32_max = (uint32_t)hi;
			r->var_off = tnum_range((uint64_t)lo, (uint64_t)hi);
			return;
		}
	}
	r->smin = size == 1 ? INT8_MIN : size == 2 ? INT16_MIN : INT32_MIN;
	r->smax = size == 1 ? INT8_MAX : size == 2 ? INT16_MAX : INT32_MAX;
	r->s32_min = (int32_t)r->smin;
	r->s32_max = (int32_t)r->smax;
	r->umin = 0;
	r->u32_min = 0;
	r->umax = UINT64_MAX;
	r->u32_max = U32_MAXV;
	r->var_off = TNUM_UNKNOWN;
}

void scalar_coerce_subreg_sx(struct scalar *r, int size)
{
	unsigned bits = (unsigned)size * 8;
	int32_t a, b, lo, hi;

	if (tnum_is_const(r->var_off)) {
		uint64_t v = (uint64_t)sext((uint32_t)r->var_off.value, size);

		r->var_off = tnum_const(v);
		r->s32_min = r->s32_max = (int32_t)v;
		r->u32_min = r->u32_max = (uint32_t)v;
		return;
	}
	if (((uint32_t)r->s32_max >> bits) == ((uint32_t)r->s32_min >> bits)) {
		a = (int32_t)sext((uint32_t)r->s32_max, size);
		b = (int32_t)sext((uint32_t)r->s32_min, size);
		hi = smax32(a, b);
		lo = smin32(a, b);
		if ((lo >= 0) == (hi >= 0)) {
			r->s32_min = lo;
			r->s32_max = hi;
			r->u32_min = (uint32_t)lo;
			r->u32_max = (uint32_t)hi;
			r->var_off = tnum_subreg(tnum_range((uint32_t)lo, (uint32_t)hi));
			return;
		}
	}
	r->s32_min = size == 1 ? INT8_MIN : INT16_MIN;
	r->s32_max = size == 1 ? INT8_MAX : INT16_MAX;
	r->u32_min = 0;
	r->u32_max = U32_MAXV;
	r->var_off = tnum_subreg(TNUM_UNKNOWN);
}

/* ---- ALU transfer functions ---- */

static void add32(struct scalar *d, const struct scalar *s)
{
	int32_t a, b;
	uint32_t ua, ub;
	bool o1, o2;

	if (__builtin_add_overflow(d->s32_min, s->s32_min, &a) ||
	    __builtin_add_overflow(d->s32_max, s->s32_max, &b)) {
		d->s32_min = S32_MINV;
		d->s32_max = S32_MAXV;
	} else {
		d->s32_min = a;
		d->s32_max = b;
	}
	o1 = __builtin_add_overflow(d->u32_min, s->u32_min, &ua);
	o2 = __builtin_add_overflow(d->u32_max, s->u32_max, &ub);
	if (!o1 && o2) {
		d->u32_min = 0;
		d->u32_max = U32_MAXV;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
}

static void add64(struct scalar *d, const struct scalar *s)
{
	int64_t a, b;
	uint64_t ua, ub;
	bool o1, o2;

	if (__builtin_add_overflow(d->smin, s->smin, &a) ||
	    __builtin_add_overflow(d->smax, s->smax, &b)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = a;
		d->smax = b;
	}
	o1 = __builtin_add_overflow(d->umin, s->umin, &ua);
	o2 = __builtin_add_overflow(d->umax, s->umax, &ub);
	if (!o1 && o2) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
}

static void sub32(struct scalar *d, const struct scalar *s)
{
	int32_t a, b;
	uint32_t ua, ub;
	bool o1, o2;

	if (__builtin_sub_overflow(d->s32_min, s->s32_max, &a) ||
	    __builtin_sub_overflow(d->s32_max, s->s32_min, &b)) {
		d->s32_min = S32_MINV;
		d->s32_max = S32_MAXV;
	} else {
		d->s32_min = a;
		d->s32_max = b;
	}
	o1 = __builtin_sub_overflow(d->u32_min, s->u32_max, &ua);
	o2 = __builtin_sub_overflow(d->u32_max, s->u32_min, &ub);
	if (o1 && !o2) {
		d->u32_min = 0;
		d->u32_max = U32_MAXV;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
}

static void sub64(struct scalar *d, const struct scalar *s)
{
	int64_t a, b;
	uint64_t ua, ub;
	bool o1, o2;

	if (__builtin_sub_overflow(d->smin, s->smax, &a) ||
	    __builtin_sub_overflow(d->smax, s->smin, &b)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = a;
		d->smax = b;
	}
	o1 = __builtin_sub_overflow(d->umin, s->umax, &ua);
	o2 = __builtin_sub_overflow(d->umax, s->umin, &ub);
	if (o1 && !o2) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
}

static void mul32(struct scalar *d, const struct scalar *s)
{
	uint32_t ua, ub;
	int32_t p[4];
	int i;

	if (__builtin_mul_overflow(d->u32_max, s->u32_max, &ub) ||
	    __builtin_mul_overflow(d->u32_min, s->u32_min, &ua)) {
		d->u32_min = 0;
		d->u32_max = U32_MAXV;
	} else {
		d->u32_min = ua;
		d->u32_max = ub;
	}
	if (__builtin_mul_overflow(d->s32_min, s->s32_min, &p[0]) ||
	    __builtin_mul_overflow(d->s32_min, s->s32_max, &p[1]) ||
	    __builtin_mul_overflow(d->s32_max, s->s32_min, &p[2]) ||
	    __builtin_mul_overflow(d->s32_max, s->s32_max, &p[3])) {
		d->s32_min = S32_MINV;
		d->s32_max = S32_MAXV;
	} else {
		d->s32_min = d->s32_max = p[0];
		for (i = 1; i < 4; i++) {
			d->s32_min = smin32(d->s32_min, p[i]);
			d->s32_max = smax32(d->s32_max, p[i]);
		}
	}
}

static void mul64(struct scalar *d, const struct scalar *s)
{
	uint64_t ua, ub;
	int64_t p[4];
	int i;

	if (__builtin_mul_overflow(d->umax, s->umax, &ub) ||
	    __builtin_mul_overflow(d->umin, s->umin, &ua)) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
	if (__builtin_mul_overflow(d->smin, s->smin, &p[0]) ||
	    __builtin_mul_overflow(d->smin, s->smax, &p[1]) ||
	    __builtin_mul_overflow(d->smax, s->smin, &p[2]) ||
	    __builtin_mul_overflow(d->smax, s->smax, &p[3])) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = d->smax = p[0];
		for (i = 1; i < 4; i++) {
			d->smin = smin64(d->smin, p[i]);
			d->smax = smax64(d->smax, p[i]);
		}
	}
}

/* and/or/xor: 32-bit part. `op` selects how the unsigned ends are found. */
static void bitop32(struct scalar *d, const struct scalar *s, uint8_t op)
{
	struct tnum t = tnum_subreg(d->var_off);

	if (tnum_subreg_is_const(s->var_off) && tnum_subreg_is_const(d->var_off)) {
		scalar_mark_known32(d, (uint32_t)t.value);
		return;
	}
	if (op == SCALAR_AND) {
		d->u32_min = (uint32_t)t.value;
		d->u32_max = umin32(d->u32_max, s->u32_max);
	} else if (op == SCALAR_OR) {
		d->u32_min = umax32(d->u32_min, s->u32_min);
		d->u32_max = (uint32_t)(t.value | t.mask);
	} else {
		d->u32_min = (uint32_t)t.value;
		d->u32_max = (uint32_t)(t.value | t.mask);
	}
	if ((int32_t)d->u32_min <= (int32_t)d->u32_max) {
		d->s32_min = (int32_t)d->u32_min;
		d->s32_max = (int32_t)d->u32_max;
	} else {
		d->s32_min = S32_MINV;
		d->s32_max = S32_MAXV;
	}
}

static void bitop64(struct scalar *d, const struct scalar *s, uint8_t op)
{
	if (tnum_is_const(s->var_off) && tnum_is_const(d->var_off)) {
		scalar_mark_known(d, d->var_off.value);
		return;
	}
	if (op == SCALAR_AND) {
		d->umin = d->var_off.value;
		d->umax = umin64(d->umax, s->umax);
	} else if (op == SCALAR_OR) {
		d->umin = umax64(d->umin, s->umin);
		d->umax = d->var_off.value | d->var_off.mask;
	} else {
		d->umin = d->var_off.value;
		d->umax = d->var_off.value | d->var_off.mask;
	}
	if ((int64_t)d->umin <= (int64_t)d->umax) {
		d->smin = (int64_t)d->umin;
		d->smax = (int64_t)d->umax;
	} else {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	}
	scalar_update_bounds(d);
}

static void lsh32_bounds(struct scalar *d, uint64_t lo, uint64_t hi)
{
	d->s32_min = S32_MINV;
	d->s32_max = S32_MAXV;
	if (hi > 31 || d->u32_max > (1ULL << (31 - hi))) {
		d->u32_min = 0;
		d->u32_max = U32_MAXV;
	} else {
		d->u32_min <<= lo;
		d->u32_max <<= hi;
	}
}

static void lsh64_bounds(struct scalar *d, uint64_t lo, uint64_t hi)
{
	if (lo == 32 && hi == 32) {
		d->smax = (int64_t)((uint64_t)(int64_t)d->s32_max << 32);
		d->smin = (int64_t)((uint64_t)(int64_t)d->s32_min << 32);
	} else {
		d->smax = INT64_MAX;
		d->smin = INT64_MIN;
	}
	if (hi > 63 || d->umax > (1ULL << (63 - hi))) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin <<= lo;
		d->umax <<= hi;
	}
}

static void shift32(struct scalar *d, const struct scalar *s, uint8_t op)
{
	struct tnum sub = tnum_subreg(d->var_off);
	uint32_t lo = s->u32_min, hi = s->u32_max;

	switch (op) {
	case SCALAR_LSH:
		lsh32_bounds(d, lo, hi);
		d->var_off = tnum_subreg(tnum_lshift(sub, (uint8_t)lo));
		break;
	case SCALAR_RSH:
		d->s32_min = S32_MINV;
		d->s32_max = S32_MAXV;
		d->var_off = tnum_rshift(sub, (uint8_t)lo);
		d->u32_min >>= hi;
		d->u32_max >>= lo;
		break;
	default: /* ARSH */
		d->s32_min = d->s32_min >> lo;
		d->s32_max = d->s32_max >> lo;
		d->var_off = tnum_arshift(sub, (uint8_t)lo, 32);
		d->u32_min = 0;
		d->u32_max = U32_MAXV;
		break;
	}
	scalar_mark64_unbounded(d);
	update_bounds32(d);
}

static void shift64(struct scalar *d, const struct scalar *s, uint8_t op)
{
	uint64_t lo = s->umin, hi = s->umax;

	switch (op) {
	case SCALAR_LSH:
		lsh64_bounds(d, lo, hi);
		lsh32_bounds(d, lo, hi);
		d->var_off = tnum_lshift(d->var_off, (uint8_t)lo);
		break;
	case SCALAR_RSH:
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
		d->var_off = tnum_rshift(d->var_off, (uint8_t)lo);
		d->umin >>= hi;
		d->umax >>= lo;
		scalar_mark32_unbounded(d);
		break;
	default: /* ARSH */
		d->smin >>= lo;
		d->smax >>= lo;
		d->var_off = tnum_arshift(d->var_off, (uint8_t)lo, 64);
		d->umin = 0;
		d->umax = UINT64_MAX;
		scalar_mark32_unbounded(d);
		break;
	}
	scalar_update_bounds(d);
}

bool scalar_alu_is_safe(const struct scalar *src, uint8_t op, bool alu32)
{
	bool is_const;
	uint64_t width = alu32 ? 32 : 64;

	if (alu32)
		is_const = tnum_subreg_is_const(src->var_off) && src->s32_min == src->s32_max &&
			   src->u32_min == src->u32_max;
	else
		is_const = tnum_is_const(src->var_off) && src->smin == src->smax &&
			   src->umin == src->umax;
	switch (op) {
	case SCALAR_ADD: case SCALAR_SUB: case SCALAR_AND: case SCALAR_XOR:
	case SCALAR_OR: case SCALAR_MUL:
		return true;
	case SCALAR_LSH: case SCALAR_RSH: case SCALAR_ARSH:
		/* the kernel tests the 64-bit umax even for alu32 */
		return is_const && src->umax < width;
	default:
		return false;
	}
}

int scalar_alu_fork_width(const struct scalar *dst, const struct scalar *src, uint8_t op)
{
	if ((op != SCALAR_AND && op != SCALAR_OR) || !tnum_is_const(src->var_off))
		return 0;
	if (dst->smin == -1 && dst->smax == 0)
		return 64;
	if (dst->s32_min == -1 && dst->s32_max == 0)
		return 32;
	return 0;
}

void scalar_alu(struct scalar *dst, const struct scalar *src, uint8_t op, bool alu32)
{
	if (op == SCALAR_NEG) {
		/* 0 - dst */
		struct scalar old = *dst;

		scalar_mark_known(dst, 0);
		sub32(dst, &old);
		sub64(dst, &old);
		dst->var_off = tnum_neg(old.var_off);
		goto out;
	}
	if (!src || !scalar_alu_is_safe(src, op, alu32)) {
		scalar_mark_unknown(dst);
		return;
	}
	switch (op) {
	case SCALAR_ADD:
		add32(dst, src);
		add64(dst, src);
		dst->var_off = tnum_add(dst->var_off, src->var_off);
		break;
	case SCALAR_SUB:
		sub32(dst, src);
		sub64(dst, src);
		dst->var_off = tnum_sub(dst->var_off, src->var_off);
		break;
	case SCALAR_MUL:
		dst->var_off = tnum_mul(dst->var_off, src->var_off);
		mul32(dst, src);
		mul64(dst, src);
		break;
	case SCALAR_AND:
		dst->var_off = tnum_and(dst->var_off, src->var_off);
		bitop32(dst, src, op);
		bitop64(dst, src, op);
		break;
	case SCALAR_OR:
		dst->var_off = tnum_or(dst->var_off, src->var_off);
		bitop32(dst, src, op);
		bitop64(dst, src, op);
		break;
	case SCALAR_XOR:
		dst->var_off = tnum_xor(dst->var_off, src->var_off);
		bitop32(dst, src, op);
		bitop64(dst, src, op);
		break;
	default: /* shifts */
		if (alu32)
			shift32(dst, src, op);
		else
			shift64(dst, src, op);
		break;
	}
out:
	if (alu32)
		scalar_zext32(dst);
	scalar_sync(dst);
}

/* ---- branches ---- */


static bool is_const_w(const struct scalar *r, bool w32)
{
	return tnum_is_const(w32 ? tnum_subreg(r->var_off) : r->var_off);
}

static uint64_t const_val_w(const struct scalar *r, bool w32)
{
	return w32 ? tnum_subreg(r->var_off).value : r->var_off.value;
}

int scalar_branch_taken(const struct scalar *a, const struct scalar *b, uint8_t op, bool w32)
{
	struct tnum t1 = w32 ? tnum_subreg(a->var_off) : a->var_off;
	struct tnum t2 = w32 ? tnum_subreg(b->var_off) : b->var_off;
	uint64_t umin1 = w32 ? a->u32_min : a->umin, umax1 = w32 ? a->u32_max : a->umax;
	uint64_t umin2 = w32 ? b->u32_min : b->umin, umax2 = w32 ? b->u32_max : b->umax;
	int64_t smin1 = w32 ? a->s32_min : a->smin, smax1 = w32 ? a->s32_max : a->smax;
	int64_t smin2 = w32 ? b->s32_min : b->smin, smax2 = w32 ? b->s32_max : b->smax;
	bool disjoint;

	switch (op) {
	case SCALAR_JEQ:
	case SCALAR_JNE:
		if (tnum_is_const(t1) && tnum_is_const(t2))
			return (t1.value == t2.value) == (op == SCALAR_JEQ);
		disjoint = !tnum_overlap(t1, t2) || umin1 > umax2 || umax1 < umin2 ||
			   smin1 > smax2 || smax1 < smin2;
		if (!w32 && !disjoint)
			disjoint = a->u32_min > b->u32_max || a->u32_max < b->u32_min ||
				   a->s32_min > b->s32_max || a->s32_max < b->s32_min;
		if (disjoint)
			return op == SCALAR_JNE;
		return -1;
	case SCALAR_JSET:
		if (!is_const_w(b, w32)) {
			const struct scalar *x = a;
			struct tnum tt = t1;

			a = b;
			b = x;
			t1 = t2;
			t2 = tt;
		}
		if (!is_const_w(b, w32))
			return -1;
		if (t1.value & t2.value)
			return 1;
		if (!((t1.mask | t1.value) & t2.value))
			return 0;
		return -1;
	case SCALAR_JGT:
		return umin1 > umax2 ? 1 : umax1 <= umin2 ? 0 : -1;
	case SCALAR_JSGT:
		return smin1 > smax2 ? 1 : smax1 <= smin2 ? 0 : -1;
	case SCALAR_JLT:
		return umax1 < umin2 ? 1 : umin1 >= umax2 ? 0 : -1;
	case SCALAR_JSLT:
		return smax1 < smin2 ? 1 : smin1 >= smax2 ? 0 : -1;
	case SCALAR_JGE:
		return umin1 >= umax2 ? 1 : umax1 < umin2 ? 0 : -1;
	case SCALAR_JSGE:
		return smin1 >= smax2 ? 1 : smax1 < smin2 ? 0 : -1;
	case SCALAR_JLE:
		return umax1 <= umin2 ? 1 : umin1 > umax2 ? 0 : -1;
	case SCALAR_JSLE:
		return smax1 <= smin2 ? 1 : smin1 > smax2 ? 0 : -1;
	default:
		return -1;
	}
}

uint8_t scalar_rev_op(uint8_t op)
{
	switch (op) {
	case SCALAR_JEQ: return SCALAR_JNE;
	case SCALAR_JNE: return SCALAR_JEQ;
	case SCALAR_JSET: return SCALAR_JSET_NOT;
	case SCALAR_JSET_NOT: return SCALAR_JSET;
	case SCALAR_JGT: return SCALAR_JLE;
	case SCALAR_JLE: return SCALAR_JGT;
	case SCALAR_JGE: return SCALAR_JLT;
	case SCALAR_JLT: return SCALAR_JGE;
	case SCALAR_JSGT: return SCALAR_JSLE;
	case SCALAR_JSLE: return SCALAR_JSGT;
	case SCALAR_JSGE: return SCALAR_JSLT;
	case SCALAR_JSLT: return SCALAR_JSGE;
	default: return op;
	}
}

static uint8_t flip_op(uint8_t op)
{
	switch (op) {
	case SCALAR_JGE: return SCALAR_JLE;
	case SCALAR_JGT: return SCALAR_JLT;
	case SCALAR_JLE: return SCALAR_JGE;
	case SCALAR_JLT: return SCALAR_JGT;
	case SCALAR_JSGE: return SCALAR_JSLE;
	case SCALAR_JSGT: return SCALAR_JSLT;
	case SCALAR_JSLE: return SCALAR_JSGE;
	case SCALAR_JSLT: return SCALAR_JSGT;
	default: return op;
	}
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

void scalar_refine_cond(struct scalar *r1, struct scalar *r2, uint8_t op, bool w32)
{
	struct scalar *tmp;
	struct tnum t;
	uint64_t val;

	if (op == SCALAR_JGE || op == SCALAR_JGT || op == SCALAR_JSGE || op == SCALAR_JSGT) {
		op = flip_op(op);
		tmp = r1;
		r1 = r2;
		r2 = tmp;
	}
	switch (op) {
	case SCALAR_JEQ:
		if (w32) {
			r1->u32_min = umax32(r1->u32_min, r2->u32_min);
			r1->u32_max = umin32(r1->u32_max, r2->u32_max);
			r1->s32_min = smax32(r1->s32_min, r2->s32_min);
			r1->s32_max = smin32(r1->s32_max, r2->s32_max);
			r2->u32_min = r1->u32_min;
			r2->u32_max = r1->u32_max;
			r2->s32_min = r1->s32_min;
			r2->s32_max = r1->s32_max;
			t = tnum_intersect(tnum_subreg(r1->var_off), tnum_subreg(r2->var_off));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
			r2->var_off = tnum_with_subreg(r2->var_off, t);
		} else {
			r1->umin = umax64(r1->umin, r2->umin);
			r1->umax = umin64(r1->umax, r2->umax);
			r1->smin = smax64(r1->smin, r2->smin);
			r1->smax = smin64(r1->smax, r2->smax);
			r2->umin = r1->umin;
			r2->umax = r1->umax;
			r2->smin = r1->smin;
			r2->smax = r1->smax;
			r1->var_off = tnum_intersect(r1->var_off, r2->var_off);
			r2->var_off = r1->var_off;
		}
		break;
	case SCALAR_JNE:
		if (!is_const_w(r2, w32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, w32))
			break;
		val = const_val_w(r2, w32);
		if (w32) {
			if (r1->u32_min == (uint32_t)val)
				r1->u32_min++;
			if (r1->u32_max == (uint32_t)val)
				r1->u32_max--;
			/* wrapping like the kernel (built with -fno-strict-overflow) */
			if (r1->s32_min == (int32_t)(uint32_t)val)
				r1->s32_min = (int32_t)((uint32_t)r1->s32_min + 1);
			if (r1->s32_max == (int32_t)(uint32_t)val)
				r1->s32_max = (int32_t)((uint32_t)r1->s32_max - 1);
		} else {
			if (r1->umin == val)
				r1->umin++;
			if (r1->umax == val)
				r1->umax--;
			if (r1->smin == (int64_t)val)
				r1->smin = (int64_t)((uint64_t)r1->smin + 1);
			if (r1->smax == (int64_t)val)
				r1->smax = (int64_t)((uint64_t)r1->smax - 1);
		}
		break;
	case SCALAR_JSET:
		if (!is_const_w(r2, w32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, w32))
			break;
		val = const_val_w(r2, w32);
		if (!is_pow2(val))
			break;
		if (w32) {
			t = tnum_or(tnum_subreg(r1->var_off), tnum_const(val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_or(r1->var_off, tnum_const(val));
		}
		break;
	case SCALAR_JSET_NOT:
		if (!is_const_w(r2, w32)) {
			tmp = r1;
			r1 = r2;
			r2 = tmp;
		}
		if (!is_const_w(r2, w32))
			break;
		val = const_val_w(r2, w32);
		scalar_mark_unbounded(r1);
		if (w32) {
			t = tnum_and(tnum_subreg(r1->var_off), tnum_const(~val));
			r1->var_off = tnum_with_subreg(r1->var_off, t);
		} else {
			r1->var_off = tnum_and(r1->var_off, tnum_const(~val));
		}
		break;
	case SCALAR_JLE:
		if (w32) {
			r1->u32_max = umin32(r1->u32_max, r2->u32_max);
			r2->u32_min = umax32(r1->u32_min, r2->u32_min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax);
			r2->umin = umax64(r1->umin, r2->umin);
		}
		break;
	case SCALAR_JLT:
		if (w32) {
			r1->u32_max = umin32(r1->u32_max, r2->u32_max - 1);
			r2->u32_min = umax32(r1->u32_min + 1, r2->u32_min);
		} else {
			r1->umax = umin64(r1->umax, r2->umax - 1);
			r2->umin = umax64(r1->umin + 1, r2->umin);
		}
		break;
	case SCALAR_JSLE:
		if (w32) {
			r1->s32_max = smin32(r1->s32_max, r2->s32_max);
			r2->s32_min = smax32(r1->s32_min, r2->s32_min);
		} else {
			r1->smax = smin64(r1->smax, r2->smax);
			r2->smin = smax64(r1->smin, r2->smin);
		}
		break;
	case SCALAR_JSLT:
		/* wrap-around of max-1 / min+1 matches the kernel (only reached
		 * when the branch is not predicted) */
		if (w32) {
			r1->s32_max = smin32(r1->s32_max, (int32_t)((uint32_t)r2->s32_max - 1));
			r2->s32_min = smax32((int32_t)((uint32_t)r1->s32_min + 1), r2->s32_min);
		} else {
			r1->smax = smin64(r1->smax, (int64_t)((uint64_t)r2->smax - 1));
			r2->smin = smax64((int64_t)((uint64_t)r1->smin + 1), r2->smin);
		}
		break;
	default:
		break;
	}
}

int scalar_refine(struct scalar *t1, struct scalar *t2, struct scalar *f1, struct scalar *f2,
		  uint8_t op, bool w32, char *log, size_t logsz)
{
	int bad = 0;

	scalar_refine_cond(f1, f2, scalar_rev_op(op), w32);
	scalar_sync(f1);
	scalar_sync(f2);
	scalar_refine_cond(t1, t2, op, w32);
	scalar_sync(t1);
	scalar_sync(t2);
	bad += scalar_sanity(t1, "true_reg1", log, logsz);
	bad += scalar_sanity(t2, "true_reg2", log, logsz);
	bad += scalar_sanity(f1, "false_reg1", log, logsz);
	bad += scalar_sanity(f2, "false_reg2", log, logsz);
	return bad;
}

const char *scalar_invariant_violation(const struct scalar *r)
{
	if (r->umin > r->umax || r->smin > r->smax || r->u32_min > r->u32_max ||
	    r->s32_min > r->s32_max)
		return "range bounds violation";
	if (tnum_is_const(r->var_off)) {
		uint64_t v = r->var_off.value;

		if (r->umin != v || r->umax != v || r->smin != (int64_t)v || r->smax != (int64_t)v)
			return "const tnum out of sync with range bounds";
	}
	if (tnum_subreg_is_const(r->var_off)) {
		uint32_t v = (uint32_t)r->var_off.value;

		if (r->u32_min != v || r->u32_max != v || r->s32_min != (int32_t)v ||
		    r->s32_max != (int32_t)v)
			return "const subreg tnum out of sync with range bounds";
	}
	return NULL;
}

bool scalar_sanity(struct scalar *r, const char *ctx, char *log, size_t logsz)
{
	const char *why = scalar_invariant_violation(r);
	size_t len;

	if (!why)
		return false;
	if (log && logsz) {
		len = strnlen(log, logsz);
		if (len < logsz)
			snprintf(log + len, logsz - len,
				 "verifier bug: REG INVARIANTS VIOLATION (%s): %s u64=[0x%llx, 0x%llx] "
				 "s64=[0x%llx, 0x%llx] u32=[0x%x, 0x%x] s32=[0x%x, 0x%x] var_off=(0x%llx, 0x%llx)\n",
				 ctx, why, (unsigned long long)r->umin, (unsigned long long)r->umax,
				 (unsigned long long)r->smin, (unsigned long long)r->smax, r->u32_min, r->u32_max,
				 (uint32_t)r->s32_min, (uint32_t)r->s32_max, (unsigned long long)r->var_off.value,
				 (unsigned long long)r->var_off.mask);
	}
	scalar_mark_unbounded(r);
	return true;
}

bool scalar_contains(const struct scalar *r, uint64_t x)
{
	uint32_t x32 = (uint32_t)x;

	return tnum_contains(r->var_off, x) && x >= r->umin && x <= r->umax &&
	       (int64_t)x >= r->smin && (int64_t)x <= r->smax && x32 >= r->u32_min &&
	       x32 <= r->u32_max && (int32_t)x32 >= r->s32_min && (int32_t)x32 <= r->s32_max;
}

/* ---- the log's text ---- */

int scalar_fmt_unum(char *buf, size_t size, uint64_t v)
{
	if (v <= 0xffff)
		return snprintf(buf, size, "%llu", (unsigned long long)v);
	return snprintf(buf, size, "0x%llx", (unsigned long long)v);
}

int scalar_fmt_snum(char *buf, size_t size, int64_t v)
{
	if (v >= INT16_MIN && v <= INT16_MAX)
		return snprintf(buf, size, "%lld", (long long)v);
	return snprintf(buf, size, "0x%llx", (unsigned long long)v);
}

struct sbuf {
	char *p;
	size_t size, len;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;
	size_t room = sb->len < sb->size ? sb->size - sb->len : 0;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->p + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

static void sb_snum(struct sbuf *sb, int64_t v)
{
	char tmp[32];

	scalar_fmt_snum(tmp, sizeof(tmp), v);
	sb_printf(sb, "%s", tmp);
}

static void sb_unum(struct sbuf *sb, uint64_t v)
{
	char tmp[32];

	scalar_fmt_unum(tmp, sizeof(tmp), v);
	sb_printf(sb, "%s", tmp);
}

int scalar_strn(char *buf, size_t size, const struct scalar *r, uint32_t id, bool precise)
{
	struct sbuf sb = { buf, size, 0 };
	/* printing order; a later entry equal to an earlier one (same value,
	 * same sign for the signed ones) is folded into it: "smin=umin=0" */
	struct { const char *name; uint64_t val; bool omit; } m[8];
	const char *sep = "";
	int i, j;

	if (size)
		buf[0] = 0;
	if (precise)
		sb_printf(&sb, "P");
	if (tnum_is_const(r->var_off)) {
		sb_snum(&sb, (int64_t)r->var_off.value);
		return (int)sb.len;
	}
	m[0].name = "smin"; m[0].val = (uint64_t)r->smin; m[0].omit = r->smin == INT64_MIN;
	m[1].name = "smax"; m[1].val = (uint64_t)r->smax; m[1].omit = r->smax == INT64_MAX;
	m[2].name = "umin"; m[2].val = r->umin; m[2].omit = r->umin == 0;
	m[3].name = "umax"; m[3].val = r->umax; m[3].omit = r->umax == UINT64_MAX;
	/* 32-bit signed values are sign-extended only when printed in decimal */
	m[4].name = "smin32";
	m[4].val = (r->s32_min >= INT16_MIN && r->s32_min <= INT16_MAX) ?
		   (uint64_t)(int64_t)r->s32_min : (uint64_t)(uint32_t)r->s32_min;
	m[4].omit = r->s32_min == S32_MINV;
	m[5].name = "smax32";
	m[5].val = (r->s32_max >= INT16_MIN && r->s32_max <= INT16_MAX) ?
		   (uint64_t)(int64_t)r->s32_max : (uint64_t)(uint32_t)r->s32_max;
	m[5].omit = r->s32_max == S32_MAXV;
	m[6].name = "umin32"; m[6].val = r->u32_min; m[6].omit = r->u32_min == 0;
	m[7].name = "umax32"; m[7].val = r->u32_max; m[7].omit = r->u32_max == U32_MAXV;

	sb_printf(&sb, "scalar(");
	if (id) {
		sb_printf(&sb, "id=%u", id);
		sep = ",";
	}
	for (i = 0; i < 8; i++) {
		bool neg1;

		if (m[i].omit)
			continue;
		neg1 = m[i].name[0] == 's' && (int64_t)m[i].val < 0;
		sb_printf(&sb, "%s%s=", sep, m[i].name);
		sep = ",";
		for (j = i + 2; j < 8; j += 2) {
			bool neg2;

			if (m[j].omit || m[j].val != m[i].val)
				continue;
			neg2 = m[j].name[0] == 's' && (int64_t)m[j].val < 0;
			if (neg2 != neg1)
				continue;
			m[j].omit = true;
			sb_printf(&sb, "%s=", m[j].name);
		}
		if (m[i].name[0] == 's')
			sb_snum(&sb, (int64_t)m[i].val);
		else
			sb_unum(&sb, m[i].val);
	}
	if (!tnum_is_unknown(r->var_off)) {
		char t[48];

		tnum_strn(t, sizeof(t), r->var_off);
		sb_printf(&sb, "%svar_off=%s", sep, t);
	}
	sb_printf(&sb, ")");
	return (int)sb.len;
}
