/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gen.c: the program generator of the differential tester.
 *
 * Program `index` of `seed` is built from a splitmix64 stream seeded with
 * mix(seed, index), so any program of a campaign can be regenerated alone,
 * and only integer arithmetic is used: same seed, same bytes everywhere.
 *
 * Programs are generated structurally, so they are well-formed unless a
 * deliberate "wild" choice or the final mutation breaks a rule:
 *   prologue   r6 = r1 (ctx kept), a few registers initialised
 *   segments   chosen by weight: ALU (32/64, K/X, every op, interesting
 *              immediates), forward conditional blocks (JMP/JMP32 K/X on
 *              initialised scalars; the skipped block is generated
 *              recursively), stack stores/spills/fills of 1/2/4/8 bytes
 *              at varying offsets (direct on r10 or through r10 + const),
 *              ctx reads, bounded loops (counter register locked while
 *              the body is generated, backward jump), pointer spills
 *   maps share an ARRAY map lookup with/without NULL check, and helper
 *              calls (bpfsim answers "unsupported"; counted apart)
 *   epilogue   r0 set (from a scalar or an immediate), exit
 * Register state is tracked (uninit / scalar / ctx / fp+off) so ordinary
 * choices stay valid; after a conditional block the registers it
 * initialised are considered uninitialised again (the intersection).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/difftest.h"
#include "bpfsim/names.h"

struct rng {
	uint64_t s;
};

static uint64_t rnext(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t rbelow(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rnext(r) % n) : 0;
}

static bool rpct(struct rng *r, uint32_t pct)
{
	return rbelow(r, 100) < pct;
}

enum rkind { R_UNINIT = 0, R_SCALAR, R_CTX, R_FP };

struct gen {
	struct rng rng;
	const struct bpfsim_gen_opts *o;
	struct bpfsim_insn *ins;
	size_t n, cap;
	bool oom;
	int prog_type;
	enum rkind kind[11];
	int16_t fpoff[11];
	uint16_t locked;      /* registers the current loop body must not write */
	uint8_t stack_init[64]; /* 8-byte slots of the stack written (1) */
	bool uses_maps;
	int depth;
};

static void emit(struct gen *g, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 64;
		struct bpfsim_insn *p = realloc(g->ins, nc * sizeof(*p));
		if (!p) {
			g->oom = true;
			return;
		}
		g->ins = p;
		g->cap = nc;
	}
	g->ins[g->n++] = (struct bpfsim_insn){ .code = code, .dst = dst, .src = src, .off = off, .imm = imm };
}

static const int32_t interesting[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 255, 256, 0xffff, 0x7fff, -1, -2, -8, -16,
	-255, 0x7fffffff, (int32_t)0x80000000, (int32_t)0x80000001, 0x10000, 1000, -1000,
};

static int32_t rimm(struct gen *g)
{
	if (rpct(&g->rng, 60))
		return interesting[rbelow(&g->rng, sizeof(interesting) / sizeof(interesting[0]))];
	return (int32_t)(uint32_t)rnext(&g->rng);
}

/* A register of kind k not locked (dst) or any of kind k (src); -1 if none. */
static int pick(struct gen *g, enum rkind k, bool dst)
{
	int c[11], nc = 0;
	for (int r = 0; r < 10; r++)
		if (g->kind[r] == k && !(dst && (g->locked & (1u << r))))
			c[nc++] = r;
	return nc ? c[rbelow(&g->rng, (uint32_t)nc)] : -1;
}

static int pick_dst(struct gen *g)
{
	int r;
	do
		r = (int)rbelow(&g->rng, 10);
	while (g->locked & (1u << r));
	return r;
}

static bool wild(struct gen *g)
{
	return rpct(&g->rng, g->o->pct_wild);
}

static void set_scalar(struct gen *g, int r)
{
	if (r >= 0 && r < 11)
		g->kind[r] = R_SCALAR;
}

