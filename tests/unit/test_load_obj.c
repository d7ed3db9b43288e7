/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `bpfsim load OBJ` against libbpf, live (needs root and bpf(2); without
 * them the whole test is skipped with exit 77 and a message).
 *
 * For every object compiled at test time (tests/progs/obj_*.bpf.c ->
 * $BPFSIM_BUILD/tests/progs/obj_*.o, tests/progs/disasm_*.bpf.c ->
 * $BPFSIM_BUILD/progs/disasm_*.o, examples/xdp_proto_count.bpf.o) and every
 * program in it:
 *   - bpfsim's own loader (bpfsim_kobj_create + bpfsim_kobj_load_prog) and
 *     libbpf 1.1 (bpf_object__open_file, every other program's autoload
 *     off except prog_array slot targets, bpf_object__load) get the same
 *     verdict from the kernel;
 *   - where both are accepted, the kernel reports the same xlated
 *     instruction count for both (BPF_OBJ_GET_INFO_BY_FD);
 *   - where both are rejected by the verifier, the same errno.
 * An object bpfsim refuses to open must be refused by libbpf too.
 * libbpf 1.x refuses objects with a legacy `maps` section: those programs
 * are compared with what is known instead: the kernel accepts them (they
 * are written to be valid) and loading the same program as a vector
 * through the oracle (bpfsim_kernel_load, no BTF) gives the same xlated
 * count. The test says so on stderr.
 *
 * Also: obj_maps.o's initialised prog_array and hash-of-maps slots hold,
 * after bpfsim's loader, what they hold after libbpf's (test_init_slots).
 * Also: the demo object's two programs (one accepted, one rejected with
 * "invalid access to packet" in its log), through the CLI with --json,
 * --prog and --log.
 */
#include <errno.h>
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli_run.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "bpfsim/kernel.h"
#include "bpfsim/object.h"
#include "bpfsim/vectors.h"

struct answer {
	bool accepted;
	int err;          /* positive errno when rejected */
	int64_t xlated;   /* -1 unless accepted */
};

static char libbpf_log[16384];
static size_t libbpf_log_len;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (libbpf_log_len >= sizeof(libbpf_log) - 1)
		return 0;
	n = vsnprintf(libbpf_log + libbpf_log_len, sizeof(libbpf_log) - libbpf_log_len, fmt, ap);
	if (n > 0)
		libbpf_log_len += (size_t)n < sizeof(libbpf_log) - libbpf_log_len ? (size_t)n
										    : sizeof(libbpf_log) - 1 - libbpf_log_len;
	return n;
}

/* Whether program `name` fills a prog_array slot of the object
 * (`values = { [i] = &name }`), as bpfsim's object API reports it. */
static bool is_slot_target(const char *path, const char *name)
{
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };
	bool yes = false;

	if (bpfsim_object__open(path, NULL, &obj, &err))
		return false;
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(obj, i);

		for (size_t k = 0; k < d->init_slot_cnt; k++)
			yes |= d->init_slots[k].prog && !strcmp(d->init_slots[k].prog, name);
	}
	bpfsim_object__close(obj);
	return yes;
}

/* libbpf: open the object and load program `name` alone (every other
 * program's autoload off, its own on even for SEC("?...")), except that
 * the programs a prog_array slot names stay on: libbpf fills those slots
 * after loading and fails the object when a slot's program is not loaded.
 * Returns 0 with *a, or -1 when libbpf cannot open the object (*open_err =
 * its error). */
