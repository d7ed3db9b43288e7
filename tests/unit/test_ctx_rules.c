/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ctx_rules: the context access table (src/verifier/ctx_rules.c) and
 * the return-value ranges (src/verifier/retval.c) against the kernel.
 *
 * Offline: every vector of tests/corpus/ctx_access.jsonl (one ctx load or
 * store, recorded from the running 6.18 kernel by gen_ctx_access.py) must
 * get the kernel's verdict and error line from bpfsim_ctx_access(); every
 * constant-r0 vector of tests/corpus/retval.jsonl the kernel's verdict and
 * line from retval.c. Agreement per program type is printed.
 *
 * Live (root, skipped with a message otherwise): for every profile of the
 * table, every offset from -8 to the end of the last field + 16, every size
 * and load / store / store-immediate (far more than the corpus holds,
 * misaligned offsets included) is loaded into the kernel and compared; every
 * pointer-typed field is loaded at log level 2 and the register type the
 * kernel prints checked; the return ranges are probed at their edges.
 */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bpfsim/kernel.h"
#include "bpfsim/names.h"
#include "bpfsim/vectors.h"
#include "verifier/ctx_rules.h"
#include "verifier/retval.h"

struct stats {
	unsigned total[BPFSIM_PROG_TYPE__COUNT], agree[BPFSIM_PROG_TYPE__COUNT];
	unsigned mismatches;
};

static void stats_print(const char *what, const struct stats *s)
{
	unsigned t = 0, a = 0;

	for (int i = 0; i < BPFSIM_PROG_TYPE__COUNT; i++) {
		if (!s->total[i])
			continue;
		printf("  %-10s %-18s %5u/%-5u agree\n", what, bpfsim_prog_type_name(i), s->agree[i],
		       s->total[i]);
		t += s->total[i];
		a += s->agree[i];
	}
	printf("  %-10s %-18s %5u/%-5u agree (%.2f%%)\n", what, "ALL", a, t, t ? 100.0 * a / t : 0.0);
}

static const char *corpus_path(const char *file, char *buf, size_t len)
{
	const char *src = getenv("BPFSIM_SRC");

	snprintf(buf, len, "%s/tests/corpus/%s", src ? src : ".", file);
	return buf;
}

/* "ldx32" -> op, size */
static bool parse_kind(const char *k, enum bpfsim_ctx_op *op, uint32_t *size)
{
	const char *digits;

	if (!strncmp(k, "ldx", 3)) {
		*op = CTX_LOAD;
		digits = k + 3;
	} else if (!strncmp(k, "stx", 3)) {
		*op = CTX_STORE;
		digits = k + 3;
	} else if (!strncmp(k, "st", 2)) {
		*op = CTX_STORE_IMM;
		digits = k + 2;
	} else {
		return false;
	}
	*size = (uint32_t)atoi(digits) / 8;
	return *size == 1 || *size == 2 || *size == 4 || *size == 8;
}

/* Compare one ctx answer with a kernel verdict; report a mismatch. */
static bool ctx_agrees(const char *name, const struct bpfsim_ctx_answer *a, bool k_accept,
		       const char *k_error)
{
	if (a->allowed && k_accept)
		return true;
	if (!a->allowed && !k_accept && k_error && !strcmp(a->msg, k_error))
		return true;
	fprintf(stderr, "MISMATCH %s: bpfsim %s '%s', kernel %s '%s'\n", name,
		a->allowed ? "accept" : "reject", a->allowed ? "" : a->msg,
		k_accept ? "accept" : "reject", k_error ? k_error : "");
	return false;
}

/* What the msg-<what> probes of gen_ctx_access.py must give (see there for
 * the programs). false when the probe does not reach the ctx checks. */
