/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vm_ext.c: the VM's lpm_trie, map-in-map and devmap maps, read-only
 * .rodata, ring buffer record bounds, the probe_read memory model,
 * bpf_snprintf, bpf_get_stack, bpf_get_current_task, bpf_redirect_map,
 * bpf_get_hash_recalc and the cgroup_skb context, on hand-encoded programs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "bpfsim/vm.h"

#define I(c, d, s, o, i) ((struct bpfsim_insn){ (c), (d), (s), (o), (i) })
#define MOV64I(d, i) I(0xb7, d, 0, 0, i)
#define MOV64R(d, s) I(0xbf, d, s, 0, 0)
#define ADD64I(d, i) I(0x07, d, 0, 0, i)
#define EXIT() I(0x95, 0, 0, 0, 0)
#define CALL(id) I(0x85, 0, 0, 0, id)
#define LDDW(d, v) I(0x18, d, 0, 0, (int32_t)(uint32_t)(uint64_t)(v)), I(0, 0, 0, 0, (int32_t)((uint64_t)(v) >> 32))
#define LD_MAP(d, fd) I(0x18, d, 1, 0, fd), I(0, 0, 0, 0, 0)
#define LD_MAP_VALUE(d, fd, off) I(0x18, d, 2, 0, fd), I(0, 0, 0, 0, off)
#define STXDW(d, s, o) I(0x7b, d, s, o, 0)
#define STXW(d, s, o) I(0x63, d, s, o, 0)
#define STDW(d, o, i) I(0x7a, d, 0, o, i)
#define STW(d, o, i) I(0x62, d, 0, o, i)
#define STB(d, o, i) I(0x72, d, 0, o, i)
#define LDXDW(d, s, o) I(0x79, d, s, o, 0)
#define LDXW(d, s, o) I(0x61, d, s, o, 0)
#define JEQI(d, i, o) I(0x15, d, 0, o, i)
#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct bpfsim_err err;

static int load(struct bpfsim_vm *vm, const struct bpfsim_insn *p, size_t n)
{
	int id = bpfsim_vm_load(vm, p, n, "test", &err);

	if (id < 0)
		fail_msg("load: %s", err.msg);
	return id;
}

static uint64_t run(struct bpfsim_vm *vm, int id, void *mem, size_t len)
{
	uint64_t r0 = 0;

	if (bpfsim_vm_run_mem(vm, id, mem, len, &r0, &err) < 0)
		fail_msg("run: %s", err.msg);
	return r0;
}

static int map(struct bpfsim_vm *vm, uint32_t type, uint32_t ks, uint32_t vs, uint32_t n, uint32_t flags)
{
	struct bpfsim_vm_map_def d = { .sz = sizeof(d), .type = type, .key_size = ks, .value_size = vs,
				       .max_entries = n, .flags = flags, .name = "m" };
	int fd = bpfsim_vm_map_create(vm, &d, &err);

	if (fd < 0)
		fail_msg("map_create: %s", err.msg);
	return fd;
}

struct lpm4 {
	uint32_t plen;
	uint8_t a[4];
};

