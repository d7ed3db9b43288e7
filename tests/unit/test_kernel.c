/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tests of the live-kernel oracle and of `bpfsim load`.
 *
 * - the log parser on sample logs (always);
 * - the recorded corpus tests/corpus/foundation.jsonl: its integrity
 *   (always), and, when the oracle is available (root, bpf(2)), that loading
 *   it live gives the recorded answers and the recorded test-run retvals,
 *   through the library and through `bpfsim load --record`;
 * - "no oracle": `bpfsim load` in a child whose capabilities were all dropped
 *   (capability bounding set and capset) exits 4 with one line; the same
 *   with BPFSIM_NO_KERNEL=1;
 * - CLI exit codes and messages for a missing file, usage errors, ELF
 *   objects, malformed lines (the rest still loaded).
 * Live parts are skipped with a message on stderr when there is no oracle.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli_run.h"

#include <linux/capability.h>

#include "bpfsim/kernel.h"
#include "bpfsim/vectors.h"

static char corpus[4096];

static int setup(void **state)
{
	const char *src = getenv("BPFSIM_SRC");

	(void)state;
	snprintf(corpus, sizeof(corpus), "%s/tests/corpus/foundation.jsonl", src ? src : "..");
	return 0;
}

static bool oracle(const char *what)
{
	struct bpfsim_err err = { 0 };

	if (bpfsim_kernel_available(&err) == 0)
		return true;
	fprintf(stderr, "test_kernel: %s: live comparison skipped: %s\n", what, err.msg);
	return false;
}

/* ------------------------------------------------------------ log parse */

static void test_log_parse(void **state)
{
	(void)state;
	char *e;
	int64_t n;

	assert_int_equal(bpfsim_kernel_log_parse("0: R1=ctx() R10=fp0\n0: (95) exit\nR0 !read_ok\n"
						 "processed 1 insns (limit 1000000) max_states_per_insn 0\n",
						 &e, &n), 0);
	assert_string_equal(e, "R0 !read_ok");
	assert_int_equal(n, 1);
	free(e);

	/* blank lines between the error and the statistics; trailing spaces */
	assert_int_equal(bpfsim_kernel_log_parse("a\nthe error  \n\n\nprocessed 12345 insns (limit 1)\n\n", &e, &n), 0);
	assert_string_equal(e, "the error");
	assert_int_equal(n, 12345);
	free(e);

	/* no statistics line: the last non-empty line */
	assert_int_equal(bpfsim_kernel_log_parse("x\nunknown opcode 8d\n", &e, &n), 0);
	assert_string_equal(e, "unknown opcode 8d");
	assert_int_equal(n, -1);
	free(e);

	/* a line that only looks like statistics is not one */
	assert_int_equal(bpfsim_kernel_log_parse("processed x insns\nprocessed 3 instructions\n", &e, &n), 0);
	assert_string_equal(e, "processed 3 instructions");
	assert_int_equal(n, -1);
	free(e);

	/* no final newline; two statistics lines: the last one counts */
	assert_int_equal(bpfsim_kernel_log_parse("e1\nprocessed 1 insns\ne2\nprocessed 2 insns", &e, &n), 0);
	assert_string_equal(e, "e2");
	assert_int_equal(n, 2);
	free(e);

	/* a message without its newline (6.18's tail-call map check): the
	 * statistics start mid-line and the text before them is the error */
	assert_int_equal(bpfsim_kernel_log_parse("3: (85) call bpf_tail_call#12\nexpected prog array map for tail "
						 "callprocessed 5 insns (limit 1000000) max_states_per_insn 0\n",
						 &e, &n), 0);
	assert_string_equal(e, "expected prog array map for tail call");
	assert_int_equal(n, 5);
	free(e);
	/* "processed" inside an ordinary line is not a statistics line */
	assert_int_equal(bpfsim_kernel_log_parse("a line about processed data\n", &e, &n), 0);
	assert_string_equal(e, "a line about processed data");
	assert_int_equal(n, -1);
	free(e);

	assert_int_equal(bpfsim_kernel_log_parse("", &e, &n), 0);
	assert_null(e);
	assert_int_equal(n, -1);
	assert_int_equal(bpfsim_kernel_log_parse("processed 7 insns (limit 1000000)\n", &e, &n), 0);
	assert_null(e);
	assert_int_equal(n, 7);
}

