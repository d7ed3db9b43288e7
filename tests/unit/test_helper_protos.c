/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_helper_protos: the helper prototype table (src/verifier/helper_protos.*)
 * against what the 6.18 kernel answered (tests/corpus/helper_access.jsonl,
 * recorded by tests/corpus/gen_helper_access.py through `bpfsim load`), and
 * against the live kernel when there is one (root).
 *
 * The corpus has three kinds of vectors (by name):
 *   "access T #H"  program type T calls helper H with r1..r5 = 0 (GPL)
 *   "nongpl T #H"  the same with license "Proprietary" (a type that may call H)
 *   "args ..."     argument-kind and map-compatibility spot checks
 * Checked: may T call H (the kernel's first error is "program of this type
 * cannot use helper" / "invalid func" or not); gpl_only; the exact message
 * strings we produce; for every "Rn type=scalar expected=X" answer, that
 * arguments 1..n-1 of our prototype accept a zero scalar and argument n's
 * kind is one the kernel describes by X; map/helper compatibility messages.
 * The agreement figures are printed on stderr.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <cmocka.h>

#include "bpfsim/kernel.h"
#include "bpfsim/names.h"
#include "bpfsim/vectors.h"
#include "verifier/helper_protos.h"

static char corpus_path[4096];

static int setup(void **state)
{
	const char *src = getenv("BPFSIM_SRC");

	(void)state;
	snprintf(corpus_path, sizeof(corpus_path), "%s/tests/corpus/helper_access.jsonl", src ? src : "..");
	return 0;
}

/* ---- table invariants ---- */

static bool is_mem_size(uint32_t t)
{
	return t == ARG_CONST_SIZE || t == ARG_CONST_SIZE_OR_ZERO;
}

static void test_table_sane(void **state)
{
	size_t n;
	const struct helper_proto *p = helper_protos(&n);

	(void)state;
	assert_true(n > 150);
	for (size_t i = 0; i < n; i++) {
		int raw = 0;

		assert_true(p[i].func_id >= 1 && p[i].func_id <= HELPER_MAX_ID);
		if (i)
			assert_true(p[i - 1].func_id <= p[i].func_id);
		assert_ptr_equal(helper_proto_by_variant(p[i].variant), &p[i]);
		assert_true(ret_base(p[i].ret_type) < RET_TYPE__MAX);
		/* the kernel's check_func_proto(): one raw (uninit) memory
		 * argument at most; a memory argument is followed by its size
		 * argument unless its size is fixed; no size without memory */
		assert_false(is_mem_size(arg_base(p[i].arg_type[0])) || p[i].arg_type[0] == ARG_CONST_ALLOC_SIZE_OR_ZERO);
		for (int a = 0; a < 5; a++) {
			uint32_t t = p[i].arg_type[a];
			bool next_size = a + 1 < 5 && is_mem_size(p[i].arg_type[a + 1]);

			assert_true(arg_base(t) < ARG_TYPE__MAX);
			if (arg_base(t) == ARG_PTR_TO_MEM && (t & MEM_UNINIT))
				raw++;
			if (arg_base(t) == ARG_PTR_TO_MEM) {
				bool fixed = (t & MEM_FIXED_SIZE) != 0;

				if (fixed)
					assert_true(p[i].arg_size[a] > 0);
				assert_true(next_size != fixed);
			} else {
				assert_false(next_size);
			}
			if (t == ARG_DONTCARE)
				for (int b = a + 1; b < 5; b++)
					assert_int_equal(p[i].arg_type[b], ARG_DONTCARE);
		}
		assert_true(raw <= 1);
	}
	/* the main variant of an id is its first */
	assert_string_equal(helper_proto_by_id(1)->variant, "bpf_map_lookup_elem_proto");
	assert_null(helper_proto_by_id(0));
	assert_null(helper_proto_by_id(HELPER_MAX_ID + 1));
	assert_string_equal(helper_func_name(1), "bpf_map_lookup_elem");
	assert_string_equal(helper_func_name(0), "bpf_unspec");
	assert_string_equal(helper_func_name(-1), "unknown");
	assert_string_equal(helper_func_name(HELPER_MAX_ID + 1), "unknown");
}

static void test_known_prototypes(void **state)
{
	const struct helper_proto *p;

	(void)state;
	p = helper_proto_for(BPFSIM_PROG_TYPE_SOCKET_FILTER, 0, 1);
	assert_non_null(p);
	assert_int_equal(p->ret_type, RET_PTR_TO_MAP_VALUE_OR_NULL);
	assert_int_equal(p->arg_type[0], ARG_CONST_MAP_PTR);
	assert_int_equal(p->arg_type[1], ARG_PTR_TO_MAP_KEY);
	assert_int_equal(helper_proto_nargs(p), 2);
	assert_false(p->gpl_only);
	/* probe_read_kernel: uninit memory + size or zero, gpl only */
	p = helper_proto_for(BPFSIM_PROG_TYPE_KPROBE, 0, 113);
	assert_non_null(p);
	assert_true(p->gpl_only);
	assert_int_equal(p->arg_type[0], ARG_PTR_TO_UNINIT_MEM);
	assert_true(p->arg_type[0] & MEM_UNINIT);
	assert_true(p->arg_type[0] & MEM_WRITE);
	assert_int_equal(p->arg_type[1], ARG_CONST_SIZE_OR_ZERO);
	/* skb_load_bytes is not for kprobes; skb_pull_data has an sk_skb variant */
	assert_null(helper_proto_for(BPFSIM_PROG_TYPE_KPROBE, 0, 26));
	assert_string_equal(helper_proto_for(BPFSIM_PROG_TYPE_SCHED_CLS, 0, 26)->variant, "bpf_skb_load_bytes_proto");
	assert_string_equal(helper_proto_for(BPFSIM_PROG_TYPE_SCHED_CLS, 0, 39)->variant, "bpf_skb_pull_data_proto");
	assert_string_equal(helper_proto_for(BPFSIM_PROG_TYPE_SK_SKB, 0, 39)->variant, "sk_skb_pull_data_proto");
	/* bind only from connect hooks */
	assert_non_null(helper_proto_for(BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_CONNECT, 64));
	assert_null(helper_proto_for(BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_BIND, 64));
	/* unknown program types: nothing */
	assert_false(helper_prog_type_known(BPFSIM_PROG_TYPE_TRACING));
	assert_null(helper_proto_for(BPFSIM_PROG_TYPE_TRACING, 0, 1));
	assert_true(helper_prog_type_known(BPFSIM_PROG_TYPE_XDP));
}

static void test_map_compat(void **state)
{
	char msg[160];

	(void)state;
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_HASH, 1, msg, sizeof(msg)), 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_PROG_ARRAY, 1, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "cannot pass map_type 3 into func bpf_map_lookup_elem#1");
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_HASH, 12, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_PROG_ARRAY, 12, msg, sizeof(msg)),
			 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_CPUMAP, 51, msg, sizeof(msg)), 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_CPUMAP, 1, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_BLOOM_FILTER, 87, msg, sizeof(msg)),
			 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_BLOOM_FILTER, 88, msg, sizeof(msg)),
			 -EINVAL);
	assert_int_equal(
		helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_PERCPU_HASH, 195, msg, sizeof(msg)), 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_XDP, 0, BPFSIM_MAP_TYPE_HASH, 195, msg, sizeof(msg)),
			 -EINVAL);
	/* sockmap updates: allowed from tc, refused from kprobe with two lines */
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_SCHED_CLS, 0, BPFSIM_MAP_TYPE_SOCKMAP, 2, msg, sizeof(msg)),
			 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_KPROBE, 0, BPFSIM_MAP_TYPE_SOCKHASH, 2, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "cannot update sockmap in this context\ncannot pass map_type 18 into func bpf_map_update_elem#2");
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_SOCK_OPS, 0, BPFSIM_MAP_TYPE_SOCKMAP, 3, msg, sizeof(msg)),
			 0);
	assert_int_equal(helper_map_compatible(BPFSIM_PROG_TYPE_SOCK_OPS, 0, BPFSIM_MAP_TYPE_SOCKMAP, 2, msg, sizeof(msg)),
			 -EINVAL);
}

