/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The object's license and whether it is GPL-compatible
 * (bpfsim_object__gpl_compatible, `bpfsim show`), against the kernel.
 *
 * tests/progs/loadobj_license.bpf.c is compiled once per license string
 * (tests/cmake/object.cmake -> $BPFSIM_BUILD/tests/progs/license/lic_N.o).
 * Offline: each object's license reads back, and gpl_compatible equals the
 * expectation below, written from include/linux/license.h's list (exact
 * strings: case, spaces and extra words matter), in the library, in
 * `show --json` and in `show`'s text.
 * Live (root and bpf(2); otherwise that test says so and returns): every
 * object loaded through bpfsim's own loader (bpfsim_kobj_*): the program
 * that calls only non-GPL helpers is accepted and the kernel's
 * bpf_prog_info.gpl_compatible equals bpfsim's answer; the program calling
 * bpf_probe_read_kernel (GPL-only) is accepted exactly when the license is
 * GPL-compatible, and otherwise rejected with EINVAL and the kernel's
 * message (KERNEL_GPL_MSG); `bpfsim load OBJ --prog gpl_only --json` on
 * the "Proprietary" object says the same and exits 1.
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
#include <json-c/json.h>
#include <linux/bpf.h>

#include "bpfsim/kernel.h"
#include "bpfsim/object.h"

/* the verifier's line (kernel/bpf/verifier.c, check_helper_call) */
#define KERNEL_GPL_MSG "cannot call GPL-restricted function from non-GPL compatible program"

static const struct {
	const char *license;
	bool gpl;
} expect[] = {
	{ "GPL", true },
	{ "GPL v2", true },
	{ "GPL and additional rights", true },
	{ "Dual BSD/GPL", true },
	{ "Dual MIT/GPL", true },
	{ "Dual MPL/GPL", true },
	{ "Proprietary", false },
	{ "MIT", false },
	{ "BSD", false },
	{ "gpl", false },
	{ "GPL ", false },
	{ "GPLv2", false },
	{ "Dual BSD/GPL/MIT", false },
	/* libbpf keeps the first 63 bytes of the section (char license[64]), and
	 * so does bpfsim: that is what the kernel gets. Built from
	 * "Dual BSD/GPL with a license string longer than the sixty-three bytes libbpf keeps" */
	{ "Dual BSD/GPL with a license string longer than the sixty-three ", false },
};
#define NEXPECT (sizeof(expect) / sizeof(expect[0]))

static glob_t g_objs;

static int expected(const char *license)
{
	for (size_t i = 0; i < NEXPECT; i++)
		if (!strcmp(expect[i].license, license))
			return expect[i].gpl;
	return -1;
}

static struct bpfsim_object *open_ok(const char *path)
{
	struct bpfsim_object_opts oo = { .sz = sizeof(oo), .name = path };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };

	if (bpfsim_object__open(path, &oo, &obj, &err))
		fail_msg("open %s: %s", path, err.msg);
	return obj;
}

static char *run(const char *cmd, int *status)
{
	FILE *f = popen(cmd, "r");
	char *buf = calloc(1, 65536);
	size_t got;

	assert_non_null(f);
	assert_non_null(buf);
	got = fread(buf, 1, 65535, f);
	buf[got] = 0;
	*status = pclose(f);
	*status = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
	return buf;
}

static void test_library_and_show(void **s)
{
	(void)s;
	const char *cli = getenv("BPFSIM");
	bool seen[NEXPECT] = { false };

	assert_non_null(cli);
	for (size_t i = 0; i < g_objs.gl_pathc; i++) {
		const char *path = g_objs.gl_pathv[i];
		struct bpfsim_object *obj = open_ok(path);
		const char *lic = bpfsim_object__license(obj);
		int want = expected(lic);
		char cmd[4096], *out;
		int st;
		json_object *root, *v;

		if (want < 0)
			fail_msg("%s: license \"%s\" is not one the test built", path, lic);
		for (size_t k = 0; k < NEXPECT; k++)
			if (!strcmp(expect[k].license, lic))
				seen[k] = true;
		assert_int_equal(bpfsim_object__gpl_compatible(obj), want);

		snprintf(cmd, sizeof(cmd), "'%s' show --json '%s'", cli, path);
		out = run(cmd, &st);
		assert_int_equal(st, 0);
		root = json_tokener_parse(out);
		assert_non_null(root);
		assert_true(json_object_object_get_ex(root, "license", &v));
		assert_string_equal(json_object_get_string(v), lic);
		assert_true(json_object_object_get_ex(root, "gpl_compatible", &v));
		assert_true(json_object_is_type(v, json_type_boolean));
		assert_int_equal(json_object_get_boolean(v), want);
		json_object_put(root);
		free(out);

		snprintf(cmd, sizeof(cmd), "'%s' show '%s'", cli, path);
		out = run(cmd, &st);
		assert_int_equal(st, 0);
		assert_non_null(strstr(out, want ? "(GPL-compatible)" : "(not GPL-compatible)"));
		free(out);
		assert_true(strlen(lic) <= 63);
		fprintf(stderr, "test_object_license: \"%s\" gpl_compatible=%d\n", lic, want);
		bpfsim_object__close(obj);
	}
	for (size_t k = 0; k < NEXPECT; k++)
		if (!seen[k])
			fail_msg("no object was built with license \"%s\"", expect[k].license);
}

