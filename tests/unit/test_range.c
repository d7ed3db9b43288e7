/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for src/verifier/range.c (scalar bounds).
 *
 * 1. Soundness on value sets: for sets V, W of concrete 64-bit values drawn
 *    from windows around the interesting boundaries (0, 2^31, 2^32, 2^63,
 *    2^64), build the state of V (best tnum, every bound pair), and check:
 *    every x op y (x in V, y in W) is in scalar_alu(state(V), state(W));
 *    for every jump op, the refined taken/fall-through states contain each
 *    pair that goes that way, and scalar_branch_taken never predicts
 *    wrongly; scalar_sync of a state that knows only one view of V (u64,
 *    s64, u32+s32, or tnum) still contains V.
 * 2. Precision against the kernel: tests/corpus/range_states.jsonl holds
 *    small programs and the register states the 6.18 kernel printed for
 *    them at log level 2 (recorded with BPFSIM_RECORD_RANGE=path as root).
 *    The programs (hand-written cases per rule, and seeded random ones) use
 *    u32/u16/u8 ctx loads, constants (also 64-bit), ALU32/ALU64 with K and
 *    X operands, conditional jumps (JMP and JMP32, K and X) to private exit
 *    blocks, and, at the end, sign-extending and 32-bit moves. The test
 *    replays each program through range.c the way the verifier walks it
 *    (fall-through first, predicted branches not explored) and compares
 *    the text of every scalar register the kernel printed, on the main
 *    path and on each "from A to B" edge, with scalar_strn(), character for
 *    character. Register ids and precision marks ("id=2,", "P") are not part
 *    of the numeric domain and are removed from the kernel's text first.
 * 3. Live (root only): the kernel still prints what the corpus recorded.
 *
 * BPFSIM_RANGE_EXPLORE=N (root) instead compares N further random programs
 * (another seed) with the live kernel without recording them: a tool for
 * hunting differences (200000 programs agreed when this was written).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <json-c/json.h>

#include "verifier/range.h"

/* ------------------------------------------------------------------ */
/* 1. soundness on value sets                                          */

#define MAXV 8

struct vset {
	int n;
	uint64_t v[MAXV];
};

static struct scalar state_of(const struct vset *s)
{
	struct scalar r;
	uint64_t and_ = ~0ULL, or_ = 0;
	int i;

	r.umin = UINT64_MAX; r.umax = 0; r.smin = INT64_MAX; r.smax = INT64_MIN;
	r.u32_min = UINT32_MAX; r.u32_max = 0; r.s32_min = INT32_MAX; r.s32_max = INT32_MIN;
	for (i = 0; i < s->n; i++) {
		uint64_t x = s->v[i];

		and_ &= x;
		or_ |= x;
		if (x < r.umin) r.umin = x;
		if (x > r.umax) r.umax = x;
		if ((int64_t)x < r.smin) r.smin = (int64_t)x;
		if ((int64_t)x > r.smax) r.smax = (int64_t)x;
		if ((uint32_t)x < r.u32_min) r.u32_min = (uint32_t)x;
		if ((uint32_t)x > r.u32_max) r.u32_max = (uint32_t)x;
		if ((int32_t)x < r.s32_min) r.s32_min = (int32_t)x;
		if ((int32_t)x > r.s32_max) r.s32_max = (int32_t)x;
	}
	r.var_off = TNUM(and_, and_ ^ or_);
	return r;
}

static const uint64_t bases[] = {
	0, 0x7ffffffcULL, 0xfffffffcULL, 0x1fffffffcULL, 0x7ffffffffffffffcULL,
	0xfffffffffffffffcULL, 0xffffffff7ffffffcULL,
};

/* Sets: intervals [b+i, b+j] (0 <= i <= j < 8, j - i < 4) around each base,
 * and two-element sets spanning two bases. */
static int make_sets(struct vset *out, int max)
{
	int n = 0;
	size_t b, c;
	int i, j, k;

	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
		for (i = 0; i < 8; i++)
			for (j = i; j < 8 && j - i < 4; j += (j - i < 1 ? 1 : 2)) {
				if (n >= max)
					return n;
				out[n].n = 0;
				for (k = i; k <= j; k++)
					out[n].v[out[n].n++] = bases[b] + (uint64_t)k;
				n++;
			}
	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
		for (c = b + 1; c < sizeof(bases) / sizeof(bases[0]); c++) {
			if (n >= max)
				return n;
			out[n].n = 2;
			out[n].v[0] = bases[b] + 3;
			out[n].v[1] = bases[c] + 5;
			n++;
		}
	return n;
}

static uint64_t concrete_alu(uint8_t op, uint64_t x, uint64_t y, bool w32)
{
	uint64_t r;

	if (w32) {
		uint32_t a = (uint32_t)x, b = (uint32_t)y;

		switch (op) {
		case SCALAR_ADD: r = (uint32_t)(a + b); break;
		case SCALAR_SUB: r = (uint32_t)(a - b); break;
		case SCALAR_MUL: r = (uint32_t)(a * b); break;
		case SCALAR_AND: r = a & b; break;
		case SCALAR_OR: r = a | b; break;
		case SCALAR_XOR: r = a ^ b; break;
		case SCALAR_LSH: r = (uint32_t)(a << (b & 31)); break;
		case SCALAR_RSH: r = a >> (b & 31); break;
		case SCALAR_ARSH: r = (uint32_t)((int32_t)a >> (b & 31)); break;
		default: r = (uint32_t)(0u - a); break; /* NEG */
		}
		return r;
	}
	switch (op) {
	case SCALAR_ADD: return x + y;
	case SCALAR_SUB: return x - y;
	case SCALAR_MUL: return x * y;
	case SCALAR_AND: return x & y;
	case SCALAR_OR: return x | y;
	case SCALAR_XOR: return x ^ y;
	case SCALAR_LSH: return x << (y & 63);
	case SCALAR_RSH: return x >> (y & 63);
	case SCALAR_ARSH: return (uint64_t)((int64_t)x >> (y & 63));
	default: return 0 - x;
	}
}

