/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vm_live.c: the live differential test of the VM against the running
 * kernel. Every vector with kernel.runs in tests/corpus/vm_runs.jsonl,
 * vm_runs2.jsonl and foundation.jsonl is loaded into the kernel
 * (bpfsim_kernel_load, kept) and into a fresh VM (once in checked mode,
 * once in trusted mode, each against a fresh kernel load); each run's
 * data goes through BPF_PROG_TEST_RUN and bpfsim_vm_run_test in the same
 * order, and the retvals must agree. After the last run the final contents
 * of every comparable map (array, hash, lru_hash, lpm_trie, devmap) are
 * dumped on both sides, the kernel's through BPF_MAP_GET_NEXT_KEY and
 * BPF_MAP_LOOKUP_ELEM on the map fds of the loaded program (found by
 * BPF_OBJ_GET_INFO_BY_FD's map ids, which the kernel lists in the order the
 * program first refers to the maps), and must be the same sets of
 * (key, value) pairs (hash iteration orders differ, so pairs are sorted).
 *
 * Exits 77 (skipped) with a message when the kernel oracle is unavailable
 * (not root, no bpf(2), BPFSIM_NO_KERNEL=1). Vectors the kernel now rejects,
 * or whose program type the VM cannot test-run, are counted and skipped; at
 * least one vector with maps must be compared.
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
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>
#include <linux/bpf.h>

#include "bpfsim/kernel.h"
#include "bpfsim/vectors.h"
#include "bpfsim/vm.h"

static const char *const files[] = { "vm_runs.jsonl", "vm_runs2.jsonl", "foundation.jsonl" };

struct tally {
	int compared, with_maps, maps_compared, runs, skipped, failed;
};

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static bool comparable(int type)
{
	return type == BPFSIM_MAP_TYPE_ARRAY || type == BPFSIM_MAP_TYPE_HASH || type == BPFSIM_MAP_TYPE_LRU_HASH ||
	       type == BPFSIM_MAP_TYPE_LPM_TRIE || type == BPFSIM_MAP_TYPE_DEVMAP;
}

/* A map dump: "keyhex=valuehex" strings, sorted. */
struct dump {
	char **e;
	size_t n;
};

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static void dump_add(struct dump *d, const uint8_t *k, size_t ks, const uint8_t *v, size_t vs)
{
	char *s = malloc(2 * (ks + vs) + 2);

	assert_non_null(s);
	hex(s, k, ks);
	s[2 * ks] = '=';
	hex(s + 2 * ks + 1, v, vs);
	d->e = realloc(d->e, (d->n + 1) * sizeof(*d->e));
	assert_non_null(d->e);
	d->e[d->n++] = s;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void dump_free(struct dump *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->e[i]);
	free(d->e);
	d->e = NULL;
	d->n = 0;
}

static int kernel_dump(int fd, uint32_t ks, uint32_t vs, struct dump *d)
{
	uint8_t key[512], next[512], *val = calloc(1, vs + 8);
	bool first = true;

	assert_non_null(val);
	for (;;) {
		union bpf_attr a = { 0 };

		a.map_fd = (uint32_t)fd;
		a.key = first ? 0 : (uint64_t)(uintptr_t)key;
		a.next_key = (uint64_t)(uintptr_t)next;
		if (sys_bpf(BPF_MAP_GET_NEXT_KEY, &a) < 0)
			break;
		first = false;
		memcpy(key, next, ks);
		memset(&a, 0, sizeof(a));
		a.map_fd = (uint32_t)fd;
		a.key = (uint64_t)(uintptr_t)key;
		a.value = (uint64_t)(uintptr_t)val;
		if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &a) < 0)
			continue; /* an empty devmap slot */
		dump_add(d, key, ks, val, vs);
	}
	free(val);
	if (d->n)
		qsort(d->e, d->n, sizeof(*d->e), cmp_str);
	return 0;
}

static int vm_dump(struct bpfsim_vm *vm, int fd, uint32_t ks, uint32_t vs, struct dump *d)
{
	uint8_t key[512], next[512], *val = calloc(1, vs + 8);
	bool first = true;

	assert_non_null(val);
	while (bpfsim_vm_map_next_key(vm, fd, first ? NULL : key, next) == 0) {
		first = false;
		memcpy(key, next, ks);
		if (bpfsim_vm_map_lookup(vm, fd, key, val) < 0)
			continue;
		dump_add(d, key, ks, val, vs);
	}
	free(val);
	if (d->n)
		qsort(d->e, d->n, sizeof(*d->e), cmp_str);
	return 0;
}