/* -------------------------------------------------------------- corpus */

static int count_maps_of(const struct bpfsim_vector *v)
{
	return (int)v->nr_maps;
}

/* The recording is complete and consistent, whatever machine runs this. */
static void test_corpus_integrity(void **state)
{
	(void)state;
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	char names[128][96];
	size_t n = 0, accepted = 0, rejected = 0, with_runs = 0, with_maps = 0;
	bool types[64] = { 0 }, maptypes[64] = { 0 };
	int rc, ntypes = 0, nmaptypes = 0;

	assert_int_equal(bpfsim_vec_reader_open(&r, corpus, NULL, &err), 0);
	while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
		struct bpfsim_vector w;

		if (rc < 0)
			fail_msg("%s", err.msg);
		assert_true(n < 128);
		for (size_t i = 0; i < n; i++)
			if (!strcmp(names[i], v.name))
				fail_msg("%s: duplicate name '%s'", corpus, v.name);
		snprintf(names[n++], sizeof(names[0]), "%s", v.name);
		if (!v.kernel.present || !v.kernel.release || !v.kernel.release[0])
			fail_msg("'%s': no kernel answer recorded", v.name);
		if (v.kernel.insns_processed < 0)
			fail_msg("'%s': no insns_processed", v.name);
		if (v.kernel.verdict == BPFSIM_VEC_ACCEPT) {
			accepted++;
			assert_null(v.kernel.errno_name);
			assert_null(v.kernel.error);
		} else {
			assert_int_equal(v.kernel.verdict, BPFSIM_VEC_REJECT);
			rejected++;
			if (!v.kernel.errno_name || v.kernel.err <= 0 || !v.kernel.error || !v.kernel.error[0])
				fail_msg("'%s': a rejection needs errno and error", v.name);
			assert_int_equal(v.kernel.nr_runs, 0);
		}
		if (v.kernel.nr_runs)
			with_runs++;
		if (count_maps_of(&v))
			with_maps++;
		if (!types[v.prog_type]) {
			types[v.prog_type] = true;
			ntypes++;
		}
		for (size_t i = 0; i < v.nr_maps; i++)
			if (!maptypes[v.maps[i].type]) {
				maptypes[v.maps[i].type] = true;
				nmaptypes++;
			}
		/* the informational map_refs agree with the instructions */
		bpfsim_vector_init(&w);
		assert_int_equal(bpfsim_vector_set_insns(&w, v.raw, v.raw_len, &err), 0);
		assert_int_equal(bpfsim_vector_compute_map_refs(&w, &err), 0);
		assert_int_equal(w.nr_map_refs, v.nr_map_refs);
		for (size_t i = 0; i < v.nr_map_refs; i++) {
			assert_int_equal(w.map_refs[i].insn, v.map_refs[i].insn);
			assert_int_equal(w.map_refs[i].map, v.map_refs[i].map);
		}
		bpfsim_vector_free(&w);
		bpfsim_vector_free(&v);
	}
	bpfsim_vec_reader_close(r);
	/* what the corpus promises to cover */
	assert_true(n >= 40);
	assert_true(accepted >= 15 && rejected >= 15);
	assert_true(with_runs >= 5);
	assert_true(with_maps >= 10);
	assert_true(ntypes >= 6);
	assert_true(nmaptypes >= 6);
	assert_true(maptypes[BPFSIM_MAP_TYPE_ARRAY_OF_MAPS] && maptypes[BPFSIM_MAP_TYPE_RINGBUF] &&
		    maptypes[BPFSIM_MAP_TYPE_PROG_ARRAY] && maptypes[BPFSIM_MAP_TYPE_PERCPU_ARRAY]);
}