static bool concrete_cond(uint8_t op, uint64_t x, uint64_t y, bool w32)
{
	if (w32) {
		x = (uint32_t)x;
		y = (uint32_t)y;
		switch (op) {
		case SCALAR_JSGT: return (int32_t)x > (int32_t)y;
		case SCALAR_JSGE: return (int32_t)x >= (int32_t)y;
		case SCALAR_JSLT: return (int32_t)x < (int32_t)y;
		case SCALAR_JSLE: return (int32_t)x <= (int32_t)y;
		default: break;
		}
	}
	switch (op) {
	case SCALAR_JEQ: return x == y;
	case SCALAR_JNE: return x != y;
	case SCALAR_JSET: return (x & y) != 0;
	case SCALAR_JGT: return x > y;
	case SCALAR_JGE: return x >= y;
	case SCALAR_JLT: return x < y;
	case SCALAR_JLE: return x <= y;
	case SCALAR_JSGT: return (int64_t)x > (int64_t)y;
	case SCALAR_JSGE: return (int64_t)x >= (int64_t)y;
	case SCALAR_JSLT: return (int64_t)x < (int64_t)y;
	default: return (int64_t)x <= (int64_t)y;
	}
}

static void fail_state(const char *what, const struct scalar *r, uint64_t x)
{
	char buf[256];

	scalar_strn(buf, sizeof(buf), r, 0, false);
	fail_msg("%s: %s does not contain %#llx (var_off %#llx/%#llx)", what, buf,
		 (unsigned long long)x, (unsigned long long)r->var_off.value,
		 (unsigned long long)r->var_off.mask);
}

#define MAXSETS 400

static void test_alu_sound(void **state)
{
	static struct vset sets[MAXSETS];
	static const uint8_t ops[] = { SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_AND,
				       SCALAR_OR, SCALAR_XOR, SCALAR_NEG };
	int n = make_sets(sets, MAXSETS), i, j, p, q, w;
	size_t o;
	long checks = 0;

	(void)state;
	for (w = 0; w < 2; w++)
		for (o = 0; o < sizeof(ops); o++)
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++) {
					struct scalar d = state_of(&sets[i]), s = state_of(&sets[j]);

					scalar_sync(&d);
					scalar_sync(&s);
					scalar_alu(&d, &s, ops[o], w);
					if (scalar_invariant_violation(&d))
						fail_msg("alu op %#x: %s", ops[o], scalar_invariant_violation(&d));
					for (p = 0; p < sets[i].n; p++)
						for (q = 0; q < sets[j].n; q++, checks++) {
							uint64_t r = concrete_alu(ops[o], sets[i].v[p], sets[j].v[q], w);

							if (!scalar_contains(&d, r))
								fail_state(w ? "alu32" : "alu64", &d, r);
						}
					if (ops[o] == SCALAR_NEG)
						break;
				}
	/* shifts by every constant amount below the width */
	for (w = 0; w < 2; w++)
		for (o = 0; o < 3; o++)
			for (i = 0; i < n; i++)
				for (int sh = 0; sh < (w ? 32 : 64); sh++) {
					uint8_t op = o == 0 ? SCALAR_LSH : o == 1 ? SCALAR_RSH : SCALAR_ARSH;
					struct scalar d = state_of(&sets[i]), s = scalar_const((uint64_t)sh);

					scalar_sync(&d);
					scalar_alu(&d, &s, op, w);
					for (p = 0; p < sets[i].n; p++, checks++) {
						uint64_t r = concrete_alu(op, sets[i].v[p], (uint64_t)sh, w);

						if (!scalar_contains(&d, r))
							fail_state("shift", &d, r);
					}
				}
	assert_true(checks > 100000);
}

static void test_branch_sound(void **state)
{
	static struct vset sets[MAXSETS];
	static const uint8_t ops[] = { SCALAR_JEQ, SCALAR_JNE, SCALAR_JSET, SCALAR_JGT, SCALAR_JGE,
				       SCALAR_JLT, SCALAR_JLE, SCALAR_JSGT, SCALAR_JSGE, SCALAR_JSLT,
				       SCALAR_JSLE };
	int n = make_sets(sets, MAXSETS), i, j, p, q, w;
	size_t o;
	long checks = 0;

	(void)state;
	for (w = 0; w < 2; w++)
		for (o = 0; o < sizeof(ops); o++)
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++) {
					struct scalar a = state_of(&sets[i]), b = state_of(&sets[j]);
					struct scalar t1, t2, f1, f2;
					int pred;

					scalar_sync(&a);
					scalar_sync(&b);
					pred = scalar_branch_taken(&a, &b, ops[o], w);
					t1 = f1 = a;
					t2 = f2 = b;
					scalar_refine(&t1, &t2, &f1, &f2, ops[o], w, NULL, 0);
					for (p = 0; p < sets[i].n; p++)
						for (q = 0; q < sets[j].n; q++, checks++) {
							uint64_t x = sets[i].v[p], y = sets[j].v[q];
							bool c = concrete_cond(ops[o], x, y, w);

							if (c && pred == 0)
								fail_msg("op %#x w%d predicted never but %#llx,%#llx", ops[o], w,
									 (unsigned long long)x, (unsigned long long)y);
							if (!c && pred == 1)
								fail_msg("op %#x w%d predicted always but %#llx,%#llx", ops[o], w,
									 (unsigned long long)x, (unsigned long long)y);
							if (pred != -1)
								continue; /* the kernel does not refine */
							if (c && (!scalar_contains(&t1, x) || !scalar_contains(&t2, y)))
								fail_msg("op %#x w%d taken state lost %#llx,%#llx", ops[o], w,
									 (unsigned long long)x, (unsigned long long)y);
							if (!c && (!scalar_contains(&f1, x) || !scalar_contains(&f2, y)))
								fail_msg("op %#x w%d fallthrough state lost %#llx,%#llx", ops[o], w,
									 (unsigned long long)x, (unsigned long long)y);
						}
				}
	assert_true(checks > 100000);
}