/* The vector's map indices in the order of first reference. */
static size_t ref_order(const struct bpfsim_vector *v, uint32_t *order)
{
	size_t n = 0;

	for (size_t i = 0; i + 1 < v->nr_insns; i++) {
		const struct bpfsim_insn *in = &v->insns[i];
		bool seen = false;

		if (in->code != 0x18)
			continue;
		if ((in->src == 1 || in->src == 2) && in->imm >= 0 && (size_t)in->imm < v->nr_maps) {
			for (size_t k = 0; k < n; k++)
				seen |= order[k] == (uint32_t)in->imm;
			if (!seen)
				order[n++] = (uint32_t)in->imm;
		}
		i++;
	}
	return n;
}

/* Kernel map fds of a loaded program, in used_maps order. */
static size_t kernel_map_fds(int prog_fd, int *fds, size_t cap)
{
	uint32_t ids[64];
	struct bpf_prog_info info = { 0 };
	union bpf_attr a = { 0 };
	size_t n;

	info.nr_map_ids = 64;
	info.map_ids = (uint64_t)(uintptr_t)ids;
	a.info.bpf_fd = (uint32_t)prog_fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uint64_t)(uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) < 0)
		return 0;
	n = info.nr_map_ids < cap ? info.nr_map_ids : cap;
	for (size_t i = 0; i < n; i++) {
		memset(&a, 0, sizeof(a));
		a.map_id = ids[i];
		fds[i] = (int)sys_bpf(BPF_MAP_GET_FD_BY_ID, &a);
	}
	return n;
}

/* Load v in a VM as `bpfsim run --vectors` does; returns the program id. */
static int vm_load(struct bpfsim_vm *vm, const struct bpfsim_vector *v, int *vfds, struct bpfsim_err *err)
{
	struct bpfsim_insn *insns = calloc(v->nr_insns + 1, sizeof(*insns));
	int rc;

	assert_non_null(insns);
	for (size_t j = 0; j < v->nr_maps; j++) {
		struct bpfsim_vm_map_def d = { .sz = sizeof(d), .type = (uint32_t)v->maps[j].type,
					       .key_size = v->maps[j].key_size,
					       .value_size = v->maps[j].value_size,
					       .max_entries = v->maps[j].max_entries,
					       .flags = v->maps[j].flags, .name = v->maps[j].name };

		vfds[j] = bpfsim_vm_map_create(vm, &d, err);
		if (vfds[j] < 0) {
			free(insns);
			return vfds[j];
		}
	}
	memcpy(insns, v->insns, v->nr_insns * sizeof(*insns));
	for (size_t i = 0; i + 1 < v->nr_insns; i++) {
		if (insns[i].code != 0x18)
			continue;
		if ((insns[i].src == 1 || insns[i].src == 2) && insns[i].imm >= 0 &&
		    (size_t)insns[i].imm < v->nr_maps)
			insns[i].imm = vfds[insns[i].imm];
		i++;
	}
	rc = bpfsim_vm_load(vm, insns, v->nr_insns, v->name ? v->name : "vector", err);
	free(insns);
	return rc;
}