static void check_same_answer(const struct bpfsim_vector *v, const struct bpfsim_kernel_result *res)
{
	const struct bpfsim_vec_kernel *k = &v->kernel;

	if (res->verdict != k->verdict || res->insns_processed != k->insns_processed ||
	    (k->errno_name && (!res->errno_name || strcmp(k->errno_name, res->errno_name))) ||
	    (k->error && (!res->error || strcmp(k->error, res->error))) || (!k->error && res->error))
		fail_msg("'%s': recorded %s %s '%s' %lld, live %s %s '%s' %lld", v->name,
			 bpfsim_vec_verdict_name(k->verdict), k->errno_name ? k->errno_name : "-",
			 k->error ? k->error : "", (long long)k->insns_processed,
			 bpfsim_vec_verdict_name(res->verdict), res->errno_name ? res->errno_name : "-",
			 res->error ? res->error : "", (long long)res->insns_processed);
}

static void test_corpus_live(void **state)
{
	(void)state;
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	struct bpfsim_kernel_opts opts = { .sz = sizeof(opts) };
	size_t n = 0, runs = 0;
	int rc;

	if (!oracle("corpus"))
		skip();
	assert_int_equal(bpfsim_vec_reader_open(&r, corpus, NULL, &err), 0);
	while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
		struct bpfsim_kernel_result res;
		struct bpfsim_kprog *p = NULL;

		assert_int_equal(rc, 1);
		rc = bpfsim_kernel_load(&v, &opts, &res, &p, &err);
		if (rc)
			fail_msg("'%s': %s", v.name, err.msg);
		check_same_answer(&v, &res);
		assert_true(res.time_ns > 0);
		assert_null(res.log);
		assert_true((p != NULL) == (res.verdict == BPFSIM_VEC_ACCEPT));
		for (size_t i = 0; i < v.kernel.nr_runs; i++) {
			uint32_t ret;

			rc = bpfsim_kprog_test_run(p, v.kernel.runs[i].data, v.kernel.runs[i].data_len, &ret, &err);
			if (rc)
				fail_msg("'%s' run %zu: %s", v.name, i, err.msg);
			if ((int64_t)ret != v.kernel.runs[i].retval)
				fail_msg("'%s' run %zu: recorded retval %lld, live %u", v.name, i,
					 (long long)v.kernel.runs[i].retval, ret);
			runs++;
		}
		bpfsim_kprog_close(p);
		bpfsim_kernel_result_free(&res);
		bpfsim_vector_free(&v);
		n++;
	}
	bpfsim_vec_reader_close(r);
	assert_true(n >= 40 && runs >= 5);
}

/* A log bigger than the buffer: with the whole log wanted the buffer grows;
 * with a tiny cap, the tail still gives the error and count, and the
 * verdict comes from the kernel, not from the ENOSPC. */
static void test_log_growth_and_truncation(void **state)
{
	(void)state;
	/* r0 = 0; r1 = 0; loop: r1 += 1; if r1 < 3000 goto loop; r0 = *(u64 *)(r1 + 0); exit */
	static const char line[] =
		"{\"name\":\"long log\",\"prog_type\":\"socket_filter\",\"insns\":"
		"\"b700000000000000b7010000000000000701000001000000a501feffb80b0000"
		"79100000000000009500000000000000\"}";
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	struct bpfsim_kernel_opts full = { .sz = sizeof(full), .want_log = true };
	struct bpfsim_kernel_opts tiny = { .sz = sizeof(tiny), .log_size_max = 1024 };
	struct bpfsim_kernel_result a, b;

	if (!oracle("log growth"))
		skip();
	assert_int_equal(bpfsim_vector_parse(line, strlen(line), NULL, &v, &err), 0);
	assert_int_equal(v.insns[3].off, -2);
	assert_int_equal(bpfsim_kernel_load(&v, &full, &a, NULL, &err), 0);
	assert_int_equal(a.verdict, BPFSIM_VEC_REJECT);
	assert_string_equal(a.errno_name, "EACCES");
	assert_string_equal(a.error, "R1 invalid mem access 'scalar'");
	assert_false(a.log_truncated);
	assert_non_null(a.log);
	assert_true(a.log_len > (64u << 10)); /* more than the first buffer */
	assert_int_equal(a.log_len, strlen(a.log));
	assert_non_null(strstr(a.log, "processed "));

	assert_int_equal(bpfsim_kernel_load(&v, &tiny, &b, NULL, &err), 0);
	assert_true(b.log_truncated);
	assert_int_equal(b.verdict, BPFSIM_VEC_REJECT);
	assert_string_equal(b.errno_name, "EACCES");
	assert_string_equal(b.error, a.error);
	assert_int_equal(b.insns_processed, a.insns_processed);
	bpfsim_kernel_result_free(&a);
	bpfsim_kernel_result_free(&b);

	bpfsim_vector_free(&v);
}