static int libbpf_answer(const char *path, const char *name, struct answer *a, int *open_err)
{
	struct bpf_object *o;
	struct bpf_program *p, *want = NULL;
	int rc;

	libbpf_log_len = 0;
	libbpf_log[0] = 0;
	o = bpf_object__open_file(path, NULL);
	rc = libbpf_get_error(o);
	if (rc) {
		*open_err = (int)rc;
		return -1;
	}
	bpf_object__for_each_program(p, o) {
		bool me = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, me || is_slot_target(path, bpf_program__name(p)));
		if (me)
			want = p;
	}
	assert_non_null(want);
	rc = bpf_object__load(o);
	a->accepted = rc == 0;
	a->err = rc ? -rc : 0;
	a->xlated = rc ? -1 : bpfsim_kernel_prog_xlated_insns(bpf_program__fd(want));
	bpf_object__close(o);
	return 0;
}

/* The same program as a vector through the oracle (no BTF, no func_info). */
static void vector_answer(const struct bpfsim_prog *p, struct answer *a)
{
	struct bpfsim_kernel_opts opts = { .sz = sizeof(opts) };
	struct bpfsim_kernel_result res;
	struct bpfsim_err err = { 0 };
	struct bpfsim_vector v;
	size_t n = 0;
	const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);
	uint8_t *raw = calloc(n, 8);

	assert_non_null(raw);
	bpfsim_vector_init(&v);
	v.name = strdup(bpfsim_prog__name(p));
	v.prog_type = (int)bpfsim_prog__type(p);
	v.expected_attach_type = bpfsim_prog__has_attach_type(p) ? (int)bpfsim_prog__expected_attach_type(p) : -1;
	v.prog_flags = bpfsim_prog__flags(p);
	v.nr_maps = bpfsim_prog__map_cnt(p);
	v.maps = calloc(v.nr_maps ? v.nr_maps : 1, sizeof(*v.maps));
	assert_non_null(v.maps);
	for (size_t j = 0; j < v.nr_maps; j++) {
		const struct bpfsim_map_def *d = bpfsim_prog__map(p, j);

		assert_null(d->inner); /* no map-in-map in the objects given here */
		v.maps[j].type = (int)d->type;
		v.maps[j].key_size = d->key_size;
		v.maps[j].value_size = d->value_size;
		v.maps[j].max_entries = d->max_entries;
		v.maps[j].flags = d->map_flags;
	}
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_encode(&in[i], raw + 8 * i);
	assert_int_equal(bpfsim_vector_set_insns(&v, raw, n * 8, &err), 0);
	free(raw);
	assert_int_equal(bpfsim_kernel_load(&v, &opts, &res, NULL, &err), 0);
	a->accepted = res.verdict == BPFSIM_VEC_ACCEPT;
	a->err = res.err;
	a->xlated = res.xlated_insns;
	bpfsim_kernel_result_free(&res);
	bpfsim_vector_free(&v);
}

static bool has_legacy_maps(const struct bpfsim_object *obj)
{
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
		if (bpfsim_object__map(obj, i)->kind == BPFSIM_MAP_LEGACY)
			return true;
	return false;
}

struct tally {
	size_t objects, programs, same, accepted_both, legacy, refused_both;
	int mismatches;
};

