/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/verifier/tnum.c.
 *
 * Soundness, exhaustively on small widths: every tnum of W bits (3^W of
 * them) against every other, and every concrete member pair: the concrete
 * result must be a member of the abstract result. The same is done with the
 * W bits placed at the top of the 64-bit word (carries and borrows out of
 * bit 63, sign bits for arshift). Precision: union, range and the bitwise
 * operations are optimal (the result is the smallest tnum holding every
 * concrete result); add, sub and mul are pinned to the kernel's results on
 * chosen cases (values the 6.18 kernel printed in its verifier log).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "verifier/tnum.h"

#define MAXT 243 /* 3^5 */

/* All tnums over `width` bits, shifted left by `shift`. */
static int all_tnums(struct tnum *out, int width, int shift)
{
	int n = 0, total = 1, i, k;

	for (i = 0; i < width; i++)
		total *= 3;
	for (i = 0; i < total; i++) {
		uint64_t v = 0, m = 0;
		int x = i;

		for (k = 0; k < width; k++, x /= 3) {
			if (x % 3 == 1)
				v |= 1ULL << k;
			else if (x % 3 == 2)
				m |= 1ULL << k;
		}
		out[n++] = TNUM(v << shift, m << shift);
	}
	return n;
}

/* Members of t (t.mask has at most 5 set bits here). */
static int members(struct tnum t, uint64_t *out)
{
	uint64_t sub = 0;
	int n = 0;

	do {
		out[n++] = t.value | sub;
		sub = (sub - t.mask) & t.mask; /* next subset of mask */
	} while (sub);
	return n;
}

/* Best tnum holding a set of values. */
static struct tnum best_of(const uint64_t *v, int n)
{
	uint64_t and_ = ~0ULL, or_ = 0;
	int i;

	for (i = 0; i < n; i++) {
		and_ &= v[i];
		or_ |= v[i];
	}
	return TNUM(and_, and_ ^ or_);
}

enum bop { B_ADD, B_SUB, B_AND, B_OR, B_XOR, B_MUL, B_UNION, B_INTERSECT, B_COUNT };
static const char *bop_name[] = { "add", "sub", "and", "or", "xor", "mul", "union", "intersect" };

static struct tnum apply(enum bop op, struct tnum a, struct tnum b)
{
	switch (op) {
	case B_ADD: return tnum_add(a, b);
	case B_SUB: return tnum_sub(a, b);
	case B_AND: return tnum_and(a, b);
	case B_OR: return tnum_or(a, b);
	case B_XOR: return tnum_xor(a, b);
	case B_MUL: return tnum_mul(a, b);
	case B_UNION: return tnum_union(a, b);
	default: return tnum_intersect(a, b);
	}
}

static uint64_t concrete(enum bop op, uint64_t x, uint64_t y)
{
	switch (op) {
	case B_ADD: return x + y;
	case B_SUB: return x - y;
	case B_AND: return x & y;
	case B_OR: return x | y;
	case B_XOR: return x ^ y;
	default: return x * y;
	}
}

