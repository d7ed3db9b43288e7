/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the differential tester (src/fuzz): generator determinism and
 * well-formedness, the shrinker's jump fix-ups and minimality on synthetic
 * predicates, and a 300-program campaign (live when the kernel oracle is
 * available, soundness-only otherwise) whose summary must be consistent.
 * Disagreements found by random programs do not fail the test: they are
 * printed (and recorded in docs/campaigns.md / fuzz_regressions.jsonl).
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

#include "bpfsim/difftest.h"
#include "bpfsim/kernel.h"
#include "bpfsim/names.h"
#include "bpfsim/vectors.h"
#include "bpfsim/verifier.h"

static uint64_t fnv(const uint8_t *p, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t hash_seed(uint64_t seed, int count, const struct bpfsim_gen_opts *o)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < count; i++) {
		struct bpfsim_vector v;
		struct bpfsim_err e;
		assert_int_equal(bpfsim_gen_program(seed, (uint64_t)i, o, &v, NULL, &e), 0);
		h = fnv(v.raw, v.raw_len, h);
		h = fnv((const uint8_t *)&v.prog_type, 1, h);
		bpfsim_vector_free(&v);
	}
	return h;
}

static void test_gen_determinism(void **state)
{
	(void)state;
	uint64_t a = hash_seed(7, 200, NULL), b = hash_seed(7, 200, NULL), c = hash_seed(8, 200, NULL);
	assert_true(a == b);
	assert_true(a != c);
	/* program i alone equals program i of the sequence */
	struct bpfsim_vector v1, v2;
	struct bpfsim_err e;
	assert_int_equal(bpfsim_gen_program(7, 123, NULL, &v1, NULL, &e), 0);
	assert_int_equal(bpfsim_gen_program(7, 123, NULL, &v2, NULL, &e), 0);
	assert_int_equal(v1.raw_len, v2.raw_len);
	assert_memory_equal(v1.raw, v2.raw, v1.raw_len);
	assert_string_equal(v1.name, "fuzz 7:123");
	bpfsim_vector_free(&v1);
	bpfsim_vector_free(&v2);
	/* the bytes do not depend on the platform: this value was computed on
	 * x86-64 Linux; the generator uses only fixed-width integer arithmetic */
	fprintf(stderr, "seed 7 x 200 programs: fnv1a %016llx\n", (unsigned long long)a);
	assert_true(a == 0x4c385659c3103ba0ULL);
}

static void test_gen_well_formed(void **state)
{
	(void)state;
	struct bpfsim_gen_opts o;
	bpfsim_gen_opts_default(&o);
	o.pct_wild = 0;
	o.pct_mutate = 0;
	int maps = 0, types[64] = { 0 };
	for (int i = 0; i < 2000; i++) {
		struct bpfsim_vector v;
		struct bpfsim_err e;
		bool m;
		assert_int_equal(bpfsim_gen_program(99, (uint64_t)i, &o, &v, &m, &e), 0);
		if (!bpfsim_shrink_well_formed(v.insns, v.nr_insns))
			fail_msg("program %d of seed 99 is not well-formed", i);
		/* last slot is exit */
		assert_int_equal(v.insns[v.nr_insns - 1].code, 0x95);
		maps += m;
		if (m)
			assert_true(v.nr_maps == 1 || v.nr_maps == 0);
		assert_true(v.prog_type >= 0 && v.prog_type < 64);
		types[v.prog_type]++;
		bpfsim_vector_free(&v);
	}
	/* the map/helper share is near pct_maps (10%) */
	assert_true(maps > 100 && maps < 320);
	/* all eight modelled types appear */
	int kinds = 0;
	for (int t = 0; t < 64; t++)
		kinds += types[t] > 0;
	assert_int_equal(kinds, 8);
	/* --prog-type */
	o.prog_type = BPFSIM_PROG_TYPE_XDP;
	for (int i = 0; i < 50; i++) {
		struct bpfsim_vector v;
		struct bpfsim_err e;
		assert_int_equal(bpfsim_gen_program(99, (uint64_t)i, &o, &v, NULL, &e), 0);
		assert_int_equal(v.prog_type, BPFSIM_PROG_TYPE_XDP);
		bpfsim_vector_free(&v);
	}
}

#define I(c, d, s, o, i) ((struct bpfsim_insn){ .code = (c), .dst = (d), .src = (s), .off = (o), .imm = (i) })