static void compare_object(const char *path, struct tally *t)
{
	struct bpfsim_object_opts oo = { .sz = sizeof(oo), .name = path };
	struct bpfsim_kernel_opts kopts = { .sz = sizeof(kopts) };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };
	int rc, open_err = 0;

	t->objects++;
	rc = bpfsim_object__open(path, &oo, &obj, &err);
	if (rc) {
		/* bpfsim refuses the object: libbpf must refuse it too */
		struct bpf_object *o = bpf_object__open_file(path, NULL);
		long lrc = libbpf_get_error(o);

		if (!lrc) {
			lrc = bpf_object__load(o);
			bpf_object__close(o);
		}
		fprintf(stderr, "test_load_obj: %s: refused by bpfsim (%s) and by libbpf (%ld)\n", path, err.msg,
			lrc);
		if (!lrc) {
			fprintf(stderr, "MISMATCH %s: libbpf loads an object bpfsim refuses\n", path);
			t->mismatches++;
		}
		t->refused_both++;
		return;
	}
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	if (bpfsim_kobj_btf_error(ko))
		fprintf(stderr, "test_load_obj: %s\n", bpfsim_kobj_btf_error(ko));
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		const char *name = bpfsim_prog__name(p);
		struct bpfsim_kernel_result res;
		struct answer ours, theirs;
		bool legacy = false;

		t->programs++;
		rc = bpfsim_kobj_load_prog(ko, p, &kopts, &res, NULL, &err);
		if (rc)
			fail_msg("%s: %s: %s", path, name, err.msg);
		ours.accepted = res.verdict == BPFSIM_VEC_ACCEPT;
		ours.err = res.err;
		ours.xlated = res.xlated_insns;

		if (libbpf_answer(path, name, &theirs, &open_err)) {
			if (!has_legacy_maps(obj)) {
				fprintf(stderr, "MISMATCH %s: libbpf cannot open it (%d) but it has no legacy maps\n%s",
					path, open_err, libbpf_log);
				t->mismatches++;
				bpfsim_kernel_result_free(&res);
				continue;
			}
			/* libbpf 1.x refuses `maps`: compare with what is known */
			legacy = true;
			t->legacy++;
			vector_answer(p, &theirs);
			if (!theirs.accepted) {
				fprintf(stderr, "MISMATCH %s:%s: the legacy program is known to be valid but the "
					"vector oracle rejects it (%d)\n", path, name, theirs.err);
				t->mismatches++;
			}
		}
		fprintf(stderr, "test_load_obj: %-40s %-16s bpfsim %-6s %-6s xlated %4lld | %s %-6s %-6s xlated %4lld%s%s\n",
			path, name, ours.accepted ? "accept" : "reject", ours.err ? bpfsim_errno_name(ours.err) : "-",
			(long long)ours.xlated, legacy ? "vector-oracle" : "libbpf",
			theirs.accepted ? "accept" : "reject", theirs.err ? bpfsim_errno_name(theirs.err) : "-",
			(long long)theirs.xlated, res.error ? " | " : "", res.error ? res.error : "");
		if (ours.accepted != theirs.accepted ||
		    (ours.accepted && ours.xlated != theirs.xlated) ||
		    (!ours.accepted && ours.err != theirs.err)) {
			fprintf(stderr, "MISMATCH %s:%s\n%s", path, name, legacy ? "" : libbpf_log);
			t->mismatches++;
		} else {
			t->same++;
			if (ours.accepted) {
				assert_true(ours.xlated > 0);
				t->accepted_both++;
			}
		}
		bpfsim_kernel_result_free(&res);
	}
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
}

static size_t add_glob(glob_t *g, const char *pattern, int flags)
{
	size_t before = g->gl_pathc;

	glob(pattern, flags, NULL, g);
	return g->gl_pathc - before;
}

static void test_same_as_libbpf(void **state)
{
	(void)state;
	const char *build = getenv("BPFSIM_BUILD");
	char pat[4096];
	glob_t g;
	struct tally t = { 0 };
	size_t n_obj, n_dis;

	assert_non_null(build);
	memset(&g, 0, sizeof(g));
	snprintf(pat, sizeof(pat), "%s/tests/progs/obj_*.o", build);
	n_obj = add_glob(&g, pat, 0);
	snprintf(pat, sizeof(pat), "%s/tests/progs/loadobj_*.o", build);
	assert_true(add_glob(&g, pat, g.gl_pathc ? GLOB_APPEND : 0) >= 2);
	snprintf(pat, sizeof(pat), "%s/progs/disasm_*.o", build);
	n_dis = add_glob(&g, pat, g.gl_pathc ? GLOB_APPEND : 0);
	snprintf(pat, sizeof(pat), "%s/examples/xdp_proto_count.bpf.o", build);
	add_glob(&g, pat, g.gl_pathc ? GLOB_APPEND : 0);
	/* the corpus must be there: a build that produced no objects would
	 * make this test pass vacuously */
	assert_true(n_obj >= 5);
	assert_true(n_dis >= 5);
	libbpf_set_print(libbpf_print);
	for (size_t i = 0; i < g.gl_pathc; i++)
		compare_object(g.gl_pathv[i], &t);
	libbpf_set_print(NULL);
	globfree(&g);
	fprintf(stderr,
		"test_load_obj: %zu objects, %zu programs: %zu same verdict (%zu accepted by both with the same "
		"xlated count, %zu legacy-map programs compared with the vector oracle since libbpf 1.x refuses "
		"legacy `maps`), %zu objects refused by both, %d mismatches\n",
		t.objects, t.programs, t.same, t.accepted_both, t.legacy, t.refused_both, t.mismatches);
	assert_int_equal(t.mismatches, 0);
	assert_true(t.programs >= 20);
	assert_true(t.accepted_both >= 15);
	assert_true(t.legacy >= 1);
}