static void test_lpm_trie(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	struct bpfsim_vm_map_def bad = { .sz = sizeof(bad), .type = BPFSIM_MAP_TYPE_LPM_TRIE, .key_size = 8,
					 .value_size = 8, .max_entries = 4, .flags = 0 };
	struct lpm4 k, nk;
	uint64_t v;
	int fd;

	assert_non_null(vm);
	assert_int_equal(bpfsim_vm_map_create(vm, &bad, &err), -EINVAL); /* needs BPF_F_NO_PREALLOC */
	fd = map(vm, BPFSIM_MAP_TYPE_LPM_TRIE, 8, 8, 4, 1);
	k = (struct lpm4){ 8, { 10, 99, 99, 99 } }; /* bits past the prefix are dropped */
	v = 8;
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 0), 0);
	k = (struct lpm4){ 16, { 10, 1, 0, 0 } };
	v = 16;
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 0), 0);
	k = (struct lpm4){ 24, { 10, 1, 2, 0 } };
	v = 24;
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 1 /* NOEXIST */), 0);
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 1), -EEXIST);
	k = (struct lpm4){ 33, { 0 } };
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 0), -EINVAL);
	k = (struct lpm4){ 0, { 0 } };
	v = 100;
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 0), 0); /* default route */
	k = (struct lpm4){ 32, { 1, 2, 3, 4 } };
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &v, 0), -ENOSPC); /* 4 entries: full */

	/* longest prefix match */
	k = (struct lpm4){ 32, { 10, 1, 2, 200 } };
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 24);
	k = (struct lpm4){ 32, { 10, 1, 3, 1 } };
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 16);
	k = (struct lpm4){ 32, { 10, 200, 3, 1 } };
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 8);
	k = (struct lpm4){ 32, { 11, 0, 0, 1 } };
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 100);
	k = (struct lpm4){ 12, { 10, 1, 2, 3 } }; /* the key's prefixlen limits the match */
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 8);

	/* iteration: more specific first, then the containing prefix */
	assert_int_equal(bpfsim_vm_map_next_key(vm, fd, NULL, &nk), 0);
	assert_int_equal(nk.plen, 24);
	assert_int_equal(bpfsim_vm_map_next_key(vm, fd, &nk, &nk), 0);
	assert_int_equal(nk.plen, 16);
	assert_int_equal(bpfsim_vm_map_next_key(vm, fd, &nk, &nk), 0);
	assert_int_equal(nk.plen, 8);
	assert_memory_equal(nk.a, ((uint8_t[]){ 10, 0, 0, 0 }), 4);
	assert_int_equal(bpfsim_vm_map_next_key(vm, fd, &nk, &nk), 0);
	assert_int_equal(nk.plen, 0);
	assert_int_equal(bpfsim_vm_map_next_key(vm, fd, &nk, &nk), -ENOENT);

	/* delete needs the exact prefix */
	k = (struct lpm4){ 16, { 10, 1, 9, 9 } };
	assert_int_equal(bpfsim_vm_map_delete(vm, fd, &k), 0);
	assert_int_equal(bpfsim_vm_map_delete(vm, fd, &k), -ENOENT);
	k = (struct lpm4){ 32, { 10, 1, 3, 1 } };
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &v), 0);
	assert_int_equal(v, 8);

	/* from a program: lookup of 10.1.2.7/32 gives 24 */
	{
		struct bpfsim_insn p[] = {
			STW(10, -8, 32), STW(10, -4, 0x0702010a),
			LD_MAP(1, fd), MOV64R(2, 10), ADD64I(2, -8), CALL(1),
			JEQI(0, 0, 1), LDXDW(0, 0, 0), EXIT(),
		};
		int id = load(vm, p, N(p));

		assert_int_equal(run(vm, id, NULL, 0), 24);
	}
	bpfsim_vm_free(vm);
}