static void test_shrink_remove(void **state)
{
	(void)state;
	struct bpfsim_insn p[] = {
		I(0xb7, 0, 0, 0, 0),  /* 0: r0 = 0 */
		I(0x25, 0, 0, 3, 5),  /* 1: if r0 > 5 goto 5 */
		I(0xb7, 1, 0, 0, 1),  /* 2 */
		I(0xb7, 2, 0, 0, 2),  /* 3 */
		I(0x05, 0, 0, 1, 0),  /* 4: goto 6 */
		I(0xb7, 3, 0, 0, 3),  /* 5 */
		I(0x18, 4, 0, 0, 7),  /* 6: ld_imm64 */
		I(0x00, 0, 0, 0, 0),  /* 7 */
		I(0xa5, 3, 0, -4, 9), /* 8: if r3 < 9 goto 5 */
		I(0x95, 0, 0, 0, 0),  /* 9: exit */
	};
	struct bpfsim_insn out[10];
	/* remove 2..3: the forward jump shrinks by 2, the backward one keeps its distance */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 2, 2, out), 8);
	assert_int_equal(out[1].off, 1);    /* 1 -> 3 (old 5) */
	assert_int_equal(out[2].off, 1);    /* goto old 6 = new 4 */
	assert_int_equal(out[6].off, -4);   /* old 8 -> old 5: new 6 -> new 3 */
	assert_int_equal(out[4].code, 0x18);
	assert_int_equal(out[5].code, 0x00);
	/* remove 5 (a jump target): jumps to it go to the next slot (old 6) */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 5, 1, out), 9);
	assert_int_equal(out[1].off, 3);    /* 1 -> new 5 (old 6) */
	assert_int_equal(out[7].off, -3);   /* new 7 -> new 5 */
	/* splitting an ld_imm64 pair is refused */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 6, 1, out), -EINVAL);
	assert_int_equal(bpfsim_shrink_remove(p, 10, 7, 2, out), -EINVAL);
	assert_int_equal(bpfsim_shrink_remove(p, 10, 6, 2, out), 8);
	/* removing the tail a jump points into is refused (target past the end) */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 6, 4, out), -EINVAL);
	/* removing the exit nobody jumps to is fine */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 9, 1, out), 9);
	/* bad ranges */
	assert_int_equal(bpfsim_shrink_remove(p, 10, 10, 1, out), -EINVAL);
	assert_int_equal(bpfsim_shrink_remove(p, 10, 0, 10, out), -EINVAL);
	assert_true(bpfsim_shrink_well_formed(p, 10));
}

static bool same(const struct bpfsim_insn *a, const struct bpfsim_insn *b)
{
	return a->code == b->code && a->dst == b->dst && a->src == b->src && a->off == b->off && a->imm == b->imm;
}

struct target_pred {
	struct bpfsim_insn x;
	unsigned long calls;
};