static void one_vector(const struct bpfsim_vector *v, struct tally *t, enum bpfsim_vm_mode mode)
{
	struct bpfsim_kernel_opts ko = { .sz = sizeof(ko) };
	struct bpfsim_kernel_result res = { 0 };
	struct bpfsim_kprog *kp = NULL;
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm_opts vo = { .sz = sizeof(vo), .mode = mode };
	struct bpfsim_vm *vm = NULL;
	const char *name = v->name ? v->name : "?";
	int *vfds = NULL, kfds[64], prog;
	uint32_t order[64];
	size_t nk = 0, nref;
	bool ok = true;

	if (bpfsim_kernel_load(v, &ko, &res, &kp, &err) < 0 || res.verdict != BPFSIM_VEC_ACCEPT || !kp) {
		fprintf(stderr, "skip %s: the kernel did not accept it now (%s)\n", name,
			res.error ? res.error : err.msg);
		t->skipped++;
		goto out;
	}
	vm = bpfsim_vm_new(&vo, &err);
	assert_non_null(vm);
	vfds = calloc(v->nr_maps + 1, sizeof(*vfds));
	assert_non_null(vfds);
	prog = vm_load(vm, v, vfds, &err);
	if (prog < 0) {
		fprintf(stderr, "skip %s: the VM cannot load it: %s\n", name, err.msg);
		t->skipped++;
		goto out;
	}
	for (size_t k = 0; k < v->kernel.nr_runs; k++) {
		const struct bpfsim_vec_run *r = &v->kernel.runs[k];
		uint32_t kret = 0, vret = 0;
		int krc = bpfsim_kprog_test_run(kp, r->data, r->data_len, &kret, &err);
		int vrc = bpfsim_vm_run_test(vm, prog, v->prog_type, r->data, r->data_len, &vret, &err);

		if (krc < 0 && vrc == -ENOTSUP) {
			fprintf(stderr, "skip %s: neither side test-runs it\n", name);
			t->skipped++;
			goto out;
		}
		if (vrc == -ENOTSUP) {
			fprintf(stderr, "skip %s: the VM does not test-run %s programs\n", name,
				bpfsim_prog_type_name(v->prog_type));
			t->skipped++;
			goto out;
		}
		t->runs++;
		if ((krc < 0) != (vrc < 0) || (krc == 0 && kret != vret)) {
			fprintf(stderr, "FAIL %s: run %zu: kernel %d/%u, VM %d/%u (%s)\n", name, k, krc, kret, vrc,
				vret, vrc < 0 ? err.msg : "");
			ok = false;
		}
	}
	nref = ref_order(v, order);
	nk = kernel_map_fds(bpfsim_kprog_fd(kp), kfds, 64);
	if (nk != nref) {
		fprintf(stderr, "FAIL %s: the kernel program uses %zu maps, the vector refers to %zu\n", name, nk,
			nref);
		ok = false;
		nk = 0;
	}
	if (nk)
		t->with_maps++;
	for (size_t i = 0; i < nk && ok; i++) {
		const struct bpfsim_vec_map *m = &v->maps[order[i]];
		struct dump kd = { 0 }, vd = { 0 };

		if (!comparable(m->type))
			continue;
		kernel_dump(kfds[i], m->key_size, m->value_size, &kd);
		vm_dump(vm, vfds[order[i]], m->key_size, m->value_size, &vd);
		t->maps_compared++;
		if (kd.n != vd.n) {
			fprintf(stderr, "FAIL %s: map %u: kernel has %zu entries, VM %zu\n", name, order[i], kd.n,
				vd.n);
			ok = false;
		}
		for (size_t e = 0; e < kd.n && e < vd.n; e++)
			if (strcmp(kd.e[e], vd.e[e])) {
				fprintf(stderr, "FAIL %s: map %u: kernel %s, VM %s\n", name, order[i], kd.e[e],
					vd.e[e]);
				ok = false;
				break;
			}
		dump_free(&kd);
		dump_free(&vd);
	}
	t->compared++;
	if (!ok)
		t->failed++;
out:
	for (size_t i = 0; i < nk; i++)
		if (kfds[i] >= 0)
			close(kfds[i]);
	free(vfds);
	bpfsim_vm_free(vm);
	bpfsim_kprog_close(kp);
	bpfsim_kernel_result_free(&res);
}

static void live_differential(void **state)
{
	const char *src = getenv("BPFSIM_SRC");
	struct tally t = { 0 };
	char path[4096];

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct bpfsim_vec_reader *r;
		struct bpfsim_vector v;
		struct bpfsim_err err = { 0 };
		int rc;

		snprintf(path, sizeof(path), "%s/tests/corpus/%s", src ? src : ".", files[f]);
		assert_int_equal(bpfsim_vec_reader_open(&r, path, NULL, &err), 0);
		bpfsim_vector_init(&v);
		while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
			assert_true(rc > 0);
			if (v.kernel.has_runs && v.kernel.nr_runs && v.kernel.verdict == BPFSIM_VEC_ACCEPT)
				for (int mode = 0; mode < 2; mode++)
					one_vector(&v, &t, (enum bpfsim_vm_mode)mode);
			bpfsim_vector_free(&v);
			bpfsim_vector_init(&v);
		}
		bpfsim_vector_free(&v);
		bpfsim_vec_reader_close(r);
	}
	fprintf(stderr, "live differential: %d vectors compared (%d runs, %d with maps, %d map dumps), "
			"%d skipped, %d failed\n", t.compared, t.runs, t.with_maps, t.maps_compared, t.skipped,
		t.failed);
	assert_int_equal(t.failed, 0);
	assert_true(t.compared >= 10);
	assert_true(t.maps_compared >= 5);
}

int main(void)
{
	struct bpfsim_err err = { 0 };
	const struct CMUnitTest tests[] = { cmocka_unit_test(live_differential) };

	if (bpfsim_kernel_available(&err) < 0) {
		fprintf(stderr, "test_vm_live: skipped: no kernel oracle: %s\n", err.msg);
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
