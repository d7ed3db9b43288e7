/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_verifier_log: bpfsim's verifier log (src/verifier/log.c) against the
 * Linux 6.18 kernel's, and the log buffer semantics (issue 5).
 *
 * test_corpus_l1/l2: every vector of tests/corpus/verifier_core.jsonl that
 * bpfsim models is verified at log level 1 and 2 and its log compared line
 * by line with the kernel's: the live kernel's when bpf(2) works here, the
 * recording tests/corpus/verifier_logs.jsonl.gz otherwise (re-record with
 * tests/corpus/gen_verifier_logs.py); the same for cfg.jsonl and
 * range_states.jsonl (verifier_logs_cfg/_range.jsonl.gz). A log is either identical, or a known
 * difference: the kernel's log shows something bpfsim does not model yet,
 * and then every line BEFORE the first such line must still be identical
 * (the kernel's line just before may be a prefix of bpfsim's, which appends
 * the state the kernel prints only after the unmodelled lines):
 *   precision  "mark_precise: ..." lines, "frame 0: propagating", P marks
 *   pruning    "N: safe", the state counters of the statistics line
 *   liveness   level 2's stack liveness lines "(0) frame 0 insn ..."
 *   neglink    "id=N-K": 6.18 links r -= K and r += -K; check_alu.c links
 *              only r += K with K >= 0
 * plus the vectors named in known_logs[] with their reason. Anything else
 * fails, with the first differing line.
 *
 * test_buffer_*: a caller-sized buffer behaves like the kernel's: rotating
 * (the tail, ENOSPC), BPF_LOG_FIXED (the head, ENOSPC), log_true_size is
 * the longest the log has been (level 1 rewinds included), invalid
 * combinations are -EINVAL; when root, the same programs and sizes are
 * loaded with bpf(2) and the buffers, errno and log_true_size compared.
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
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <zlib.h>

#include "bpfsim/kernel.h"
#include "bpfsim/vectors.h"
#include "bpfsim/verifier.h"

/* Vectors whose log differs for a reason the feature scan cannot see. */
static const struct {
	const char *name, *reason;
} known_logs[] = {
	{ "vc add const then copy",
	  "after r4 = r3 (r3 = r2 + 1 linked), 6.18 does not narrow r3 on a branch on r4 the way "
	  "check_jmp.c's sync_linked does (R3 umin 2 vs 13)" },
};

struct rec {
	char *name, *log[2];
};

struct ctx {
	struct rec *recs;
	int nr;
	bool live;
	int level;
	int same, known, fail, unsupported, drift;
	int reasons[6];
};

static const char *const reason_names[] = { "precision", "pruning", "liveness", "neglink", "named", "state" };

/* "state": the first differing line prints the same registers and slots
 * with other values: the log is rendered right but bpfsim's scalar bounds
 * differ from the kernel's there (range.c / check_jmp.c refinement, not
 * the log); each is printed. At most this many per level (a regression
 * in the domains or the log shows as more): */
static const int max_state_diff[2] = { 0, 10 };

static struct rec *find_rec(struct ctx *c, const char *name)
{
	int i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(c->recs[i].name, name))
			return &c->recs[i];
	return NULL;
}