static void seg_alu(struct gen *g)
{
	static const uint8_t ops[] = { 0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0,
				       0xc0, 0xd0 };
	int dst = pick(g, R_SCALAR, true);
	uint8_t op = ops[rbelow(&g->rng, sizeof(ops) - 1)];
	if (rpct(&g->rng, g->o->pct_end))
		op = 0xd0;
	bool is64 = rpct(&g->rng, 55);
	if (dst < 0 || wild(g))
		dst = wild(g) ? (int)rbelow(&g->rng, 11) : pick_dst(g);
	if (g->locked & (1u << dst))
		return;
	if (g->kind[dst] != R_SCALAR && op != 0xb0 && !wild(g))
		op = 0xb0;
	uint8_t cls = is64 ? BPFSIM_CLASS_ALU64 : BPFSIM_CLASS_ALU;
	if (op == 0x80) { /* neg */
		emit(g, cls | op, (uint8_t)dst, 0, 0, 0);
	} else if (op == 0xd0) { /* end / bswap */
		static const int32_t w[] = { 16, 32, 64 };
		uint8_t c = rpct(&g->rng, 30) ? (uint8_t)(BPFSIM_CLASS_ALU64 | 0xd0) :
						(uint8_t)(BPFSIM_CLASS_ALU | 0xd0 | (rpct(&g->rng, 50) ? 8 : 0));
		emit(g, c, (uint8_t)dst, 0, 0, w[rbelow(&g->rng, 3)]);
	} else if (rpct(&g->rng, 50)) { /* K */
		int32_t imm = rimm(g);
		if ((op == 0x60 || op == 0x70 || op == 0xc0) && !wild(g))
			imm = (int32_t)rbelow(&g->rng, is64 ? 64 : 32);
		if ((op == 0x30 || op == 0x90) && imm == 0 && !wild(g))
			imm = 3;
		int16_t off = 0;
		if ((op == 0x30 || op == 0x90) && rpct(&g->rng, 20))
			off = 1; /* sdiv / smod */
		emit(g, cls | op, (uint8_t)dst, 0, off, imm);
	} else { /* X */
		int src = pick(g, R_SCALAR, false);
		if (src < 0 || wild(g))
			src = (int)rbelow(&g->rng, 11);
		int16_t off = 0;
		if (op == 0xb0 && rpct(&g->rng, 15)) /* movsx */
			off = (int16_t)((int[]){ 8, 16, 32 })[rbelow(&g->rng, is64 ? 3 : 2)];
		if ((op == 0x30 || op == 0x90) && rpct(&g->rng, 20))
			off = 1;
		emit(g, cls | 0x08 | op, (uint8_t)dst, (uint8_t)src, off, 0);
		if (op == 0xb0 && off == 0 && src < 11 && g->kind[src] != R_UNINIT) {
			g->kind[dst] = g->kind[src];
			g->fpoff[dst] = g->fpoff[src];
			if (!is64 && g->kind[src] != R_SCALAR)
				g->kind[dst] = R_SCALAR;
			return;
		}
	}
	set_scalar(g, dst);
}

static void gen_segments(struct gen *g, uint32_t nseg);

static void seg_branch(struct gen *g)
{
	static const uint8_t jops[] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0 };
	int a = pick(g, R_SCALAR, false);
	if (a < 0 || (wild(g) && rpct(&g->rng, 50)))
		a = (int)rbelow(&g->rng, 11);
	uint8_t cls = rpct(&g->rng, 40) ? BPFSIM_CLASS_JMP32 : BPFSIM_CLASS_JMP;
	uint8_t op = jops[rbelow(&g->rng, sizeof(jops))];
	size_t at = g->n;
	if (rpct(&g->rng, 60)) {
		emit(g, cls | op, (uint8_t)a, 0, 0, rimm(g));
	} else {
		int b = pick(g, R_SCALAR, false);
		if (b < 0)
			b = a;
		emit(g, cls | 0x08 | op, (uint8_t)a, (uint8_t)b, 0, 0);
	}
	enum rkind saved[11];
	int16_t savedoff[11];
	memcpy(saved, g->kind, sizeof(saved));
	memcpy(savedoff, g->fpoff, sizeof(savedoff));
	g->depth++;
	gen_segments(g, 1 + rbelow(&g->rng, 3));
	if (rpct(&g->rng, 15)) { /* an early exit inside the block */
		if (g->kind[0] == R_UNINIT && !wild(g))
			emit(g, BPFSIM_CLASS_ALU64 | 0xb0, 0, 0, 0, rimm(g));
		emit(g, BPFSIM_CLASS_JMP | 0x90, 0, 0, 0, 0);
	}
	g->depth--;
	if (!g->oom && g->n - at - 1 <= 0x7fff)
		g->ins[at].off = (int16_t)(g->n - at - 1);
	for (int r = 0; r < 11; r++)
		if (g->kind[r] != saved[r] || g->fpoff[r] != savedoff[r])
			g->kind[r] = saved[r] == g->kind[r] ? saved[r] : R_UNINIT;
	for (int r = 0; r < 11; r++)
		if (saved[r] == R_UNINIT)
			g->kind[r] = R_UNINIT;
}