/* ---- the recorded corpus ---- */

static int call_id(const struct bpfsim_vector *v, bool *found)
{
	*found = false;
	for (size_t i = 0; i + 8 <= v->raw_len; i += 8) {
		const uint8_t *b = v->raw + i;

		if (b[0] == 0x85 && (b[1] >> 4) == 0) {
			int32_t imm;

			memcpy(&imm, b + 4, 4);
			*found = true;
			return imm;
		}
		if (b[0] == 0x18)
			i += 8;
	}
	return 0;
}

static bool kernel_refused_helper(const struct bpfsim_vec_kernel *k)
{
	const char *e = k->error ? k->error : "";

	return k->verdict == BPFSIM_VEC_REJECT &&
	       (strstr(e, "cannot use helper") || strncmp(e, "invalid func ", 13) == 0 ||
		strncmp(e, "unknown func ", 13) == 0);
}

/* The kernel's description (compatible_reg_types) of what an argument of
 * base kind t accepts, as printed after "expected=". */
static const char *expected_text(uint32_t t)
{
	switch (arg_base(t)) {
	case ARG_CONST_MAP_PTR:
		return "map_ptr";
	case ARG_PTR_TO_MAP_KEY:
	case ARG_PTR_TO_MAP_VALUE:
	case ARG_PTR_TO_MEM:
		return "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";
	case ARG_PTR_TO_CTX:
		return "ctx";
	case ARG_PTR_TO_SOCK_COMMON:
		return "sock_common, sock, tcp_sock, xdp_sock";
	case ARG_PTR_TO_BTF_ID_SOCK_COMMON:
		return "sock_common, sock, tcp_sock, xdp_sock, ptr_, trusted_ptr_";
	case ARG_PTR_TO_SOCKET:
		return "sock";
	case ARG_PTR_TO_BTF_ID:
		return "ptr_, trusted_ptr_, rcu_ptr_";
	case ARG_PTR_TO_PERCPU_BTF_ID:
		return "percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_";
	case ARG_PTR_TO_FUNC:
		return "func";
	case ARG_PTR_TO_STACK:
		return "fp";
	case ARG_PTR_TO_DYNPTR:
		return "fp, dynptr_ptr";
	case ARG_PTR_TO_RINGBUF_MEM:
		return "ringbuf_mem";
	case ARG_PTR_TO_TIMER:
	case ARG_PTR_TO_CONST_STR:
		return "map_value";
	case ARG_PTR_TO_SPIN_LOCK:
	case ARG_KPTR_XCHG_DEST:
		return "map_value, ptr_";
	default:
		return NULL;
	}
}