static void test_sync_sound(void **state)
{
	static struct vset sets[MAXSETS];
	int n = make_sets(sets, MAXSETS), i, p, view;

	(void)state;
	for (i = 0; i < n; i++)
		for (view = 0; view < 5; view++) {
			struct scalar full = state_of(&sets[i]), r = scalar_unknown();

			switch (view) {
			case 0: r.umin = full.umin; r.umax = full.umax; break;
			case 1: r.smin = full.smin; r.smax = full.smax; break;
			case 2: r.u32_min = full.u32_min; r.u32_max = full.u32_max;
				r.s32_min = full.s32_min; r.s32_max = full.s32_max; break;
			case 3: r.var_off = full.var_off; break;
			default: r.umin = full.umin; r.umax = full.umax;
				r.s32_min = full.s32_min; r.s32_max = full.s32_max; break;
			}
			scalar_sync(&r);
			if (scalar_invariant_violation(&r))
				fail_msg("sync view %d: %s", view, scalar_invariant_violation(&r));
			for (p = 0; p < sets[i].n; p++)
				if (!scalar_contains(&r, sets[i].v[p]))
					fail_state("sync", &r, sets[i].v[p]);
		}
	/* width changes */
	for (i = 0; i < n; i++)
		for (int size = 1; size <= 4; size *= 2) {
			struct scalar z = state_of(&sets[i]), c, sx, sub;

			scalar_sync(&z);
			c = sx = sub = z;
			scalar_coerce(&c, size);
			scalar_coerce_sx(&sx, size);
			scalar_zext32(&z);
			for (p = 0; p < sets[i].n; p++) {
				uint64_t x = sets[i].v[p];
				uint64_t keep = (1ULL << (size * 8)) - 1;
				int64_t s = size == 1 ? (int8_t)x : size == 2 ? (int16_t)x : (int32_t)x;

				if (!scalar_contains(&c, x & keep))
					fail_state("coerce", &c, x & keep);
				if (!scalar_contains(&sx, (uint64_t)s))
					fail_state("coerce_sx", &sx, (uint64_t)s);
				if (!scalar_contains(&z, (uint32_t)x))
					fail_state("zext", &z, (uint32_t)x);
			}
			if (size < 4) {
				scalar_coerce_subreg_sx(&sub, size);
				for (p = 0; p < sets[i].n; p++) {
					uint32_t s = size == 1 ? (uint32_t)(int32_t)(int8_t)sets[i].v[p]
							       : (uint32_t)(int32_t)(int16_t)sets[i].v[p];
					struct tnum t = tnum_subreg(sub.var_off);

					assert_true(tnum_contains(t, s));
					assert_true((int32_t)s >= sub.s32_min && (int32_t)s <= sub.s32_max);
					assert_true(s >= sub.u32_min && s <= sub.u32_max);
				}
			}
		}
}

/* Chosen cases with the kernel's printed text (see the corpus for many more). */
static void test_text_and_pins(void **state)
{
	char buf[256];
	struct scalar r = scalar_unknown(), k;

	(void)state;
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar()");
	k = scalar_const(0xf);
	scalar_alu(&r, &k, SCALAR_AND, false);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar(smin=smin32=0,smax=umax=smax32=umax32=15,var_off=(0x0; 0xf))");
	k = scalar_const(1);
	scalar_alu(&r, &k, SCALAR_ADD, false);
	k = scalar_const((uint64_t)-32);
	scalar_alu(&r, &k, SCALAR_ADD, false);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar(smin=smin32=-31,smax=smax32=-16,umin=0xffffffffffffffe1,"
				 "umax=0xfffffffffffffff0,umin32=0xffffffe1,umax32=0xfffffff0,"
				 "var_off=(0xffffffffffffffe0; 0x1f))");
	/* 6.18: both ends wrap -> the unsigned range survives */
	k = scalar_const(48);
	scalar_alu(&r, &k, SCALAR_ADD, false);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar(smin=umin=smin32=umin32=17,smax=umax=smax32=umax32=32,var_off=(0x0; 0x3f))");
	/* neg and signed mul (6.18) */
	r = scalar_unknown();
	k = scalar_const(0xf);
	scalar_alu(&r, &k, SCALAR_AND, false);
	scalar_alu(&r, NULL, SCALAR_NEG, false);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar(smin=smin32=-15,smax=smax32=0)");
	r = scalar_unknown();
	scalar_alu(&r, &k, SCALAR_AND, false);
	k = scalar_const(8);
	scalar_alu(&r, &k, SCALAR_SUB, false);
	k = scalar_const(3);
	scalar_alu(&r, &k, SCALAR_MUL, true);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "scalar(smin=0,smax=umax=0xffffffff,smin32=-24,smax32=21,var_off=(0x0; 0xffffffff))");
	r = scalar_const((uint64_t)-5);
	scalar_strn(buf, sizeof(buf), &r, 3, true);
	assert_string_equal(buf, "P-5");
	r = scalar_const(0xffffffffULL);
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "0xffffffff");
	/* the kernel's invariant-violation line (6.18 log, "if r2 s< r6" with
	 * r2 u64=[0x80000001, 0xff0000ffff] and u32=[0, 0xffff] refined to an
	 * empty u32 range); the state then forgets its bounds, keeps its tnum */
	{
		char log[512] = "";
		struct scalar b = {
			.var_off = TNUM(0, 0xff0000ffffULL), .smin = 0, .smax = (int64_t)0xfffffffffffffffeULL,
			.umin = 0, .umax = 0xff0000ffffULL, .s32_min = 0, .s32_max = (int32_t)0xfffffffe,
			.u32_min = 0x80000001, .u32_max = 0xffff,
		};

		assert_true(scalar_sanity(&b, "true_reg1", log, sizeof(log)));
		assert_string_equal(log, "verifier bug: REG INVARIANTS VIOLATION (true_reg1): range bounds violation "
					 "u64=[0x0, 0xff0000ffff] s64=[0x0, 0xfffffffffffffffe] u32=[0x80000001, 0xffff] "
					 "s32=[0x0, 0xfffffffe] var_off=(0x0, 0xff0000ffff)\n");
		scalar_strn(buf, sizeof(buf), &b, 0, false);
		assert_string_equal(buf, "scalar(var_off=(0x0; 0xff0000ffff))");
		assert_false(scalar_sanity(&b, "alu", log, sizeof(log)));
	}
	/* 6.18: a tnum and a range sharing one value make a constant; on an
	 * empty intersection the kernel takes the tnum's largest member */
	r = scalar_unknown();
	r.var_off = TNUM(0, 0x10000);
	r.umin = 1;
	scalar_sync(&r);
	assert_true(tnum_is_const(r.var_off));
	assert_int_equal(r.umin, 0x10000);
	r = scalar_unknown();
	r.var_off = TNUM(0, 0x7fffffff000000ffULL);
	r.umin = 256;
	r.umax = 0x7fffffff;
	scalar_sync(&r); /* bound_offset narrows the tnum to (0; 0xff), below umin */
	scalar_strn(buf, sizeof(buf), &r, 0, false);
	assert_string_equal(buf, "255");
	/* a truncated buffer still reports the full length */
	r = scalar_unknown();
	assert_int_equal(scalar_strn(buf, 4, &r, 7, false), (int)strlen("scalar(id=7)"));
	assert_string_equal(buf, "sca");
}