static const uint8_t szbits[4] = { 0x10, 0x08, 0x00, 0x18 }; /* 1, 2, 4, 8 bytes */

static int16_t stack_off(struct gen *g, unsigned int size)
{
	if (wild(g)) {
		static const int16_t bad[] = { 0, 8, -513, -520, -3, -7, 4 };
		return bad[rbelow(&g->rng, sizeof(bad) / sizeof(bad[0]))];
	}
	int16_t slot = (int16_t)(1 + rbelow(&g->rng, rpct(&g->rng, 70) ? 8 : 64));
	int16_t off = (int16_t)(-8 * slot);
	if (size < 8)
		off = (int16_t)(off + (int16_t)(size * rbelow(&g->rng, 8 / size)));
	return off;
}

static void seg_stack(struct gen *g)
{
	unsigned int si = rbelow(&g->rng, 4), size = 1u << si;
	uint8_t base = 10;
	int16_t adj = 0;
	if (rpct(&g->rng, 25)) { /* through a copy of fp */
		int p = pick(g, R_FP, false);
		if (p < 0) {
			p = pick_dst(g);
			emit(g, BPFSIM_CLASS_ALU64 | 0x08 | 0xb0, (uint8_t)p, 10, 0, 0);
			g->kind[p] = R_FP;
			g->fpoff[p] = 0;
			if (rpct(&g->rng, 70)) {
				int32_t k = -8 * (int32_t)(1 + rbelow(&g->rng, 16));
				if (rpct(&g->rng, 10)) /* fp -= c: the kernel refuses any subtraction from fp */
					emit(g, BPFSIM_CLASS_ALU64 | 0x10, (uint8_t)p, 0, 0, -k);
				else
					emit(g, BPFSIM_CLASS_ALU64 | 0x00, (uint8_t)p, 0, 0, k);
				g->fpoff[p] = (int16_t)k;
			}
		}
		base = (uint8_t)p;
		adj = g->fpoff[p];
	}
	int16_t off = stack_off(g, size);
	int16_t roff = (int16_t)(off - adj);
	unsigned int what = rbelow(&g->rng, 4);
	uint8_t sz = szbits[si];
	if (what == 0) { /* st imm */
		emit(g, BPFSIM_CLASS_ST | 0x60 | sz, base, 0, roff, rimm(g));
	} else if (what == 1) { /* stx scalar (or spill) */
		int s = pick(g, R_SCALAR, false);
		if (s < 0 || wild(g))
			s = (int)rbelow(&g->rng, 11);
		emit(g, BPFSIM_CLASS_STX | 0x60 | sz, base, (uint8_t)s, roff, 0);
	} else { /* fill */
		if (rpct(&g->rng, 60) && !wild(g)) {
			/* read back a slot that was written, same or smaller size */
			unsigned int cand[64], nc = 0;
			for (unsigned int i = 0; i < 64; i++)
				if (g->stack_init[i])
					cand[nc++] = i;
			if (nc) {
				off = (int16_t)(-8 * (int16_t)(cand[rbelow(&g->rng, nc)] + 1));
				roff = (int16_t)(off - adj);
			}
		}
		int d = pick_dst(g);
		bool sx = size < 8 && rpct(&g->rng, 15);
		emit(g, (uint8_t)(BPFSIM_CLASS_LDX | (sx ? 0x80 : 0x60) | sz), (uint8_t)d, base, roff, 0);
		set_scalar(g, d);
		return;
	}
	if (off < 0 && off >= -512 && size == 8 && (off % 8) == 0)
		g->stack_init[(-off) / 8 - 1] = 1;
}