static bool msg_expect(int pt, const char *what, struct bpfsim_ctx_answer *a)
{
	struct bpfsim_ctx_answer first;

	memset(a, 0, sizeof(*a));
	if (!strncmp(what, "atomic_", 7)) {
		bpfsim_ctx_msg_atomic(a->msg, sizeof(a->msg), 1);
	} else if (!strcmp(what, "modified_ldx") || !strcmp(what, "modified_stx")) {
		bpfsim_ctx_msg_fixed_off(a->msg, sizeof(a->msg), 1, 4);
	} else if (!strcmp(what, "modified_neg")) {
		bpfsim_ctx_msg_fixed_off(a->msg, sizeof(a->msg), 1, -4);
	} else if (!strcmp(what, "var_off")) {
		/* r2 = *(u32 *)(r1 + 0); r2 &= 4; r1 += r2: needs a scalar at 0 */
		assert_int_equal(bpfsim_ctx_access(pt, -1, 0, 4, CTX_LOAD, &first), 0);
		if (!first.allowed || first.reg != CTX_REG_SCALAR)
			return false;
		bpfsim_ctx_msg_var_off(a->msg, sizeof(a->msg), 0, 4);
	} else if (!strcmp(what, "stx_stackptr") || !strcmp(what, "stx_ctxptr")) {
		assert_int_equal(bpfsim_ctx_access(pt, -1, 48, 8, CTX_STORE, a), 0);
	} else if (!strcmp(what, "ldx_into_r1")) {
		assert_int_equal(bpfsim_ctx_access(pt, -1, 0, 4, CTX_LOAD, a), 0);
	} else {
		fail_msg("unknown msg probe %s", what);
	}
	return true;
}

static int ctx_corpus_cb(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct stats *s = ctx;
	char name[256], *kind, *offs, *save = NULL;
	enum bpfsim_ctx_op op = CTX_LOAD;
	uint32_t size = 0;
	struct bpfsim_ctx_answer a;
	int rc;

	assert_null(bad);
	assert_true(v->kernel.present);
	snprintf(name, sizeof(name), "%s", v->name);
	strtok_r(name, "/", &save);
	strtok_r(NULL, "/", &save);
	kind = strtok_r(NULL, "/", &save);
	offs = strtok_r(NULL, "/", &save);
	assert_non_null(offs);
	if (!strncmp(kind, "msg-", 4)) {
		bool known = msg_expect(v->prog_type, kind + 4, &a);

		if (!known)
			return 0; /* the message is not about the ctx (e.g. xdp var_off: pkt pointer ALU) */
		s->total[v->prog_type]++;
		if (ctx_agrees(v->name, &a, v->kernel.verdict == BPFSIM_VEC_ACCEPT, v->kernel.error))
			s->agree[v->prog_type]++;
		else
			s->mismatches++;
		return 0;
	}
	assert_true(parse_kind(kind, &op, &size));
	rc = bpfsim_ctx_access(v->prog_type, v->expected_attach_type, atoi(offs), size, op, &a);
	assert_int_equal(rc, 0);
	s->total[v->prog_type]++;
	if (ctx_agrees(v->name, &a, v->kernel.verdict == BPFSIM_VEC_ACCEPT, v->kernel.error))
		s->agree[v->prog_type]++;
	else
		s->mismatches++;
	return 0;
}

static void test_ctx_corpus(void **state)
{
	char path[1024];
	struct stats s = {0};
	struct bpfsim_err err = {0};
	unsigned n = 0;

	(void)state;
	assert_int_equal(bpfsim_vectors_read(corpus_path("ctx_access.jsonl", path, sizeof(path)), NULL,
					     ctx_corpus_cb, &s, &err), 0);
	for (int i = 0; i < BPFSIM_PROG_TYPE__COUNT; i++)
		n += s.total[i];
	printf("ctx_access.jsonl (%u recorded vectors):\n", n);
	stats_print("ctx", &s);
	assert_true(n > 1000);
	assert_int_equal(s.mismatches, 0);
}

/* ---- return values ---- */

/* Expected kernel line for r0 in [lo, hi] at exit, or "" when accepted. */
static void retval_expect(int pt, int at, int64_t lo, int64_t hi, char *buf, size_t len)
{
	struct bpfsim_retval_range r;

	buf[0] = 0;
	assert_int_equal(bpfsim_retval_range(pt, at, &r), 0);
	if (!bpfsim_retval_ok(&r, lo, hi))
		bpfsim_retval_msg(buf, len, &r, 0, lo, hi);
}