static void load_recs(struct ctx *c, const char *file)
{
	const char *src = getenv("BPFSIM_SRC");
	char path[4096], *all = NULL, *line, *nl;
	size_t len = 0, cap = 0;
	gzFile f;
	int n;

	snprintf(path, sizeof(path), "%s/tests/corpus/%s", src ? src : ".", file);
	f = gzopen(path, "rb");
	assert_non_null(f);
	do {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			all = realloc(all, cap + 1);
			assert_non_null(all);
		}
		n = gzread(f, all + len, (unsigned)(cap - len));
		assert_true(n >= 0);
		len += (size_t)n;
	} while (n > 0);
	gzclose(f);
	all[len] = 0;
	for (line = all; *line; line = nl + 1) {
		struct json_object *o, *jn, *l1, *l2;

		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		o = json_tokener_parse(line);
		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "name", &jn));
		assert_true(json_object_object_get_ex(o, "log1", &l1));
		assert_true(json_object_object_get_ex(o, "log2", &l2));
		c->recs = realloc(c->recs, sizeof(*c->recs) * (size_t)(c->nr + 1));
		assert_non_null(c->recs);
		c->recs[c->nr].name = strdup(json_object_get_string(jn));
		c->recs[c->nr].log[0] = strdup(json_object_get_string(l1));
		c->recs[c->nr].log[1] = strdup(json_object_get_string(l2));
		c->nr++;
		json_object_put(o);
	}
	free(all);
}

/* Split text into lines (modifies it); returns the count. */
static int split(char *t, char ***out)
{
	char **v = NULL;
	int n = 0;

	while (*t) {
		char *nl = strchr(t, '\n');

		v = realloc(v, sizeof(*v) * (size_t)(n + 1));
		assert_non_null(v);
		v[n++] = t;
		if (!nl)
			break;
		*nl = 0;
		t = nl + 1;
	}
	*out = v;
	return n;
}

static bool is_stats(const char *l)
{
	return !strncmp(l, "processed ", 10);
}

/* The first unmodelled feature in a kernel line: -1 if none. */
static int feature(const char *l)
{
	const char *p;

	if (!strncmp(l, "mark_precise:", 13) || !strncmp(l, "frame 0: propagating", 20) || strstr(l, "=P"))
		return 0;
	p = l;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p != l && !strcmp(p, ": safe"))
		return 1;
	if (!strncmp(l, "from ", 5) && strlen(l) > 6 && !strcmp(l + strlen(l) - 6, ": safe"))
		return 1;
	if (is_stats(l) && !strstr(l, "max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0"))
		return 1;
	if (!strncmp(l, "(0) ", 4))
		return 2;
	p = strstr(l, "id=");
	while (p) {
		p += 3;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '-')
			return 3;
		p = strstr(p, "id=");
	}
	return -1;
}

/* Same text up to the first register or stack item and the same items
 * (" R3=", " fp-8=") in the same order: only the values differ. */
static const char *next_item(const char *p, char *name, size_t sz)
{
	for (; (p = strchr(p, ' ')); p++) {
		const char *q = p + 1;

		if (*q == 'R')
			q++;
		else if (!strncmp(q, "fp-", 3))
			q += 3;
		else
			continue;
		if (*q < '0' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q != '=')
			continue;
		snprintf(name, sz, "%.*s", (int)(q - p), p);
		return q;
	}
	return NULL;
}

static bool same_shape(const char *k, const char *m)
{
	char a[32], b[32];
	const char *pk = next_item(k, a, sizeof(a)), *pm = next_item(m, b, sizeof(b));

	if (!pk || !pm || pk - k != pm - m || strncmp(k, m, (size_t)(pk - k)))
		return false;
	while (pk && pm) {
		if (strcmp(a, b))
			return false;
		pk = next_item(pk, a, sizeof(a));
		pm = next_item(pm, b, sizeof(b));
	}
	return !pk && !pm;
}