/* Does an argument of kind t accept the scalar 0 (so the kernel goes on to
 * the next argument)? */
static bool zero_ok(uint32_t t)
{
	uint32_t b = arg_base(t);

	return t == ARG_DONTCARE || b == ARG_ANYTHING || b == ARG_SCALAR || (t & PTR_MAYBE_NULL) ||
	       b == ARG_CONST_SIZE_OR_ZERO || b == ARG_CONST_ALLOC_SIZE_OR_ZERO;
}

struct tally {
	int access, access_agree;
	int msg, msg_agree;
	int gpl, gpl_agree;
	int argk, argk_agree;
	int mapc, mapc_agree;
	int ids, ids_agree;
	int second;
	int first, first_agree;
};

static int attach_of(const struct bpfsim_vector *v)
{
	return v->expected_attach_type < 0 ? 0 : v->expected_attach_type;
}

/* first: how many leading arguments the probe set up with a real value
 * (0: all zero; 1: r1 = ctx ("ctx" probes) or a map ("map" probes)). */
static void check_arg_kind(const struct bpfsim_vector *v, int id, int first, uint32_t first_kind, struct tally *t)
{
	const char *e = v->kernel.error;
	int reg;
	char want[200];
	const struct helper_proto *p;

	if (!e || sscanf(e, "R%d type=scalar expected=%199[^\n]", &reg, want) != 2 || reg < 1 || reg > 5)
		return;
	if (v->nr_maps && !first) /* args spot checks with maps: not an all-zero probe */
		return;
	p = helper_proto_for(v->prog_type, attach_of(v), id);
	t->argk++;
	if (!p) {
		fprintf(stderr, "  arg kind: %s: no prototype\n", v->name);
		return;
	}
	if (first && arg_base(p->arg_type[0]) != first_kind) {
		fprintf(stderr, "  arg kind: %s: %s arg1 is not the kind the probe passed\n", v->name, p->variant);
		return;
	}
	for (int a = first; a < reg - 1; a++)
		if (!zero_ok(p->arg_type[a])) {
			fprintf(stderr, "  arg kind: %s: arg%d of %s refuses 0 before R%d\n", v->name, a + 1, p->variant, reg);
			return;
		}
	if (!expected_text(p->arg_type[reg - 1]) || strcmp(expected_text(p->arg_type[reg - 1]), want) != 0) {
		fprintf(stderr, "  arg kind: %s: %s arg%d: kernel expected=%s\n", v->name, p->variant, reg, want);
		return;
	}
	t->argk_agree++;
}

