/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SEC("?...") programs (libbpf: autoload off).
 *
 * Offline: for every object of the corpus ($BPFSIM_BUILD/tests/progs/
 * obj_*.o, loadobj_*.o), bpfsim_prog__autoload equals libbpf's
 * bpf_program__autoload after bpf_object__open_file, program by program
 * (objects libbpf cannot open are left out); obj_autoload.o has two '?'
 * programs and one plain one. `show --json` reports "autoload" for each;
 * `show` has the AUTOLOAD column; `export` leaves the '?' programs out by
 * default (saying so on stderr), includes them with --all, and exports one
 * named by --prog.
 * Live (root and bpf(2), else said and skipped): `bpfsim load obj_autoload.o
 * --json` loads only "always" and names the skipped programs on stderr;
 * `--prog opt_tc` loads opt_tc (accepted) as libbpf does when autoload is
 * turned on for it.
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

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "bpfsim/kernel.h"
#include "bpfsim/object.h"

static const char *g_build, *g_cli;

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

static char *path_of(const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/tests/progs/%s.o", g_build, name);
	return buf;
}

/* Run a shell command; stdout returned, stderr into *errout when asked. */
static char *run(const char *cmd, int *status, char **errout)
{
	char full[8192], errpath[] = "/tmp/bpfsim_autoload_XXXXXX";
	int efd = mkstemp(errpath);
	FILE *f;
	char *buf = calloc(1, 65536);
	size_t got;

	assert_true(efd >= 0);
	close(efd);
	snprintf(full, sizeof(full), "%s 2>'%s'", cmd, errpath);
	f = popen(full, "r");
	assert_non_null(f);
	assert_non_null(buf);
	got = fread(buf, 1, 65535, f);
	buf[got] = 0;
	*status = pclose(f);
	*status = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
	if (errout) {
		FILE *e = fopen(errpath, "r");

		*errout = calloc(1, 65536);
		assert_non_null(e);
		assert_non_null(*errout);
		got = fread(*errout, 1, 65535, e);
		(*errout)[got] = 0;
		fclose(e);
	}
	unlink(errpath);
	return buf;
}

static void test_same_as_libbpf(void **s)
{
	(void)s;
	char pat[4096];
	glob_t g;
	size_t progs = 0, off = 0;

	libbpf_set_print(quiet);
	snprintf(pat, sizeof(pat), "%s/tests/progs/obj_*.o", g_build);
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	snprintf(pat, sizeof(pat), "%s/tests/progs/loadobj_*.o", g_build);
	glob(pat, GLOB_APPEND, NULL, &g);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct bpfsim_object *obj = NULL;
		struct bpfsim_err err = { 0 };
		struct bpf_object *lo = bpf_object__open_file(g.gl_pathv[i], NULL);
		struct bpf_program *lp;

		if (libbpf_get_error(lo))
			continue;
		if (bpfsim_object__open(g.gl_pathv[i], NULL, &obj, &err)) {
			bpf_object__close(lo);
			continue; /* refused objects are compared in test_load_obj */
		}
		bpf_object__for_each_program(lp, lo) {
			const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, bpf_program__name(lp));

			if (!p)
				fail_msg("%s: bpfsim has no program '%s'", g.gl_pathv[i], bpf_program__name(lp));
			if (bpfsim_prog__autoload(p) != bpf_program__autoload(lp))
				fail_msg("%s: '%s': autoload bpfsim %d libbpf %d", g.gl_pathv[i],
					 bpf_program__name(lp), bpfsim_prog__autoload(p), bpf_program__autoload(lp));
			progs++;
			off += !bpf_program__autoload(lp);
		}
		bpf_object__close(lo);
		bpfsim_object__close(obj);
	}
	globfree(&g);
	libbpf_set_print(NULL);
	fprintf(stderr, "test_object_autoload: %zu programs, %zu with autoload off, same as libbpf\n", progs, off);
	assert_true(progs >= 20);
	assert_true(off >= 2);
}

static void test_show(void **s)
{
	(void)s;
	char cmd[8192], *out;
	int st, seen = 0;
	json_object *root, *progs;

	snprintf(cmd, sizeof(cmd), "'%s' show --json '%s'", g_cli, path_of("obj_autoload"));
	out = run(cmd, &st, NULL);
	assert_int_equal(st, 0);
	root = json_tokener_parse(out);
	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "programs", &progs));
	assert_int_equal(json_object_array_length(progs), 3);
	for (size_t i = 0; i < 3; i++) {
		json_object *p = json_object_array_get_idx(progs, i), *n, *a, *sec;

		assert_true(json_object_object_get_ex(p, "name", &n));
		assert_true(json_object_object_get_ex(p, "autoload", &a));
		assert_true(json_object_object_get_ex(p, "section", &sec));
		assert_true(json_object_is_type(a, json_type_boolean));
		assert_int_equal(json_object_get_boolean(a), json_object_get_string(sec)[0] != '?');
		if (!strcmp(json_object_get_string(n), "always"))
			assert_true(json_object_get_boolean(a));
		else
			assert_false(json_object_get_boolean(a));
		seen++;
	}
	assert_int_equal(seen, 3);
	json_object_put(root);
	free(out);

	snprintf(cmd, sizeof(cmd), "'%s' show '%s'", g_cli, path_of("obj_autoload"));
	out = run(cmd, &st, NULL);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "AUTOLOAD"));
	{
		const char *l = strstr(out, "\n  opt_xdp ");

		assert_non_null(l);
		assert_non_null(strstr(l, " no "));
		assert_true(strstr(l, " no ") < strchr(l + 1, '\n'));
	}
	free(out);
}