static int retval_corpus_cb(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct stats *s = ctx;
	const char *val = strstr(v->name, "/r0=");
	char want[160];
	int64_t x;
	bool k_acc = v->kernel.verdict == BPFSIM_VEC_ACCEPT;

	assert_null(bad);
	assert_non_null(val);
	val += 4;
	if (!strcmp(val, "uninit"))
		return 0; /* "R0 !read_ok": the verifier core's message, not ours */
	/* "0or5": the kernel walks the fall-through path (r0 = 5) first */
	x = !strcmp(val, "0or5") ? 5 : strtoll(val, NULL, 10);
	retval_expect(v->prog_type, v->expected_attach_type, x, x, want, sizeof(want));
	if (!want[0] && !strcmp(val, "0or5"))
		retval_expect(v->prog_type, v->expected_attach_type, 0, 0, want, sizeof(want));
	s->total[v->prog_type]++;
	if ((!want[0] && k_acc) || (want[0] && !k_acc && v->kernel.error && !strcmp(want, v->kernel.error))) {
		s->agree[v->prog_type]++;
	} else {
		s->mismatches++;
		fprintf(stderr, "MISMATCH %s: bpfsim '%s', kernel %s '%s'\n", v->name,
			want[0] ? want : "accept", k_acc ? "accept" : "reject",
			v->kernel.error ? v->kernel.error : "");
	}
	return 0;
}

static void test_retval_corpus(void **state)
{
	char path[1024];
	struct stats s = {0};
	struct bpfsim_err err = {0};

	(void)state;
	assert_int_equal(bpfsim_vectors_read(corpus_path("retval.jsonl", path, sizeof(path)), NULL,
					     retval_corpus_cb, &s, &err), 0);
	printf("retval.jsonl:\n");
	stats_print("retval", &s);
	assert_int_equal(s.mismatches, 0);
}

static void test_retval_msg(void **state)
{
	struct bpfsim_retval_range r = {true, 0, 1};
	char b[160];

	(void)state;
	bpfsim_retval_msg(b, sizeof(b), &r, 0, INT64_MIN, INT64_MAX);
	assert_string_equal(b, "At program exit the register R0 has unknown scalar value should have been in [0, 1]");
	bpfsim_retval_msg(b, sizeof(b), &r, 0, 0, INT64_MAX);
	assert_string_equal(b, "At program exit the register R0 has smin=0 should have been in [0, 1]");
	assert_true(bpfsim_retval_ok(&r, 0, 1));
	assert_false(bpfsim_retval_ok(&r, 0, 2));
	assert_false(bpfsim_retval_ok(&r, -1, 1));
	assert_int_equal(bpfsim_retval_range(BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_FENTRY, &r),
			 -EOPNOTSUPP);
}

static void test_ctx_table_sane(void **state)
{
	struct bpfsim_ctx_answer a;

	(void)state;
	/* fields sorted and inside 0..256, masks only within width */
	for (size_t i = 0; i < bpfsim_ctx_profile_count(); i++) {
		int pt, at;
		size_t n;

		assert_true(bpfsim_ctx_profile(i, &pt, &at, &n));
		assert_true(n > 0);
		for (size_t j = 0; j < n; j++) {
			uint32_t off, w;
			uint8_t rd, wr;
			enum bpfsim_ctx_reg reg;

			assert_true(bpfsim_ctx_field(i, j, &off, &w, &rd, &wr, &reg));
			assert_true(w == 1 || w == 2 || w == 4 || w == 8);
			assert_int_equal(off % w, 0);
			assert_true(rd < (w << 1) && wr < (w << 1));
			if (reg != CTX_REG_SCALAR)
				assert_true(rd & w);
		}
	}
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_SCHED_CLS, -1, 0, 3, CTX_LOAD, &a), -EINVAL);
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_TRACING, -1, 0, 8, CTX_LOAD, &a), -EOPNOTSUPP);
	assert_false(bpfsim_ctx_supported(BPFSIM_PROG_TYPE_LSM, -1));
	assert_true(bpfsim_ctx_supported(BPFSIM_PROG_TYPE_TRACEPOINT, -1));
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_SCHED_CLS, -1, 76, 4, CTX_LOAD, &a), 0);
	assert_true(a.allowed);
	assert_int_equal(a.reg, CTX_REG_PACKET);
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_SCHED_CLS, -1, 78, 2, CTX_LOAD, &a), 0);
	assert_false(a.allowed);
	assert_string_equal(a.msg, "invalid bpf_context access off=78 size=2");
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_SCHED_CLS, -1, 1, 1, CTX_LOAD, &a), 0);
	assert_true(a.allowed && a.narrow && a.reg == CTX_REG_SCALAR);
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_TRACEPOINT, -1, -4, 4, CTX_LOAD, &a), 0);
	assert_true(a.allowed);
	assert_int_equal(bpfsim_ctx_access(BPFSIM_PROG_TYPE_TRACEPOINT, -1, 8, 4, CTX_STORE, &a), 0);
	assert_false(a.allowed);
}