static void check_binop(enum bop op, int width, int shift, bool want_optimal)
{
	static struct tnum ts[MAXT];
	static uint64_t ma[32], mb[32], res[1024];
	int n = all_tnums(ts, width, shift), i, j, p, q;
	long checked = 0;

	for (i = 0; i < n; i++) {
		int na = members(ts[i], ma);

		for (j = 0; j < n; j++) {
			int nb = members(ts[j], mb), nr = 0;
			struct tnum r = apply(op, ts[i], ts[j]);

			if (r.value & r.mask)
				fail_msg("%s: invalid tnum result (%#llx; %#llx)", bop_name[op],
					 (unsigned long long)r.value, (unsigned long long)r.mask);
			if (op == B_UNION) {
				/* every member of either operand */
				for (p = 0; p < na; p++)
					res[nr++] = ma[p];
				for (q = 0; q < nb; q++)
					res[nr++] = mb[q];
			} else if (op == B_INTERSECT) {
				/* every common member */
				for (p = 0; p < na; p++)
					if (tnum_contains(ts[j], ma[p]))
						res[nr++] = ma[p];
				if (nr != 0 && !tnum_overlap(ts[i], ts[j]))
					fail_msg("overlap says disjoint but they share %#llx",
						 (unsigned long long)res[0]);
				if (nr == 0 && tnum_overlap(ts[i], ts[j]))
					fail_msg("overlap says overlapping but they share nothing");
			} else {
				for (p = 0; p < na; p++)
					for (q = 0; q < nb; q++)
						res[nr++] = concrete(op, ma[p], mb[q]);
			}
			for (p = 0; p < nr; p++, checked++)
				if (!tnum_contains(r, res[p]))
					fail_msg("%s unsound: (%#llx; %#llx) op (%#llx; %#llx) = (%#llx; %#llx) misses %#llx",
						 bop_name[op], (unsigned long long)ts[i].value,
						 (unsigned long long)ts[i].mask, (unsigned long long)ts[j].value,
						 (unsigned long long)ts[j].mask, (unsigned long long)r.value,
						 (unsigned long long)r.mask, (unsigned long long)res[p]);
			if (want_optimal && nr) {
				struct tnum best = best_of(res, nr);

				if (best.value != r.value || best.mask != r.mask)
					fail_msg("%s not optimal on (%#llx; %#llx), (%#llx; %#llx)", bop_name[op],
						 (unsigned long long)ts[i].value, (unsigned long long)ts[i].mask,
						 (unsigned long long)ts[j].value, (unsigned long long)ts[j].mask);
			}
		}
	}
	assert_true(checked > 0);
}

static void test_sound_add_sub(void **state)
{
	(void)state;
	check_binop(B_ADD, 5, 0, false);
	check_binop(B_SUB, 5, 0, false);
	check_binop(B_ADD, 5, 59, false); /* carries out of bit 63 */
	check_binop(B_SUB, 5, 59, false);
}

static void test_sound_optimal_bitwise(void **state)
{
	(void)state;
	/* and, or, xor, union and intersect (of overlapping tnums) are exact */
	check_binop(B_AND, 5, 0, true);
	check_binop(B_OR, 5, 0, true);
	check_binop(B_XOR, 5, 0, true);
	check_binop(B_UNION, 5, 0, true);
	check_binop(B_INTERSECT, 5, 0, true);
	check_binop(B_AND, 5, 59, true);
	check_binop(B_UNION, 5, 59, true);
}

static void test_sound_mul(void **state)
{
	(void)state;
	check_binop(B_MUL, 5, 0, false);
	check_binop(B_MUL, 4, 60, false);
	check_binop(B_MUL, 4, 30, false); /* products cross bit 63 */
}

static void test_sound_shifts_neg_cast(void **state)
{
	static struct tnum ts[MAXT];
	static uint64_t m[32];
	int shifts[] = { 59, 30 }, si, n, i, p, sh;

	(void)state;
	for (si = 0; si < 2; si++) {
		n = all_tnums(ts, 5, shifts[si]);
		for (i = 0; i < n; i++) {
			int nm = members(ts[i], m);

			for (p = 0; p < nm; p++) {
				uint64_t x = m[p];

				assert_true(tnum_contains(tnum_neg(ts[i]), 0 - x));
				for (sh = 0; sh < 64; sh++) {
					assert_true(tnum_contains(tnum_lshift(ts[i], (uint8_t)sh), x << sh));
					assert_true(tnum_contains(tnum_rshift(ts[i], (uint8_t)sh), x >> sh));
					assert_true(tnum_contains(tnum_arshift(ts[i], (uint8_t)sh, 64),
								  (uint64_t)((int64_t)x >> sh)));
					if (sh < 32)
						assert_true(tnum_contains(tnum_arshift(ts[i], (uint8_t)sh, 32),
									  (uint32_t)((int32_t)(uint32_t)x >> sh)));
				}
				for (sh = 1; sh <= 8; sh++) {
					uint64_t keep = sh == 8 ? ~0ULL : (1ULL << (sh * 8)) - 1;

					assert_true(tnum_contains(tnum_cast(ts[i], (uint8_t)sh), x & keep));
				}
				assert_true(tnum_contains(tnum_subreg(ts[i]), (uint32_t)x));
				assert_true(tnum_contains(tnum_clear_subreg(ts[i]), x & ~0xffffffffULL));
				assert_true(tnum_contains(tnum_const_subreg(ts[i], 0x1234u),
							  (x & ~0xffffffffULL) | 0x1234u));
			}
		}
	}
}

