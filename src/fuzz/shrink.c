/* SPDX-License-Identifier: Apache-2.0 */
/*
 * shrink.c: delta debugging over instruction slots.
 *
 * bpfsim_shrink_remove() deletes a range of slots and keeps every control
 * transfer pointing at the same instruction: for a jump at old pc i to old
 * target t, the new offset is new(t) - new(i) - 1, where new(x) = x before
 * the range, x - count after it, and the first slot after the range for a
 * target inside it. Control transfers are JMP/JMP32 jumps (off), gotol
 * (imm), bpf-to-bpf calls (src 1, imm) and ld_imm64 src 4 (imm). A removal
 * that would split an ld_imm64 pair, point a transfer past the end or need
 * an offset that does not fit is refused, so shrinking never produces a
 * program the kernel's CFG check would reject for a reason the original
 * did not have.
 *
 * bpfsim_shrink() is ddmin: ranges of size n/2, n/4, ..., 1 are removed in
 * turn; a removal is kept when the predicate still holds, and the pass is
 * repeated at size 1 until a fixpoint (1-minimal: no single removable slot
 * or pair can go).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/check.h"
#include "bpfsim/difftest.h"

enum { T_NONE, T_OFF, T_IMM };

static int transfer(const struct bpfsim_insn *in)
{
	uint8_t cls = BPFSIM_CLASS(in->code), op = BPFSIM_OP(in->code);
	if (in->code == 0x18)
		return in->src == BPFSIM_PSEUDO_FUNC ? T_IMM : T_NONE;
	if (cls != BPFSIM_CLASS_JMP && cls != BPFSIM_CLASS_JMP32)
		return T_NONE;
	if (op == 0x90) /* exit */
		return T_NONE;
	if (op == 0x80) /* call */
		return (cls == BPFSIM_CLASS_JMP && in->src == BPFSIM_PSEUDO_CALL && !BPFSIM_SRCBIT(in->code)) ?
			       T_IMM : T_NONE;
	if (op == 0x00 && cls == BPFSIM_CLASS_JMP32)
		return T_IMM; /* gotol */
	return T_OFF;
}

static long newpos(long x, long start, long count)
{
	if (x < start)
		return x;
	if (x < start + count)
		return start;
	return x - count;
}

long bpfsim_shrink_remove(const struct bpfsim_insn *insns, size_t n, size_t start, size_t count,
			  struct bpfsim_insn *out)
{
	long s = (long)start, c = (long)count, nn;
	if (start >= n || count == 0 || count > n - start)
		return -EINVAL;
	/* do not split an ld_imm64 pair */
	for (size_t i = 0; i < n; i++) {
		if (insns[i].code == 0x18 && i + 1 < n) {
			bool in0 = i >= start && i < start + count, in1 = i + 1 >= start && i + 1 < start + count;
			if (in0 != in1)
				return -EINVAL;
			i++;
		}
	}
	nn = (long)n - c;
	if (nn <= 0)
		return -EINVAL;
	long j = 0;
	for (long i = 0; i < (long)n; i++) {
		if (i >= s && i < s + c)
			continue;
		struct bpfsim_insn in = insns[i];
		int t = transfer(&in);
		if (t != T_NONE) {
			long tgt = i + 1 + (t == T_OFF ? in.off : in.imm);
			long nt = (tgt >= 0 && tgt <= (long)n) ? newpos(tgt, s, c) : tgt - (i - j);
			long noff = nt - j - 1;
			if (tgt >= 0 && tgt < (long)n && nt >= nn)
				return -EINVAL;
			if (t == T_OFF) {
				if (noff < -32768 || noff > 32767)
					return -EINVAL;
				in.off = (int16_t)noff;
			} else {
				in.imm = (int32_t)noff;
			}
		}
		out[j++] = in;
		if (in.code == 0x18 && i + 1 < (long)n && !(i + 1 >= s && i + 1 < s + c)) {
			out[j++] = insns[++i];
		}
	}
	return j;
}

bool bpfsim_shrink_well_formed(const struct bpfsim_insn *insns, size_t n)
{
	char msg[160];
	if (n == 0)
		return false;
	for (size_t i = 0; i < n;) {
		int k = bpfsim_insn_check_prescan(insns, n, i, msg, sizeof(msg));
		if (k <= 0)
			return false;
		if (bpfsim_insn_check(insns, n, i, msg, sizeof(msg)) < 0)
			return false;
		int t = transfer(&insns[i]);
		if (t != T_NONE) {
			long tgt = (long)i + 1 + (t == T_OFF ? insns[i].off : insns[i].imm);
			if (tgt < 0 || tgt >= (long)n || (tgt > 0 && insns[tgt - 1].code == 0x18 &&
							   !(tgt >= 2 && insns[tgt - 2].code == 0x18)))
				return false;
		}
		i += (size_t)k;
	}
	return true;
}

long bpfsim_shrink(struct bpfsim_insn **insns, size_t *n, bpfsim_shrink_pred pred, void *ctx,
		   unsigned long max_calls)
{
	unsigned long calls = 0;
	struct bpfsim_insn *cur = *insns, *tmp;
	size_t cn = *n;
	if (!max_calls)
		max_calls = 2000;
	tmp = malloc((cn ? cn : 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	size_t chunk = cn / 2 ? cn / 2 : 1;
	for (;;) {
		bool changed = false;
		for (size_t start = 0; start < cn && calls < max_calls;) {
			size_t cnt = chunk;
			if (cnt > cn - start)
				cnt = cn - start;
			long nn = bpfsim_shrink_remove(cur, cn, start, cnt, tmp);
			if (nn < 0 && cnt < cn - start) /* maybe it split a pair: take one more */
				nn = bpfsim_shrink_remove(cur, cn, start, ++cnt, tmp);
			if (nn > 0) {
				calls++;
				int r = pred(tmp, (size_t)nn, ctx);
				if (r < 0) {
					free(tmp);
					return r;
				}
				if (r > 0) {
					memcpy(cur, tmp, (size_t)nn * sizeof(*cur));
					cn = (size_t)nn;
					changed = true;
					continue; /* same start, new content */
				}
			}
			start += cnt;
		}
		if (calls >= max_calls)
			break;
		if (chunk > 1)
			chunk /= 2;
		else if (!changed)
			break;
	}
	free(tmp);
	*n = cn;
	*insns = cur;
	return (long)calls;
}