/* ---- live ---- */

static uint64_t insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	return (uint64_t)code | (uint64_t)(dst | (src << 4)) << 8 | (uint64_t)(uint16_t)off << 16 |
	       (uint64_t)(uint32_t)imm << 32;
}

static uint8_t size_bits(uint32_t size)
{
	return size == 1 ? 0x10 : size == 2 ? 0x08 : size == 4 ? 0x00 : 0x18;
}

/* Load the probe into the kernel (size 0: no ctx access, only r0 = r0;
 * exit): 0 = answered in *res. */
static int live_probe(int pt, int at, enum bpfsim_ctx_op op, int32_t off, uint32_t size, int32_t r0,
		      uint32_t log_level, struct bpfsim_kernel_result *res)
{
	struct bpfsim_vector v;
	struct bpfsim_kernel_opts o = {.sz = sizeof(o), .want_log = log_level > 1, .log_level = log_level};
	struct bpfsim_err err = {0};
	uint64_t p[5];
	size_t n = 0;
	int rc;

	if (size == 0)
		; /* no access: only r0 = r0val; exit */
	else if (op == CTX_LOAD)
		p[n++] = insn(0x61 | size_bits(size), 2, 1, (int16_t)off, 0);
	else if (op == CTX_STORE) {
		p[n++] = insn(0xb7, 2, 0, 0, 0);
		p[n++] = insn(0x63 | size_bits(size), 1, 2, (int16_t)off, 0);
	} else if (op == CTX_STORE_IMM) {
		p[n++] = insn(0x62 | size_bits(size), 1, 0, (int16_t)off, 0);
	}
	p[n++] = insn(0xb7, 0, 0, 0, r0);
	p[n++] = insn(0x95, 0, 0, 0, 0);
	bpfsim_vector_init(&v);
	v.name = strdup("probe");
	v.prog_type = pt;
	v.expected_attach_type = at;
	assert_int_equal(bpfsim_vector_set_insns(&v, (const uint8_t *)p, n * 8, &err), 0);
	memset(res, 0, sizeof(*res));
	rc = bpfsim_kernel_load(&v, &o, res, NULL, &err);
	if (rc)
		fprintf(stderr, "load: %s\n", err.msg);
	bpfsim_vector_free(&v);
	return rc;
}

static bool live_ok(void)
{
	struct bpfsim_err err = {0};

	if (bpfsim_kernel_available(&err)) {
		fprintf(stderr, "skipping live comparison with the kernel: %s\n", err.msg);
		return false;
	}
	return true;
}

static void test_live_ctx_grid(void **state)
{
	struct stats s = {0};
	unsigned probes = 0;

	(void)state;
	if (!live_ok())
		skip();
	for (size_t i = 0; i < bpfsim_ctx_profile_count(); i++) {
		int pt, at;
		size_t n;
		uint32_t end = 0, off, w;
		uint8_t rd, wr;
		enum bpfsim_ctx_reg reg;

		bpfsim_ctx_profile(i, &pt, &at, &n);
		for (size_t j = 0; j < n; j++) {
			bpfsim_ctx_field(i, j, &off, &w, &rd, &wr, &reg);
			if (off + w > end)
				end = off + w;
		}
		for (int op = CTX_LOAD; op <= CTX_STORE_IMM; op++) {
			for (uint32_t size = 1; size <= 8; size <<= 1) {
				for (int32_t o = -8; o < (int32_t)end + 16; o++) {
					struct bpfsim_kernel_result res;
					struct bpfsim_ctx_answer a;
					char name[128];

					/* stores: every aligned offset and a few misaligned */
					if (op != CTX_LOAD && o % (int32_t)size && o % 4 != 1)
						continue;
					assert_int_equal(bpfsim_ctx_access(pt, at, o, size, op, &a), 0);
					assert_int_equal(live_probe(pt, at, op, o, size, 1, 1, &res), 0);
					snprintf(name, sizeof(name), "live %s/%s op%d size%u off%d",
						 bpfsim_prog_type_name(pt),
						 at >= 0 ? bpfsim_attach_type_name(at) : "-", op, size, o);
					s.total[pt]++;
					if (ctx_agrees(name, &a, res.verdict == BPFSIM_VEC_ACCEPT, res.error))
						s.agree[pt]++;
					else
						s.mismatches++;
					probes++;
					bpfsim_kernel_result_free(&res);
				}
			}
		}
	}
	printf("live grid (%u probes, every profile):\n", probes);
	stats_print("live", &s);
	assert_int_equal(s.mismatches, 0);
}