static void test_map_in_map(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	int inner, inner2, aom, hom, id;
	uint32_t k = 0, fdv, out;
	uint64_t v = 0x1234;

	assert_non_null(vm);
	inner = map(vm, BPFSIM_MAP_TYPE_ARRAY, 4, 8, 2, 0);
	inner2 = map(vm, BPFSIM_MAP_TYPE_HASH, 4, 8, 2, 0);
	aom = map(vm, BPFSIM_MAP_TYPE_ARRAY_OF_MAPS, 4, 4, 2, 0);
	hom = map(vm, BPFSIM_MAP_TYPE_HASH_OF_MAPS, 4, 4, 2, 0);
	assert_int_equal(bpfsim_vm_map_update(vm, inner, &k, &v, 0), 0);
	fdv = (uint32_t)inner;
	assert_int_equal(bpfsim_vm_map_update(vm, aom, &k, &fdv, 0), 0);
	k = 7;
	fdv = (uint32_t)inner2;
	assert_int_equal(bpfsim_vm_map_update(vm, hom, &k, &fdv, 0), 0);
	fdv = 99;
	assert_int_equal(bpfsim_vm_map_update(vm, hom, &k, &fdv, 0), -EBADF);
	fdv = (uint32_t)aom;
	assert_int_equal(bpfsim_vm_map_update(vm, hom, &k, &fdv, 0), -EINVAL); /* no nesting */
	assert_int_equal(bpfsim_vm_map_lookup(vm, hom, &k, &out), 0);
	assert_int_equal(out, inner2);
	k = 1;
	assert_int_equal(bpfsim_vm_map_lookup(vm, aom, &k, &out), -ENOENT); /* empty slot */

	/* program: outer[0] -> inner; inner[0] -> 0x1234; outer[1] is NULL;
	 * hom[7] -> inner2, whose update from the program is seen by the host */
	{
		struct bpfsim_insn p[] = {
			STW(10, -4, 0),
			LD_MAP(1, aom), MOV64R(2, 10), ADD64I(2, -4), CALL(1),
			JEQI(0, 0, 25),
			MOV64R(1, 0), MOV64R(2, 10), ADD64I(2, -4), CALL(1),
			JEQI(0, 0, 20),
			LDXDW(6, 0, 0),
			STW(10, -4, 1),
			LD_MAP(1, aom), MOV64R(2, 10), ADD64I(2, -4), CALL(1),
			I(0x55, 0, 0, 12, 0), /* jne r0, 0, fail */
			STW(10, -4, 7),
			LD_MAP(1, hom), MOV64R(2, 10), ADD64I(2, -4), CALL(1),
			JEQI(0, 0, 5),
			MOV64R(1, 0), STXDW(10, 6, -16), MOV64R(3, 10), ADD64I(3, -16),
			I(0x05, 0, 0, 2, 0), /* ja +2 */
			MOV64I(0, -1), EXIT(),
			MOV64R(2, 10), ADD64I(2, -4), MOV64I(4, 0), CALL(2),
			MOV64R(0, 6), EXIT(),
		};
		id = load(vm, p, N(p));
		assert_int_equal(run(vm, id, NULL, 0), 0x1234);
		k = 7;
		assert_int_equal(bpfsim_vm_map_lookup(vm, inner2, &k, &v), 0);
		assert_int_equal(v, 0x1234);
	}
	bpfsim_vm_free(vm);
}

static void test_devmap_redirect(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	uint32_t k = 2, ifindex = 5;
	int fd, id;

	assert_non_null(vm);
	fd = map(vm, BPFSIM_MAP_TYPE_DEVMAP, 4, 4, 4, 0);
	assert_int_equal(bpfsim_vm_map_update(vm, fd, &k, &ifindex, 0), 0);
	{
		/* r0 = redirect_map(devs, r1 = key, flags = r2) */
		struct bpfsim_insn p[] = {
			MOV64R(6, 1), MOV64R(7, 2),
			LD_MAP(1, fd), MOV64R(2, 6), MOV64R(3, 7), CALL(51), EXIT(),
		};
		uint64_t r0;

		id = load(vm, p, N(p));
		assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)2, 2, &r0, &err), 0);
		assert_int_equal(r0, 4); /* XDP_REDIRECT */
		assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)1, 2, &r0, &err), 0);
		assert_int_equal(r0, 2); /* empty slot: flags & 3 = XDP_PASS */
		assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)1, 0x22, &r0, &err), 0);
		assert_int_equal(r0, 0); /* unknown flag: XDP_ABORTED */
		assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)3, 0x9, &r0, &err), 0);
		assert_int_equal(r0, 4); /* BPF_F_BROADCAST */
	}
	assert_int_equal(bpfsim_vm_map_delete(vm, fd, &k), 0);
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &k, &ifindex), -ENOENT);
	bpfsim_vm_free(vm);
}