/* ------------------------------------------------------ the demo object */

static const char *jstr(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : NULL;
}

static int64_t jint(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : -1;
}

static void test_demo_object(void **state)
{
	(void)state;
	char demo[4096];
	const char *build = getenv("BPFSIM_BUILD");
	struct cli_run r;
	char *line, *save = NULL;
	int n = 0;
	struct answer lb;
	int open_err;

	assert_non_null(build);
	snprintf(demo, sizeof(demo), "%s/examples/xdp_proto_count.bpf.o", build);
	assert_int_equal(access(demo, R_OK), 0);

	{
		const char *args[] = { "load", demo, "--json", NULL };

		r = cli_run(NULL, NULL, args);
	}
	assert_int_equal(r.status, 1); /* one rejected */
	for (line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct json_object *o = json_tokener_parse(line);
		const char *prog;

		assert_non_null(o);
		prog = jstr(o, "program");
		assert_non_null(prog);
		assert_string_equal(jstr(o, "name"), prog);
		assert_string_equal(jstr(o, "file"), demo);
		assert_true(jint(o, "insns_processed") > 0);
		assert_true(jint(o, "time_ns") >= 0);
		assert_int_equal(libbpf_answer(demo, prog, &lb, &open_err), 0);
		if (!strcmp(prog, "count_checked")) {
			assert_string_equal(jstr(o, "verdict"), "accept");
			assert_null(jstr(o, "errno"));
			assert_true(lb.accepted);
			assert_int_equal(jint(o, "xlated_insns"), lb.xlated);
		} else {
			assert_string_equal(prog, "count_unchecked");
			assert_string_equal(jstr(o, "verdict"), "reject");
			assert_string_equal(jstr(o, "errno"), "EACCES");
			assert_non_null(strstr(jstr(o, "error"), "outside of the packet"));
			assert_int_equal(jint(o, "xlated_insns"), -1);
			assert_false(lb.accepted);
			assert_int_equal(lb.err, EACCES);
		}
		json_object_put(o);
		n++;
	}
	assert_int_equal(n, 2);
	free(r.out);
	free(r.err);

	/* --prog picks one; --log holds the verifier's words and the source
	 * lines from line_info (so BTF and line_info reached the kernel) */
	{
		const char *args[] = { "load", demo, "--prog", "count_unchecked", "--log", NULL };

		r = cli_run(NULL, NULL, args);
	}
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "count_unchecked"));
	assert_null(strstr(r.out, "count_checked"));
	assert_non_null(strstr(r.out, "invalid access to packet"));
	assert_non_null(strstr(r.out, "xdp_proto_count.bpf.c:"));
	assert_non_null(strstr(r.out, "1 program: 0 accepted, 1 rejected"));
	free(r.out);
	free(r.err);

	{
		const char *args[] = { "load", "--prog", "count_checked", demo, NULL };

		r = cli_run(NULL, NULL, args);
	}
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "count_checked"));
	assert_non_null(strstr(r.out, "1 program: 1 accepted, 0 rejected"));
	free(r.out);
	free(r.err);
}