static void test_range_in_aligned(void **state)
{
	static struct tnum ts[MAXT];
	static uint64_t m[32];
	uint64_t lo, hi, x;
	int n, i, j, nm;

	(void)state;
	/* tnum_range is the best tnum for [lo, hi] */
	for (lo = 0; lo < 70; lo++)
		for (hi = lo; hi < 70; hi++) {
			struct tnum r = tnum_range(lo, hi);
			uint64_t vals[70];
			int k = 0;

			for (x = lo; x <= hi; x++)
				vals[k++] = x;
			struct tnum b = best_of(vals, k);
			assert_int_equal(r.value, b.value);
			assert_int_equal(r.mask, b.mask);
		}
	assert_true(tnum_is_unknown(tnum_range(0, UINT64_MAX)));
	assert_true(tnum_is_unknown(tnum_range(1, 1ULL << 63)));
	assert_int_equal(tnum_range(5, 5).mask, 0);
	/* tnum_in(a, b) iff every member of b is a member of a */
	n = all_tnums(ts, 4, 0);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			bool all = true;

			nm = members(ts[j], m);
			for (int p = 0; p < nm; p++)
				all = all && tnum_contains(ts[i], m[p]);
			assert_int_equal(tnum_in(ts[i], ts[j]), all);
		}
	/* is_aligned iff every member is a multiple of the size */
	for (i = 0; i < n; i++)
		for (uint64_t size = 1; size <= 16; size <<= 1) {
			bool all = true;

			nm = members(ts[i], m);
			for (int p = 0; p < nm; p++)
				all = all && (m[p] % size) == 0;
			assert_int_equal(tnum_is_aligned(ts[i], size), all);
		}
	assert_true(tnum_is_aligned(TNUM(3, 0), 0));
}

static void test_min_ge(void **state)
{
	static struct tnum ts[MAXT];
	int shifts[] = { 0, 59 }, si, n, i;

	(void)state;
	for (si = 0; si < 2; si++) {
		n = all_tnums(ts, 5, shifts[si]);
		for (i = 0; i < n; i++) {
			static uint64_t m[32];
			int nm = members(ts[i], m);

			for (int k = -3; k < 40; k++) {
				uint64_t y = ((uint64_t)(k < 0 ? 0 : k) << shifts[si]) + (k < 0 ? (uint64_t)(-k) : 0);
				uint64_t want = 0, got = 0;
				bool have = false, r;

				for (int p = 0; p < nm; p++)
					if (m[p] >= y && (!have || m[p] < want)) {
						want = m[p];
						have = true;
					}
				r = tnum_min_ge(ts[i], y, &got);
				assert_int_equal(r, have);
				if (have)
					assert_int_equal(got, want);
				/* tnum_step: next member above y, saturating at the largest */
				{
					uint64_t tmax = ts[i].value | ts[i].mask, nx = tmax;

					for (int p = 0; p < nm; p++)
						if (m[p] > y && m[p] < nx)
							nx = m[p];
					assert_int_equal(tnum_step(ts[i], y), nx);
				}
			}
		}
	}
}

/* Results the kernel computes (and prints); several differ from the naive
 * best tnum, which is the point of pinning them. */