/* Names of the programs in export's output (one JSON line each), joined. */
static void export_names(const char *args, char *names, size_t sz, char **errout)
{
	char cmd[8192], *out, *line, *save = NULL;
	int st;

	names[0] = 0;
	snprintf(cmd, sizeof(cmd), "'%s' export '%s' %s", g_cli, path_of("obj_autoload"), args);
	out = run(cmd, &st, errout);
	assert_int_equal(st, 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line), *n;

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "name", &n));
		strncat(names, json_object_get_string(n), sz - strlen(names) - 2);
		strcat(names, " ");
		json_object_put(o);
	}
	free(out);
}

static void test_export(void **s)
{
	(void)s;
	char names[1024], *err = NULL;

	export_names("", names, sizeof(names), &err);
	assert_string_equal(names, "always ");
	assert_non_null(strstr(err, "'opt_xdp'"));
	assert_non_null(strstr(err, "'opt_tc'"));
	assert_non_null(strstr(err, "autoload off"));
	free(err);
	export_names("--all", names, sizeof(names), NULL);
	assert_string_equal(names, "opt_xdp always opt_tc ");
	export_names("--prog opt_tc", names, sizeof(names), NULL);
	assert_string_equal(names, "opt_tc ");
}

static bool live(void)
{
	struct bpfsim_err err = { 0 };

	if (geteuid() != 0 || bpfsim_kernel_available(&err)) {
		fprintf(stderr, "test_object_autoload: live checks skipped: needs root and bpf(2)\n");
		return false;
	}
	return true;
}

static void test_load(void **s)
{
	(void)s;
	char cmd[8192], *out, *err = NULL, *line, *save = NULL;
	int st, n = 0;
	struct bpf_object *lo;
	struct bpf_program *lp;
	int loaded = 0;

	if (!live())
		return;
	snprintf(cmd, sizeof(cmd), "'%s' load '%s' --json", g_cli, path_of("obj_autoload"));
	out = run(cmd, &st, &err);
	assert_int_equal(st, 0);
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_object *o = json_tokener_parse(line), *v;

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "program", &v));
		assert_string_equal(json_object_get_string(v), "always");
		assert_true(json_object_object_get_ex(o, "verdict", &v));
		assert_string_equal(json_object_get_string(v), "accept");
		json_object_put(o);
		n++;
	}
	assert_int_equal(n, 1);
	assert_non_null(strstr(err, "'opt_xdp' not loaded"));
	assert_non_null(strstr(err, "'opt_tc' not loaded"));
	free(out);
	free(err);

	/* libbpf loads exactly the autoload programs too */
	libbpf_set_print(quiet);
	lo = bpf_object__open_file(path_of("obj_autoload"), NULL);
	assert_false(libbpf_get_error(lo));
	assert_int_equal(bpf_object__load(lo), 0);
	bpf_object__for_each_program(lp, lo) {
		if (bpf_program__fd(lp) >= 0) {
			assert_string_equal(bpf_program__name(lp), "always");
			loaded++;
		}
	}
	assert_int_equal(loaded, 1);
	bpf_object__close(lo);
	libbpf_set_print(NULL);

	snprintf(cmd, sizeof(cmd), "'%s' load '%s' --prog opt_tc --json", g_cli, path_of("obj_autoload"));
	out = run(cmd, &st, NULL);
	assert_int_equal(st, 0);
	{
		json_object *o = json_tokener_parse(out), *v;

		assert_non_null(o);
		assert_true(json_object_object_get_ex(o, "program", &v));
		assert_string_equal(json_object_get_string(v), "opt_tc");
		assert_true(json_object_object_get_ex(o, "verdict", &v));
		assert_string_equal(json_object_get_string(v), "accept");
		json_object_put(o);
	}
	free(out);
}

int main(void)
{
	g_build = getenv("BPFSIM_BUILD");
	g_cli = getenv("BPFSIM");
	if (!g_build || !g_cli) {
		fprintf(stderr, "test_object_autoload: BPFSIM_BUILD and BPFSIM must be set\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_libbpf),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