/* Global data: .rodata is frozen and holds its initial contents, .data
 * its contents, in the maps bpfsim created. */
static void test_global_data_maps(void **state)
{
	(void)state;
	char path[4096];
	const char *build = getenv("BPFSIM_BUILD");
	struct bpfsim_object_opts oo = { .sz = sizeof(oo) };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };
	size_t checked = 0;

	snprintf(path, sizeof(path), "%s/tests/progs/obj_net.o", build ? build : ".");
	assert_int_equal(bpfsim_object__open(path, &oo, &obj, &err), 0);
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	assert_true(bpfsim_kobj_btf_fd(ko) >= 0);
	assert_null(bpfsim_kobj_btf_error(ko));
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(obj, i);
		int fd = bpfsim_kobj_map_fd(ko, i);
		struct bpf_map_info info;
		__u32 len = sizeof(info);
		uint32_t zero = 0;
		uint8_t *val;

		assert_true(fd >= 0);
		memset(&info, 0, sizeof(info));
		assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
		assert_int_equal(info.type, d->type);
		assert_int_equal(info.value_size, d->value_size);
		if (d->btf_value_type_id)
			assert_int_equal(info.btf_value_type_id, d->btf_value_type_id);
		if (d->kind != BPFSIM_MAP_DATA && d->kind != BPFSIM_MAP_RODATA)
			continue;
		val = calloc(1, d->value_size);
		assert_non_null(val);
		assert_int_equal(bpf_map_lookup_elem(fd, &zero, val), 0);
		assert_non_null(d->initial_value);
		assert_memory_equal(val, d->initial_value, d->initial_size < d->value_size ? d->initial_size
												: d->value_size);
		/* frozen: the syscall side may not write .rodata */
		if (d->kind == BPFSIM_MAP_RODATA) {
			assert_int_not_equal(bpf_map_update_elem(fd, &zero, val, 0), 0);
			assert_int_equal(errno, EPERM);
		} else {
			assert_int_equal(bpf_map_update_elem(fd, &zero, val, 0), 0);
		}
		free(val);
		checked++;
	}
	assert_int_equal(checked, 2); /* obj_net has .data and .rodata */
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
}

/* tests/progs/loadobj_rodata.bpf.c: both programs are valid only when
 * .rodata holds its contents and is frozen (the verifier then reads the
 * flag and the loop bound from it). bpfsim's loader and libbpf accept them;
 * the same instructions as a bare vector (maps created empty, not frozen)
 * are rejected: the test above would notice a loader that skipped this. */
static void test_rodata_frozen_verdict(void **state)
{
	(void)state;
	char path[4096];
	const char *build = getenv("BPFSIM_BUILD");
	struct bpfsim_object_opts oo = { .sz = sizeof(oo) };
	struct bpfsim_kernel_opts kopts = { .sz = sizeof(kopts) };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };

	snprintf(path, sizeof(path), "%s/tests/progs/loadobj_rodata.o", build ? build : ".");
	assert_int_equal(bpfsim_object__open(path, &oo, &obj, &err), 0);
	assert_int_equal(bpfsim_object__prog_cnt(obj), 2);
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	for (size_t i = 0; i < 2; i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		struct bpfsim_kernel_result res;
		struct answer lb, vec;
		int open_err;

		assert_int_equal(bpfsim_kobj_load_prog(ko, p, &kopts, &res, NULL, &err), 0);
		assert_int_equal(res.verdict, BPFSIM_VEC_ACCEPT);
		assert_int_equal(libbpf_answer(path, bpfsim_prog__name(p), &lb, &open_err), 0);
		assert_true(lb.accepted);
		assert_int_equal(res.xlated_insns, lb.xlated);
		vector_answer(p, &vec);
		assert_false(vec.accepted);
		assert_int_equal(vec.err, EACCES);
		bpfsim_kernel_result_free(&res);
	}
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
}