/* contains X and is well-formed */
static int has_x(const struct bpfsim_insn *in, size_t n, void *ctx)
{
	struct target_pred *t = ctx;
	t->calls++;
	if (!bpfsim_shrink_well_formed(in, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (same(&in[i], &t->x))
			return 1;
	return 0;
}

/* contains X, a conditional jump whose target is X, and is well-formed */
static int jump_to_x(const struct bpfsim_insn *in, size_t n, void *ctx)
{
	struct target_pred *t = ctx;
	if (!has_x(in, n, ctx))
		return 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t cls = in[i].code & 7;
		if ((cls == 5 || cls == 6) && (in[i].code & 0xf0) != 0x80 && (in[i].code & 0xf0) != 0x90 &&
		    (in[i].code & 0xf0) != 0x00) {
			long tgt = (long)i + 1 + in[i].off;
			if (tgt >= 0 && tgt < (long)n && same(&in[tgt], &t->x))
				return 1;
		}
	}
	return 0;
}

static void test_shrink_synthetic(void **state)
{
	(void)state;
	struct bpfsim_gen_opts o;
	bpfsim_gen_opts_default(&o);
	o.pct_wild = 0;
	o.pct_mutate = 0;
	int done1 = 0, done2 = 0;
	for (int i = 0; i < 300; i++) {
		struct bpfsim_vector v;
		struct bpfsim_err e;
		assert_int_equal(bpfsim_gen_program(5, (uint64_t)i, &o, &v, NULL, &e), 0);
		size_t n = v.nr_insns;
		if (n < 12) {
			bpfsim_vector_free(&v);
			continue;
		}
		/* X = the slot in the middle, when it is not part of an ld_imm64 */
		size_t m = n / 2;
		uint8_t cls = v.insns[m].code & 7;
		if (v.insns[m].code == 0x18 || (m && v.insns[m - 1].code == 0x18) || cls == 5 || cls == 6) {
			bpfsim_vector_free(&v);
			continue;
		}
		struct target_pred t = { .x = v.insns[m] };
		struct bpfsim_insn *ins = malloc(n * sizeof(*ins));
		assert_non_null(ins);
		memcpy(ins, v.insns, n * sizeof(*ins));
		if (jump_to_x(ins, n, &t)) {
			long calls = bpfsim_shrink(&ins, &n, jump_to_x, &t, 0);
			assert_true(calls > 0);
			assert_int_equal(n, 2); /* the jump and X */
			/* forward (jump, X: off 0) or backward (X, jump: off -2) */
			if (same(&ins[1], &t.x))
				assert_int_equal(ins[0].off, 0);
			else
				assert_true(same(&ins[0], &t.x) && ins[1].off == -2);
			done2++;
		} else if (has_x(ins, n, &t)) {
			long calls = bpfsim_shrink(&ins, &n, has_x, &t, 0);
			assert_true(calls > 0);
			if (n != 1)
				fail_msg("program %d: %zu slots left: %02x %02x", i, n, ins[0].code, ins[1].code);
			assert_true(same(&ins[0], &t.x));
			done1++;
		}
		free(ins);
		bpfsim_vector_free(&v);
	}
	fprintf(stderr, "shrunk %d programs to X alone, %d to jump+X\n", done1, done2);
	assert_true(done1 >= 20);
	assert_true(done2 >= 1);
}

static void test_campaign(void **state)
{
	(void)state;
	struct bpfsim_err err = { 0 };
	bool live = bpfsim_kernel_available(&err) == 0;
	char dir[] = "/tmp/bpfsim-difftest-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct bpfsim_fuzz_opts o = { .sz = sizeof(o), .seed = 11, .count = 300, .prog_type = -1,
				      .kernel = live, .soundness = true, .out_dir = dir, .report = stderr };
	struct bpfsim_fuzz_stats st;
	if (!live)
		fprintf(stderr, "kernel comparison skipped: %s (soundness only)\n", err.msg);
	assert_int_equal(bpfsim_fuzz_run(&o, &st, &err), 0);
	fprintf(stderr,
		"campaign: %llu programs, bpfsim %llu/%llu/%llu, kernel %llu/%llu, compared %llu, agree %llu, "
		"disagree %llu, sound runs %llu, bugs %llu, %.0f/s\n",
		(unsigned long long)st.programs, (unsigned long long)st.bs_accept, (unsigned long long)st.bs_reject,
		(unsigned long long)st.bs_unsupported, (unsigned long long)st.k_accept,
		(unsigned long long)st.k_reject, (unsigned long long)st.compared, (unsigned long long)st.agree,
		(unsigned long long)st.disagree, (unsigned long long)st.sound_runs,
		(unsigned long long)st.sound_bugs, st.per_second);
	assert_int_equal(st.programs, 300);
	assert_int_equal(st.bs_accept + st.bs_reject + st.bs_unsupported, st.programs);
	assert_int_equal(st.agree + st.disagree, st.compared);
	assert_int_equal(st.by_kind[0] + st.by_kind[1] + st.by_kind[2] + st.by_kind[3], st.disagree);
	assert_int_equal(st.by_kind[4] + st.by_kind[5] + st.by_kind[6], st.sound_bugs);
	assert_true(st.with_maps > 0 && st.with_maps < st.programs / 3);
	assert_true(st.bs_accept > st.programs / 4); /* mostly the modelled subset */
	assert_true(st.sound_programs == st.bs_accept);
	assert_true(st.per_second > 0);
	if (live) {
		assert_int_equal(st.k_accept + st.k_reject, st.programs);
		assert_int_equal(st.compared, st.programs - st.bs_unsupported);
	} else {
		assert_int_equal(st.compared, 0);
	}
	/* every finding written is a readable vector; kernel answer when live */
	const char *files[] = { "disagreements.jsonl", "soundness.jsonl" };
	size_t lines = 0;
	for (int f = 0; f < 2; f++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
		if (access(path, R_OK) != 0)
			continue;
		struct bpfsim_vec_reader *r;
		struct bpfsim_vector v;
		int rc;
		assert_int_equal(bpfsim_vec_reader_open(&r, path, NULL, &err), 0);
		while ((rc = bpfsim_vec_reader_next(r, &v, &err)) > 0) {
			lines++;
			assert_true(v.nr_insns > 0);
			if (f == 0)
				assert_true(v.kernel.present);
			assert_non_null(v.extra);
			assert_non_null(strstr(v.extra, "\"bpfsim\""));
			bpfsim_vector_free(&v);
		}
		assert_int_equal(rc, 0);
		bpfsim_vec_reader_close(r);
		unlink(path);
	}
	assert_int_equal(lines, st.written);
	assert_true(st.written == st.shrunk);
	rmdir(dir);
	/* same seed, same campaign */
	struct bpfsim_fuzz_stats st2;
	o.out_dir = NULL;
	o.report = NULL;
	assert_int_equal(bpfsim_fuzz_run(&o, &st2, &err), 0);
	assert_int_equal(st2.bs_accept, st.bs_accept);
	assert_int_equal(st2.agree, st.agree);
	assert_int_equal(st2.disagree, st.disagree);
}

