/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tnum.c: tristate numbers (see tnum.h for the representation).
 *
 * Algorithms (behaviour of Linux 6.18, our own code):
 *  - add: add the known parts (sv) and, separately, the largest possible
 *    values (sv + sum of masks). Every bit where the two sums differ may be
 *    carried into, so it becomes unknown, as does every bit unknown in an
 *    operand. Example: (0; 0x1) + 1 -> sv=1, max=2, 1^2=3 -> (0; 0x3).
 *  - sub: the same with the smallest (dv - b.mask) and largest (dv + a.mask)
 *    differences.
 *  - and/or/xor: per bit; a bit is known when the operation's truth table
 *    makes it so (known 0 in an AND, known 1 in an OR, both known in XOR).
 *  - mul: shift-and-add over the bits of a: a known-1 bit adds b (shifted),
 *    an unknown bit makes the accumulator the union of "added" and "not
 *    added". This is the 6.18 algorithm (more precise than the older
 *    value/mask split).
 *  - range: the common high bits of min and max are known, everything from
 *    the highest differing bit down is unknown.
 */
#include "verifier/tnum.h"

#include <stdio.h>

struct tnum tnum_const(uint64_t value)
{
	return TNUM(value, 0);
}

struct tnum tnum_range(uint64_t min, uint64_t max)
{
	uint64_t diff = min ^ max, low;
	int bits = diff ? 64 - __builtin_clzll(diff) : 0;

	if (bits >= 64)
		return TNUM_UNKNOWN;
	low = (1ULL << bits) - 1;
	return TNUM(min & ~low, low);
}

struct tnum tnum_lshift(struct tnum a, uint8_t shift)
{
	/* the kernel only shifts by < 64; keep the result defined regardless */
	if (shift >= 64)
		return TNUM(0, 0);
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, uint8_t shift)
{
	if (shift >= 64)
		return TNUM(0, 0);
	return TNUM(a.value >> shift, a.mask >> shift);
}

struct tnum tnum_arshift(struct tnum a, uint8_t min_shift, uint8_t insn_bitness)
{
	/* sign bits (known or unknown) are replicated: a value and mask shifted
	 * arithmetically stay a valid tnum */
	if (insn_bitness == 32) {
		uint8_t s = min_shift > 31 ? 31 : min_shift;
		int32_t v = (int32_t)(uint32_t)a.value, m = (int32_t)(uint32_t)a.mask;

		return TNUM((uint32_t)(v >> s), (uint32_t)(m >> s));
	} else {
		uint8_t s = min_shift > 63 ? 63 : min_shift;

		return TNUM((uint64_t)((int64_t)a.value >> s), (uint64_t)((int64_t)a.mask >> s));
	}
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	uint64_t lo = a.value + b.value;
	uint64_t hi = lo + (a.mask + b.mask);
	uint64_t unk = (lo ^ hi) | a.mask | b.mask;

	return TNUM(lo & ~unk, unk);
}

struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	uint64_t d = a.value - b.value;
	uint64_t hi = d + a.mask, lo = d - b.mask;
	uint64_t unk = (lo ^ hi) | a.mask | b.mask;

	return TNUM(d & ~unk, unk);
}

struct tnum tnum_neg(struct tnum a)
{
	return tnum_sub(TNUM(0, 0), a);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	uint64_t ones = a.value & b.value;
	uint64_t maybe = (a.value | a.mask) & (b.value | b.mask);

	return TNUM(ones, maybe & ~ones);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	uint64_t ones = a.value | b.value;

	return TNUM(ones, (a.mask | b.mask) & ~ones);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	uint64_t unk = a.mask | b.mask;

	return TNUM((a.value ^ b.value) & ~unk, unk);
}

struct tnum tnum_union(struct tnum a, struct tnum b)
{
	uint64_t unk = a.mask | b.mask | (a.value ^ b.value);

	return TNUM(a.value & b.value & ~unk, unk);
}

struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = TNUM(0, 0);

	while (a.value || a.mask) {
		if (a.value & 1)
			acc = tnum_add(acc, b);
		else if (a.mask & 1)
			acc = tnum_union(acc, tnum_add(acc, b));
		a = tnum_rshift(a, 1);
		b = tnum_lshift(b, 1);
	}
	return acc;
}

bool tnum_overlap(struct tnum a, struct tnum b)
{
	uint64_t known = ~a.mask & ~b.mask;

	return ((a.value ^ b.value) & known) == 0;
}

struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	uint64_t unk = a.mask & b.mask;

	return TNUM((a.value | b.value) & ~unk, unk);
}

struct tnum tnum_cast(struct tnum a, uint8_t size)
{
	uint64_t keep = size >= 8 ? UINT64_MAX : (1ULL << (size * 8)) - 1;

	return TNUM(a.value & keep, a.mask & keep);
}

bool tnum_is_aligned(struct tnum a, uint64_t size)
{
	if (!size)
		return true;
	return ((a.value | a.mask) & (size - 1)) == 0;
}

bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	return a.value == (b.value & ~a.mask);
}

bool tnum_contains(struct tnum a, uint64_t x)
{
	return (x & ~a.mask) == a.value;
}

struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return TNUM(a.value & ~0xffffffffULL, a.mask & ~0xffffffffULL);
}

struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg)
{
	return tnum_or(tnum_clear_subreg(reg), tnum_subreg(subreg));
}

struct tnum tnum_const_subreg(struct tnum a, uint32_t value)
{
	return tnum_with_subreg(a, tnum_const(value));
}

int tnum_strn(char *str, size_t size, struct tnum a)
{
	if (a.mask == 0) {
		if (a.value <= 0xffff)
			return snprintf(str, size, "%llu", (unsigned long long)a.value);
		return snprintf(str, size, "0x%llx", (unsigned long long)a.value);
	}
	return snprintf(str, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

int tnum_sbin(char *str, size_t size, struct tnum a)
{
	size_t i, n = size ? size - 1 : 0;

	if (n > 64)
		n = 64;
	/* character i (0 = most significant of the 64) describes bit 63 - i */
	for (i = 0; i < n; i++) {
		uint64_t bit = 1ULL << (63 - i);

		str[i] = (a.mask & bit) ? 'x' : (a.value & bit) ? '1' : '0';
	}
	if (size)
		str[n] = 0;
	return 64;
}

bool tnum_min_ge(struct tnum t, uint64_t y, uint64_t *out)
{
	/* Walk from the top bit keeping the member equal to y as long as
	 * possible; remember the last place where an unknown bit could be 1
	 * while y has 0 there (the smallest member above y found so far). */
	uint64_t prefix = 0, best = 0;
	bool have = false;
	int i;

	for (i = 63; i >= 0; i--) {
		uint64_t bit = 1ULL << i, low = bit - 1;
		bool yi = (y & bit) != 0;

		if (t.mask & bit) {
			if (!yi) {
				best = prefix | bit | (t.value & low);
				have = true;
			}
			prefix |= y & bit;
		} else {
			bool b = (t.value & bit) != 0;

			if (b && !yi) {
				*out = prefix | bit | (t.value & low);
				return true;
			}
			if (!b && yi) {
				if (have)
					*out = best;
				return have;
			}
			prefix |= t.value & bit;
		}
	}
	*out = prefix;
	return true;
}

uint64_t tnum_step(struct tnum t, uint64_t z)
{
	uint64_t tmax = t.value | t.mask, next = tmax;

	if (z >= tmax)
		return tmax;
	tnum_min_ge(t, z + 1, &next); /* exists: tmax > z is a member */
	return next;
}