static int corpus_cb(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct tally *t = ctx;
	bool found;
	int id;
	const struct helper_proto *p;
	char msg[256];
	int rc;

	assert_null(bad);
	assert_true(v->kernel.present);
	id = call_id(v, &found);
	assert_true(found);
	if (strncmp(v->name, "access ", 7) == 0) {
		bool kyes = !kernel_refused_helper(&v->kernel);

		p = helper_proto_for(v->prog_type, attach_of(v), id);
		t->access++;
		if (kyes == (p != NULL))
			t->access_agree++;
		else
			fprintf(stderr, "  access: %s: kernel %s, table %s\n", v->name, kyes ? "allows" : "refuses",
				p ? p->variant : "refuses");
		if (kyes && p) {
			/* allowed: our first checks pass unless the kernel
			 * stopped at the might-sleep check */
			bool ksleep = v->kernel.error &&
				      strcmp(v->kernel.error, "helper call might sleep in a non-sleepable prog") == 0;

			rc = helper_check_call(v->prog_type, attach_of(v), id, true, false, &p, msg, sizeof(msg));
			t->first++;
			if (ksleep ? (rc == -EINVAL && strcmp(msg, v->kernel.error) == 0 && v->kernel.err == EINVAL)
				   : rc == 0)
				t->first_agree++;
			else
				fprintf(stderr, "  first checks: %s: kernel \"%s\", ours rc %d \"%s\"\n", v->name,
					v->kernel.error ? v->kernel.error : "(accepted)", rc, msg);
		}
		if (!kyes) {
			rc = helper_check_call(v->prog_type, attach_of(v), id, true, false, &p, msg, sizeof(msg));
			t->msg++;
			if (rc == -EINVAL && strcmp(msg, v->kernel.error) == 0 && v->kernel.err == EINVAL)
				t->msg_agree++;
			else
				fprintf(stderr, "  message: %s: kernel \"%s\", ours \"%s\"\n", v->name, v->kernel.error, msg);
		}
		check_arg_kind(v, id, 0, 0, t);
	} else if (strncmp(v->name, "ctx ", 4) == 0 || strncmp(v->name, "map ", 4) == 0) {
		bool map = v->name[0] == 'm';
		const char *e = v->kernel.error;

		check_arg_kind(v, id, 1, map ? ARG_CONST_MAP_PTR : ARG_PTR_TO_CTX, t);
		t->second++;
		if (map && e && strncmp(e, "cannot pass map_type", 20) == 0) {
			rc = helper_map_compatible(v->prog_type, attach_of(v), v->maps[0].type, id, msg, sizeof(msg));
			t->mapc++;
			if (rc == -EINVAL && strcmp(strrchr(msg, '\n') ? strrchr(msg, '\n') + 1 : msg, e) == 0)
				t->mapc_agree++;
			else
				fprintf(stderr, "  map compat: %s: kernel \"%s\", ours \"%s\"\n", v->name, e, msg);
		} else if (map && v->kernel.verdict == BPFSIM_VEC_ACCEPT) {
			t->mapc++;
			if (helper_map_compatible(v->prog_type, attach_of(v), v->maps[0].type, id, msg, sizeof(msg)) == 0)
				t->mapc_agree++;
			else
				fprintf(stderr, "  map compat: %s: kernel accepted, ours \"%s\"\n", v->name, msg);
		}
	} else if (strncmp(v->name, "nongpl ", 7) == 0) {
		/* the kernel's answer is one of our first checks' messages
		 * (GPL restriction, or might-sleep for a non-GPL helper) or
		 * a later error (an argument), where our checks pass */
		bool kgpl = v->kernel.error &&
			    (strcmp(v->kernel.error, "cannot call GPL-restricted function from non-GPL compatible program") ==
				     0 ||
			     strcmp(v->kernel.error, "helper call might sleep in a non-sleepable prog") == 0);

		rc = helper_check_call(v->prog_type, attach_of(v), id, false, false, &p, msg, sizeof(msg));
		t->gpl++;
		if (kgpl ? (rc == -EINVAL && strcmp(msg, v->kernel.error) == 0 && v->kernel.err == EINVAL) : rc == 0)
			t->gpl_agree++;
		else
			fprintf(stderr, "  gpl: %s: kernel \"%s\", ours rc %d \"%s\"\n", v->name,
				v->kernel.error ? v->kernel.error : "(accepted)", rc, msg);
	} else if (strncmp(v->name, "args id ", 8) == 0) {
		rc = helper_check_call(v->prog_type, attach_of(v), id, true, false, &p, msg, sizeof(msg));
		t->ids++;
		if (rc == -EINVAL && v->kernel.error && strcmp(msg, v->kernel.error) == 0)
			t->ids_agree++;
		else
			fprintf(stderr, "  id: %s: kernel \"%s\", ours \"%s\"\n", v->name, v->kernel.error, msg);
	} else if (strncmp(v->name, "args ", 5) == 0) {
		check_arg_kind(v, id, 0, 0, t);
		if (v->nr_maps == 1) {
			const char *e = v->kernel.error;
			bool kmap = e && strncmp(e, "cannot pass map_type", 20) == 0;

			/* only vectors whose answer is about the map: a
			 * compatibility error, or acceptance */
			if (kmap || v->kernel.verdict == BPFSIM_VEC_ACCEPT) {
				const char *last;

				rc = helper_map_compatible(v->prog_type, attach_of(v), v->maps[0].type, id, msg,
							   sizeof(msg));
				last = strrchr(msg, '\n') ? strrchr(msg, '\n') + 1 : msg;
				t->mapc++;
				if (kmap ? (rc == -EINVAL && strcmp(last, e) == 0) : rc == 0)
					t->mapc_agree++;
				else
					fprintf(stderr, "  map compat: %s: kernel \"%s\", ours \"%s\"\n", v->name,
						e ? e : "(accepted)", msg);
			}
		}
	}
	return 0;
}