static void test_live_reg_types(void **state)
{
	unsigned checked = 0, bad = 0;

	(void)state;
	if (!live_ok())
		skip();
	for (size_t i = 0; i < bpfsim_ctx_profile_count(); i++) {
		int pt, at;
		size_t n;

		bpfsim_ctx_profile(i, &pt, &at, &n);
		for (size_t j = 0; j < n; j++) {
			uint32_t off, w;
			uint8_t rd, wr;
			enum bpfsim_ctx_reg reg;
			struct bpfsim_kernel_result res;
			struct bpfsim_ctx_answer a;
			char want1[64], want2[64];

			bpfsim_ctx_field(i, j, &off, &w, &rd, &wr, &reg);
			if (!(rd & w))
				continue;
			assert_int_equal(bpfsim_ctx_access(pt, at, (int32_t)off, w, CTX_LOAD, &a), 0);
			assert_true(a.allowed);
			assert_int_equal(live_probe(pt, at, CTX_LOAD, (int32_t)off, w, 1, 2, &res), 0);
			assert_non_null(res.log);
			/* the state after insn 0: "R2_w=pkt(" / "R2_w=scalar(" / "R2_w=0" ... */
			snprintf(want1, sizeof(want1), "R2_w=%s", bpfsim_ctx_reg_name(a.reg));
			snprintf(want2, sizeof(want2), "R2=%s", bpfsim_ctx_reg_name(a.reg));
			{
				const char *p1 = strstr(res.log, want1), *p2 = strstr(res.log, want2);
				const char *p = p1 ? p1 : p2;
				size_t l = strlen(p1 ? want1 : want2);
				/* the name must be followed by '(' or end of word,
				 * so that "sock" does not match "sock_or_null" */
				bool ok = p && (p[l] == '(' || p[l] == ' ' || p[l] == '\n' || p[l] == 0);

				if (a.reg == CTX_REG_SCALAR && !ok)
					ok = strstr(res.log, "R2_w=") && !strstr(res.log, "R2_w=pkt") &&
					     !strstr(res.log, "R2_w=sock") && !strstr(res.log, "R2_w=flow");
				if (!ok) {
					bad++;
					fprintf(stderr, "REGTYPE %s off %u: want %s, log:\n%s\n",
						bpfsim_prog_type_name(pt), off, bpfsim_ctx_reg_name(a.reg), res.log);
				}
			}
			checked++;
			bpfsim_kernel_result_free(&res);
		}
	}
	printf("live register types: %u/%u full-width field loads agree\n", checked - bad, checked);
	assert_int_equal(bad, 0);
}