static void test_rodata_readonly(void **state)
{
	for (int mode = 0; mode < 2; mode++) {
		struct bpfsim_vm_opts o = { .sz = sizeof(o), .mode = (enum bpfsim_vm_mode)mode };
		struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
		uint32_t k = 0;
		uint64_t v = 41, r0 = 0;
		int ro, rw, id, rc;

		assert_non_null(vm);
		ro = map(vm, BPFSIM_MAP_TYPE_ARRAY, 4, 8, 1, 1u << 7); /* BPF_F_RDONLY_PROG */
		rw = map(vm, BPFSIM_MAP_TYPE_ARRAY, 4, 8, 1, 0);
		assert_int_equal(bpfsim_vm_map_update(vm, ro, &k, &v, 0), 0); /* the host may write */
		{
			struct bpfsim_insn p[] = {
				LD_MAP_VALUE(1, rw, 0), STDW(1, 0, 5),
				LD_MAP_VALUE(1, ro, 0), LDXDW(0, 1, 0), /* reading is fine */
				STDW(1, 0, 7),                          /* writing is not */
				ADD64I(0, 1), EXIT(),
			};
			id = load(vm, p, N(p));
			rc = bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err);
		}
		if (mode == BPFSIM_VM_CHECKED) {
			assert_int_equal(rc, -EFAULT);
			assert_non_null(strstr(err.msg, "read-only"));
			assert_int_equal(bpfsim_vm_map_lookup(vm, ro, &k, &v), 0);
			assert_int_equal(v, 41);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(r0, 42);
		}
		bpfsim_vm_free(vm);
	}
}

static void test_ringbuf_bounds(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	uint8_t buf[64];
	uint64_t r0;
	int fd, id;

	assert_non_null(vm);
	fd = map(vm, BPFSIM_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	{
		/* reserve 16; store at [r1 + off] (off in r1 of the run); submit */
		struct bpfsim_insn p[] = {
			MOV64R(7, 1),
			LD_MAP(1, fd), MOV64I(2, 16), MOV64I(3, 0), CALL(131),
			JEQI(0, 0, 8),
			MOV64R(6, 0), MOV64R(1, 6), I(0x0f, 1, 7, 0, 0), /* r1 += off */
			STB(1, 0, 0x5a),
			MOV64R(1, 6), MOV64I(2, 0), CALL(132),
			MOV64I(0, 1), EXIT(),
		};
		id = load(vm, p, N(p));
	}
	assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)15, 0, &r0, &err), 0);
	assert_int_equal(r0, 1);
	assert_int_equal(bpfsim_vm_ringbuf_consume(vm, fd, buf, sizeof(buf)), 16);
	assert_int_equal(buf[15], 0x5a);
	/* one byte past the record, and the record's header: both faults */
	assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)16, 0, &r0, &err), -EFAULT);
	assert_non_null(strstr(err.msg, "pc"));
	assert_int_equal(bpfsim_vm_run_mem(vm, id, (void *)(uintptr_t)-8, 0, &r0, &err), -EFAULT);
	{
		/* after submit the record is no longer writable */
		struct bpfsim_insn p[] = {
			LD_MAP(1, fd), MOV64I(2, 8), MOV64I(3, 0), CALL(131),
			JEQI(0, 0, 5),
			MOV64R(6, 0), MOV64R(1, 0), MOV64I(2, 0), CALL(132),
			STB(6, 0, 1),
			MOV64I(0, 0), EXIT(),
		};
		id = load(vm, p, N(p));
	}
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err), -EFAULT);
	bpfsim_vm_free(vm);
}