/* ------------------------------------------------------------------ */
/* 2. replay against recorded kernel states                            */

struct insn {
	uint8_t code, regs;
	int16_t off;
	int32_t imm;
};

#define MAXI 128
#define DST(i) ((i).regs & 0xf)
#define SRC(i) ((i).regs >> 4)

struct model {
	struct scalar reg[11];
	bool live[11];
	/* text the model predicts for a register after insn i (main path) and
	 * on the taken edge of jump i ("from i to ..."); empty if none */
	char after[MAXI][11][320];
	char taken[MAXI][11][320];
	bool reached[MAXI], has_taken[MAXI];
	bool forked; /* the kernel also explores a forked copy we do not follow */
};

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_insns(const char *hex, struct insn *out, int max)
{
	size_t len = strlen(hex), i;
	int n = 0;

	if (len % 16)
		return -1;
	for (i = 0; i < len && n < max; i += 16, n++) {
		uint8_t b[8];

		for (int k = 0; k < 8; k++) {
			int hi = hexval(hex[i + 2 * k]), lo = hexval(hex[i + 2 * k + 1]);

			if (hi < 0 || lo < 0)
				return -1;
			b[k] = (uint8_t)(hi << 4 | lo);
		}
		out[n].code = b[0];
		out[n].regs = b[1];
		out[n].off = (int16_t)(b[2] | b[3] << 8);
		out[n].imm = (int32_t)((uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 |
				       (uint32_t)b[7] << 24);
	}
	return n;
}

static void model_print(struct model *m, char dst[11][320], int r)
{
	scalar_strn(dst[r], 320, &m->reg[r], 0, false);
}

/* Walk the main (fall-through) path as the verifier does. */
static void model_run(struct model *m, const struct insn *in, int n)
{
	int pc = 0;

	memset(m, 0, sizeof(*m));
	while (pc >= 0 && pc < n) {
		struct insn i = in[pc];
		uint8_t cls = i.code & 7, op = i.code & 0xf0;
		bool x = i.code & 0x08;
		int d = DST(i), s = SRC(i);

		m->reached[pc] = true;
		if (i.code == 0x95) /* exit */
			return;
		if (i.code == 0x18) { /* ld_imm64 constant */
			m->reg[d] = scalar_const((uint32_t)i.imm | (uint64_t)(uint32_t)in[pc + 1].imm << 32);
			m->live[d] = true;
			model_print(m, m->after[pc], d);
			pc += 2;
			continue;
		} else if (cls == 1) { /* ldx u32/u16/u8 from ctx */
			int size = (i.code & 0x18) == 0x00 ? 4 : (i.code & 0x18) == 0x08 ? 2 : 1;

			scalar_mark_unknown(&m->reg[d]);
			scalar_coerce(&m->reg[d], size);
			m->live[d] = true;
			model_print(m, m->after[pc], d);
		} else if (cls == 4 || cls == 7) { /* alu32 / alu64 */
			bool w32 = cls == 4;
			struct scalar src = x ? m->reg[s] : scalar_const((uint64_t)(int64_t)i.imm);

			if (op == SCALAR_MOV) {
				if (x)
					m->reg[d] = m->reg[s];
				else
					m->reg[d] = scalar_const(w32 ? (uint32_t)i.imm : (uint64_t)(int64_t)i.imm);
				if (x && !w32 && i.off)
					scalar_coerce_sx(&m->reg[d], i.off / 8);
				if (x && w32) {
					if (i.off)
						scalar_coerce_subreg_sx(&m->reg[d], i.off / 8);
					scalar_zext32(&m->reg[d]);
					scalar_sync(&m->reg[d]);
				}
				m->live[d] = true;
			} else {
				int fork = scalar_alu_fork_width(&m->reg[d], &src, op);

				/* the kernel explores dst = 0 later; the main path goes on with -1 */
				if (fork == 64)
					scalar_mark_known(&m->reg[d], UINT64_MAX);
				else if (fork == 32)
					scalar_mark_known32(&m->reg[d], UINT32_MAX);
				if (fork)
					m->forked = true;
				scalar_alu(&m->reg[d], &src, op, w32);
			}
			scalar_sanity(&m->reg[d], "alu", NULL, 0);
			model_print(m, m->after[pc], d);
			if (x) /* the source too: a move may give it an id */
				model_print(m, m->after[pc], s);
		} else if ((cls == 5 || cls == 6) && op != 0 && op != 0x80 && op != 0x90) {
			bool w32 = cls == 6;
			struct scalar b = x ? m->reg[s] : scalar_const((uint64_t)(int64_t)i.imm);
			struct scalar t1 = m->reg[d], t2 = b, f1 = m->reg[d], f2 = b;
			int pred = scalar_branch_taken(&m->reg[d], &b, op, w32);

			if (pred == 1) {
				pc = pc + 1 + i.off;
				continue;
			}
			if (pred == -1) {
				scalar_refine(&t1, &t2, &f1, &f2, op, w32, NULL, 0);
				m->reg[d] = t1;
				if (x)
					m->reg[s] = t2;
				for (int r = 0; r < 11; r++)
					if (m->live[r])
						model_print(m, m->taken[pc], r);
				m->has_taken[pc] = true;
				m->reg[d] = f1;
				if (x)
					m->reg[s] = f2;
			}
			model_print(m, m->after[pc], d);
			if (x)
				model_print(m, m->after[pc], s);
		} else {
			fail_msg("model: unsupported insn %#x at %d", i.code, pc);
		}
		pc++;
	}
}

/* Register ids (links between copies) are not part of the numeric domain:
 * "scalar(id=2,smin=..." -> "scalar(smin=...", "scalar(id=2)" -> "scalar()". */
static void strip_id(char *v)
{
	char *p = strstr(v, "(id="), *e;

	if (!p)
		return;
	e = p + 4;
	while ((*e >= '0' && *e <= '9') || *e == '+' || *e == '-')
		e++;
	if (*e == ',')
		e++;
	memmove(p + 1, e, strlen(e) + 1);
}

/* Compare "R2=... R3=..." tokens of a kernel line with the model's texts. */
static int compare_tokens(const char *name, int insn, const char *regs, char model[11][320],
			  bool *live, char *why, size_t whysz)
{
	const char *p = regs;
	int compared = 0;

	while ((p = strchr(p, 'R')) != NULL) {
		char val[512];
		const char *eq, *end, *v;
		int r;

		/* a token is "R<n>=<text>" up to the next " R<digit>" */
		if ((p != regs && p[-1] != ' ') || p[1] < '0' || p[1] > '9') {
			p++;
			continue;
		}
		r = atoi(p + 1);
		eq = strchr(p, '=');
		if (!eq)
			break;
		for (end = eq; *end; end++)
			if (end[0] == ' ' && end[1] == 'R' && end[2] >= '0' && end[2] <= '9')
				break;
		snprintf(val, sizeof(val), "%.*s", (int)(end - eq - 1), eq + 1);
		p = end;
		if (r < 0 || r > 10 || r == 1 || r == 10 || !live[r])
			continue;
		v = val;
		if (*v == 'P') /* precision marks are not part of the domain */
			v++;
		strip_id(val + (v - val));
		if (strcmp(v, model[r]) != 0) {
			snprintf(why, whysz, "%s insn %d R%d: kernel %s, bpfsim %s", name, insn, r, v,
				 model[r][0] ? model[r] : "(nothing)");
			return -1;
		}
		compared++;
	}
	return compared;
}

static char *corpus_path(const char *file)
{
	static char path[1024];
	const char *src = getenv("BPFSIM_SRC");

	snprintf(path, sizeof(path), "%s/tests/corpus/%s", src ? src : ".", file);
	return path;
}

/* "12: (07) r2 += 1 ..." (not a state line "12: R2=...") */
static bool is_insn_start(const char *l, int *insn)
{
	int pos = 0;

	return sscanf(l, "%d: %n", insn, &pos) == 1 && pos != 0 && l[pos] == '(';
}

/* "12: (07) r2 += 1                     ; R2=..." */
static bool is_insn_line(const char *l, int *insn)
{
	return is_insn_start(l, insn) && strstr(l, " ; ") != NULL;
}

/* Split the lines a kernel log gives for the main path and branch edges into
 * (insn, regs) pairs and compare. Returns the number of registers compared,
 * or -1 with why set. */
static int compare_log(const char *name, const struct insn *in, int n, json_object *lines,
		       char *why, size_t whysz)
{
	static struct model m;
	size_t k, nl = json_object_array_length(lines);
	int total = 0, first_exit_block = n;
	bool live_all[11], visited[MAXI] = { false }, visited_from[MAXI] = { false };

	model_run(&m, in, n);
	for (int i = 0; i < n; i++)
		if (in[i].code == 0x95) {
			first_exit_block = i + 1;
			break;
		}
	for (k = 0; k < 11; k++)
		live_all[k] = true;
	for (k = 0; k < nl; k++) {
		const char *l = json_object_get_string(json_object_array_get_idx(lines, k));
		int a, b, c;

		if (sscanf(l, "from %d to %d:", &a, &b) == 2) {
			if (a == b || (a >= 0 && a < n && visited_from[a]))
				continue; /* a forked scalar (and/or of {-1, 0}), or a later visit */
			if (a >= 0 && a < n && !m.has_taken[a] && m.forked)
				continue; /* an edge of the forked copy */
			if (a < 0 || a >= n || !m.has_taken[a]) {
				snprintf(why, whysz, "%s: kernel explored the jump at %d, bpfsim predicted it", name, a);
				return -1;
			}
			visited_from[a] = true;
			c = compare_tokens(name, a, strchr(l, ':') + 1, m.taken[a], live_all, why, whysz);
		} else if (is_insn_start(l, &a) && !strstr(l, " ; ")) {
			/* an instruction without a state (a predicted jump): still
			 * the main path's visit */
			if (a >= 0 && a < n)
				visited[a] = true;
			continue;
		} else if (is_insn_line(l, &a)) {
			if (a >= first_exit_block - 1 || a < 0 || visited[a])
				continue; /* exit blocks (r0 = 0), or a later visit */
			visited[a] = true;
			if (!m.reached[a] && m.forked)
				continue; /* only the forked copy went there */
			if (!m.reached[a]) {
				snprintf(why, whysz, "%s: kernel reached insn %d on the main path, bpfsim did not",
					 name, a);
				return -1;
			}
			c = compare_tokens(name, a, strstr(l, " ; ") + 3, m.after[a], live_all, why, whysz);
		} else {
			continue;
		}
		if (c < 0)
			return -1;
		total += c;
	}
	for (int i = 0; i < n; i++)
		if (m.has_taken[i]) {
			bool seen = false;

			for (k = 0; k < nl && !seen; k++) {
				int a, b;

				if (sscanf(json_object_get_string(json_object_array_get_idx(lines, k)),
					   "from %d to %d:", &a, &b) == 2 && a == i)
					seen = true;
			}
			if (!seen) {
				snprintf(why, whysz, "%s: bpfsim explores the jump at %d, the kernel predicted it",
					 name, i);
				return -1;
			}
		}
	return total;
}

static void test_corpus_replay(void **state)
{
	FILE *f = fopen(corpus_path("range_states.jsonl"), "r");
	char *line = NULL;
	size_t cap = 0;
	int progs = 0, agree = 0, regs = 0;
	char why[600];

	(void)state;
	if (!f)
		fail_msg("cannot open %s", corpus_path("range_states.jsonl"));
	while (getline(&line, &cap, f) > 0) {
		json_object *o = json_tokener_parse(line), *jinsns, *jlines, *jname;
		struct insn in[MAXI];
		int n, c;

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "insns", &jinsns));
		assert_true(json_object_object_get_ex(o, "lines", &jlines));
		assert_true(json_object_object_get_ex(o, "name", &jname));
		n = parse_insns(json_object_get_string(jinsns), in, MAXI);
		assert_true(n > 0);
		progs++;
		c = compare_log(json_object_get_string(jname), in, n, jlines, why, sizeof(why));
		if (c < 0)
			print_message("MISMATCH %s\n", why);
		else {
			agree++;
			regs += c;
		}
		json_object_put(o);
	}
	free(line);
	fclose(f);
	print_message("range corpus: %d/%d programs agree with the kernel on every printed scalar "
		      "(%d register states compared)\n", agree, progs, regs);
	assert_true(progs >= 50);
	assert_int_equal(agree, progs);
}