/* A map the kernel will not create is the kernel's answer, a rejection. */
static void test_map_create_refused(void **state)
{
	(void)state;
	static const char line[] =
		"{\"name\":\"bad map\",\"prog_type\":\"socket_filter\",\"maps\":[{\"type\":\"array\","
		"\"key_size\":4,\"value_size\":4,\"max_entries\":1},{\"type\":\"hash\",\"key_size\":0,"
		"\"value_size\":4,\"max_entries\":1}],\"insns\":\"b7000000000000009500000000000000\"}";
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	struct bpfsim_kernel_result res;

	if (!oracle("map create"))
		skip();
	assert_int_equal(bpfsim_vector_parse(line, strlen(line), NULL, &v, &err), 0);
	assert_int_equal(bpfsim_kernel_load(&v, NULL, &res, NULL, &err), 0);
	assert_int_equal(res.verdict, BPFSIM_VEC_REJECT);
	assert_string_equal(res.errno_name, "EINVAL");
	assert_string_equal(res.error, "BPF_MAP_CREATE maps[1] (hash): Invalid argument");
	bpfsim_kernel_result_free(&res);
	bpfsim_vector_free(&v);
}

/* --------------------------------------------------------------- CLI */

static void drop_all_caps(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	for (int cap = 0; cap < 64; cap++)
		prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(data, 0, sizeof(data));
	syscall(SYS_capset, &hdr, data);
}

static void test_cli_no_oracle(void **state)
{
	(void)state;
	const char *args[] = { "load", "--vectors", corpus, "--json", NULL };
	struct cli_run r;

	/* all capabilities dropped: the real no-privilege path */
	r = cli_run(NULL, drop_all_caps, args);
	assert_int_equal(r.status, 4);
	assert_int_equal(cli_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "bpfsim load: no kernel oracle: "));
	assert_string_equal(r.out, "");
	cli_run_free(&r);

	/* BPFSIM_NO_KERNEL */
	r = cli_run("BPFSIM_NO_KERNEL=1", NULL, args);
	assert_int_equal(r.status, 4);
	assert_int_equal(cli_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "no kernel oracle: disabled by BPFSIM_NO_KERNEL"));
	cli_run_free(&r);
}