static void seg_ptr(struct gen *g)
{
	/* spill a pointer (ctx or fp) and fill it back, sometimes narrowly */
	uint8_t src = rpct(&g->rng, 50) ? 10 : 6;
	if (g->kind[src] == R_UNINIT)
		src = 10;
	int16_t off = (int16_t)(-8 * (int16_t)(1 + rbelow(&g->rng, 8)));
	emit(g, BPFSIM_CLASS_STX | 0x60 | 0x18, 10, src, off, 0);
	g->stack_init[(-off) / 8 - 1] = 1;
	int d = pick_dst(g);
	if (rpct(&g->rng, 80) && !wild(g)) {
		emit(g, BPFSIM_CLASS_LDX | 0x60 | 0x18, (uint8_t)d, 10, off, 0);
		g->kind[d] = src == 10 ? R_FP : R_CTX;
		g->fpoff[d] = 0;
	} else {
		emit(g, BPFSIM_CLASS_LDX | 0x60 | szbits[rbelow(&g->rng, 3)], (uint8_t)d, 10, off, 0);
		set_scalar(g, d);
	}
}

static void seg_ctx(struct gen *g)
{
	int c = pick(g, R_CTX, false);
	if (c < 0)
		return;
	/* bpfsim models ctx reads of socket_filter only: elsewhere, rarely */
	if (g->prog_type != BPFSIM_PROG_TYPE_SOCKET_FILTER && !rpct(&g->rng, 10)) {
		seg_alu(g);
		return;
	}
	int d = pick_dst(g);
	int16_t off;
	uint8_t sz = 0x00; /* u32 */
	if (g->prog_type == BPFSIM_PROG_TYPE_SOCKET_FILTER && !wild(g)) {
		off = (int16_t)(4 * rbelow(&g->rng, 5));
	} else {
		off = (int16_t)(4 * rbelow(&g->rng, 24));
		sz = szbits[rbelow(&g->rng, 4)];
	}
	emit(g, BPFSIM_CLASS_LDX | 0x60 | sz, (uint8_t)d, (uint8_t)c, off, 0);
	set_scalar(g, d);
}

static void seg_loop(struct gen *g)
{
	if (g->depth > 1)
		return;
	int c = pick_dst(g);
	emit(g, BPFSIM_CLASS_ALU64 | 0xb0, (uint8_t)c, 0, 0, 0);
	set_scalar(g, c);
	size_t top = g->n;
	g->locked |= (uint16_t)(1u << c);
	g->depth++;
	for (uint32_t i = 0, k = 1 + rbelow(&g->rng, 3); i < k; i++)
		seg_alu(g);
	g->depth--;
	g->locked &= (uint16_t)~(1u << c);
	emit(g, BPFSIM_CLASS_ALU64 | 0x00, (uint8_t)c, 0, 0, 1);
	int32_t bound = (int32_t)(1 + rbelow(&g->rng, 8));
	if (wild(g)) /* long loops; rarely one too long for the kernel (~1 s to load) */
		bound = rpct(&g->rng, 5) ? 0x7fffffff : (int32_t)(100 + rbelow(&g->rng, 900));
	emit(g, BPFSIM_CLASS_JMP | 0xa0, (uint8_t)c, 0, (int16_t)(-(int)(g->n - top) - 1), bound);
}