static void test_live_retval(void **state)
{
	/* (prog type, expected attach type): every type of issue 5, and every
	 * attach type whose range differs */
	static const int pairs[][2] = {
		{BPFSIM_PROG_TYPE_SOCKET_FILTER, -1}, {BPFSIM_PROG_TYPE_SCHED_CLS, -1},
		{BPFSIM_PROG_TYPE_SCHED_ACT, -1}, {BPFSIM_PROG_TYPE_XDP, -1},
		{BPFSIM_PROG_TYPE_KPROBE, -1}, {BPFSIM_PROG_TYPE_TRACEPOINT, -1},
		{BPFSIM_PROG_TYPE_RAW_TRACEPOINT, -1}, {BPFSIM_PROG_TYPE_PERF_EVENT, -1},
		{BPFSIM_PROG_TYPE_CGROUP_SKB, BPFSIM_ATTACH_CGROUP_INET_INGRESS},
		{BPFSIM_PROG_TYPE_CGROUP_SKB, BPFSIM_ATTACH_CGROUP_INET_EGRESS},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET_SOCK_CREATE},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET6_POST_BIND},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET6_BIND},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_CONNECT},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP6_SENDMSG},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP6_RECVMSG},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_GETPEERNAME},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_GETSOCKNAME},
		{BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_SENDMSG},
		{BPFSIM_PROG_TYPE_SK_SKB, BPFSIM_ATTACH_SK_SKB_VERDICT},
		{BPFSIM_PROG_TYPE_SK_MSG, BPFSIM_ATTACH_SK_MSG_VERDICT},
		{BPFSIM_PROG_TYPE_LWT_IN, -1}, {BPFSIM_PROG_TYPE_LWT_OUT, -1}, {BPFSIM_PROG_TYPE_LWT_XMIT, -1},
		{BPFSIM_PROG_TYPE_SOCK_OPS, -1}, {BPFSIM_PROG_TYPE_SK_LOOKUP, BPFSIM_ATTACH_SK_LOOKUP},
		{BPFSIM_PROG_TYPE_CGROUP_SYSCTL, BPFSIM_ATTACH_CGROUP_SYSCTL},
		{BPFSIM_PROG_TYPE_CGROUP_DEVICE, BPFSIM_ATTACH_CGROUP_DEVICE},
		{BPFSIM_PROG_TYPE_FLOW_DISSECTOR, BPFSIM_ATTACH_FLOW_DISSECTOR},
		{BPFSIM_PROG_TYPE_CGROUP_SOCKOPT, BPFSIM_ATTACH_CGROUP_SETSOCKOPT},
	};
	struct stats s = {0};

	(void)state;
	if (!live_ok())
		skip();
	for (size_t t = 0; t < sizeof(pairs) / sizeof(pairs[0]); t++) {
		int pt = pairs[t][0], at = pairs[t][1];
		struct bpfsim_retval_range r;
		int32_t vals[6];

		assert_int_equal(bpfsim_retval_range(pt, at, &r), 0);
		if (r.enforced) {
			vals[0] = r.minval - 1; vals[1] = r.minval; vals[2] = r.maxval;
			vals[3] = r.maxval + 1; vals[4] = INT32_MIN; vals[5] = INT32_MAX;
		} else {
			vals[0] = -1; vals[1] = 0; vals[2] = 1; vals[3] = 2; vals[4] = INT32_MIN;
			vals[5] = INT32_MAX;
		}
		for (int k = 0; k < 6; k++) {
			struct bpfsim_kernel_result res;
			char want[160] = "";

			assert_int_equal(live_probe(pt, at, CTX_LOAD, 0, 0, vals[k], 1, &res), 0);
			if (!bpfsim_retval_ok(&r, vals[k], vals[k]))
				bpfsim_retval_msg(want, sizeof(want), &r, 0, vals[k], vals[k]);
			s.total[pt]++;
			if ((!want[0] && res.verdict == BPFSIM_VEC_ACCEPT) ||
			    (want[0] && res.error && !strcmp(res.error, want)))
				s.agree[pt]++;
			else {
				s.mismatches++;
				fprintf(stderr, "RETVAL MISMATCH %s/%s r0=%d: want '%s' kernel '%s'\n",
					bpfsim_prog_type_name(pt), at >= 0 ? bpfsim_attach_type_name(at) : "-",
					vals[k], want[0] ? want : "accept", res.error ? res.error : "accept");
			}
			bpfsim_kernel_result_free(&res);
		}
	}
	printf("live return values:\n");
	stats_print("retval", &s);
	assert_int_equal(s.mismatches, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ctx_table_sane),
		cmocka_unit_test(test_retval_msg),
		cmocka_unit_test(test_ctx_corpus),
		cmocka_unit_test(test_retval_corpus),
		cmocka_unit_test(test_live_ctx_grid),
		cmocka_unit_test(test_live_reg_types),
		cmocka_unit_test(test_live_retval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