static void test_probe_mem(void **state)
{
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .task = 0xffff888000001000ull };
	struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
	static const char kstr[] = "kernel-comm";
	uint8_t out[16];
	int id;

	assert_non_null(vm);
	assert_int_equal(bpfsim_vm_add_probe_mem(vm, 0xffff888000001000ull, kstr, sizeof(kstr), true, &err), 0);
	assert_int_equal(bpfsim_vm_add_probe_mem(vm, 0xffff888000001004ull, kstr, 2, true, &err), -EEXIST);
	assert_int_equal(bpfsim_vm_add_probe_mem(vm, 0x7f0000001000ull, "user", 5, false, &err), 0);
	{
		/* r0 = helper(mem=r1, 8, src = task + r2_offset): helper id in r3 is not
		 * possible, so one program per helper: probe_read_kernel(113) */
		struct bpfsim_insn p[] = {
			MOV64R(6, 1), LDXDW(7, 1, 8),
			CALL(35), I(0x0f, 0, 7, 0, 0), /* r0 = task + *(u64 *)(r1 + 8) */
			MOV64R(1, 6), MOV64I(2, 8), MOV64R(3, 0), CALL(113), EXIT(),
		};
		uint64_t r0, off;

		id = load(vm, p, N(p));
		memset(out, 0xee, sizeof(out));
		off = 0;
		memcpy(out + 8, &off, 8);
		assert_int_equal(bpfsim_vm_run_mem(vm, id, out, 16, &r0, &err), 0);
		assert_int_equal(r0, 0);
		assert_memory_equal(out, "kernel-c", 8);
		/* 8 bytes from offset 6 cross the end of the 12-byte range */
		memset(out, 0xee, sizeof(out));
		off = 6;
		memcpy(out + 8, &off, 8);
		assert_int_equal(bpfsim_vm_run_mem(vm, id, out, 16, &r0, &err), 0);
		assert_int_equal((int64_t)r0, -EFAULT);
		assert_memory_equal(out, "\0\0\0\0\0\0\0\0", 8);
	}
	{
		/* probe_read_user(114 is _user_str; 112 = probe_read_user) of the
		 * kernel range fails; of the user range works */
		struct bpfsim_insn p[] = {
			MOV64R(3, 2), MOV64I(2, 5), CALL(112), EXIT(),
		};
		uint64_t r0;
		struct bpfsim_vm *v2 = vm;

		id = load(v2, p, N(p));
		assert_int_equal(bpfsim_vm_run_mem(v2, id, out, 0x7f0000001000ull, &r0, &err), 0);
		assert_int_equal(r0, 0);
		assert_string_equal((char *)out, "user");
		assert_int_equal(bpfsim_vm_run_mem(v2, id, out, 0xffff888000001000ull, &r0, &err), 0);
		assert_int_equal((int64_t)r0, -EFAULT);
	}
	{
		/* probe_read_kernel_str (115) stops at the NUL and returns length + 1 */
		struct bpfsim_insn p[] = {
			MOV64R(3, 2), MOV64I(2, 16), CALL(115), EXIT(),
		};
		uint64_t r0;

		id = load(vm, p, N(p));
		assert_int_equal(bpfsim_vm_run_mem(vm, id, out, 0xffff888000001000ull, &r0, &err), 0);
		assert_int_equal(r0, sizeof(kstr));
		assert_string_equal((char *)out, kstr);
	}
	{
		/* bpf_trace_printk("%s", 3, task): %s reads through the model too */
		struct bpfsim_insn p[] = {
			I(0x62, 10, 0, -4, 0x7325), /* "%s\0\0" */
			CALL(35), MOV64R(3, 0), MOV64R(1, 10), ADD64I(1, -4), MOV64I(2, 3), CALL(6), EXIT(),
		};
		size_t len;

		id = load(vm, p, N(p));
		bpfsim_vm_trace_clear(vm);
		run(vm, id, NULL, 0);
		assert_non_null(strstr(bpfsim_vm_trace(vm, &len), "kernel-comm"));
	}
	bpfsim_vm_free(vm);
}

/* bpf_snprintf(out, size, fmt (in a read-only array map), args, nargs * 8) */
static int64_t snprintf_run(const char *fmt, const uint64_t *args, size_t nargs, char *out, uint32_t size)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	uint8_t fmtv[128] = { 0 }, argv[96] = { 0 };
	uint32_t k = 0;
	uint64_t r0 = 0;
	int fm, am, id;

	assert_non_null(vm);
	fm = map(vm, BPFSIM_MAP_TYPE_ARRAY, 4, sizeof(fmtv), 1, 1u << 7);
	am = map(vm, BPFSIM_MAP_TYPE_ARRAY, 4, sizeof(argv), 1, 0);
	snprintf((char *)fmtv, sizeof(fmtv), "%s", fmt);
	memcpy(argv, args, nargs * 8);
	assert_int_equal(bpfsim_vm_map_update(vm, fm, &k, fmtv, 0), 0);
	assert_int_equal(bpfsim_vm_map_update(vm, am, &k, argv, 0), 0);
	{
		struct bpfsim_insn p[] = {
			MOV64R(6, 1),
			/* r1 = out (the run's memory), r2 = size */
			LD_MAP_VALUE(3, fm, 0), LD_MAP_VALUE(4, am, 0), MOV64I(5, (int32_t)(nargs * 8)),
			MOV64R(1, 6), MOV64I(2, (int32_t)size), CALL(165), EXIT(),
		};
		id = load(vm, p, N(p));
	}
	if (bpfsim_vm_run_mem(vm, id, out, size ? size : 1, &r0, &err) < 0)
		fail_msg("snprintf run: %s", err.msg);
	bpfsim_vm_free(vm);
	return (int64_t)r0;
}