/* tests/progs/loadobj_badmap.bpf.c: a map the kernel refuses fails every
 * program of the object (as libbpf fails the whole object), with the
 * errno of BPF_MAP_CREATE and a message naming the map. */
static void test_refused_map(void **state)
{
	(void)state;
	char path[4096];
	const char *build = getenv("BPFSIM_BUILD");
	struct bpfsim_object_opts oo = { .sz = sizeof(oo) };
	struct bpfsim_kernel_opts kopts = { .sz = sizeof(kopts) };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };

	snprintf(path, sizeof(path), "%s/tests/progs/loadobj_badmap.o", build ? build : ".");
	assert_int_equal(bpfsim_object__open(path, &oo, &obj, &err), 0);
	assert_int_equal(bpfsim_object__prog_cnt(obj), 2);
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	assert_int_equal(bpfsim_kobj_map_fd(ko, 0), -1);
	for (size_t i = 0; i < 2; i++) {
		struct bpfsim_kernel_result res;
		struct answer lb;
		int open_err;

		assert_int_equal(bpfsim_kobj_load_prog(ko, bpfsim_object__prog(obj, i), &kopts, &res, NULL, &err), 0);
		assert_int_equal(res.verdict, BPFSIM_VEC_REJECT);
		assert_int_equal(res.err, EINVAL);
		assert_string_equal(res.errno_name, "EINVAL");
		assert_string_equal(res.error, "BPF_MAP_CREATE map 'empty_hash' (hash): Invalid argument");
		assert_int_equal(res.xlated_insns, -1);
		assert_int_equal(libbpf_answer(path, bpfsim_prog__name(bpfsim_object__prog(obj, i)), &lb, &open_err), 0);
		assert_false(lb.accepted);
		assert_int_equal(lb.err, EINVAL);
		bpfsim_kernel_result_free(&res);
	}
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
}

/* tests/progs/obj_maps.bpf.c initialises prog_array `jt` slot [2] with
 * slot_target and hash-of-maps `outer_init` key 1 with inner_a. After
 * bpfsim's loader has loaded every program, the kernel's maps hold what
 * they hold after libbpf's bpf_object__load of the same object: for every
 * key, both empty, or both the same program (name, type, tag, xlated
 * length: the ids differ) or the same inner map (name, type, sizes). */
static void slot_info(int map_fd, uint32_t key, bool prog, char *desc, size_t sz)
{
	uint32_t id = 0;

	if (bpf_map_lookup_elem(map_fd, &key, &id)) {
		assert_int_equal(errno, ENOENT);
		snprintf(desc, sz, "empty");
		return;
	}
	if (prog) {
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		assert_true(fd >= 0);
		memset(&info, 0, sizeof(info));
		assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
		close(fd);
		snprintf(desc, sz, "prog %s type %u tag %02x%02x%02x%02x%02x%02x%02x%02x xlated %u", info.name, info.type,
			 info.tag[0], info.tag[1], info.tag[2], info.tag[3], info.tag[4], info.tag[5], info.tag[6],
			 info.tag[7], info.xlated_prog_len);
	} else {
		struct bpf_map_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_map_get_fd_by_id(id);

		assert_true(fd >= 0);
		memset(&info, 0, sizeof(info));
		assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
		close(fd);
		snprintf(desc, sz, "map %s type %u key %u value %u max %u", info.name, info.type, info.key_size,
			 info.value_size, info.max_entries);
	}
}