static void test_corpus(void **state)
{
	struct tally t = { 0 };
	struct bpfsim_err err = { 0 };
	int rc;

	(void)state;
	rc = bpfsim_vectors_read(corpus_path, NULL, corpus_cb, &t, &err);
	if (rc < 0)
		fail_msg("%s: %s", corpus_path, err.msg);
	assert_int_equal(rc, 0);
	fprintf(stderr,
		"helper_access.jsonl: may-call %d/%d agree; refusal messages %d/%d; allowed calls pass the first checks "
		"(incl. might-sleep) %d/%d; gpl_only %d/%d; "
		"out-of-range ids %d/%d; arg kinds (R<n> type=scalar expected=...) %d/%d; map compat %d/%d "
		"(%d second-argument probes)\n",
		t.access_agree, t.access, t.msg_agree, t.msg, t.first_agree, t.first, t.gpl_agree, t.gpl, t.ids_agree, t.ids, t.argk_agree,
		t.argk, t.mapc_agree, t.mapc, t.second);
	/* 21 program types x 211 helpers */
	assert_int_equal(t.access, 21 * HELPER_MAX_ID);
	assert_int_equal(t.access_agree, t.access);
	assert_int_equal(t.msg_agree, t.msg);
	assert_int_equal(t.first_agree, t.first);
	assert_true(t.gpl > 150);
	assert_int_equal(t.gpl_agree, t.gpl);
	assert_true(t.ids >= 3);
	assert_int_equal(t.ids_agree, t.ids);
	assert_true(t.second > 500);
	assert_true(t.argk > 1500);
	assert_int_equal(t.argk_agree, t.argk);
	assert_true(t.mapc >= 100);
	assert_int_equal(t.mapc_agree, t.mapc);
}

/* ---- live ---- */

struct live {
	int n, agree;
};

static int live_cb(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct live *l = ctx;
	struct bpfsim_kernel_opts opts = { .sz = sizeof(opts) };
	struct bpfsim_kernel_result res = { 0 };
	struct bpfsim_err err = { 0 };
	struct bpfsim_vec_kernel k = { 0 };
	bool found;
	int id;

	if (bad || strncmp(v->name, "access ", 7) != 0)
		return 0;
	id = call_id(v, &found);
	if (bpfsim_kernel_load(v, &opts, &res, NULL, &err) != 0)
		fail_msg("%s: %s", v->name, err.msg);
	k.verdict = res.verdict;
	k.error = res.error;
	l->n++;
	if (!kernel_refused_helper(&k) == (helper_proto_for(v->prog_type, attach_of(v), id) != NULL))
		l->agree++;
	else
		fprintf(stderr, "  live: %s: kernel \"%s\"\n", v->name, res.error ? res.error : "(accepted)");
	bpfsim_kernel_result_free(&res);
	return 0;
}