static bool live(void)
{
	struct bpfsim_err err = { 0 };

	if (geteuid() != 0 || bpfsim_kernel_available(&err)) {
		fprintf(stderr, "test_object_license: live checks skipped: needs root and bpf(2) (%s)\n",
			geteuid() ? "not root" : err.msg);
		return false;
	}
	return true;
}

static void test_kernel_agrees(void **s)
{
	(void)s;
	size_t rejected = 0, accepted = 0;

	if (!live())
		return;
	for (size_t i = 0; i < g_objs.gl_pathc; i++) {
		const char *path = g_objs.gl_pathv[i];
		struct bpfsim_object *obj = open_ok(path);
		bool gpl = bpfsim_object__gpl_compatible(obj);
		struct bpfsim_kernel_opts ko = { .sz = sizeof(ko) };
		struct bpfsim_kernel_result res;
		struct bpfsim_kobj *k = NULL;
		struct bpfsim_err err = { 0 };
		struct bpf_prog_info info;
		uint32_t len = sizeof(info);
		int fd = -1;

		assert_int_equal(bpfsim_kobj_create(obj, &k, &err), 0);
		/* the kernel's own answer for this license string */
		assert_int_equal(bpfsim_kobj_load_prog(k, bpfsim_object__find_prog(obj, "any_license"), &ko, &res, &fd,
						       &err), 0);
		if (res.verdict != BPFSIM_VEC_ACCEPT)
			fail_msg("%s: any_license rejected: %s", path, res.error ? res.error : "?");
		bpfsim_kernel_result_free(&res);
		memset(&info, 0, sizeof(info));
		assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
		close(fd);
		assert_int_equal((bool)info.gpl_compatible, gpl);

		assert_int_equal(bpfsim_kobj_load_prog(k, bpfsim_object__find_prog(obj, "gpl_only"), &ko, &res, NULL,
						       &err), 0);
		fprintf(stderr, "test_object_license: \"%s\" kernel gpl_compatible=%u, gpl_only %s%s%s\n",
			bpfsim_object__license(obj), info.gpl_compatible,
			res.verdict == BPFSIM_VEC_ACCEPT ? "accepted" : "rejected", res.error ? ": " : "",
			res.error ? res.error : "");
		if (gpl) {
			assert_int_equal(res.verdict, BPFSIM_VEC_ACCEPT);
			accepted++;
		} else {
			assert_int_equal(res.verdict, BPFSIM_VEC_REJECT);
			assert_int_equal(res.err, EINVAL);
			assert_non_null(res.error);
			assert_string_equal(res.error, KERNEL_GPL_MSG);
			rejected++;
		}
		bpfsim_kernel_result_free(&res);
		bpfsim_kobj_close(k);
		bpfsim_object__close(obj);
	}
	assert_true(accepted >= 6);
	assert_true(rejected >= 8);
}

/* The CLI on the object the build made with "Proprietary". */
static void test_cli_rejects_non_gpl(void **s)
{
	(void)s;
	const char *cli = getenv("BPFSIM"), *build = getenv("BPFSIM_BUILD");
	char cmd[4096], *out;
	int st;
	json_object *o, *v;

	if (!live())
		return;
	assert_non_null(cli);
	assert_non_null(build);
	snprintf(cmd, sizeof(cmd), "'%s' load '%s/tests/progs/loadobj_license.o' --prog gpl_only --json", cli, build);
	out = run(cmd, &st);
	assert_int_equal(st, 1);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "verdict", &v));
	assert_string_equal(json_object_get_string(v), "reject");
	assert_true(json_object_object_get_ex(o, "errno", &v));
	assert_string_equal(json_object_get_string(v), "EINVAL");
	assert_true(json_object_object_get_ex(o, "error", &v));
	assert_string_equal(json_object_get_string(v), KERNEL_GPL_MSG);
	json_object_put(o);
	free(out);
}

int main(void)
{
	const char *build = getenv("BPFSIM_BUILD");
	char pat[4096];
	int rc;

	if (!build) {
		fprintf(stderr, "test_object_license: BPFSIM_BUILD not set\n");
		return 1;
	}
	snprintf(pat, sizeof(pat), "%s/tests/progs/license/lic_*.o", build);
	if (glob(pat, 0, NULL, &g_objs) || g_objs.gl_pathc < NEXPECT) {
		fprintf(stderr, "test_object_license: expected %zu objects matching %s\n", NEXPECT, pat);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_library_and_show),
		cmocka_unit_test(test_kernel_agrees),
		cmocka_unit_test(test_cli_rejects_non_gpl),
	};
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	globfree(&g_objs);
	return rc;
}
