/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for program vectors (reader, writer) and the uapi name tables. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bpfsim/names.h"
#include "bpfsim/vectors.h"

/* Every field of vectors.md, with unknown keys at both levels. */
static const char full_line[] =
	"{\"name\":\"full\",\"prog_type\":\"cgroup_skb\",\"expected_attach_type\":\"cgroup_inet_egress\","
	"\"prog_flags\":3,\"maps\":[{\"type\":\"hash\",\"key_size\":8,\"value_size\":16,\"max_entries\":32,"
	"\"flags\":1,\"name\":\"h\",\"colour\":\"blue\"},{\"type\":\"array_of_maps\",\"key_size\":4,"
	"\"value_size\":4,\"max_entries\":2,\"inner_map\":{\"type\":\"array\",\"key_size\":4,"
	"\"value_size\":4,\"max_entries\":1}}],\"map_refs\":[{\"insn\":0,\"map\":1}],"
	"\"insns\":\"1811000001000000000000000000000095000000000000000\","
	"\"kernel\":{\"release\":\"6.18.44\",\"verdict\":\"reject\",\"errno\":\"EACCES\","
	"\"error\":\"R0 !read_ok\",\"insns_processed\":3,\"runs\":[{\"data\":\"00ff\",\"retval\":4294967295}],"
	"\"extra\":1},\"source\":\"test\",\"tags\":[1,2]}";

static void test_full_vector(void **state)
{
	(void)state;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	/* one hex digit too many in full_line: check it is caught, then fix it */
	char *line = strdup(full_line);
	char *p = strstr(line, "95000000000000000");
	int rc;

	rc = bpfsim_vector_parse(line, strlen(line), "x.jsonl:1", &v, &err);
	assert_int_equal(rc, -EINVAL);
	assert_non_null(strstr(err.msg, "x.jsonl:1: insns: 49 hex digits is not a multiple of 16"));
	assert_string_equal(v.name, "full");
	bpfsim_vector_free(&v);

	memmove(p + 16, p + 17, strlen(p + 17) + 1);
	rc = bpfsim_vector_parse(line, strlen(line), "x.jsonl:1", &v, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(v.name, "full");
	assert_int_equal(v.prog_type, BPFSIM_PROG_TYPE_CGROUP_SKB);
	assert_int_equal(v.expected_attach_type, BPFSIM_ATTACH_CGROUP_INET_EGRESS);
	assert_int_equal(v.prog_flags, 3);
	assert_int_equal(v.nr_maps, 2);
	assert_int_equal(v.maps[0].type, BPFSIM_MAP_TYPE_HASH);
	assert_int_equal(v.maps[0].key_size, 8);
	assert_int_equal(v.maps[0].value_size, 16);
	assert_int_equal(v.maps[0].max_entries, 32);
	assert_int_equal(v.maps[0].flags, 1);
	assert_string_equal(v.maps[0].name, "h");
	assert_null(v.maps[0].inner_map);
	assert_int_equal(v.maps[1].type, BPFSIM_MAP_TYPE_ARRAY_OF_MAPS);
	assert_null(v.maps[1].name);
	assert_non_null(v.maps[1].inner_map);
	assert_int_equal(v.maps[1].inner_map->type, BPFSIM_MAP_TYPE_ARRAY);
	assert_int_equal(v.maps[1].inner_map->max_entries, 1);
	assert_int_equal(v.nr_map_refs, 1);
	assert_int_equal(v.map_refs[0].insn, 0);
	assert_int_equal(v.map_refs[0].map, 1);
	assert_int_equal(v.nr_insns, 3);
	assert_int_equal(v.raw_len, 24);
	assert_int_equal(v.insns[0].code, 0x18);
	assert_int_equal(v.insns[0].dst, 1);
	assert_int_equal(v.insns[0].src, 1);
	assert_int_equal(v.insns[0].imm, 1);
	assert_int_equal(v.insns[2].code, 0x95);
	assert_true(v.kernel.present);
	assert_string_equal(v.kernel.release, "6.18.44");
	assert_int_equal(v.kernel.verdict, BPFSIM_VEC_REJECT);
	assert_string_equal(v.kernel.errno_name, "EACCES");
	assert_int_equal(v.kernel.err, EACCES);
	assert_string_equal(v.kernel.error, "R0 !read_ok");
	assert_int_equal(v.kernel.insns_processed, 3);
	assert_true(v.kernel.has_runs);
	assert_int_equal(v.kernel.nr_runs, 1);
	assert_int_equal(v.kernel.runs[0].data_len, 2);
	assert_int_equal(v.kernel.runs[0].data[1], 0xff);
	assert_int_equal(v.kernel.runs[0].retval, 4294967295LL);
	/* unknown top-level keys are kept, known ones are not */
	assert_non_null(v.extra);
	assert_non_null(strstr(v.extra, "\"source\":\"test\""));
	assert_non_null(strstr(v.extra, "\"tags\":[1,2]"));
	assert_null(strstr(v.extra, "prog_type"));

	/* compute_map_refs agrees with the informational map_refs */
	free(v.map_refs);
	v.map_refs = NULL;
	v.nr_map_refs = 0;
	assert_int_equal(bpfsim_vector_compute_map_refs(&v, &err), 0);
	assert_int_equal(v.nr_map_refs, 1);
	assert_int_equal(v.map_refs[0].insn, 0);
	assert_int_equal(v.map_refs[0].map, 1);
	bpfsim_vector_free(&v);
	free(line);
}

static void test_defaults(void **state)
{
	(void)state;
	static const char line[] = "{\"name\":\"min\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}";
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };

	assert_int_equal(bpfsim_vector_parse(line, strlen(line), NULL, &v, &err), 0);
	assert_int_equal(v.prog_type, BPFSIM_PROG_TYPE_XDP);
	assert_int_equal(v.expected_attach_type, -1);
	assert_int_equal(v.prog_flags, 0);
	assert_int_equal(v.nr_maps, 0);
	assert_int_equal(v.nr_map_refs, 0);
	assert_false(v.kernel.present);
	assert_int_equal(v.kernel.insns_processed, -1);
	assert_null(v.extra);
	bpfsim_vector_free(&v);
}