/* BPF_PROG_LOAD with a non-GPL license (the oracle always passes "GPL"). */
static int load_nongpl(int prog_type, int attach, int id, char *log, size_t log_sz)
{
	uint64_t insns[8];
	union {
		struct {
			uint32_t prog_type, insn_cnt;
			uint64_t insns, license;
			uint32_t log_level, log_size;
			uint64_t log_buf;
			uint32_t kern_version, prog_flags;
			char prog_name[16];
			uint32_t prog_ifindex, expected_attach_type;
		} a;
		char pad[256];
	} attr;
	int fd;

	for (int r = 1; r <= 5; r++)
		insns[r - 1] = 0xb7u | ((uint64_t)r << 8); /* rR = 0 */
	insns[5] = 0x85u | ((uint64_t)(uint32_t)id << 32);
	insns[6] = 0xb7u;
	insns[7] = 0x95u;
	memset(&attr, 0, sizeof(attr));
	attr.a.prog_type = (uint32_t)prog_type;
	attr.a.insn_cnt = 8;
	attr.a.insns = (uintptr_t)insns;
	attr.a.license = (uintptr_t) "Proprietary";
	attr.a.log_level = 1;
	attr.a.log_size = (uint32_t)log_sz;
	attr.a.log_buf = (uintptr_t)log;
	attr.a.expected_attach_type = (uint32_t)attach;
	log[0] = '\0';
	fd = (int)syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, &attr, sizeof(attr));
	if (fd >= 0)
		close(fd);
	return fd;
}

static void test_live(void **state)
{
	struct bpfsim_err err = { 0 };
	struct live l = { 0 };
	int gpl = 0, gpl_agree = 0;
	static char log[65536];

	(void)state;
	if (bpfsim_kernel_available(&err) != 0) {
		fprintf(stderr, "live check skipped: %s\n", err.msg);
		skip();
	}
	assert_true(bpfsim_vectors_read(corpus_path, NULL, live_cb, &l, &err) >= 0);
	fprintf(stderr, "live: may-call %d/%d agree\n", l.agree, l.n);
	assert_int_equal(l.n, 21 * HELPER_MAX_ID);
	assert_int_equal(l.agree, l.n);
	/* gpl_only live: each helper once, from the first studied type that
	 * may call it, with a non-GPL license */
	for (int id = 1; id <= HELPER_MAX_ID; id++) {
		static const int types[] = { BPFSIM_PROG_TYPE_SOCKET_FILTER, BPFSIM_PROG_TYPE_SCHED_CLS,
					     BPFSIM_PROG_TYPE_XDP, BPFSIM_PROG_TYPE_KPROBE,
					     BPFSIM_PROG_TYPE_CGROUP_SKB, BPFSIM_PROG_TYPE_SK_SKB,
					     BPFSIM_PROG_TYPE_SK_MSG, BPFSIM_PROG_TYPE_SOCK_OPS,
					     BPFSIM_PROG_TYPE_LWT_XMIT, BPFSIM_PROG_TYPE_PERF_EVENT,
					     BPFSIM_PROG_TYPE_TRACEPOINT, BPFSIM_PROG_TYPE_RAW_TRACEPOINT };
		const struct helper_proto *p = NULL;
		int pt = -1;
		bool kgpl;

		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && !p; i++)
			if ((p = helper_proto_for(types[i], 0, id)))
				pt = types[i];
		if (!p)
			continue;
		load_nongpl(pt, 0, id, log, sizeof(log));
		kgpl = strstr(log, "cannot call GPL-restricted function from non-GPL compatible program") != NULL;
		gpl++;
		if (kgpl == p->gpl_only)
			gpl_agree++;
		else
			fprintf(stderr, "  live gpl: %s#%d from %s: kernel %d, table %d\n", helper_func_name(id), id,
				bpfsim_prog_type_name(pt), kgpl, p->gpl_only);
	}
	fprintf(stderr, "live: gpl_only %d/%d agree\n", gpl_agree, gpl);
	assert_true(gpl > 150);
	assert_int_equal(gpl_agree, gpl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_sane),
		cmocka_unit_test(test_known_prototypes),
		cmocka_unit_test(test_map_compat),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