/* ------------------------------------------------------------------ */
/* 3. recording and live comparison                                    */

struct prog {
	char name[64];
	struct insn in[MAXI];
	int n;
};

static void emit(struct prog *p, uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
	if (p->n < MAXI)
		p->in[p->n++] = (struct insn){ code, (uint8_t)(dst | src << 4), off, imm };
}

/* Append "r0 = 0; exit" for the main path, then one exit block per jump,
 * patching each jump's offset. */
static void finish(struct prog *p)
{
	int jumps[MAXI], nj = 0, i;

	for (i = 0; i < p->n; i++) {
		uint8_t cls = p->in[i].code & 7;

		if ((cls == 5 || cls == 6) && p->in[i].code != 0x95)
			jumps[nj++] = i;
	}
	emit(p, 0xb7, 0, 0, 0, 0);
	emit(p, 0x95, 0, 0, 0, 0);
	for (i = 0; i < nj; i++) {
		p->in[jumps[i]].off = (int16_t)(p->n - jumps[i] - 1);
		emit(p, 0xb7, 0, 0, 0, 0);
		emit(p, 0x95, 0, 0, 0, 0);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static const int32_t imms[] = { 0, 1, 2, 3, 7, 8, 15, 16, 31, 32, 63, 100, 255, 256, 0x7fff, 0x8000,
				0xffff, 0x10000, 0x7fffffff, -1, -2, -8, -16, -100, -256,
				(int32_t)0x80000000, (int32_t)0xffff0000 };

static int32_t rimm(void)
{
	return imms[rnd() % (sizeof(imms) / sizeof(imms[0]))];
}

/* A random straight-line program over r2..r9. */
static void gen_random(struct prog *p, int idx)
{
	static const uint8_t alu_ops[] = { SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_AND, SCALAR_OR,
					   SCALAR_XOR, SCALAR_LSH, SCALAR_RSH, SCALAR_ARSH, SCALAR_NEG,
					   SCALAR_AND, SCALAR_ADD };
	static const uint8_t jops[] = { SCALAR_JEQ, SCALAR_JNE, SCALAR_JSET, SCALAR_JGT, SCALAR_JGE,
					SCALAR_JLT, SCALAR_JLE, SCALAR_JSGT, SCALAR_JSGE, SCALAR_JSLT,
					SCALAR_JSLE };
	static const int16_t ctx_off[] = { 0, 4, 8, 16 };
	int live[8], nlive = 0, steps, k;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "random %d", idx);
	/* two to four unknown u32 inputs, maybe a 64-bit one, maybe a constant */
	for (k = 0; k < 2 + (int)(rnd() % 3); k++) {
		/* sometimes a narrow (u8/u16) load of skb->len */
		uint8_t lcode = rnd() % 5 == 0 ? 0x71 : rnd() % 5 == 0 ? 0x69 : 0x61;

		emit(p, lcode, 2 + k, 1, lcode == 0x61 ? ctx_off[k] : 0, 0);
		live[nlive++] = 2 + k;
	}
	if (rnd() % 2) {
		emit(p, 0x67, 2, 0, 0, 32);
		emit(p, 0x4f, 2, 3, 0, 0);
	}
	if (rnd() % 2) {
		emit(p, 0xb7, 7, 0, 0, rimm());
		live[nlive++] = 7;
	}
	if (rnd() % 3 == 0) {
		/* a 64-bit constant near a boundary */
		static const uint64_t big[] = { 0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
						0xffffffff00000000ULL, 0x80000000ULL, 0x1ffffffffULL,
						0xfffffffffffffff0ULL, 0x123456789aULL };
		uint64_t v = big[rnd() % (sizeof(big) / sizeof(big[0]))];

		emit(p, 0x18, 6, 0, 0, (int32_t)(uint32_t)v);
		emit(p, 0x00, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
		live[nlive++] = 6;
	}
	steps = 4 + (int)(rnd() % 10);
	for (k = 0; k < steps; k++) {
		int d = live[rnd() % nlive], s = live[rnd() % nlive];
		bool w32 = rnd() % 3 == 0, regsrc = rnd() % 3 == 0;

		if (rnd() % 3 == 0) {
			uint8_t op = jops[rnd() % sizeof(jops)];

			if (regsrc && s != d)
				emit(p, (uint8_t)((w32 ? 6 : 5) | 0x08 | op), d, s, 0, 0);
			else
				emit(p, (uint8_t)((w32 ? 6 : 5) | op), d, 0, 0, rimm());
		} else {
			uint8_t op = alu_ops[rnd() % sizeof(alu_ops)];
			uint8_t cls = w32 ? 4 : 7;

			if (op == SCALAR_NEG)
				emit(p, (uint8_t)(cls | op), d, 0, 0, 0);
			else if (op == SCALAR_LSH || op == SCALAR_RSH || op == SCALAR_ARSH)
				emit(p, (uint8_t)(cls | op), d, 0, 0, (int32_t)(rnd() % (w32 ? 32 : 64)));
			else if (regsrc && s != d)
				emit(p, (uint8_t)(cls | 0x08 | op), d, s, 0, 0);
			else
				emit(p, (uint8_t)(cls | op), d, 0, 0, rimm());
		}
	}
	/* copies at the end (they link registers by id, so nothing may branch
	 * on them afterwards): sign extension, 32-bit moves */
	for (k = 0; k < (int)(rnd() % 4); k++) {
		int s = live[rnd() % nlive], d = 8 + (int)(rnd() % 2);
		static const int16_t sx[] = { 0, 8, 16, 32 };

		if (rnd() % 2)
			emit(p, 0xbf, d, s, sx[rnd() % 4], 0);
		else
			emit(p, 0xbc, d, s, sx[rnd() % 3], 0);
	}
	finish(p);
}

/* Hand-written cases: one per transfer function / refinement rule. */
static int gen_handwritten(struct prog *out, int max)
{
	int n = 0;
	struct prog *p;

#define BEGIN(nm) do { if (n >= max) return n; p = &out[n++]; memset(p, 0, sizeof(*p)); \
		snprintf(p->name, sizeof(p->name), "%s", nm); \
		emit(p, 0x61, 2, 1, 0, 0); emit(p, 0x61, 3, 1, 4, 0); } while (0)
#define END() finish(p)
	BEGIN("and const"); emit(p, 0x57, 2, 0, 0, 0xff); END();
	BEGIN("add wrap both ends"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x07, 2, 0, 0, 1);
	emit(p, 0x07, 2, 0, 0, -32); emit(p, 0x07, 2, 0, 0, 0x30); END();
	BEGIN("sub borrow both ends"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x07, 2, 0, 0, 1);
	emit(p, 0x17, 2, 0, 0, 32); emit(p, 0x17, 2, 0, 0, -64); END();
	BEGIN("sub one end borrows"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x17, 2, 0, 0, 8); END();
	BEGIN("mul signed"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x17, 2, 0, 0, 8);
	emit(p, 0x27, 2, 0, 0, 3); END();
	BEGIN("mul32 signed"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x17, 2, 0, 0, 8);
	emit(p, 0x24, 2, 0, 0, 3); END();
	BEGIN("mul reg"); emit(p, 0x57, 2, 0, 0, 6); emit(p, 0x57, 3, 0, 0, 5); emit(p, 0x2f, 2, 3, 0, 0); END();
	BEGIN("mul tnum"); emit(p, 0x57, 2, 0, 0, 2); emit(p, 0x47, 2, 0, 0, 1);
	emit(p, 0x27, 2, 0, 0, 0x30000003); END();
	BEGIN("mul overflow"); emit(p, 0x57, 2, 0, 0, 0xff); emit(p, 0x27, 2, 0, 0, 0x1000000);
	emit(p, 0x2f, 2, 2, 0, 0); END();
	BEGIN("neg64"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x87, 2, 0, 0, 0); END();
	BEGIN("neg32"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x84, 2, 0, 0, 0); END();
	BEGIN("or xor"); emit(p, 0x47, 2, 0, 0, 0x10); emit(p, 0xa7, 2, 0, 0, 0x3); END();
	BEGIN("lsh32 by 32"); emit(p, 0x57, 2, 0, 0, 0xff); emit(p, 0x17, 2, 0, 0, 100);
	emit(p, 0x67, 2, 0, 0, 32); END();
	BEGIN("rsh arsh"); emit(p, 0x67, 2, 0, 0, 32); emit(p, 0xc7, 2, 0, 0, 40);
	emit(p, 0x77, 3, 0, 0, 3); END();
	BEGIN("arsh32"); emit(p, 0x17, 2, 0, 0, 1000); emit(p, 0xc4, 2, 0, 0, 4); END();
	BEGIN("shift by reg"); emit(p, 0x57, 3, 0, 0, 7); emit(p, 0x6f, 2, 3, 0, 0); END();
	BEGIN("jgt refine"); emit(p, 0x25, 2, 0, 0, 10); END();
	BEGIN("jsgt refine"); emit(p, 0x65, 2, 0, 0, -5); emit(p, 0xc5, 2, 0, 0, 100); END();
	BEGIN("jeq reg"); emit(p, 0x57, 3, 0, 0, 0xf0); emit(p, 0x1d, 2, 3, 0, 0); END();
	BEGIN("jne const edges"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x55, 2, 0, 0, 0);
	emit(p, 0x55, 2, 0, 0, 15); END();
	BEGIN("jset pow2"); emit(p, 0x45, 2, 0, 0, 4); emit(p, 0x45, 3, 0, 0, 6); END();
	BEGIN("jmp32 refine"); emit(p, 0x67, 2, 0, 0, 32); emit(p, 0x4f, 2, 3, 0, 0);
	emit(p, 0xa6, 2, 0, 0, 100); emit(p, 0x66, 2, 0, 0, 0); END();
	BEGIN("jlt reg both"); emit(p, 0xad, 2, 3, 0, 0); emit(p, 0xbd, 3, 2, 0, 0); END();
	BEGIN("s64 crosses sign"); emit(p, 0x67, 2, 0, 0, 32); emit(p, 0x4f, 2, 3, 0, 0);
	emit(p, 0xc5, 2, 0, 0, 5); emit(p, 0x65, 2, 0, 0, -5); emit(p, 0x35, 2, 0, 0, 3); END();
	BEGIN("u32 into u64"); emit(p, 0x67, 2, 0, 0, 32); emit(p, 0x4f, 2, 3, 0, 0);
	emit(p, 0x25, 2, 0, 0, 0x7fffffff); emit(p, 0x66, 2, 0, 0, 0); END();
	BEGIN("predicted branch"); emit(p, 0x57, 2, 0, 0, 0xf); emit(p, 0x25, 2, 0, 0, 20);
	emit(p, 0x07, 2, 0, 0, 1); END();
	BEGIN("mov32 const"); emit(p, 0xb4, 4, 0, 0, -1); emit(p, 0x0c, 2, 4, 0, 0); END();
	/* unsigned ends both wrap while the signed range is unbounded: only
	 * the 6.18 rule keeps [0x10, 0x2f] */
	BEGIN("add wrap both ends, signed unbounded"); emit(p, 0x57, 2, 0, 0, 0x1f);
	emit(p, 0x18, 6, 0, 0, (int32_t)0xfffffff0); emit(p, 0, 0, 0, 0, 0x7fffffff);
	emit(p, 0x0f, 2, 6, 0, 0);
	emit(p, 0x18, 7, 0, 0, 0x20); emit(p, 0, 0, 0, 0, (int32_t)0x80000000);
	emit(p, 0x0f, 2, 7, 0, 0); END();
	BEGIN("sub borrow both ends, signed unbounded"); emit(p, 0x57, 2, 0, 0, 0x1f);
	emit(p, 0x18, 6, 0, 0, (int32_t)0xfffffff0); emit(p, 0, 0, 0, 0, 0x7fffffff);
	emit(p, 0x0f, 2, 6, 0, 0);
	emit(p, 0x18, 7, 0, 0, 0x20); emit(p, 0, 0, 0, 0, (int32_t)0x80000000);
	emit(p, 0x1f, 2, 7, 0, 0); END();
	BEGIN("add32 wrap both ends, signed unbounded"); emit(p, 0x57, 2, 0, 0, 0x1f);
	emit(p, 0x04, 2, 0, 0, 0x7ffffff0); emit(p, 0x04, 2, 0, 0, (int32_t)0x80000020); END();
	BEGIN("sub32 borrow both ends, signed unbounded"); emit(p, 0x57, 2, 0, 0, 0x1f);
	emit(p, 0x04, 2, 0, 0, 0x7ffffff0); emit(p, 0x14, 2, 0, 0, (int32_t)0x80000020); END();
	BEGIN("movsx8 of a small range"); emit(p, 0x57, 2, 0, 0, 0x7f); emit(p, 0xbf, 8, 2, 8, 0); END();
	BEGIN("movsx8 crossing"); emit(p, 0x57, 2, 0, 0, 0xff); emit(p, 0xbf, 8, 2, 8, 0); END();
	BEGIN("movsx32 of negative"); emit(p, 0x17, 2, 0, 0, 5); emit(p, 0xbf, 8, 2, 32, 0); END();
	BEGIN("w-movsx16"); emit(p, 0x57, 2, 0, 0, 0xffff); emit(p, 0xbc, 8, 2, 16, 0); END();
	BEGIN("w-mov of 64-bit"); emit(p, 0x67, 2, 0, 0, 32); emit(p, 0x4f, 2, 3, 0, 0);
	emit(p, 0x25, 2, 0, 0, 0x12345); emit(p, 0xbc, 8, 2, 0, 0); END();
	BEGIN("narrow loads"); emit(p, 0x71, 4, 1, 0, 0); emit(p, 0x69, 5, 1, 0, 0);
	emit(p, 0x0f, 4, 5, 0, 0); END();
	BEGIN("and fork"); emit(p, 0x57, 2, 0, 0, 1); emit(p, 0x87, 2, 0, 0, 0);
	emit(p, 0x57, 2, 0, 0, 0x10); END();
#undef BEGIN
#undef END
	return n;
}

static char logbuf[1 << 20];

/* Load (socket filter, log level 2) and collect the lines the comparison
 * uses. Returns 0 if loaded, -errno if rejected. */
static int kernel_lines(const struct prog *p, json_object **lines_out)
{
	LIBBPF_OPTS(bpf_prog_load_opts, o, .log_buf = logbuf, .log_size = sizeof(logbuf), .log_level = 2);
	struct bpf_insn raw[MAXI];
	json_object *lines = json_object_new_array();
	char *save = NULL, *l;
	int fd, i;

	for (i = 0; i < p->n; i++) {
		raw[i].code = p->in[i].code;
		raw[i].dst_reg = DST(p->in[i]) & 0xf;
		raw[i].src_reg = SRC(p->in[i]) & 0xf;
		raw[i].off = p->in[i].off;
		raw[i].imm = p->in[i].imm;
	}
	logbuf[0] = 0;
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "range", "GPL", raw, (size_t)p->n, &o);
	if (fd < 0) {
		json_object_put(lines);
		return -errno;
	}
	close(fd);
	for (l = strtok_r(logbuf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int a, b;

		if (sscanf(l, "from %d to %d:", &a, &b) == 2 || is_insn_start(l, &a))
			json_object_array_add(lines, json_object_new_string(l));
	}
	*lines_out = lines;
	return 0;
}

static char *insns_hex(const struct prog *p, char *buf)
{
	for (int i = 0; i < p->n; i++)
		sprintf(buf + 16 * i, "%02x%02x%02x%02x%02x%02x%02x%02x", p->in[i].code, p->in[i].regs,
			(uint8_t)p->in[i].off, (uint8_t)((uint16_t)p->in[i].off >> 8),
			(uint8_t)p->in[i].imm, (uint8_t)((uint32_t)p->in[i].imm >> 8),
			(uint8_t)((uint32_t)p->in[i].imm >> 16), (uint8_t)((uint32_t)p->in[i].imm >> 24));
	return buf;
}

static int record(const char *path)
{
	static struct prog progs[1000];
	int n = gen_handwritten(progs, 1000), i, kept = 0;
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	while (n < 600) {
		gen_random(&progs[n], n);
		n++;
	}
	for (i = 0; i < n; i++) {
		json_object *lines, *o;
		char hex[MAXI * 16 + 1];

		if (kernel_lines(&progs[i], &lines) < 0) {
			fprintf(stderr, "record: %s rejected by the kernel, skipped\n", progs[i].name);
			continue;
		}
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(progs[i].name));
		json_object_object_add(o, "prog_type", json_object_new_string("socket_filter"));
		json_object_object_add(o, "insns", json_object_new_string(insns_hex(&progs[i], hex)));
		json_object_object_add(o, "lines", lines);
		fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
		json_object_put(o);
		kept++;
	}
	fclose(f);
	fprintf(stderr, "record: %d programs written to %s\n", kept, path);
	return 0;
}