static void test_snprintf(void **state)
{
	char out[96];
	uint64_t a[8];

	a[0] = (uint64_t)-5;
	a[1] = 0x1ffffffffull; /* %u of an int: the low 32 bits */
	a[2] = 0xabcdef0123ull;
	a[3] = 'Z';
	a[4] = 42;
	a[5] = 42;
	a[6] = 5;
	a[7] = (uint64_t)-7; /* %ld: all 64 bits */
	memset(out, 'x', sizeof(out));
	assert_int_equal(snprintf_run("%d|%u|%llx|%c|%-4d|%05d|%+d%%|%ld", a, 8, out, sizeof(out)),
			 (int64_t)strlen("-5|4294967295|abcdef0123|Z|42  |00042|+5%|-7") + 1);
	assert_string_equal(out, "-5|4294967295|abcdef0123|Z|42  |00042|+5%|-7");
	a[0] = 7;
	a[1] = 0x1F;
	memset(out, 'x', sizeof(out));
	assert_int_equal(snprintf_run("n=%ld x=%X", a, 2, out, 6), (int64_t)strlen("n=7 x=1F") + 1);
	assert_string_equal(out, "n=7 x"); /* truncated to size - 1, NUL terminated */
	/* errors: more conversions than arguments, an unknown conversion,
	 * a control character, %s followed by a letter */
	assert_int_equal(snprintf_run("%d %d", a, 1, out, sizeof(out)), -EINVAL);
	assert_int_equal(snprintf_run("%f", a, 1, out, sizeof(out)), -EINVAL);
	assert_int_equal(snprintf_run("a\x01", a, 0, out, sizeof(out)), -EINVAL);
	assert_int_equal(snprintf_run("%sx", a, 1, out, sizeof(out)), -EINVAL);
	/* fewer conversions than arguments is fine */
	assert_int_equal(snprintf_run("plain", a, 2, out, sizeof(out)), 6);
	assert_string_equal(out, "plain");
}

static void test_get_stack_task(void **state)
{
	static const uint64_t ustack[] = { 0x401000, 0x402000, 0x403000 };
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .ustack = ustack, .ustack_len = 3, .task = 0xabc000 };
	struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
	uint64_t buf[8], r0;
	uint8_t big[96];
	int id;

	assert_non_null(vm);
	assert_int_equal(bpfsim_vm_add_region(vm, buf, sizeof(buf), true, "buf", &err), 0);
	assert_int_equal(bpfsim_vm_add_region(vm, big, sizeof(big), true, "big", &err), 0);
	{
		/* r0 = get_stack(ctx, buf = r1, size = 64, flags = r2) */
		struct bpfsim_insn p[] = {
			MOV64R(3, 2), MOV64R(2, 1), MOV64I(1, 0), MOV64R(4, 3), MOV64I(3, 64), CALL(67), EXIT(),
		};
		id = load(vm, p, N(p));
	}
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(bpfsim_vm_run_mem(vm, id, buf, 0, &r0, &err), 0);
	assert_int_equal(r0, 8 * BPFSIM_VM_SYNTH_KSTACK_N);
	assert_int_equal(buf[0], 0xffffffff81000100ull);
	assert_int_equal(buf[BPFSIM_VM_SYNTH_KSTACK_N], 0); /* the rest is zeroed */
	assert_int_equal(bpfsim_vm_run_mem(vm, id, buf, 1, &r0, &err), 0); /* skip 1 */
	assert_int_equal(r0, 8 * (BPFSIM_VM_SYNTH_KSTACK_N - 1));
	assert_int_equal(buf[0], 0xffffffff81000200ull);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, buf, 1u << 8 | 1, &r0, &err), 0); /* user, skip 1 */
	assert_int_equal(r0, 16);
	assert_int_equal(buf[0], 0x402000);
	assert_int_equal(buf[1], 0x403000);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, buf, 1u << 9, &r0, &err), 0);
	assert_int_equal((int64_t)r0, -EINVAL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, buf, 1u << 8 | 9, &r0, &err), 0); /* skip past the end */
	assert_int_equal((int64_t)r0, -EFAULT);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, big, 1u << 8 | 1u << 11, &r0, &err), 0); /* build id */
	assert_int_equal(r0, 64); /* 2 entries of 32 bytes fit in 64 */
	assert_int_equal(big[0], 2); /* BPF_STACK_BUILD_ID_IP */
	assert_int_equal(*(uint64_t *)(void *)(big + 24), 0x401000);
	{
		struct bpfsim_insn p[] = { CALL(35), EXIT() };

		id = load(vm, p, N(p));
		assert_int_equal(run(vm, id, NULL, 0), 0xabc000);
	}
	bpfsim_vm_free(vm);
}