static void test_cli_usage_and_input(void **state)
{
	(void)state;
	const char *missing[] = { "load", "--vectors", "/nonexistent/v.jsonl", NULL };
	const char *none[] = { "load", "--json", NULL };
	const char *bogus[] = { "load", "--frobnicate", NULL };
	const char *obj[] = { "load", "prog.bpf.o", NULL };
	const char *help[] = { "load", "--help", NULL };
	struct cli_run r;

	r = cli_run(NULL, NULL, missing);
	assert_int_equal(r.status, 3);
	assert_int_equal(cli_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "/nonexistent/v.jsonl: No such file or directory"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, none);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "missing --vectors"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, bogus);
	assert_int_equal(r.status, 2);
	cli_run_free(&r);

	r = cli_run(NULL, NULL, obj);
	/* bpfsim load OBJ exists now (issue 4): a missing object is input error 3 */
	assert_int_equal(r.status, 3);
	assert_non_null(strstr(r.err, "prog.bpf.o"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--record OUT"));
	assert_non_null(strstr(r.out, "exit codes"));
	cli_run_free(&r);
}

/* Malformed lines are reported in place (JSON shape of vectors.md) and the
 * other lines are still loaded; exit 3. */
static void test_cli_bad_lines(void **state)
{
	(void)state;
	char path[] = "/tmp/bpfsim-test-kernel-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] =
		"{\"name\":\"first\",\"prog_type\":\"socket_filter\",\"insns\":\"b7000000000000009500000000000000\"}\n"
		"{\"name\":\"second\",\"prog_type\":\"socket_filter\",\"insns\":\"b70000000000000\"}\n"
		"{{{\n"
		"{\"name\":\"third\",\"prog_type\":\"socket_filter\",\"insns\":\"9500000000000000\"}\n";
	const char *args[] = { "load", "--vectors", path, "--json", NULL };
	struct cli_run r;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	if (!oracle("bad lines")) {
		unlink(path);
		skip();
	}
	r = cli_run(NULL, NULL, args);
	assert_int_equal(r.status, 3);
	assert_int_equal(cli_count_lines(r.out), 4);
	assert_non_null(strstr(r.out, "{\"name\":\"first\",\"verdict\":\"accept\",\"insns_processed\":2,"));
	assert_non_null(strstr(r.out, "{\"name\":\"second\",\"verdict\":\"invalid\",\"error\":\""));
	assert_non_null(strstr(r.out, ":2: insns: 15 hex digits is not a multiple of 16"));
	assert_non_null(strstr(r.out, "{\"line\":3,\"verdict\":\"invalid\",\"error\":\""));
	assert_non_null(strstr(r.out, "{\"name\":\"third\",\"verdict\":\"reject\",\"errno\":\"EACCES\","
				      "\"error\":\"R0 !read_ok\",\"insns_processed\":1,"));
	assert_int_equal(cli_count_lines(r.err), 2); /* one line per malformed input line */
	cli_run_free(&r);
	unlink(path);
}

/* --record writes the corpus back with the same answers; --log prints the
 * kernel's instruction lines. */
static void test_cli_record(void **state)
{
	(void)state;
	char out[] = "/tmp/bpfsim-test-kernel-XXXXXX";
	int fd = mkstemp(out);
	const char *args[] = { "load", "--vectors", corpus, "--record", out, "--json", NULL };
	struct bpfsim_vec_reader *ra, *rb;
	struct bpfsim_vector a, b;
	struct bpfsim_err err = { 0 };
	struct cli_run r;
	int n = 0, rca, rcb;

	assert_true(fd >= 0);
	close(fd);
	if (!oracle("record")) {
		unlink(out);
		skip();
	}
	r = cli_run(NULL, NULL, args);
	assert_int_equal(r.status, 1); /* the corpus has rejections */
	assert_string_equal(r.err, "");
	cli_run_free(&r);
	assert_int_equal(bpfsim_vec_reader_open(&ra, corpus, NULL, &err), 0);
	assert_int_equal(bpfsim_vec_reader_open(&rb, out, NULL, &err), 0);
	for (;;) {
		char *ja, *jb;

		rca = bpfsim_vec_reader_next(ra, &a, &err);
		rcb = bpfsim_vec_reader_next(rb, &b, &err);
		assert_int_equal(rca, rcb);
		if (!rca)
			break;
		assert_int_equal(rca, 1);
		/* identical vectors, kernel objects included (but the release:
		 * the corpus may have been recorded on another 6.18 build) */
		free(a.kernel.release);
		free(b.kernel.release);
		a.kernel.release = b.kernel.release = NULL;
		ja = bpfsim_vector_to_json(&a, &err);
		jb = bpfsim_vector_to_json(&b, &err);
		if (strcmp(ja, jb))
			fail_msg("recorded again differently:\n%s\n%s", ja, jb);
		free(ja);
		free(jb);
		bpfsim_vector_free(&a);
		bpfsim_vector_free(&b);
		n++;
	}
	assert_true(n >= 40);
	bpfsim_vec_reader_close(ra);
	bpfsim_vec_reader_close(rb);
	unlink(out);
}

/* --record onto its own input file, and --vectors - (stdin). */
static void test_cli_record_in_place(void **state)
{
	(void)state;
	char path[] = "/tmp/bpfsim-test-kernel-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] =
		"{\"name\":\"ret 7\",\"prog_type\":\"xdp\",\"insns\":\"b7000000070000009500000000000000\","
		"\"kernel\":{\"runs\":[{\"data\":\"00000000000000000000000000000000\",\"retval\":0}]},"
		"\"origin\":\"test\"}\n";
	const char *rec[] = { "load", "--vectors", path, "--record", path, NULL };
	char cmd[256];
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	struct cli_run x;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	if (!oracle("record in place")) {
		unlink(path);
		skip();
	}
	x = cli_run(NULL, NULL, rec);
	assert_int_equal(x.status, 0);
	cli_run_free(&x);
	assert_int_equal(bpfsim_vec_reader_open(&r, path, NULL, &err), 0);
	assert_int_equal(bpfsim_vec_reader_next(r, &v, &err), 1);
	assert_true(v.kernel.present);
	assert_int_equal(v.kernel.verdict, BPFSIM_VEC_ACCEPT);
	assert_int_equal(v.kernel.insns_processed, 2);
	assert_int_equal(v.kernel.nr_runs, 1);
	assert_int_equal(v.kernel.runs[0].retval, 7); /* filled in by BPF_PROG_TEST_RUN */
	assert_non_null(v.kernel.release);
	assert_non_null(strstr(v.extra, "\"origin\":\"test\""));
	bpfsim_vector_free(&v);
	assert_int_equal(bpfsim_vec_reader_next(r, &v, &err), 0);
	bpfsim_vec_reader_close(r);

	/* the same through stdin */
	snprintf(cmd, sizeof(cmd), "'%s' load --json --vectors - < '%s' > '%s.out'", getenv("BPFSIM"), path, path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "grep -q '^{\"name\":\"ret 7\",\"verdict\":\"accept\",\"insns_processed\":2,' '%s.out'", path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s.out", path);
	unlink(cmd);
	unlink(path);
}

static void test_cli_log(void **state)
{
	(void)state;
	char path[] = "/tmp/bpfsim-test-kernel-XXXXXX";
	int fd = mkstemp(path);
	static const char text[] =
		"{\"name\":\"scalar deref\",\"prog_type\":\"socket_filter\",\"insns\":"
		"\"b7010000000000007910000000000000" "9500000000000000\"}\n";
	const char *table[] = { "load", "--vectors", path, "--log", NULL };
	const char *json[] = { "load", "--vectors", path, "--log", "--json", NULL };
	struct cli_run r;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), (ssize_t)sizeof(text) - 1);
	close(fd);
	if (!oracle("log")) {
		unlink(path);
		skip();
	}
	r = cli_run(NULL, NULL, table);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "\n0: (b7) r1 = 0"));
	assert_non_null(strstr(r.out, "\n1: (79) r0 = *(u64 *)(r1 +0)\nR1 invalid mem access 'scalar'\n"));
	assert_non_null(strstr(r.out, "\nprocessed 2 insns"));
	assert_non_null(strstr(r.out, "1 vectors: 0 accepted, 1 rejected, 0 invalid"));
	cli_run_free(&r);
	r = cli_run(NULL, NULL, json);
	assert_int_equal(r.status, 1);
	assert_int_equal(cli_count_lines(r.out), 1);
	assert_non_null(strstr(r.out, "\"log\":\"0: R1=ctx() R10=fp0\\n0: (b7) r1 = 0"));
	cli_run_free(&r);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log_parse),
		cmocka_unit_test(test_corpus_integrity),
		cmocka_unit_test(test_corpus_live),
		cmocka_unit_test(test_log_growth_and_truncation),
		cmocka_unit_test(test_map_create_refused),
		cmocka_unit_test(test_cli_no_oracle),
		cmocka_unit_test(test_cli_usage_and_input),
		cmocka_unit_test(test_cli_bad_lines),
		cmocka_unit_test(test_cli_record),
		cmocka_unit_test(test_cli_record_in_place),
		cmocka_unit_test(test_cli_log),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