static int on_vec(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *arg)
{
	struct ctx *c = arg;
	struct bpfsim_verify_opts o = { .sz = sizeof(o), .log_level = (uint32_t)c->level };
	struct bpfsim_verify_result r;
	struct bpfsim_err err;
	struct rec *rec;
	char *klog, *mlog, **kl, **ml;
	int nk, nm, i, f = -1, named = -1;
	size_t j;

	assert_null(bad);
	assert_int_equal(bpfsim_verify_vector(v, &o, &r, &err), 0);
	if (r.verdict == BPFSIM_VEC_UNSUPPORTED) {
		c->unsupported++;
		bpfsim_verify_result_free(&r);
		return 0;
	}
	rec = find_rec(c, v->name);
	if (!rec)
		fail_msg("%s: not in the recorded logs (re-record)", v->name);
	klog = strdup(rec->log[c->level - 1]);
	if (c->live) {
		struct bpfsim_kernel_opts ko = { .sz = sizeof(ko), .want_log = true, .log_level = (uint32_t)c->level };
		struct bpfsim_kernel_result kr;

		assert_int_equal(bpfsim_kernel_load(v, &ko, &kr, NULL, &err), 0);
		if (strcmp(kr.log ? kr.log : "", klog))
			c->drift++;
		free(klog);
		klog = strdup(kr.log ? kr.log : "");
		bpfsim_kernel_result_free(&kr);
	}
	mlog = strdup(r.log ? r.log : "");
	assert_true(klog && mlog);
	if (!strcmp(klog, mlog)) {
		c->same++;
		goto out;
	}
	nk = split(klog, &kl);
	nm = split(mlog, &ml);
	for (j = 0; j < sizeof(known_logs) / sizeof(known_logs[0]); j++)
		if (!strcmp(known_logs[j].name, v->name))
			named = (int)j;
	for (i = 0; i < nk; i++)
		if ((f = feature(kl[i])) >= 0)
			break;
	if (named >= 0) {
		c->known++;
		c->reasons[4]++;
	} else if (f >= 0) {
		int k;

		/* identical before the feature line; the line before may be
		 * a prefix of bpfsim's (the state is appended there) */
		for (k = 0; k < i; k++) {
			bool last = k == i - 1;

			if (k >= nm || (last ? strncmp(ml[k], kl[k], strlen(kl[k])) : strcmp(ml[k], kl[k]))) {
				if (k < nm && same_shape(kl[k], ml[k])) {
					fprintf(stderr, "L%d %s: state differs at line %d\n  kernel: %s\n  bpfsim: %s\n",
						c->level, v->name, k + 1, kl[k], ml[k]);
					c->known++;
					c->reasons[5]++;
					goto out_split;
				}
				fprintf(stderr, "L%d %s: line %d differs before the unmodelled %s line %d\n"
						"  kernel: %s\n  bpfsim: %s\n", c->level, v->name, k + 1,
					reason_names[f], i + 1, kl[k], k < nm ? ml[k] : "(none)");
				c->fail++;
				goto out_split;
			}
		}
		c->known++;
		c->reasons[f]++;
	} else {
		for (i = 0; i < nk && i < nm && !strcmp(kl[i], ml[i]); i++)
			;
		if (i < nk && i < nm && same_shape(kl[i], ml[i])) {
			fprintf(stderr, "L%d %s: state differs at line %d\n  kernel: %s\n  bpfsim: %s\n", c->level,
				v->name, i + 1, kl[i], ml[i]);
			c->known++;
			c->reasons[5]++;
			goto out_split;
		}
		fprintf(stderr, "L%d %s: line %d differs\n  kernel: %s\n  bpfsim: %s\n", c->level, v->name, i + 1,
			i < nk ? kl[i] : "(none)", i < nm ? ml[i] : "(none)");
		c->fail++;
	}
out_split:
	free(kl);
	free(ml);
out:
	free(klog);
	free(mlog);
	bpfsim_verify_result_free(&r);
	return 0;
}