static void test_cgroup_skb_hash(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	uint8_t pkt[54] = { 2, 1, 2, 3, 4, 5, 2, 6, 7, 8, 9, 10, 0x08, 0x00, 0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0,
			    10, 0, 0, 1, 10, 0, 0, 2, 0x04, 0xd2, 0, 80 };
	uint32_t ret, h1, h2;
	int id;

	assert_non_null(vm);
	{
		/* r0 = family << 24 | len << 8 | first byte of data */
		struct bpfsim_insn p[] = {
			LDXW(2, 1, 76), LDXW(3, 1, 80), MOV64R(4, 2), ADD64I(4, 1),
			I(0x2d, 4, 3, 8, 0), /* jgt r4, r3, +8 */
			I(0x71, 0, 2, 0, 0), LDXW(5, 1, 88), I(0x67, 5, 0, 0, 24), I(0x4f, 0, 5, 0, 0),
			LDXW(5, 1, 0), I(0x67, 5, 0, 0, 8), I(0x4f, 0, 5, 0, 0), EXIT(),
			MOV64I(0, 0), EXIT(),
		};
		id = load(vm, p, N(p));
	}
	assert_int_equal(bpfsim_vm_run_test(vm, id, BPFSIM_PROG_TYPE_CGROUP_SKB, pkt, sizeof(pkt), &ret, &err), 0);
	assert_int_equal(ret, 2u << 24 | 40u << 8 | 0x45); /* AF_INET, from L3 */
	{
		struct bpfsim_insn p[] = { CALL(34), EXIT() };

		id = load(vm, p, N(p));
	}
	assert_int_equal(bpfsim_vm_run_test(vm, id, BPFSIM_PROG_TYPE_SCHED_CLS, pkt, sizeof(pkt), &h1, &err), 0);
	assert_int_not_equal(h1, 0);
	assert_int_equal(bpfsim_vm_run_test(vm, id, BPFSIM_PROG_TYPE_SCHED_CLS, pkt, sizeof(pkt), &h2, &err), 0);
	assert_int_equal(h1, h2);
	pkt[37] = 81; /* another destination port: another flow */
	assert_int_equal(bpfsim_vm_run_test(vm, id, BPFSIM_PROG_TYPE_SCHED_CLS, pkt, sizeof(pkt), &h2, &err), 0);
	assert_int_not_equal(h1, h2);
	bpfsim_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lpm_trie),
		cmocka_unit_test(test_map_in_map),
		cmocka_unit_test(test_devmap_redirect),
		cmocka_unit_test(test_rodata_readonly),
		cmocka_unit_test(test_ringbuf_bounds),
		cmocka_unit_test(test_probe_mem),
		cmocka_unit_test(test_snprintf),
		cmocka_unit_test(test_get_stack_task),
		cmocka_unit_test(test_cgroup_skb_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