/* Round trip: parse, write, parse again, write again: identical text, and
 * the first writing equals the documented example's key order. */
static void test_roundtrip(void **state)
{
	(void)state;
	static const char example[] =
		"{\"name\":\"exit without r0\",\"prog_type\":\"socket_filter\",\"expected_attach_type\":null,"
		"\"prog_flags\":0,\"maps\":[],\"map_refs\":[],\"insns\":\"9500000000000000\",\"kernel\":"
		"{\"release\":\"6.18.44\",\"verdict\":\"reject\",\"errno\":\"EACCES\",\"error\":\"R0 !read_ok\","
		"\"insns_processed\":1}}";
	struct bpfsim_vector v, w;
	struct bpfsim_err err = { 0 };
	char *line = strdup(full_line), *p = strstr(line, "95000000000000000"), *a, *b;

	memmove(p + 16, p + 17, strlen(p + 17) + 1);
	assert_int_equal(bpfsim_vector_parse(example, strlen(example), NULL, &v, &err), 0);
	a = bpfsim_vector_to_json(&v, &err);
	assert_non_null(a);
	assert_string_equal(a, example);
	free(a);
	bpfsim_vector_free(&v);

	assert_int_equal(bpfsim_vector_parse(line, strlen(line), NULL, &v, &err), 0);
	a = bpfsim_vector_to_json(&v, &err);
	assert_non_null(a);
	assert_int_equal(bpfsim_vector_parse(a, strlen(a), NULL, &w, &err), 0);
	b = bpfsim_vector_to_json(&w, &err);
	assert_non_null(b);
	assert_string_equal(a, b);
	assert_int_equal(w.nr_insns, v.nr_insns);
	assert_memory_equal(w.raw, v.raw, v.raw_len);
	assert_string_equal(w.maps[0].name, "h");
	assert_int_equal(w.maps[1].inner_map->type, BPFSIM_MAP_TYPE_ARRAY);
	assert_int_equal(w.kernel.runs[0].retval, 4294967295LL);
	assert_non_null(strstr(b, "\"source\":\"test\""));
	/* unknown keys inside maps and kernel are dropped, top-level kept */
	assert_null(strstr(b, "colour"));
	free(a);
	free(b);
	bpfsim_vector_free(&v);
	bpfsim_vector_free(&w);
	free(line);
}