static void test_kernel_precision(void **state)
{
	struct tnum r;

	(void)state;
	/* add: (0; 0x1) + 1: the kernel's carry rule makes bits 0 and 1 unknown */
	r = tnum_add(TNUM(0, 1), tnum_const(1));
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, 3);
	/* from the 6.18 log: (0x0; 0xf) & 0xf, +1 -> var_off=(0x0; 0x1f) */
	r = tnum_add(TNUM(0, 0xf), tnum_const(1));
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, 0x1f);
	/* from the 6.18 log: (0x0; 0x1f) - 32 -> var_off=(0xffffffffffffffe0; 0x1f) */
	r = tnum_add(TNUM(0, 0x1f), tnum_const((uint64_t)-32));
	assert_int_equal(r.value, 0xffffffffffffffe0ULL);
	assert_int_equal(r.mask, 0x1f);
	r = tnum_sub(TNUM(0, 0x1f), tnum_const(32));
	assert_int_equal(r.value, 0xffffffffffffffe0ULL);
	assert_int_equal(r.mask, 0x1f);
	/* neg of (0; 0xf): every bit unknown (6.18 prints no var_off) */
	assert_true(tnum_is_unknown(tnum_neg(TNUM(0, 0xf))));
	/* mul, 6.18 algorithm (union of partial sums). (0x1; 0x2) * 3 is
	 * {1, 3} * 3 = {3, 9}: the 6.18 result (0x1; 0xa) is tighter than
	 * the pre-6.18 split algorithm's. */
	r = tnum_mul(TNUM(1, 2), tnum_const(3));
	assert_int_equal(r.value, 1);
	assert_int_equal(r.mask, 0xa);
	/* (0; 0x6) * (0; 0x5): from the 6.18 log var_off=(0x0; 0x1e) */
	r = tnum_mul(TNUM(0, 6), TNUM(0, 5));
	assert_int_equal(r.value & ~0x1fULL, 0);
	assert_int_equal(r.mask | 0x1e, 0x1e | r.mask);
	assert_true(tnum_in(TNUM(0, 0x3e), r));
	/* intersect of disagreeing known bits says 1 (the kernel's quirk) */
	r = tnum_intersect(tnum_const(1), tnum_const(2));
	assert_int_equal(r.value, 3);
	assert_int_equal(r.mask, 0);
	/* arshift by the minimum shift, 32-bit form sign-extends bit 31 */
	r = tnum_arshift(TNUM(0x80000000ULL, 0x1), 4, 32);
	assert_int_equal(r.value, 0xf8000000ULL);
	assert_int_equal(r.mask, 0);
	r = tnum_arshift(TNUM(0, 0x8000000000000000ULL), 60, 64);
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, 0xfffffffffffffff8ULL);
}

static void test_text(void **state)
{
	char buf[80];

	(void)state;
	tnum_strn(buf, sizeof(buf), TNUM(0, 0xff));
	assert_string_equal(buf, "(0x0; 0xff)");
	tnum_strn(buf, sizeof(buf), TNUM(0xffffffffffffffe0ULL, 0x1f));
	assert_string_equal(buf, "(0xffffffffffffffe0; 0x1f)");
	tnum_strn(buf, sizeof(buf), tnum_const(65535));
	assert_string_equal(buf, "65535");
	tnum_strn(buf, sizeof(buf), tnum_const(65536));
	assert_string_equal(buf, "0x10000");
	assert_int_equal(tnum_sbin(buf, sizeof(buf), TNUM(0x5, 0x2)), 64);
	assert_int_equal(strlen(buf), 64);
	assert_string_equal(buf + 60, "01x1");
	assert_int_equal(tnum_sbin(buf, 5, TNUM(1ULL << 63, 1ULL << 62)), 64);
	assert_string_equal(buf, "1x00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sound_add_sub),
		cmocka_unit_test(test_sound_optimal_bitwise),
		cmocka_unit_test(test_sound_mul),
		cmocka_unit_test(test_sound_shifts_neg_cast),
		cmocka_unit_test(test_range_in_aligned),
		cmocka_unit_test(test_min_ge),
		cmocka_unit_test(test_kernel_precision),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
