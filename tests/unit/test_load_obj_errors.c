/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `bpfsim load OBJ`: the error paths (no kernel needed; they are checked
 * before the kernel is asked):
 *   - a missing file, a file that is not an ELF, a truncated ELF, an object
 *     the object loader refuses: exit 3, one line on stderr naming the file;
 *   - --prog NAME the object does not have: exit 2 (a usage error: the
 *     option names nothing in the input), naming the file and the program
 *     and listing the programs it has;
 *   - options that do not go together: exit 2;
 *   - no kernel oracle (BPFSIM_NO_KERNEL=1): exit 4, one line;
 *   - --help tells about OBJ and --prog.
 */
#include <errno.h>
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

static char demo[4096];

static int setup(void **state)
{
	const char *build = getenv("BPFSIM_BUILD");

	(void)state;
	snprintf(demo, sizeof(demo), "%s/examples/xdp_proto_count.bpf.o", build ? build : ".");
	return access(demo, R_OK) ? -1 : 0;
}

/* exit 3, nothing on stdout, exactly one line on stderr naming path */
static void expect_input_error(const char *path, const char *also)
{
	const char *args[] = { "load", path, NULL };
	const char *json[] = { "load", path, "--json", NULL };
	struct cli_run r = cli_run(NULL, NULL, args);

	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "");
	assert_int_equal(cli_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "bpfsim load: "));
	assert_non_null(strstr(r.err, path));
	if (also)
		assert_non_null(strstr(r.err, also));
	cli_run_free(&r);
	/* the same with --json: stdout stays empty */
	r = cli_run(NULL, NULL, json);
	assert_int_equal(r.status, 3);
	assert_string_equal(r.out, "");
	assert_int_equal(cli_count_lines(r.err), 1);
	cli_run_free(&r);
}

static char *write_temp(const void *data, size_t len)
{
	static char path[64];
	int fd;

	strcpy(path, "/tmp/bpfsim-loadobj-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_missing_file(void **state)
{
	(void)state;
	expect_input_error("/nonexistent/dir/prog.bpf.o", "No such file");
}

static void test_not_elf(void **state)
{
	(void)state;
	static const char text[] = "this is not an ELF object\n";
	char *p = write_temp(text, sizeof(text) - 1);

	expect_input_error(p, NULL);
	unlink(p);
}

static void test_truncated_elf(void **state)
{
	(void)state;
	FILE *f = fopen(demo, "rb");
	unsigned char buf[200];
	char *p;

	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf), f), sizeof(buf));
	fclose(f);
	p = write_temp(buf, sizeof(buf));
	expect_input_error(p, NULL);
	unlink(p);
}

static void test_refused_object(void **state)
{
	(void)state;
	const char *build = getenv("BPFSIM_BUILD");
	char path[4096];

	snprintf(path, sizeof(path), "%s/tests/progs/obj_bad_notype.o", build ? build : ".");
	if (access(path, R_OK)) {
		fprintf(stderr, "test_load_obj_errors: %s not built; part skipped\n", path);
		return;
	}
	expect_input_error(path, "map type isn't specified");
}

static void test_unknown_prog(void **state)
{
	(void)state;
	const char *args[] = { "load", demo, "--prog", "no_such_prog", NULL };
	struct cli_run r = cli_run(NULL, NULL, args);

	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, demo));
	assert_non_null(strstr(r.err, "no program named 'no_such_prog'"));
	assert_non_null(strstr(r.err, "count_checked, count_unchecked"));
	cli_run_free(&r);

	/* checked before the kernel is asked: the same without an oracle */
	r = cli_run("BPFSIM_NO_KERNEL=1", NULL, args);
	assert_int_equal(r.status, 2);
	cli_run_free(&r);
}

static void test_usage(void **state)
{
	(void)state;
	const char *two[] = { "load", demo, demo, NULL };
	const char *rec[] = { "load", demo, "--record", "/tmp/x.jsonl", NULL };
	const char *progvec[] = { "load", "--vectors", "/dev/null", "--prog", "x", NULL };
	const char *noarg[] = { "load", demo, "--prog", NULL };
	const char *help[] = { "load", "--help", NULL };
	struct cli_run r;

	r = cli_run(NULL, NULL, two);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "one object at a time"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, rec);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--record"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, progvec);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--prog"));
	cli_run_free(&r);

	r = cli_run(NULL, NULL, noarg);
	assert_int_equal(r.status, 2);
	cli_run_free(&r);

	r = cli_run(NULL, NULL, help);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "bpfsim load OBJ.o [--prog NAME]"));
	assert_non_null(strstr(r.out, "--prog NAME"));
	assert_non_null(strstr(r.out, "xlated_insns"));
	assert_null(strstr(r.out, "not supported yet"));
	cli_run_free(&r);
}

static void test_no_oracle(void **state)
{
	(void)state;
	const char *args[] = { "load", demo, "--json", NULL };
	struct cli_run r = cli_run("BPFSIM_NO_KERNEL=1", NULL, args);

	assert_int_equal(r.status, 4);
	assert_string_equal(r.out, "");
	assert_int_equal(cli_count_lines(r.err), 1);
	assert_non_null(strstr(r.err, "bpfsim load: no kernel oracle: disabled by BPFSIM_NO_KERNEL"));
	cli_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_not_elf),
		cmocka_unit_test(test_truncated_elf),
		cmocka_unit_test(test_refused_object),
		cmocka_unit_test(test_unknown_prog),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_no_oracle),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