/* tests/corpus/fuzz_regressions.jsonl: shrunk disagreements with the
 * kernel's recorded answer. Each is verified again and the count still
 * disagreeing is printed (they are open bugs of the verifier, listed in
 * docs/campaigns.md, so a disagreement does not fail the test; the unsafe
 * ones, bpfsim accepting what the kernel rejected, are printed by name). */
static void test_regressions(void **state)
{
	(void)state;
	const char *src = getenv("BPFSIM_SRC");
	char path[1024];
	snprintf(path, sizeof(path), "%s/tests/corpus/fuzz_regressions.jsonl", src ? src : ".");
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "%s absent: nothing to re-check\n", path);
		return;
	}
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err;
	int rc, n = 0, same = 0, unsup = 0, unsafe = 0;
	assert_int_equal(bpfsim_vec_reader_open(&r, path, NULL, &err), 0);
	while ((rc = bpfsim_vec_reader_next(r, &v, &err)) > 0) {
		struct bpfsim_verify_opts vo = { .sz = sizeof(vo) };
		struct bpfsim_verify_result res;
		n++;
		assert_true(v.kernel.present);
		assert_int_equal(bpfsim_verify_vector(&v, &vo, &res, &err), 0);
		if (res.verdict == BPFSIM_VEC_UNSUPPORTED)
			unsup++;
		else if (res.verdict == v.kernel.verdict && res.err == v.kernel.err &&
			 (res.verdict == BPFSIM_VEC_ACCEPT || (res.error && v.kernel.error &&
							       !strcmp(res.error, v.kernel.error))))
			same++;
		/* bpfsim accepting what the kernel rejects is the worst bug: it
		 * fails this test, except where the kernel's own verifier
		 * reported an internal bug (EFAULT "verifier bug: ..."), a known
		 * difference listed in the README */
		if (res.verdict == BPFSIM_VEC_ACCEPT && v.kernel.verdict == BPFSIM_VEC_REJECT) {
			bool kernel_bug = v.kernel.err == EFAULT && v.kernel.error &&
					  !strncmp(v.kernel.error, "verifier bug", 12);

			fprintf(stderr, "%s %s: bpfsim accepts, the kernel rejected (%s)\n",
				kernel_bug ? "KNOWN (kernel bug)" : "UNSAFE", v.name, v.kernel.error);
			if (!kernel_bug)
				unsafe++;
		}
		bpfsim_verify_result_free(&res);
		bpfsim_vector_free(&v);
	}
	assert_int_equal(rc, 0);
	bpfsim_vec_reader_close(r);
	fprintf(stderr, "fuzz_regressions: %d vectors, %d now agree with the kernel, %d unsupported, %d still differ "
		"(%d of them unsafely accepted by bpfsim)\n", n, same, unsup, n - same - unsup, unsafe);
	assert_true(n > 0);
	assert_int_equal(unsafe, 0);
}

static void test_args(void **state)
{
	(void)state;
	struct bpfsim_err err;
	struct bpfsim_fuzz_stats st;
	struct bpfsim_fuzz_opts o = { .sz = 1 };
	assert_int_equal(bpfsim_fuzz_run(&o, &st, &err), -EINVAL);
	assert_int_equal(bpfsim_fuzz_run(NULL, &st, &err), -EINVAL);
	struct bpfsim_gen_opts g = { .sz = 1 };
	struct bpfsim_vector v;
	assert_int_equal(bpfsim_gen_program(1, 1, &g, &v, NULL, &err), -EINVAL);
	bpfsim_vector_free(&v);
	assert_string_equal(bpfsim_fuzz_kind_name(BPFSIM_FUZZ_D_BS_ACCEPT), "bpfsim_accepts");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_gen_determinism),
		cmocka_unit_test(test_gen_well_formed),
		cmocka_unit_test(test_shrink_remove),
		cmocka_unit_test(test_shrink_synthetic),
		cmocka_unit_test(test_campaign),
		cmocka_unit_test(test_regressions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