static void run_corpus(const char *corpus, const char *logs, int level, int max_state)
{
	const char *src = getenv("BPFSIM_SRC");
	struct ctx c = { .level = level };
	struct bpfsim_err err;
	char path[4096];
	int i;

	load_recs(&c, logs);
	c.live = bpfsim_kernel_available(&err) == 0;
	snprintf(path, sizeof(path), "%s/tests/corpus/%s", src ? src : ".", corpus);
	assert_int_equal(bpfsim_vectors_read(path, NULL, on_vec, &c, &err), 0);
	fprintf(stderr,
		"%s level %d (%s kernel logs): %d identical, %d known differences "
		"(precision %d, pruning %d, liveness %d, neglink %d, named %d, state %d), %d failing, %d unsupported\n",
		corpus, level, c.live ? "live" : "recorded", c.same, c.known, c.reasons[0], c.reasons[1],
		c.reasons[2], c.reasons[3], c.reasons[4], c.reasons[5], c.fail, c.unsupported);
	if (c.live && c.drift)
		fprintf(stderr, "  note: %d live logs differ from the recording (re-record?)\n", c.drift);
	assert_true(c.same > 0);
	assert_int_equal(c.fail, 0);
	assert_true(c.reasons[5] <= max_state);
	for (i = 0; i < c.nr; i++) {
		free(c.recs[i].name);
		free(c.recs[i].log[0]);
		free(c.recs[i].log[1]);
	}
	free(c.recs);
}

static void run_level(int level)
{
	run_corpus("verifier_core.jsonl", "verifier_logs.jsonl.gz", level, max_state_diff[level - 1]);
	run_corpus("cfg.jsonl", "verifier_logs_cfg.jsonl.gz", level, 0);
	run_corpus("range_states.jsonl", "verifier_logs_range.jsonl.gz", level, 0);
}

static void test_corpus_l1(void **state)
{
	(void)state;
	run_level(1);
}

static void test_corpus_l2(void **state)
{
	(void)state;
	run_level(2);
}

/* ---- buffer semantics ---- */

#define I(code, dst, src, off, imm) { (code), (dst), (src), (off), (imm) }
/* rejected after a branch pop: r2 = ctx->len; if r2 > 10 goto +2; r0 = 0;
 * exit; r0 = r7 (uninit) */
static const struct bpfsim_insn prog_rej[] = { I(0x61, 2, 1, 0, 0), I(0x25, 2, 0, 2, 10), I(0xb7, 0, 0, 0, 0),
					       I(0x95, 0, 0, 0, 0), I(0xbf, 0, 7, 0, 0), I(0x95, 0, 0, 0, 0) };
/* accepted with a branch: its level-1 log is the statistics line only,
 * but the walk was longer */
static const struct bpfsim_insn prog_acc[] = { I(0x61, 2, 1, 0, 0), I(0x25, 2, 0, 1, 10), I(0xb7, 0, 0, 0, 0),
					       I(0xb7, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0) };

static void vec_of(struct bpfsim_vector *v, const struct bpfsim_insn *p, size_t n)
{
	uint8_t raw[16 * 8];
	struct bpfsim_err err;
	size_t i;

	assert_true(n <= 16);
	for (i = 0; i < n; i++) {
		raw[i * 8] = p[i].code;
		raw[i * 8 + 1] = (uint8_t)((p[i].dst & 15) | (p[i].src & 15) << 4);
		raw[i * 8 + 2] = (uint8_t)p[i].off;
		raw[i * 8 + 3] = (uint8_t)((uint16_t)p[i].off >> 8);
		raw[i * 8 + 4] = (uint8_t)p[i].imm;
		raw[i * 8 + 5] = (uint8_t)((uint32_t)p[i].imm >> 8);
		raw[i * 8 + 6] = (uint8_t)((uint32_t)p[i].imm >> 16);
		raw[i * 8 + 7] = (uint8_t)((uint32_t)p[i].imm >> 24);
	}
	bpfsim_vector_init(v);
	v->name = strdup("t");
	v->prog_type = BPFSIM_PROG_TYPE_SOCKET_FILTER;
	assert_int_equal(bpfsim_vector_set_insns(v, raw, n * 8, &err), 0);
}

struct outcome {
	char buf[4096];
	int err;        /* 0 or ENOSPC (or the verifier's errno, kernel only) */
	uint32_t true_size;
};