static void test_live_kernel(void **state)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	int same = 0, total = 0;

	(void)state;
	if (geteuid() != 0) {
		print_message("live: skipped (not root)\n");
		skip();
	}
	f = fopen(corpus_path("range_states.jsonl"), "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0) {
		json_object *o = json_tokener_parse(line), *jinsns, *jlines, *live;
		struct prog p;

		memset(&p, 0, sizeof(p));
		json_object_object_get_ex(o, "insns", &jinsns);
		json_object_object_get_ex(o, "lines", &jlines);
		p.n = parse_insns(json_object_get_string(jinsns), p.in, MAXI);
		if (kernel_lines(&p, &live) == 0) {
			total++;
			if (strcmp(json_object_to_json_string(live), json_object_to_json_string(jlines)) == 0)
				same++;
			json_object_put(live);
		}
		json_object_put(o);
	}
	free(line);
	fclose(f);
	print_message("live: the running kernel prints the recorded states for %d/%d programs\n", same, total);
	assert_true(total > 0);
	assert_int_equal(same, total);
}

/* BPFSIM_RANGE_EXPLORE=N (root): N more random programs (another seed),
 * compared with the live kernel directly, not recorded. For hunting
 * differences; exits 1 if any. */
static int explore_live(int count)
{
	static struct prog p;
	static char why[600];
	int agree = 0, loaded = 0, i;

	rng_state = 0xd1b54a32d192ed03ULL;
	for (i = 0; i < count; i++) {
		json_object *lines;

		gen_random(&p, 100000 + i);
		if (kernel_lines(&p, &lines) < 0)
			continue;
		loaded++;
		if (compare_log(p.name, p.in, p.n, lines, why, sizeof(why)) >= 0)
			agree++;
		else {
			char hex[MAXI * 16 + 1];

			fprintf(stderr, "MISMATCH %s\n  insns %s\n", why, insns_hex(&p, hex));
			for (size_t k = 0; k < json_object_array_length(lines); k++)
				fprintf(stderr, "    %s\n",
					json_object_get_string(json_object_array_get_idx(lines, k)));
		}
		json_object_put(lines);
	}
	fprintf(stderr, "explore: %d/%d programs agree\n", agree, loaded);
	return agree == loaded ? 0 : 1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_sound),
		cmocka_unit_test(test_branch_sound),
		cmocka_unit_test(test_sync_sound),
		cmocka_unit_test(test_text_and_pins),
		cmocka_unit_test(test_corpus_replay),
		cmocka_unit_test(test_live_kernel),
	};
	const char *rec = getenv("BPFSIM_RECORD_RANGE");
	const char *explore = getenv("BPFSIM_RANGE_EXPLORE");

	if (rec)
		return record(rec) == 0 ? 0 : 1;
	if (explore)
		return explore_live(atoi(explore));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
