/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vm_conformance.c: every program of ../shared/conformance (the
 * bpf_conformance suite) must give its expected r0 in both memory modes.
 * The programs are parsed by the project's assembler (bpfsim/asm.h). Helper
 * 5 returns r1, as the conformance runner's "unwind" helper does. Exits 77
 * (skipped) when the suite is absent.
 */
#include <dirent.h>
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

#include "bpfsim/asm.h"
#include "bpfsim/vm.h"

static char dir[4096];

static int unwind(struct bpfsim_vm *vm, const uint64_t args[5], uint64_t *ret, void *user)
{
	*ret = args[0];
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one test in one mode; returns 0 if r0 matches. */
static int run_one(const char *name, const struct bpfsim_conformance_test *t, enum bpfsim_vm_mode mode)
{
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .mode = mode };
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
	uint8_t *mem = NULL;
	uint64_t r0 = 0;
	int id, rc = -1;

	if (!vm)
		return -1;
	bpfsim_vm_register_helper(vm, 5, "unwind", unwind, NULL, NULL);
	if (t->has_mem && t->mem_len) {
		mem = malloc(t->mem_len);
		memcpy(mem, t->mem, t->mem_len);
	}
	id = bpfsim_vm_load(vm, t->insns, t->n_insns, name, &err);
	if (id < 0)
		fprintf(stderr, "FAIL %s (%s): load: %s\n", name, mode ? "trusted" : "checked", err.msg);
	else if (bpfsim_vm_run_mem(vm, id, mem, mem ? t->mem_len : 0, &r0, &err) < 0)
		fprintf(stderr, "FAIL %s (%s): run: %s\n", name, mode ? "trusted" : "checked", err.msg);
	else if (r0 != t->result)
		fprintf(stderr, "FAIL %s (%s): r0 = 0x%" PRIx64 ", expected 0x%" PRIx64 "\n", name,
			mode ? "trusted" : "checked", r0, t->result);
	else
		rc = 0;
	free(mem);
	bpfsim_vm_free(vm);
	return rc;
}

static void test_conformance(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, passed = 0, failed = 0, skipped = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);

		if (l < 6 || strcmp(e->d_name + l - 5, ".data"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			names = realloc(names, cap * sizeof(*names));
			assert_non_null(names);
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct bpfsim_conformance_test t;
		struct bpfsim_err err = { 0 };
		char path[8192];

		memset(&t, 0, sizeof(t));
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (bpfsim_asm_conformance_file(path, &t, &err) < 0) {
			fprintf(stderr, "FAIL %s: assembler: %s\n", names[i], err.msg);
			failed++;
		} else if (!t.has_result) {
			skipped++;
		} else if (run_one(names[i], &t, BPFSIM_VM_CHECKED) == 0 &&
			   run_one(names[i], &t, BPFSIM_VM_TRUSTED) == 0) {
			passed++;
		} else {
			failed++;
		}
		bpfsim_conformance_test_free(&t);
		free(names[i]);
	}
	free(names);
	fprintf(stderr, "conformance: %zu passed, %zu failed, %zu without a result (of %zu files in %s)\n",
		passed, failed, skipped, n, dir);
	assert_true(n >= 300);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const char *shared = getenv("BPFSIM_SHARED");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformance),
	};
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/conformance", shared ? shared : "../shared");
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "skipped: the conformance suite %s is absent\n", dir);
		return 77;
	}
	closedir(d);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