/* Each kind of malformed line yields -EINVAL with a message naming the line. */
static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *line;
		const char *why;     /* substring of the message */
		const char *name;    /* expected readable name, or NULL */
	} cases[] = {
		{ "{\"name\":\"a\",", "bad JSON", NULL },
		{ "not json", "bad JSON", NULL },
		{ "{\"name\":\"a\"} trailing", "bad JSON at column 14", NULL },
		{ "{\"name\":\"a\"}{}", "bad JSON", NULL },
		{ "[1,2]", "expected a JSON object, got an array", NULL },
		{ "{\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}", "missing \"name\"", NULL },
		{ "{\"name\":7,\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}", "name: expected a string", NULL },
		{ "{\"name\":\"b\",\"prog_type\":\"xdp\"}", "missing \"insns\"", "b" },
		{ "{\"name\":\"c\",\"prog_type\":\"xdp\",\"insns\":\"950000000000000\"}", "15 hex digits", "c" },
		{ "{\"name\":\"d\",\"prog_type\":\"xdp\",\"insns\":\"95000000000000zz\"}", "not a hex digit at offset 14", "d" },
		{ "{\"name\":\"e\",\"prog_type\":\"xdp\",\"insns\":\"\"}", "insns: empty", "e" },
		{ "{\"name\":\"f\",\"prog_type\":\"xdpp\",\"insns\":\"9500000000000000\"}", "unknown program type \"xdpp\"", "f" },
		{ "{\"name\":\"g\",\"prog_type\":6,\"insns\":\"9500000000000000\"}", "prog_type: expected a string, got an integer", "g" },
		{ "{\"name\":\"h\",\"insns\":\"9500000000000000\"}", "missing \"prog_type\"", "h" },
		{ "{\"name\":\"i\",\"prog_type\":\"xdp\",\"expected_attach_type\":\"nope\",\"insns\":\"9500000000000000\"}", "unknown attach type", "i" },
		{ "{\"name\":\"j\",\"prog_type\":\"xdp\",\"prog_flags\":\"1\",\"insns\":\"9500000000000000\"}", "prog_flags: expected an integer, got a string", "j" },
		{ "{\"name\":\"k\",\"prog_type\":\"xdp\",\"prog_flags\":-1,\"insns\":\"9500000000000000\"}", "prog_flags: -1 is out of range", "k" },
		{ "{\"name\":\"l\",\"prog_type\":\"xdp\",\"prog_flags\":1.5,\"insns\":\"9500000000000000\"}", "got a fractional number", "l" },
		{ "{\"name\":\"m\",\"prog_type\":\"xdp\",\"maps\":{},\"insns\":\"9500000000000000\"}", "maps: expected an array", "m" },
		{ "{\"name\":\"n\",\"prog_type\":\"xdp\",\"maps\":[{\"key_size\":4}],\"insns\":\"9500000000000000\"}", "maps[0]: missing \"type\"", "n" },
		{ "{\"name\":\"o\",\"prog_type\":\"xdp\",\"maps\":[{\"type\":\"hashh\"}],\"insns\":\"9500000000000000\"}", "maps[0].type: unknown map type", "o" },
		{ "{\"name\":\"p\",\"prog_type\":\"xdp\",\"maps\":[{\"type\":\"hash\",\"key_size\":4294967296}],\"insns\":\"9500000000000000\"}", "maps[0].key_size: 4294967296 is out of range", "p" },
		{ "{\"name\":\"q\",\"prog_type\":\"xdp\",\"maps\":[{\"type\":\"array_of_maps\",\"inner_map\":{\"type\":\"bad\"}}],\"insns\":\"9500000000000000\"}", "maps[0].inner_map.type: unknown map type", "q" },
		{ "{\"name\":\"r\",\"prog_type\":\"xdp\",\"map_refs\":[{\"insn\":0}],\"insns\":\"9500000000000000\"}", "map_refs[0].map: missing", "r" },
		{ "{\"name\":\"s\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":{\"verdict\":\"maybe\"}}", "kernel.verdict: \"maybe\"", "s" },
		{ "{\"name\":\"t\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":{\"runs\":[{\"data\":\"abc\",\"retval\":0}]}}", "kernel.runs[0].data: odd number of hex digits (3)", "t" },
		{ "{\"name\":\"u\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":{\"runs\":[{\"data\":\"ab\"}]}}", "kernel.runs[0].retval: missing", "u" },
		{ "{\"name\":\"v\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":[]}", "kernel: expected an object", "v" },
		{ "{\"name\":\"w\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":{\"insns_processed\":\"1\"}}", "kernel.insns_processed: expected an integer", "w" },
		{ "{\"name\":\"x\",\"prog_type\":\"xdp\",\"insns\":9500000000000000}", "insns: expected a hex string, got an integer", "x" },
		{ "{\"name\":\"y\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\",\"kernel\":{\"errno\":5}}", "kernel.errno: expected a string or null", "y" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct bpfsim_vector v;
		struct bpfsim_err err = { 0 };
		char label[32];
		int rc;

		snprintf(label, sizeof(label), "bad.jsonl:%zu", i + 1);
		rc = bpfsim_vector_parse(cases[i].line, strlen(cases[i].line), label, &v, &err);
		if (rc != -EINVAL || !strstr(err.msg, cases[i].why) || strncmp(err.msg, label, strlen(label)))
			fail_msg("case %zu (%s): rc %d, message '%s', expected '%s'", i, cases[i].line, rc, err.msg,
				 cases[i].why);
		if (cases[i].name)
			assert_string_equal(v.name, cases[i].name);
		else
			assert_null(v.name);
		bpfsim_vector_free(&v);
	}
}

/* A file mixing good, bad and blank lines: every line is visited once, in
 * order, bad ones with their line number, and reading goes on after them. */
static void test_reader_goes_on(void **state)
{
	(void)state;
	static const char text[] =
		"{\"name\":\"one\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n"
		"\n"
		"{\"name\":\"two\",\"prog_type\":\"nope\",\"insns\":\"9500000000000000\"}\n"
		"garbage\n"
		"   \r\n"
		"{\"name\":\"three\",\"prog_type\":\"kprobe\",\"insns\":\"b7000000000000009500000000000000\",\"x\":1}\r\n"
		"{\"name\":\"one\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n"
		"{\"name\":\"four\",\"prog_type\":\"kprobe\",\"insns\":\"b700000000000000\"}"; /* no final newline */
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	static const struct { int rc; size_t line; const char *name; } want[] = {
		{ 1, 1, "one" }, { -EINVAL, 3, "two" }, { -EINVAL, 4, NULL }, { 1, 6, "three" },
		{ -EINVAL, 7, "one" }, { 1, 8, "four" },
	};
	size_t k = 0;
	int rc;

	assert_non_null(f);
	assert_int_equal(bpfsim_vec_reader_open(&r, "mix.jsonl", f, &err), 0);
	while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
		assert_true(k < sizeof(want) / sizeof(want[0]));
		assert_int_equal(rc, want[k].rc);
		assert_int_equal(v.line, want[k].line);
		if (want[k].name)
			assert_string_equal(v.name, want[k].name);
		else
			assert_null(v.name);
		if (rc < 0) {
			char pfx[32];

			snprintf(pfx, sizeof(pfx), "mix.jsonl:%zu: ", want[k].line);
			assert_int_equal(strncmp(err.msg, pfx, strlen(pfx)), 0);
			if (want[k].line == 7)
				assert_non_null(strstr(err.msg, "name \"one\" is already used on line 1"));
		}
		bpfsim_vector_free(&v);
		k++;
	}
	assert_int_equal(k, 6);
	bpfsim_vec_reader_close(r);
	fclose(f);
}

struct count_ctx {
	int good, bad;
	size_t last_bad_line;
};

static int count_cb(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct count_ctx *c = ctx;

	if (bad) {
		c->bad++;
		c->last_bad_line = v->line;
	} else {
		c->good++;
	}
	return 0;
}

static void test_read_callback_and_missing_file(void **state)
{
	(void)state;
	static const char text[] =
		"{\"name\":\"one\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n"
		"{\"name\":\"two\"}\n"
		"{\"name\":\"three\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n";
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");
	struct count_ctx c = { 0 };
	struct bpfsim_err err = { 0 };

	assert_int_equal(bpfsim_vectors_read("cb.jsonl", f, count_cb, &c, &err), 1);
	assert_int_equal(c.good, 2);
	assert_int_equal(c.bad, 1);
	assert_int_equal(c.last_bad_line, 2);
	fclose(f);

	assert_int_equal(bpfsim_vectors_read("/nonexistent/x.jsonl", NULL, count_cb, &c, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/x.jsonl"));
}

/* Uniqueness of names holds across many lines (the name set grows). */
static void test_many_names(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len), *f;
	struct count_ctx c = { 0 };
	struct bpfsim_err err = { 0 };

	for (int i = 0; i < 1000; i++)
		fprintf(m, "{\"name\":\"v%d\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n", i);
	fprintf(m, "{\"name\":\"v517\",\"prog_type\":\"xdp\",\"insns\":\"9500000000000000\"}\n");
	fclose(m);
	f = fmemopen(buf, len, "r");
	assert_int_equal(bpfsim_vectors_read("many.jsonl", f, count_cb, &c, &err), 1);
	assert_int_equal(c.good, 1000);
	assert_int_equal(c.last_bad_line, 1001);
	fclose(f);
	free(buf);
}

static void test_writer_file_and_set_insns(void **state)
{
	(void)state;
	struct bpfsim_vector v, w;
	struct bpfsim_err err = { 0 };
	static const uint8_t prog[] = { 0x18, 0x21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0,
					0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	bpfsim_vector_init(&v);
	v.name = strdup("made \"here\"\n");
	v.prog_type = BPFSIM_PROG_TYPE_SCHED_CLS;
	v.expected_attach_type = BPFSIM_ATTACH_TCX_INGRESS;
	assert_int_equal(bpfsim_vector_set_insns(&v, prog, 7, &err), -EINVAL);
	assert_int_equal(bpfsim_vector_set_insns(&v, prog, sizeof(prog), &err), 0);
	assert_int_equal(v.nr_insns, 4);
	v.maps = calloc(1, sizeof(*v.maps));
	v.nr_maps = 1;
	v.maps[0].type = BPFSIM_MAP_TYPE_ARRAY;
	v.maps[0].key_size = 4;
	v.maps[0].value_size = 16;
	v.maps[0].max_entries = 1;
	assert_int_equal(bpfsim_vector_compute_map_refs(&v, &err), 0);
	assert_int_equal(v.nr_map_refs, 1); /* src_reg 2, imm 0, offset 8 */
	v.kernel.present = true;
	v.kernel.verdict = BPFSIM_VEC_ACCEPT;
	v.kernel.insns_processed = 3;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(bpfsim_vector_write(f, &v, &err), 0);
	fclose(f);
	assert_true(len > 0 && buf[len - 1] == '\n');
	assert_ptr_equal(strchr(buf, '\n'), buf + len - 1);
	assert_int_equal(bpfsim_vector_parse(buf, len, NULL, &w, &err), 0);
	assert_string_equal(w.name, v.name);
	assert_int_equal(w.expected_attach_type, BPFSIM_ATTACH_TCX_INGRESS);
	assert_int_equal(w.insns[0].src, 2);
	assert_int_equal(w.insns[1].imm, 8);
	assert_int_equal(w.kernel.verdict, BPFSIM_VEC_ACCEPT);
	assert_null(w.kernel.errno_name);
	free(buf);

	/* a value the format cannot name is an error, not bad output */
	v.prog_type = 999;
	assert_null(bpfsim_vector_to_json(&v, &err));
	assert_non_null(strstr(err.msg, "program type 999"));
	bpfsim_vector_free(&v);
	bpfsim_vector_free(&w);
}

static void test_result_write(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct bpfsim_vec_result a = { .name = "x", .verdict = BPFSIM_VEC_REJECT, .errno_name = "EACCES",
				       .error = "R0 !read_ok", .insns_processed = 1, .time_ns = 2100 };
	struct bpfsim_vec_result b = { .line = 7, .verdict = BPFSIM_VEC_INVALID, .error = "f:7: bad \"x\"",
				       .insns_processed = -1, .time_ns = -1 };

	assert_int_equal(bpfsim_vec_result_write(f, &a), 0);
	assert_int_equal(bpfsim_vec_result_write(f, &b), 0);
	fclose(f);
	assert_string_equal(buf,
		"{\"name\":\"x\",\"verdict\":\"reject\",\"errno\":\"EACCES\",\"error\":\"R0 !read_ok\","
		"\"insns_processed\":1,\"time_ns\":2100}\n"
		"{\"line\":7,\"verdict\":\"invalid\",\"error\":\"f:7: bad \\\"x\\\"\"}\n");
	free(buf);
}

static void test_hex(void **state)
{
	(void)state;
	uint8_t *out;
	size_t len;
	static const uint8_t bytes[] = { 0x00, 0x9a, 0xff, 0x10 };
	char *s = bpfsim_hex_encode(bytes, sizeof(bytes));

	assert_string_equal(s, "009aff10");
	assert_int_equal(bpfsim_hex_decode("009AfF10", 8, &out, &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, bytes, 4);
	free(out);
	free(s);
	assert_int_equal(bpfsim_hex_decode("abc", 3, &out, &len), -EINVAL);
	assert_int_equal(bpfsim_hex_decode("zz", 2, &out, &len), -EINVAL);
	assert_int_equal(bpfsim_hex_decode("", 0, &out, &len), 0);
	assert_int_equal(len, 0);
}

/* The name tables: every value round-trips, names are unique, and they
 * match the kernel's uapi where the system header knows the value. */
static void test_names(void **state)
{
	(void)state;
	int n = 0;

	for (int i = 0; i < BPFSIM_PROG_TYPE__COUNT; i++) {
		const char *s = bpfsim_prog_type_name(i);

		assert_non_null(s);
		assert_int_equal(bpfsim_prog_type_from_name(s), i);
		n++;
	}
	assert_int_equal(n, 33); /* 0 .. BPF_PROG_TYPE_NETFILTER (32) */
	for (int i = 0; i < BPFSIM_ATTACH__COUNT; i++) {
		assert_non_null(bpfsim_attach_type_name(i));
		assert_int_equal(bpfsim_attach_type_from_name(bpfsim_attach_type_name(i)), i);
	}
	assert_int_equal(BPFSIM_ATTACH__COUNT, 58); /* 6.18: up to trace_uprobe_session (57) */
	for (int i = 0; i < BPFSIM_MAP_TYPE__COUNT; i++) {
		assert_non_null(bpfsim_map_type_name(i));
		assert_int_equal(bpfsim_map_type_from_name(bpfsim_map_type_name(i)), i);
	}
	assert_int_equal(BPFSIM_MAP_TYPE__COUNT, 34); /* up to arena (33) */
	assert_null(bpfsim_prog_type_name(-1));
	assert_null(bpfsim_prog_type_name(BPFSIM_PROG_TYPE__COUNT));
	assert_int_equal(bpfsim_prog_type_from_name("BPF_PROG_TYPE_XDP"), 6);
	assert_int_equal(bpfsim_prog_type_from_name("Sched_CLS"), 3);
	assert_int_equal(bpfsim_prog_type_from_name("xdp2"), -1);
	assert_int_equal(bpfsim_attach_type_from_name("BPF_TRACE_FENTRY"), 24);
	assert_int_equal(bpfsim_map_type_from_name("cgroup_storage_deprecated"), 19);
	assert_int_equal(bpfsim_map_type_from_name("ringbuf"), 27);
	assert_string_equal(bpfsim_errno_name(EACCES), "EACCES");
	assert_string_equal(bpfsim_errno_name(E2BIG), "E2BIG");
	assert_string_equal(bpfsim_errno_name(524), "ENOTSUPP");
	assert_string_equal(bpfsim_errno_name(EOPNOTSUPP), "EOPNOTSUPP");
	assert_null(bpfsim_errno_name(0));
	assert_null(bpfsim_errno_name(100000));
	assert_int_equal(bpfsim_errno_from_name("EINVAL"), EINVAL);
	assert_int_equal(bpfsim_errno_from_name("EBADF"), EBADF);
	assert_int_equal(bpfsim_errno_from_name("ENOPE"), -1);
	/* every errno the C library knows between 1 and 133 has our name for it */
	for (int e = 1; e <= 133; e++) {
		const char *s = bpfsim_errno_name(e);

		if (e == 41 || e == 58) /* unused numbers on Linux */
			continue;
		assert_non_null(s);
		assert_int_equal(bpfsim_errno_from_name(s), e);
	}
	assert_string_equal(bpfsim_vec_verdict_name(BPFSIM_VEC_ACCEPT), "accept");
	assert_int_equal(bpfsim_vec_verdict_from_name("unsupported"), BPFSIM_VEC_UNSUPPORTED);
	assert_int_equal(bpfsim_vec_verdict_from_name("x"), BPFSIM_VEC_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_vector),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_reader_goes_on),
		cmocka_unit_test(test_read_callback_and_missing_file),
		cmocka_unit_test(test_many_names),
		cmocka_unit_test(test_writer_file_and_set_insns),
		cmocka_unit_test(test_result_write),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