static void seg_map(struct gen *g)
{
	g->uses_maps = true;
	if (rpct(&g->rng, 40)) { /* a helper without pointer args */
		static const int32_t ids[] = { 5, 7, 8, 14, 15 }; /* ktime, prandom, smp_id, pid_tgid, uid_gid */
		emit(g, BPFSIM_CLASS_JMP | 0x80, 0, 0, 0, ids[rbelow(&g->rng, 5)]);
	} else {
		emit(g, BPFSIM_CLASS_ST | 0x60 | 0x00, 10, 0, -4, (int32_t)rbelow(&g->rng, wild(g) ? 8 : 4));
		emit(g, 0x18, 1, BPFSIM_PSEUDO_MAP_FD, 0, 0);
		emit(g, 0x00, 0, 0, 0, 0);
		emit(g, BPFSIM_CLASS_ALU64 | 0x08 | 0xb0, 2, 10, 0, 0);
		emit(g, BPFSIM_CLASS_ALU64 | 0x00, 2, 0, 0, -4);
		emit(g, BPFSIM_CLASS_JMP | 0x80, 0, 0, 0, 1); /* map_lookup_elem */
		bool check = !wild(g);
		if (check)
			emit(g, BPFSIM_CLASS_JMP | 0x10, 0, 0, 2, 0);
		int16_t voff = (int16_t)(rpct(&g->rng, 80) ? 0 : 8 * rbelow(&g->rng, 3));
		emit(g, BPFSIM_CLASS_LDX | 0x60 | 0x18, 0, 0, voff, 0);
		emit(g, BPFSIM_CLASS_STX | 0x60 | 0x18, 10, 0, -16, 0);
		g->stack_init[1] = 1;
	}
	for (int r = 1; r <= 5; r++)
		if (!(g->locked & (1u << r)))
			g->kind[r] = R_UNINIT;
	g->kind[0] = R_SCALAR;
}

static void gen_segments(struct gen *g, uint32_t nseg)
{
	const struct bpfsim_gen_opts *o = g->o;
	uint32_t tot = o->w_alu + o->w_branch + o->w_stack + o->w_ctx + o->w_loop + o->w_ptr;
	for (uint32_t i = 0; i < nseg && !g->oom && g->n < 3000; i++) {
		uint32_t x = rbelow(&g->rng, tot ? tot : 1);
		if (x < o->w_alu)
			seg_alu(g);
		else if ((x -= o->w_alu) < o->w_branch)
			g->depth < 4 ? seg_branch(g) : seg_alu(g);
		else if ((x -= o->w_branch) < o->w_stack)
			seg_stack(g);
		else if ((x -= o->w_stack) < o->w_ctx)
			seg_ctx(g);
		else if ((x -= o->w_ctx) < o->w_loop)
			seg_loop(g);
		else
			seg_ptr(g);
	}
}

void bpfsim_gen_opts_default(struct bpfsim_gen_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->sz = sizeof(*o);
	o->prog_type = -1;
	o->max_segments = 12;
	o->w_alu = 40;
	o->w_branch = 20;
	o->w_stack = 20;
	o->w_ctx = 8;
	o->w_loop = 5;
	o->w_ptr = 4;
	o->pct_maps = 10;
	o->pct_wild = 3;
	o->pct_mutate = 3;
	o->pct_end = 7;
}

static const int modelled_types[] = {
	BPFSIM_PROG_TYPE_SOCKET_FILTER, BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_PROG_TYPE_SCHED_ACT,
	BPFSIM_PROG_TYPE_XDP, BPFSIM_PROG_TYPE_KPROBE, BPFSIM_PROG_TYPE_TRACEPOINT,
	BPFSIM_PROG_TYPE_PERF_EVENT, BPFSIM_PROG_TYPE_RAW_TRACEPOINT,
};

int bpfsim_gen_program(uint64_t seed, uint64_t index, const struct bpfsim_gen_opts *o,
		       struct bpfsim_vector *out, bool *uses_maps, struct bpfsim_err *err)
{
	struct bpfsim_gen_opts def;
	struct gen g;
	int rc;