static void sim(const struct bpfsim_insn *p, size_t n, uint32_t level, uint32_t size, bool fixed,
		struct outcome *out)
{
	struct bpfsim_vector v;
	struct bpfsim_verify_opts o = { .sz = sizeof(o), .log_level = level, .log_buf = out->buf,
					.log_size = size, .log_fixed = fixed };
	struct bpfsim_verify_result r;
	struct bpfsim_err err;

	vec_of(&v, p, n);
	memset(out->buf, 0x7f, sizeof(out->buf));
	assert_int_equal(bpfsim_verify_vector(&v, &o, &r, &err), 0);
	assert_null(r.log);
	assert_int_equal(r.log_len, strlen(out->buf));
	out->err = r.log_err;
	out->true_size = r.log_true_size;
	bpfsim_verify_result_free(&r);
	bpfsim_vector_free(&v);
}

/* BPF_PROG_LOAD with the same buffer; err: positive errno or 0. */
static void kern(const struct bpfsim_insn *p, size_t n, uint32_t level, uint32_t size, bool fixed,
		 struct outcome *out)
{
	/* log_true_size (6.4) follows core_relo_rec_size; older uapi headers
	 * do not have it */
	struct {
		union bpf_attr a;
		char more[64];
	} u;
	union bpf_attr *ap = &u.a;
	size_t tsoff = offsetof(union bpf_attr, core_relo_rec_size) + 4;
	uint32_t ts;
	struct bpf_insn in[16];
	size_t i;
	long fd;

	assert_true(n <= 16);
	for (i = 0; i < n; i++) {
		in[i].code = p[i].code;
		in[i].dst_reg = p[i].dst & 15;
		in[i].src_reg = p[i].src & 15;
		in[i].off = p[i].off;
		in[i].imm = p[i].imm;
	}
	memset(&u, 0, sizeof(u));
	memset(out->buf, 0x7f, sizeof(out->buf));
	ap->prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	ap->insns = (uint64_t)(uintptr_t)in;
	ap->insn_cnt = (uint32_t)n;
	ap->license = (uint64_t)(uintptr_t)"GPL";
	ap->log_level = level | (fixed ? 8U : 0U); /* BPF_LOG_FIXED */
	ap->log_buf = (uint64_t)(uintptr_t)out->buf;
	ap->log_size = size;
	fd = syscall(__NR_bpf, BPF_PROG_LOAD, &u, tsoff + 4);
	out->err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close((int)fd);
	memcpy(&ts, (char *)&u + tsoff, 4);
	out->true_size = ts;
}

static void full_log(const struct bpfsim_insn *p, size_t n, uint32_t level, char **log)
{
	struct bpfsim_vector v;
	struct bpfsim_verify_opts o = { .sz = sizeof(o), .log_level = level };
	struct bpfsim_verify_result r;
	struct bpfsim_err err;

	vec_of(&v, p, n);
	assert_int_equal(bpfsim_verify_vector(&v, &o, &r, &err), 0);
	assert_non_null(r.log);
	*log = strdup(r.log);
	assert_true(r.log_true_size >= strlen(r.log) + 1);
	bpfsim_verify_result_free(&r);
	bpfsim_vector_free(&v);
}

static void test_buffer_rotating_fixed(void **state)
{
	struct outcome s;
	char *full;
	size_t len;

	(void)state;
	full_log(prog_rej, 6, 1, &full);
	len = strlen(full);
	assert_true(len > 100);
	/* rotating: the tail, ENOSPC */
	sim(prog_rej, 6, 1, 64, false, &s);
	assert_int_equal(s.err, ENOSPC);
	assert_string_equal(s.buf, full + len - 63);
	assert_true(s.true_size >= len + 1);
	/* fixed: the head, ENOSPC */
	sim(prog_rej, 6, 1, 64, true, &s);
	assert_int_equal(s.err, ENOSPC);
	assert_int_equal(strlen(s.buf), 63);
	assert_memory_equal(s.buf, full, 63);
	/* large enough: all of it, no ENOSPC */
	sim(prog_rej, 6, 1, (uint32_t)(s.true_size), false, &s);
	assert_int_equal(s.err, 0);
	assert_string_equal(s.buf, full);
	free(full);
	/* accepted at level 1: the buffer holds the statistics line only, but
	 * the walk before the kernel's reset was longer: ENOSPC */
	full_log(prog_acc, 5, 1, &full);
	assert_non_null(strstr(full, "processed 7 insns"));
	sim(prog_acc, 5, 1, (uint32_t)strlen(full) + 1, false, &s);
	assert_string_equal(s.buf, full);
	assert_int_equal(s.err, ENOSPC);
	assert_true(s.true_size > strlen(full) + 1);
	sim(prog_acc, 5, 1, s.true_size, false, &s);
	assert_int_equal(s.err, 0);
	free(full);
}