static void test_init_slots(void **state)
{
	(void)state;
	char path[4096];
	const char *build = getenv("BPFSIM_BUILD");
	struct bpfsim_kernel_opts kopts = { .sz = sizeof(kopts) };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };
	struct bpf_object *lo;
	const char *names[] = { "jt", "outer_init" };
	size_t filled = 0;

	snprintf(path, sizeof(path), "%s/tests/progs/obj_maps.o", build ? build : ".");
	assert_int_equal(bpfsim_object__open(path, NULL, &obj, &err), 0);
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		struct bpfsim_kernel_result res;

		assert_int_equal(bpfsim_kobj_load_prog(ko, bpfsim_object__prog(obj, i), &kopts, &res, NULL, &err), 0);
		assert_int_equal(res.verdict, BPFSIM_VEC_ACCEPT);
		bpfsim_kernel_result_free(&res);
	}
	libbpf_set_print(libbpf_print);
	lo = bpf_object__open_file(path, NULL);
	assert_false(libbpf_get_error(lo));
	assert_int_equal(bpf_object__load(lo), 0);
	for (size_t m = 0; m < 2; m++) {
		struct bpf_map *lm = bpf_object__find_map_by_name(lo, names[m]);
		const struct bpfsim_map_def *d = NULL;

		for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
			if (!strcmp(bpfsim_object__map(obj, i)->name, names[m]))
				d = bpfsim_object__map(obj, i);
		assert_non_null(lm);
		assert_non_null(d);
		assert_int_equal(d->init_slot_cnt, 1);
		for (uint32_t k = 0; k < d->max_entries; k++) {
			char ours[256], theirs[256];
			bool prog = d->type == BPF_MAP_TYPE_PROG_ARRAY;

			slot_info(bpfsim_kobj_map_fd(ko, d->index), k, prog, ours, sizeof(ours));
			slot_info(bpf_map__fd(lm), k, prog, theirs, sizeof(theirs));
			fprintf(stderr, "test_load_obj: %s[%u]: bpfsim %s | libbpf %s\n", names[m], k, ours, theirs);
			assert_string_equal(ours, theirs);
			if (strcmp(ours, "empty")) {
				filled++;
				assert_int_equal(k, d->init_slots[0].index);
				assert_non_null(strstr(ours, prog ? "prog slot_target " : "map inner_a "));
			}
		}
	}
	assert_int_equal(filled, 2);
	bpf_object__close(lo);
	libbpf_set_print(NULL);
	bpfsim_kobj_close(ko);

	/* only `tail` loaded: slot_target is not, so jt stays empty (libbpf
	 * would refuse the whole object instead) */
	assert_int_equal(bpfsim_kobj_create(obj, &ko, &err), 0);
	{
		struct bpfsim_kernel_result res;
		char desc[256];

		assert_int_equal(bpfsim_kobj_load_prog(ko, bpfsim_object__find_prog(obj, "tail"), &kopts, &res, NULL,
						       &err), 0);
		assert_int_equal(res.verdict, BPFSIM_VEC_ACCEPT);
		bpfsim_kernel_result_free(&res);
		for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
			if (!strcmp(bpfsim_object__map(obj, i)->name, "jt"))
				for (uint32_t k = 0; k < 4; k++) {
					slot_info(bpfsim_kobj_map_fd(ko, i), k, true, desc, sizeof(desc));
					assert_string_equal(desc, "empty");
				}
	}
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
	/* the CLI says so */
	{
		const char *args[] = { "load", path, "--prog", "tail", NULL };
		struct cli_run r = cli_run(NULL, NULL, args);

		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.err, "map 'jt' slot [2] stays empty: program 'slot_target' is not loaded"));
		free(r.out);
		free(r.err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_libbpf),
		cmocka_unit_test(test_demo_object),
		cmocka_unit_test(test_global_data_maps),
		cmocka_unit_test(test_rodata_frozen_verdict),
		cmocka_unit_test(test_refused_map),
		cmocka_unit_test(test_init_slots),
	};
	struct bpfsim_err err = { 0 };

	if (bpfsim_kernel_available(&err)) {
		fprintf(stderr, "test_load_obj: skipped (live only): %s\n", err.msg);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