	bpfsim_vector_init(out);
	if (!o) {
		bpfsim_gen_opts_default(&def);
		o = &def;
	}
	if (o->sz < sizeof(*o))
		return bpfsim_errf(err, -EINVAL, "bpfsim_gen_program: opts->sz %zu too small", o->sz);
	memset(&g, 0, sizeof(g));
	g.o = o;
	g.rng.s = seed * 0xd1342543de82ef95ULL + index * 0x9e3779b97f4a7c15ULL + 1;
	rnext(&g.rng);
	g.prog_type = o->prog_type >= 0 ? o->prog_type :
		modelled_types[rbelow(&g.rng, sizeof(modelled_types) / sizeof(modelled_types[0]))];
	g.kind[1] = R_CTX;
	g.kind[10] = R_FP;
	/* prologue */
	if (rpct(&g.rng, 70)) {
		emit(&g, BPFSIM_CLASS_ALU64 | 0x08 | 0xb0, 6, 1, 0, 0);
		g.kind[6] = R_CTX;
	}
	for (uint32_t i = 0, k = 1 + rbelow(&g.rng, 3); i < k; i++) {
		int r = (int)rbelow(&g.rng, 10);
		if (r == 1 || r == 6)
			r = 7;
		emit(&g, (uint8_t)(rpct(&g.rng, 50) ? BPFSIM_CLASS_ALU64 : BPFSIM_CLASS_ALU) | 0xb0, (uint8_t)r, 0, 0,
		     rimm(&g));
		g.kind[r] = R_SCALAR;
	}
	uint32_t nseg = 1 + rbelow(&g.rng, o->max_segments ? o->max_segments : 12);
	bool maps = rpct(&g.rng, o->pct_maps);
	uint32_t map_at = maps ? rbelow(&g.rng, nseg + 1) : UINT32_MAX;
	for (uint32_t i = 0; i <= nseg; i++) {
		if (i == map_at)
			seg_map(&g);
		if (i < nseg)
			gen_segments(&g, 1);
	}
	/* epilogue */
	int s = rpct(&g.rng, 60) ? pick(&g, R_SCALAR, false) : -1;
	if (g.kind[0] != R_SCALAR || s >= 0 || rpct(&g.rng, 50)) {
		if (s >= 0 && s != 0)
			emit(&g, BPFSIM_CLASS_ALU64 | 0x08 | 0xb0, 0, (uint8_t)s, 0, 0);
		else if (!(wild(&g) && s < 0))
			emit(&g, BPFSIM_CLASS_ALU64 | 0xb0, 0, 0, 0, (int32_t)rbelow(&g.rng, 3));
	}
	emit(&g, BPFSIM_CLASS_JMP | 0x90, 0, 0, 0, 0);
	if (g.oom) {
		free(g.ins);
		return bpfsim_errf(err, -ENOMEM, "bpfsim_gen_program: out of memory");
	}
	/* an occasional mutation of one field, for the static checks */
	if (rpct(&g.rng, o->pct_mutate) && g.n > 1) {
		struct bpfsim_insn *in = &g.ins[rbelow(&g.rng, (uint32_t)g.n)];
		switch (rbelow(&g.rng, 5)) {
		case 0: in->code = (uint8_t)rnext(&g.rng); break;
		case 1: in->dst = (uint8_t)rbelow(&g.rng, 16); break;
		case 2: in->src = (uint8_t)rbelow(&g.rng, 16); break;
		case 3: in->off = (int16_t)(in->off + (int16_t)rbelow(&g.rng, 5) - 2); break;
		default: in->imm = rimm(&g); break;
		}
	}
	uint8_t *raw = malloc(g.n * 8);
	if (!raw) {
		free(g.ins);
		return bpfsim_errf(err, -ENOMEM, "bpfsim_gen_program: out of memory");
	}
	for (size_t i = 0; i < g.n; i++)
		bpfsim_insn_encode(&g.ins[i], raw + 8 * i);
	free(g.ins);
	out->prog_type = g.prog_type;
	char name[64];
	snprintf(name, sizeof(name), "fuzz %llu:%llu", (unsigned long long)seed, (unsigned long long)index);
	out->name = strdup(name);
	rc = out->name ? bpfsim_vector_set_insns(out, raw, g.n * 8, err) :
			 bpfsim_errf(err, -ENOMEM, "bpfsim_gen_program: out of memory");
	free(raw);
	if (rc < 0)
		return rc;
	if (g.uses_maps) {
		/* one ARRAY map (u32 key, u64 value, 4 entries) the lookup uses */
		out->maps = calloc(1, sizeof(*out->maps));
		if (!out->maps)
			return bpfsim_errf(err, -ENOMEM, "bpfsim_gen_program: out of memory");
		out->nr_maps = 1;
		out->maps[0].type = BPFSIM_MAP_TYPE_ARRAY;
		out->maps[0].key_size = 4;
		out->maps[0].value_size = 8;
		out->maps[0].max_entries = 4;
		out->maps[0].name = strdup("fuzz_array");
		rc = bpfsim_vector_compute_map_refs(out, err);
		if (rc < 0)
			return rc;
	}
	if (uses_maps)
		*uses_maps = g.uses_maps;
	return 0;
}