static void test_buffer_invalid(void **state)
{
	struct bpfsim_vector v;
	struct bpfsim_verify_result r;
	struct bpfsim_err err;
	char buf[256];
	struct bpfsim_verify_opts o1 = { .sz = sizeof(o1), .log_level = 1, .log_buf = buf };
	struct bpfsim_verify_opts o2 = { .sz = sizeof(o2), .log_level = 1, .log_size = 256 };
	struct bpfsim_verify_opts o3 = { .sz = sizeof(o3), .log_level = 0, .log_buf = buf, .log_size = 256 };
	struct bpfsim_verify_opts o4 = { .sz = sizeof(o4), .log_level = 1, .log_buf = buf,
					 .log_size = (UINT32_MAX >> 2) + 1 };

	(void)state;
	vec_of(&v, prog_rej, 6);
	assert_int_equal(bpfsim_verify_vector(&v, &o1, &r, &err), -EINVAL);
	assert_int_equal(bpfsim_verify_vector(&v, &o2, &r, &err), -EINVAL);
	assert_int_equal(bpfsim_verify_vector(&v, &o3, &r, &err), -EINVAL);
	assert_int_equal(bpfsim_verify_vector(&v, &o4, &r, &err), -EINVAL);
	bpfsim_verify_result_free(&r);
	bpfsim_vector_free(&v);
}

static void test_buffer_vs_kernel(void **state)
{
	static const uint32_t sizes[] = { 1, 2, 17, 64, 100, 150, 190, 256, 400, 4096 };
	struct bpfsim_err err;
	struct outcome s, k;
	size_t i, lv, fx, pg;
	int n = 0;

	(void)state;
	if (bpfsim_kernel_available(&err)) {
		fprintf(stderr, "buffer vs kernel: skipped (%s)\n", err.msg);
		skip();
	}
	for (pg = 0; pg < 2; pg++)
		for (lv = 1; lv <= 2; lv++)
			for (fx = 0; fx < 2; fx++)
				for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
					const struct bpfsim_insn *p = pg ? prog_acc : prog_rej;
					size_t np = pg ? 5 : 6;

					sim(p, np, (uint32_t)lv, sizes[i], fx, &s);
					kern(p, np, (uint32_t)lv, sizes[i], fx, &k);
					if (!s.err && pg == 0)
						s.err = EACCES; /* the verdict shows when the log fit */
					if (strcmp(s.buf, k.buf) || s.err != k.err || s.true_size != k.true_size)
						fail_msg("prog %zu level %zu %s size %u: bpfsim err %d true %u '%s'\n"
							 "kernel err %d true %u '%s'", pg, lv, fx ? "fixed" : "rotating",
							 sizes[i], s.err, s.true_size, s.buf, k.err, k.true_size, k.buf);
					n++;
				}
	fprintf(stderr, "buffer vs kernel: %d loads identical (buffer bytes, errno, log_true_size)\n", n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_l1),
		cmocka_unit_test(test_corpus_l2),
		cmocka_unit_test(test_buffer_rotating_fixed),
		cmocka_unit_test(test_buffer_invalid),
		cmocka_unit_test(test_buffer_vs_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
