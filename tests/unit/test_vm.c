/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vm.c: the VM on hand-encoded programs: instruction semantics (Linux's),
 * both memory modes, faults in checked mode, calls, budget, maps, helpers,
 * tail calls, ring buffer, load-time validation.
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
#define MOV32I(d, i) I(0xb4, d, 0, 0, i)
#define ALU64I(op, d, i) I(0x07 | (op), d, 0, 0, i)
#define ALU64R(op, d, s) I(0x0f | (op), d, s, 0, 0)
#define ALU32I(op, d, i) I(0x04 | (op), d, 0, 0, i)
#define ALU32R(op, d, s) I(0x0c | (op), d, s, 0, 0)
#define EXIT() I(0x95, 0, 0, 0, 0)
#define CALL(id) I(0x85, 0, 0, 0, id)
#define CALL_LOCAL(rel) I(0x85, 0, 1, 0, rel)
#define LDDW(d, v) I(0x18, d, 0, 0, (int32_t)(uint32_t)(uint64_t)(v)), I(0, 0, 0, 0, (int32_t)((uint64_t)(v) >> 32))
#define LD_MAP(d, fd) I(0x18, d, 1, 0, fd), I(0, 0, 0, 0, 0)
#define STXDW(d, s, o) I(0x7b, d, s, o, 0)
#define STXW(d, s, o) I(0x63, d, s, o, 0)
#define STDW(d, o, i) I(0x7a, d, 0, o, i)
#define STW(d, o, i) I(0x62, d, 0, o, i)
#define LDXDW(d, s, o) I(0x79, d, s, o, 0)
#define LDXW(d, s, o) I(0x61, d, s, o, 0)
#define JEQI(d, i, o) I(0x15, d, 0, o, i)
#define JA(o) I(0x05, 0, 0, o, 0)
#define N(a) (sizeof(a) / sizeof((a)[0]))

enum { ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60,
       RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0, ARSH = 0xc0 };

/* Run in both modes; both must succeed with the same r0. */
static uint64_t run2(const struct bpfsim_insn *p, size_t n, void *mem, size_t len)
{
	uint64_t r[2] = { 0, 0 };
	uint8_t orig[256];

	assert_true(len <= sizeof(orig));
	if (len)
		memcpy(orig, mem, len);
	for (int mode = 0; mode < 2; mode++) {
		struct bpfsim_vm_opts o = { .sz = sizeof(o), .mode = (enum bpfsim_vm_mode)mode };
		struct bpfsim_err err = { 0 };
		struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
		int id;

		assert_non_null(vm);
		id = bpfsim_vm_load(vm, p, n, "test", &err);
		if (id < 0)
			fail_msg("load: %s", err.msg);
		if (len)
			memcpy(mem, orig, len); /* each mode starts from the same memory */
		if (bpfsim_vm_run_mem(vm, id, mem, len, &r[mode], &err) < 0)
			fail_msg("run (%s): %s", mode ? "trusted" : "checked", err.msg);
		bpfsim_vm_free(vm);
	}
	assert_int_equal(r[0], r[1]);
	return r[0];
}

/* Run in checked mode and expect a fault; returns the message. */
static const char *run_fault(const struct bpfsim_insn *p, size_t n, void *mem, size_t len, int code)
{
	static struct bpfsim_err err;
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	uint64_t r0 = 0;
	int id, rc;

	assert_non_null(vm);
	id = bpfsim_vm_load(vm, p, n, "test", &err);
	assert_true(id >= 0);
	rc = bpfsim_vm_run_mem(vm, id, mem, len, &r0, &err);
	assert_int_equal(rc, code);
	assert_int_equal(err.code, code);
	bpfsim_vm_free(vm);
	return err.msg;
}

static uint64_t alu(struct bpfsim_insn op, uint64_t a, uint64_t b)
{
	struct bpfsim_insn p[] = { LDDW(0, a), LDDW(1, b), op, EXIT() };

	return run2(p, N(p), NULL, 0);
}

static void test_division(void **state)
{
	assert_int_equal(alu(ALU64R(DIV, 0, 1), 7, 0), 0);
	assert_int_equal(alu(ALU64R(MOD, 0, 1), 7, 0), 7);
	/* 32-bit modulo by zero leaves dst but zero-extends it */
	assert_int_equal(alu(ALU32R(MOD, 0, 1), 0xffffffff00000007ull, 0), 7);
	assert_int_equal(alu(ALU32R(DIV, 0, 1), 0xffffffff00000007ull, 0), 0);
	assert_int_equal(alu(ALU64R(DIV, 0, 1), 100, 7), 14);
	/* unsigned: -1 / 2 */
	assert_int_equal(alu(ALU64R(DIV, 0, 1), (uint64_t)-1, 2), 0x7fffffffffffffffull);
	/* sdiv/smod: off = 1 */
	struct bpfsim_insn sdiv = I(0x3f, 0, 1, 1, 0), smod = I(0x9f, 0, 1, 1, 0);
	struct bpfsim_insn sdiv32 = I(0x3c, 0, 1, 1, 0), smod32 = I(0x9c, 0, 1, 1, 0);

	assert_int_equal(alu(sdiv, (uint64_t)-7, 2), (uint64_t)-3);
	assert_int_equal(alu(smod, (uint64_t)-7, 2), (uint64_t)-1);
	assert_int_equal(alu(sdiv, 0x8000000000000000ull, (uint64_t)-1), 0x8000000000000000ull);
	assert_int_equal(alu(smod, 0x8000000000000000ull, (uint64_t)-1), 0);
	assert_int_equal(alu(sdiv32, 0x80000000ull, 0xffffffffull), 0x80000000ull);
	assert_int_equal(alu(smod32, 0x80000000ull, 0xffffffffull), 0);
	assert_int_equal(alu(sdiv32, 0xfffffff9ull, 2), 0xfffffffdull);
	assert_int_equal(alu(sdiv, 5, 0), 0);
	assert_int_equal(alu(smod, 5, 0), 5);
	/* immediate divisor is sign-extended for 64-bit ops */
	struct bpfsim_insn p[] = { MOV64I(0, -1), ALU64I(DIV, 0, -1), EXIT() };
	assert_int_equal(run2(p, N(p), NULL, 0), 1);
}

static void test_alu_misc(void **state)
{
	/* 32-bit results zero-extend */
	assert_int_equal(alu(ALU32R(ADD, 0, 1), 0xffffffffffffffffull, 1), 0);
	assert_int_equal(alu(ALU32R(SUB, 0, 1), 0, 1), 0xffffffffull);
	/* shift counts are masked */
	assert_int_equal(alu(ALU64R(LSH, 0, 1), 1, 65), 2);
	assert_int_equal(alu(ALU32R(LSH, 0, 1), 1, 33), 2);
	assert_int_equal(alu(ALU64R(ARSH, 0, 1), 0x8000000000000000ull, 63), (uint64_t)-1);
	assert_int_equal(alu(ALU32R(ARSH, 0, 1), 0x80000000ull, 31), 0xffffffffull);
	assert_int_equal(alu(ALU32R(RSH, 0, 1), 0xffffffff80000000ull, 31), 1);
	assert_int_equal(alu(I(0x84, 0, 0, 0, 0), 1, 0), 0xffffffffull);         /* neg32 */
	assert_int_equal(alu(I(0x87, 0, 0, 0, 0), 1, 0), (uint64_t)-1);          /* neg64 */
	/* movsx */
	assert_int_equal(alu(I(0xbf, 0, 1, 8, 0), 0, 0x80), 0xffffffffffffff80ull);
	assert_int_equal(alu(I(0xbf, 0, 1, 16, 0), 0, 0x8000), 0xffffffffffff8000ull);
	assert_int_equal(alu(I(0xbf, 0, 1, 32, 0), 0, 0x80000000ull), 0xffffffff80000000ull);
	assert_int_equal(alu(I(0xbc, 0, 1, 8, 0), 0, 0x80), 0xffffff80ull);
	/* byte swaps */
	assert_int_equal(alu(I(0xdc, 0, 0, 0, 16), 0x1122334455667788ull, 0), 0x8877);
	assert_int_equal(alu(I(0xdc, 0, 0, 0, 32), 0x1122334455667788ull, 0), 0x88776655);
	assert_int_equal(alu(I(0xdc, 0, 0, 0, 64), 0x1122334455667788ull, 0), 0x8877665544332211ull);
	assert_int_equal(alu(I(0xd4, 0, 0, 0, 16), 0x1122334455667788ull, 0), 0x7788);
	assert_int_equal(alu(I(0xd4, 0, 0, 0, 64), 0x1122334455667788ull, 0), 0x1122334455667788ull);
	assert_int_equal(alu(I(0xd7, 0, 0, 0, 32), 0x1122334455667788ull, 0), 0x88776655);
	/* mov32 imm zero-extends, mov64 imm sign-extends */
	struct bpfsim_insn p[] = { MOV32I(0, -1), EXIT() };
	assert_int_equal(run2(p, N(p), NULL, 0), 0xffffffffull);
	struct bpfsim_insn q[] = { MOV64I(0, -1), EXIT() };
	assert_int_equal(run2(q, N(q), NULL, 0), (uint64_t)-1);
}

static void test_jumps(void **state)
{
	/* jsgt with a negative immediate; jmp32 compares the low half only */
	struct bpfsim_insn p[] = {
		MOV64I(0, 0), LDDW(1, 0x100000005ull),
		I(0x16, 1, 0, 1, 5),      /* if w1 == 5 goto +1 */
		EXIT(),
		ALU64I(ADD, 0, 1),
		I(0x65, 1, 0, 1, -1),     /* if r1 s> -1 goto +1 */
		EXIT(),
		ALU64I(ADD, 0, 2),
		I(0x06, 0, 0, 0, 1),      /* gotol +1 */
		ALU64I(ADD, 0, 100),
		EXIT(),
	};
	assert_int_equal(run2(p, N(p), NULL, 0), 3);
}

static void test_fused_pairs(void **state)
{
	/* instruction pairs an optimiser would be tempted to fuse (mov+add,
	 * add+jlt, c == a, a jump into the middle of a pair): results and the
	 * executed-slot count stay exact */
	struct bpfsim_insn p[] = {
		MOV64I(1, 5), MOV64I(2, 7),
		MOV64R(3, 1), ALU64R(ADD, 3, 2),   /* r3 = 12 (fused) */
		MOV64R(4, 1), ALU64R(ADD, 4, 4),   /* r4 = 10 (not fused: c == a) */
		MOV64I(0, 0),
		ALU64I(ADD, 0, 1), I(0xa5, 0, 0, -2, 10), /* do r0 += 1 while r0 < 10 */
		MOV64I(5, 100), JA(1), MOV64R(5, 1), ALU64R(ADD, 5, 2), /* target: the add */
		ALU64R(ADD, 0, 3), ALU64R(ADD, 0, 4), ALU64R(ADD, 0, 5),
		EXIT(),
	};
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	uint64_t r0;
	int id = bpfsim_vm_load(vm, p, N(p), "fused", NULL);

	assert_int_equal(run2(p, N(p), NULL, 0), 10 + 12 + 10 + 107);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, NULL), 0);
	/* 7 + 10 * 2 (loop) + 1 + 1 (ja) + 1 (add) + 3 + 1 */
	assert_int_equal(bpfsim_vm_insn_count(vm), 7 + 20 + 2 + 1 + 3 + 1);
	bpfsim_vm_free(vm);
}

static void test_memory(void **state)
{
	uint8_t mem[16] = { 0x80, 0xff, 0, 0, 0, 0, 0, 0x80, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct bpfsim_insn p[] = {
		I(0x91, 2, 1, 0, 0),    /* r2 = *(s8 *)(r1 + 0) */
		I(0x89, 3, 1, 0, 0),    /* r3 = *(s16 *)(r1 + 0) */
		I(0x71, 4, 1, 1, 0),    /* r4 = *(u8 *)(r1 + 1) */
		STXDW(10, 2, -8),
		LDXDW(0, 10, -8),
		ALU64R(ADD, 0, 3),
		ALU64R(ADD, 0, 4),
		STXW(1, 0, 8),
		LDXDW(5, 1, 8),
		EXIT(),
	};
	/* -128 + (int16)0xff80 = -128 + -128, + 255 */
	assert_int_equal(run2(p, N(p), mem, sizeof(mem)), (uint64_t)(-256 + 255));
	assert_int_equal(mem[8], 0xff);
	assert_int_equal(mem[12], 5);
}

static void test_checked_faults(void **state)
{
	uint8_t mem[16] = { 0 };
	struct bpfsim_insn oob[] = { MOV64I(0, 0), LDXDW(0, 1, 12), EXIT() };
	const char *m = run_fault(oob, N(oob), mem, sizeof(mem), -EFAULT);

	assert_non_null(strstr(m, "pc 1"));
	assert_non_null(strstr(m, "read of 8 bytes"));
	assert_non_null(strstr(m, "ctx"));
	struct bpfsim_insn stack[] = { STDW(10, 0, 1), MOV64I(0, 0), EXIT() };
	m = run_fault(stack, N(stack), NULL, 0, -EFAULT);
	assert_non_null(strstr(m, "pc 0"));
	assert_non_null(strstr(m, "write"));
	assert_non_null(strstr(m, "stack"));
	struct bpfsim_insn null[] = { LDXW(0, 1, 0), EXIT() };
	m = run_fault(null, N(null), NULL, 0, -EFAULT);
	assert_non_null(strstr(m, "not in any region"));
	/* a wild pointer from a constant */
	struct bpfsim_insn wild[] = { LDDW(1, 0x4141414141414141ull), STDW(1, 0, 7), MOV64I(0, 0), EXIT() };
	m = run_fault(wild, N(wild), NULL, 0, -EFAULT);
	assert_non_null(strstr(m, "pc 2"));
}

static void test_atomics(void **state)
{
	uint64_t mem[2] = { 10, 0 };
	struct bpfsim_insn p[] = {
		MOV64I(2, 5),
		I(0xdb, 1, 2, 0, 0x01),     /* r2 = atomic_fetch_add(*(u64 *)r1, r2) */
		MOV64I(0, 15),
		MOV64I(3, 99),
		I(0xdb, 1, 3, 0, 0xf1),     /* cmpxchg: *r1 == r0 (15) -> 99, r0 = 15 */
		ALU64R(ADD, 0, 2),          /* r0 = 15 + 10 */
		MOV64I(4, 7),
		I(0xdb, 1, 4, 8, 0xe1),     /* xchg: mem[1] = 7, r4 = 0 */
		ALU64R(ADD, 0, 4),
		MOV64I(5, 1),
		I(0xc3, 1, 5, 8, 0x40),     /* lock *(u32 *)(r1 + 8) |= 1 */
		EXIT(),
	};
	assert_int_equal(run2(p, N(p), mem, sizeof(mem)), 25);
	/* run2 ran it twice over the same memory: check the final state of a fresh run */
	mem[0] = 10;
	mem[1] = 0;
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	uint64_t r0;
	int id = bpfsim_vm_load(vm, p, N(p), "atomics", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, mem, sizeof(mem), &r0, NULL), 0);
	assert_int_equal(mem[0], 99);
	assert_int_equal(mem[1], 7);
	/* cmpxchg that fails leaves memory, returns the old value in r0 */
	struct bpfsim_insn q[] = { MOV64I(0, 1), MOV64I(3, 5), I(0xdb, 1, 3, 0, 0xf1), EXIT() };
	id = bpfsim_vm_load(vm, q, N(q), "cmpxchg", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, mem, sizeof(mem), &r0, NULL), 0);
	assert_int_equal(r0, 99);
	assert_int_equal(mem[0], 99);
	/* load-acquire / store-release */
	struct bpfsim_insn r[] = { MOV64I(2, 42), I(0xdb, 1, 2, 8, 0x110), I(0xdb, 0, 1, 8, 0x100), EXIT() };
	id = bpfsim_vm_load(vm, r, N(r), "acqrel", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, mem, sizeof(mem), &r0, NULL), 0);
	assert_int_equal(r0, 42);
	bpfsim_vm_free(vm);
}

static void test_calls(void **state)
{
	/* r6 survives the callee, which clobbers it and uses its own frame */
	struct bpfsim_insn p[] = {
		MOV64I(6, 6), MOV64I(1, 20), STDW(10, -8, 1000),
		CALL_LOCAL(4), /* the callee at 8 */
		LDXDW(1, 10, -8), ALU64R(ADD, 0, 1), ALU64R(ADD, 0, 6),
		EXIT(),
		/* callee: r0 = r1 * 2; writes its own stack */
		MOV64I(6, 0), STDW(10, -8, 5), MOV64R(0, 1), ALU64I(MUL, 0, 2), EXIT(),
	};
	assert_int_equal(run2(p, N(p), NULL, 0), 40 + 1000 + 6);
	/* unbounded recursion: too deep */
	struct bpfsim_insn rec[] = { CALL_LOCAL(-1), EXIT() };
	const char *m = run_fault(rec, N(rec), NULL, 0, -E2BIG);
	assert_non_null(strstr(m, "too deep"));
	/* runaway loop: budget */
	struct bpfsim_insn loop[] = { MOV64I(0, 0), JA(-1), EXIT() };
	m = run_fault(loop, N(loop), NULL, 0, -E2BIG);
	assert_non_null(strstr(m, "budget"));
	/* missing helper */
	struct bpfsim_insn h[] = { CALL(250), EXIT() };
	m = run_fault(h, N(h), NULL, 0, -ENOENT);
	assert_non_null(strstr(m, "helper 250"));
}

static void test_load_errors(void **state)
{
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
	struct bpfsim_insn bad[] = { I(0xff, 0, 0, 0, 0), EXIT() };
	struct bpfsim_insn range[] = { JA(5), EXIT() };
	struct bpfsim_insn half[] = { I(0x18, 0, 0, 0, 1) };
	struct bpfsim_insn mid[] = { JA(1), LDDW(0, 1), EXIT() };
	struct bpfsim_insn fell[] = { MOV64I(0, 0) };
	uint64_t r0;
	int id;

	assert_int_equal(bpfsim_vm_load(vm, bad, N(bad), "bad", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "unknown instruction"));
	assert_int_equal(bpfsim_vm_load(vm, range, N(range), "range", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "outside the program"));
	assert_int_equal(bpfsim_vm_load(vm, half, N(half), "half", &err), -EINVAL);
	assert_int_equal(bpfsim_vm_load(vm, mid, N(mid), "mid", &err), -EINVAL);
	assert_non_null(strstr(err.msg, "middle"));
	assert_int_equal(bpfsim_vm_load_raw(vm, (const uint8_t *)"1234567", 7, "raw", &err), -EINVAL);
	id = bpfsim_vm_load(vm, fell, N(fell), "fell", &err);
	assert_true(id >= 0);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "fell off"));
	bpfsim_vm_free(vm);
}

static void test_maps_host(void **state)
{
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .ncpus = 4, .cpu = 2 };
	struct bpfsim_vm *vm = bpfsim_vm_new(&o, NULL);
	struct bpfsim_vm_map_def h = { .sz = sizeof(h), .type = BPFSIM_MAP_TYPE_HASH, .key_size = 4,
				    .value_size = 8, .max_entries = 2, .name = "h" };
	struct bpfsim_vm_map_def a = { .sz = sizeof(a), .type = BPFSIM_MAP_TYPE_ARRAY, .key_size = 4,
				    .value_size = 4, .max_entries = 3, .name = "a" };
	struct bpfsim_vm_map_def pa = { .sz = sizeof(pa), .type = BPFSIM_MAP_TYPE_PERCPU_ARRAY, .key_size = 4,
				     .value_size = 4, .max_entries = 1, .name = "pa" };
	uint32_t k = 1, k2 = 2, k3 = 3, nk;
	uint64_t v = 7, out;
	int hf = bpfsim_vm_map_create(vm, &h, NULL), af = bpfsim_vm_map_create(vm, &a, NULL);
	int pf = bpfsim_vm_map_create(vm, &pa, NULL);

	assert_true(hf > 0 && af > 0 && pf > 0);
	assert_int_equal(bpfsim_vm_map_lookup(vm, hf, &k, &out), -ENOENT);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k, &v, BPFSIM_VM_EXIST), -ENOENT);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k, &v, BPFSIM_VM_NOEXIST), 0);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k, &v, BPFSIM_VM_NOEXIST), -EEXIST);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k2, &v, BPFSIM_VM_ANY), 0);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k3, &v, BPFSIM_VM_ANY), -E2BIG);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k3, &v, 99), -EINVAL);
	/* iterate: both keys, then -ENOENT */
	assert_int_equal(bpfsim_vm_map_next_key(vm, hf, NULL, &nk), 0);
	uint32_t first = nk;
	assert_int_equal(bpfsim_vm_map_next_key(vm, hf, &first, &nk), 0);
	assert_true((first == 1 && nk == 2) || (first == 2 && nk == 1));
	assert_int_equal(bpfsim_vm_map_next_key(vm, hf, &nk, &nk), -ENOENT);
	assert_int_equal(bpfsim_vm_map_delete(vm, hf, &k), 0);
	assert_int_equal(bpfsim_vm_map_delete(vm, hf, &k), -ENOENT);
	assert_int_equal(bpfsim_vm_map_update(vm, hf, &k3, &v, BPFSIM_VM_ANY), 0);
	/* arrays */
	uint32_t av = 5;
	assert_int_equal(bpfsim_vm_map_update(vm, af, &k3, &av, 0), -E2BIG);
	assert_int_equal(bpfsim_vm_map_update(vm, af, &k, &av, BPFSIM_VM_NOEXIST), -EEXIST);
	assert_int_equal(bpfsim_vm_map_update(vm, af, &k, &av, BPFSIM_VM_EXIST), 0);
	assert_int_equal(bpfsim_vm_map_delete(vm, af, &k), -EINVAL);
	av = 0;
	assert_int_equal(bpfsim_vm_map_lookup(vm, af, &k, &av), 0);
	assert_int_equal(av, 5);
	/* per-CPU: value size 4 rounded to 8, 4 CPUs */
	assert_int_equal(bpfsim_vm_map_value_size(vm, pf), 32);
	/* a program on CPU 2 increments its slot and returns its CPU */
	struct bpfsim_insn q[] = {
		STW(10, -4, 0), LD_MAP(1, pf), MOV64R(2, 10), ALU64I(ADD, 2, -4), CALL(1),
		JEQI(0, 0, 3), MOV64I(1, 1), I(0xc3, 0, 1, 0, 0), ALU64I(ADD, 0, 0),
		CALL(8), EXIT(),
	};
	int id = bpfsim_vm_load(vm, q, N(q), "percpu", NULL);
	uint64_t r0, vals[4];

	assert_true(id >= 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, NULL), 0);
	assert_int_equal(r0, 2); /* get_smp_processor_id */
	assert_int_equal(bpfsim_vm_map_lookup(vm, pf, &(uint32_t){ 0 }, vals), 0);
	assert_int_equal((uint32_t)vals[2], 3);
	assert_int_equal((uint32_t)vals[0], 0);
	bpfsim_vm_free(vm);
}

static void test_maps_prog(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_vm_map_def h = { .sz = sizeof(h), .type = BPFSIM_MAP_TYPE_HASH, .key_size = 8,
				    .value_size = 8, .max_entries = 16, .name = "counts" };
	int fd = bpfsim_vm_map_create(vm, &h, NULL);
	/* counts[*(u64 *)ctx] += 1, via lookup or update(NOEXIST) */
	struct bpfsim_insn p[] = {
		LDXDW(6, 1, 0), STXDW(10, 6, -8),
		LD_MAP(1, fd), MOV64R(2, 10), ALU64I(ADD, 2, -8), CALL(1),
		JEQI(0, 0, 4),
		MOV64I(1, 1), I(0xdb, 0, 1, 0, 0), MOV64I(0, 0), EXIT(),
		STDW(10, -16, 1),
		LD_MAP(1, fd), MOV64R(2, 10), ALU64I(ADD, 2, -8), MOV64R(3, 10), ALU64I(ADD, 3, -16),
		MOV64I(4, BPFSIM_VM_NOEXIST), CALL(2), EXIT(),
	};
	uint64_t key = 42, val = 0, r0;
	int id = bpfsim_vm_load(vm, p, N(p), "count", NULL);

	assert_true(id >= 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(bpfsim_vm_run_mem(vm, id, &key, sizeof(key), &r0, NULL), 0);
	assert_int_equal(bpfsim_vm_map_lookup(vm, fd, &key, &val), 0);
	assert_int_equal(val, 5);
	/* a lookup key outside every region faults in checked mode */
	struct bpfsim_insn bad[] = { LD_MAP(1, fd), MOV64I(2, 16), CALL(1), EXIT() };
	struct bpfsim_err err = { 0 };
	id = bpfsim_vm_load(vm, bad, N(bad), "badkey", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err), -EFAULT);
	assert_non_null(strstr(err.msg, "bpf_map_lookup_elem key"));
	/* a map that does not exist is a load error */
	struct bpfsim_insn nomap[] = { LD_MAP(1, 99), MOV64I(0, 0), EXIT() };
	assert_true(bpfsim_vm_load(vm, nomap, N(nomap), "nomap", &err) < 0);
	bpfsim_vm_free(vm);
}

static void test_tail_calls(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_vm_map_def pa = { .sz = sizeof(pa), .type = BPFSIM_MAP_TYPE_PROG_ARRAY, .key_size = 4,
				     .value_size = 4, .max_entries = 4, .name = "jmp" };
	int fd = bpfsim_vm_map_create(vm, &pa, NULL);
	/* each run increments *(u64 *)ctx and tail-calls itself; when the
	 * tail call fails it returns the count */
	struct bpfsim_insn p[] = {
		LDXDW(2, 1, 0), ALU64I(ADD, 2, 1), STXDW(1, 2, 0),
		LD_MAP(2, fd), MOV64I(3, 0), CALL(12),
		LDXDW(0, 1, 0), EXIT(),
	};
	uint64_t cnt = 0, r0;
	int id = bpfsim_vm_load(vm, p, N(p), "self", NULL);

	assert_int_equal(bpfsim_vm_map_set_prog(vm, fd, 0, id), 0);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, &cnt, sizeof(cnt), &r0, NULL), 0);
	assert_int_equal(r0, 34); /* the first run + 33 tail calls */
	/* an empty slot falls through */
	assert_int_equal(bpfsim_vm_map_delete(vm, fd, &(uint32_t){ 0 }), 0);
	cnt = 0;
	assert_int_equal(bpfsim_vm_run_mem(vm, id, &cnt, sizeof(cnt), &r0, NULL), 0);
	assert_int_equal(r0, 1);
	bpfsim_vm_free(vm);
}

static void test_ringbuf_trace(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_vm_map_def rb = { .sz = sizeof(rb), .type = BPFSIM_MAP_TYPE_RINGBUF, .max_entries = 4096,
				     .name = "rb" };
	int fd = bpfsim_vm_map_create(vm, &rb, NULL);
	/* reserve 8 bytes, write ctx value, submit; reserve again and discard */
	struct bpfsim_insn p[] = {
		MOV64R(6, 1),
		LD_MAP(1, fd), MOV64I(2, 8), MOV64I(3, 0), CALL(131),
		JEQI(0, 0, 14),
		LDXDW(2, 6, 0), STXDW(0, 2, 0), MOV64R(1, 0), MOV64I(2, 0), CALL(132),
		LD_MAP(1, fd), MOV64I(2, 16), MOV64I(3, 0), CALL(131),
		JEQI(0, 0, 3), MOV64R(1, 0), MOV64I(2, 0), CALL(133),
		/* trace_printk("v=%d\n", 6, *ctx) */
		LDDW(1, 0x000a64253d76ull), STXDW(10, 1, -8), MOV64R(1, 10), ALU64I(ADD, 1, -8),
		MOV64I(2, 6), LDXDW(3, 6, 0), CALL(6),
		EXIT(),
	};
	uint64_t v = 77, got = 0, r0;
	size_t tl;
	int id = bpfsim_vm_load(vm, p, N(p), "rb", NULL);
	struct bpfsim_err err = { 0 };

	assert_true(id >= 0);
	if (bpfsim_vm_run_mem(vm, id, &v, sizeof(v), &r0, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(bpfsim_vm_ringbuf_consume(vm, fd, &got, sizeof(got)), 8);
	assert_int_equal(got, 77);
	assert_int_equal(bpfsim_vm_ringbuf_consume(vm, fd, &got, sizeof(got)), 0); /* discarded */
	assert_string_equal(bpfsim_vm_trace(vm, &tl), "v=77\n");
	assert_int_equal(r0, 5); /* bytes written */
	bpfsim_vm_free(vm);
}

static void test_ldabs_callx(void **state)
{
	uint8_t pkt[4] = { 0x12, 0x34, 0x56, 0x78 };
	struct bpfsim_insn p[] = { I(0x28, 0, 0, 0, 1), EXIT() }; /* r0 = ntohs(pkt[1..2]) */
	assert_int_equal(run2(p, N(p), pkt, sizeof(pkt)), 0x3456);
	struct bpfsim_insn q[] = { MOV64I(0, 9), I(0x20, 0, 0, 0, 2), EXIT() }; /* out: r0 = 0 */
	assert_int_equal(run2(q, N(q), pkt, sizeof(pkt)), 0);
	/* callx with a helper id (8: get_smp_processor_id -> 0) */
	struct bpfsim_insn c[] = { MOV64I(0, 5), MOV64I(2, 8), I(0x8d, 2, 0, 0, 0), EXIT() };
	assert_int_equal(run2(c, N(c), NULL, 0), 0);
	/* callx to a code address (ld_imm64 src=4) */
	struct bpfsim_insn f[] = { I(0x18, 2, 4, 0, 4), I(0, 0, 0, 0, 0), MOV64I(1, 3), I(0x8d, 2, 0, 0, 0),
				   EXIT(), MOV64R(0, 1), ALU64I(ADD, 0, 4), EXIT() };
	assert_int_equal(run2(f, N(f), NULL, 0), 7);
}

static void test_run_test_ctx(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_err err = { 0 };
	uint8_t pkt[40] = { 2, 1, 2, 3, 4, 5, 2, 6, 7, 8, 9, 10, 0x08, 0x00 };
	/* return data_end - data + len (u32 loads of the ctx are pointers) */
	struct bpfsim_insn skb[] = { I(0x61, 2, 1, 76, 0), I(0x61, 3, 1, 80, 0), MOV64R(0, 3),
				     ALU64R(SUB, 0, 2), I(0x61, 4, 1, 0, 0), ALU64R(ADD, 0, 4),
				     I(0x71, 5, 2, 0, 0), ALU64R(ADD, 0, 5), EXIT() };
	uint32_t ret = 0;
	uint64_t r0_unused;
	int id = bpfsim_vm_load(vm, skb, N(skb), "skb", &err);

	assert_true(id >= 0);
	/* sched_cls: the whole frame; first byte 2 */
	assert_int_equal(bpfsim_vm_run_test(vm, id, 3, pkt, sizeof(pkt), &ret, &err), 0);
	assert_int_equal(ret, 40 + 40 + 2);
	/* socket_filter: after the Ethernet header; first byte 0 */
	assert_int_equal(bpfsim_vm_run_test(vm, id, 1, pkt, sizeof(pkt), &ret, &err), 0);
	assert_int_equal(ret, 26 + 26 + 0);
	assert_int_equal(bpfsim_vm_run_test(vm, id, 1, pkt, 10, &ret, &err), -EINVAL);
	assert_int_equal(bpfsim_vm_run_test(vm, id, 9 /* cgroup_sock */, pkt, 10, &ret, &err), -ENOTSUP);
	/* reading past data_end faults in checked mode */
	struct bpfsim_insn past[] = { I(0x61, 2, 1, 4, 0), I(0x71, 0, 2, 0, 0), EXIT() };
	id = bpfsim_vm_load(vm, past, N(past), "past", &err);
	assert_int_equal(bpfsim_vm_run_test(vm, id, 6, pkt, sizeof(pkt), &ret, &err), -EFAULT);
	assert_non_null(strstr(err.msg, "packet"));
	/* kprobe: the bytes are a read-only pt_regs */
	uint64_t regs[21] = { 0 };
	regs[1] = 0x1234;
	struct bpfsim_insn kp[] = { LDXDW(0, 1, 8), EXIT() };
	id = bpfsim_vm_load(vm, kp, N(kp), "kprobe", &err);
	assert_int_equal(bpfsim_vm_run_test(vm, id, 2, regs, sizeof(regs), &ret, &err), 0);
	assert_int_equal(ret, 0x1234);
	struct bpfsim_insn kw[] = { STDW(1, 8, 1), MOV64I(0, 0), EXIT() };
	id = bpfsim_vm_load(vm, kw, N(kw), "kprobe_write", &err);
	assert_int_equal(bpfsim_vm_run_test(vm, id, 2, regs, sizeof(regs), &ret, &err), -EFAULT);
	assert_non_null(strstr(err.msg, "read-only"));
	/* xdp helpers outside an xdp test run: a clear fault (found by fuzz_vm) */
	struct bpfsim_insn adj[] = { MOV64I(2, 8), CALL(65), EXIT() };
	id = bpfsim_vm_load(vm, adj, N(adj), "adjust", &err);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0_unused, &err), -EFAULT);
	assert_non_null(strstr(err.msg, "xdp_md"));
	bpfsim_vm_free(vm);
}

/* call helper id with r1..r3 set from a, b, c; returns r0 */
static uint64_t call3(struct bpfsim_vm *vm, int id, uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	struct bpfsim_insn p[] = { LDDW(1, a), LDDW(2, b), LDDW(3, c), LDDW(4, d), CALL(id), EXIT() };
	struct bpfsim_err err = { 0 };
	uint64_t r0 = 0;
	int pid = bpfsim_vm_load(vm, p, N(p), "call", &err);

	assert_true(pid >= 0);
	if (bpfsim_vm_run_mem(vm, pid, NULL, 0, &r0, &err) < 0)
		fail_msg("%s", err.msg);
	return r0;
}

static void test_more_helpers(void **state)
{
	struct bpfsim_vm_opts o = { .sz = sizeof(o), .pid_tgid = 0x100000002ull, .comm = "mytask" };
	struct bpfsim_vm *vm = bpfsim_vm_new(&o, NULL);
	char buf[32] = "  -0x1fz";
	int64_t res = 0;
	char comm[16];

	assert_int_equal(bpfsim_vm_add_region(vm, buf, sizeof(buf), true, "buf", NULL), 0);
	assert_int_equal(bpfsim_vm_add_region(vm, &res, sizeof(res), true, "res", NULL), 0);
	assert_int_equal(bpfsim_vm_add_region(vm, comm, sizeof(comm), true, "comm", NULL), 0);
	assert_int_equal(call3(vm, 14, 0, 0, 0, 0), 0x100000002ull);
	assert_int_equal(call3(vm, 16, (uintptr_t)comm, 4, 0, 0), 0);
	assert_string_equal(comm, "myt");
	/* strtol: spaces, sign, 0x prefix with base 0; stops at 'z' */
	assert_int_equal(call3(vm, 105, (uintptr_t)buf, 8, 0, (uintptr_t)&res), 7);
	assert_int_equal(res, -31);
	/* strtoul refuses a sign; base 10 stops at 'x' */
	assert_int_equal((int64_t)call3(vm, 106, (uintptr_t)buf, 8, 0, (uintptr_t)&res), -EINVAL);
	assert_int_equal(call3(vm, 105, (uintptr_t)buf, 8, 10, (uintptr_t)&res), 4);
	assert_int_equal(res, 0);
	assert_int_equal((int64_t)call3(vm, 105, (uintptr_t)buf, 8, 7, (uintptr_t)&res), -EINVAL);
	strcpy(buf, "99999999999999999999");
	assert_int_equal((int64_t)call3(vm, 105, (uintptr_t)buf, 20, 0, (uintptr_t)&res), -ERANGE);
	/* probe_read_kernel: from a region copies, from elsewhere -EFAULT and zeroes */
	strcpy(buf, "abc");
	assert_int_equal(call3(vm, 113, (uintptr_t)comm, 4, (uintptr_t)buf, 0), 0);
	assert_memory_equal(comm, "abc", 4);
	assert_int_equal((int64_t)call3(vm, 113, (uintptr_t)comm, 4, 0x1000, 0), -EFAULT);
	assert_int_equal(comm[0], 0);
	assert_int_equal(call3(vm, 115, (uintptr_t)comm, 16, (uintptr_t)buf, 0), 4);
	assert_string_equal(comm, "abc");
	assert_int_equal(call3(vm, 115, (uintptr_t)comm, 3, (uintptr_t)buf, 0), 3);
	assert_string_equal(comm, "ab");
	bpfsim_vm_free(vm);
}

static void test_more_maps(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_vm_map_def q = { .sz = sizeof(q), .type = BPFSIM_MAP_TYPE_QUEUE, .value_size = 4,
				       .max_entries = 2, .name = "q" };
	struct bpfsim_vm_map_def st = { .sz = sizeof(st), .type = BPFSIM_MAP_TYPE_STACK, .value_size = 4,
					.max_entries = 2, .name = "st" };
	struct bpfsim_vm_map_def lru = { .sz = sizeof(lru), .type = BPFSIM_MAP_TYPE_LRU_HASH, .key_size = 4,
					 .value_size = 4, .max_entries = 2, .name = "lru" };
	struct bpfsim_vm_map_def pe = { .sz = sizeof(pe), .type = BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY,
					.key_size = 4, .value_size = 4, .max_entries = 1, .name = "events" };
	int qf = bpfsim_vm_map_create(vm, &q, NULL), sf = bpfsim_vm_map_create(vm, &st, NULL);
	int lf = bpfsim_vm_map_create(vm, &lru, NULL), pf = bpfsim_vm_map_create(vm, &pe, NULL);
	uint32_t v, k;
	uint64_t r0;
	char rec[16];

	assert_true(qf > 0 && sf > 0 && lf > 0 && pf > 0);
	for (v = 1; v <= 2; v++) {
		assert_int_equal(bpfsim_vm_map_update(vm, qf, NULL, &v, 0), 0);
		assert_int_equal(bpfsim_vm_map_update(vm, sf, NULL, &v, 0), 0);
	}
	v = 3;
	assert_int_equal(bpfsim_vm_map_update(vm, qf, NULL, &v, 0), -E2BIG);
	assert_int_equal(bpfsim_vm_map_update(vm, qf, NULL, &v, BPFSIM_VM_EXIST), 0); /* drops 1 */
	assert_int_equal(bpfsim_vm_map_pop(vm, qf, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(bpfsim_vm_map_pop(vm, sf, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(bpfsim_vm_map_lookup(vm, sf, NULL, &v), 0); /* peek */
	assert_int_equal(v, 1);
	/* a program pops the queue (3), pushes 7 onto the stack, returns the pop */
	struct bpfsim_insn p[] = {
		LD_MAP(1, qf), MOV64R(2, 10), ALU64I(ADD, 2, -4), CALL(88), LDXW(6, 10, -4),
		STW(10, -8, 7), LD_MAP(1, sf), MOV64R(2, 10), ALU64I(ADD, 2, -8), MOV64I(3, 0), CALL(87),
		MOV64R(0, 6), EXIT(),
	};
	int id = bpfsim_vm_load(vm, p, N(p), "qs", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, NULL), 0);
	assert_int_equal(r0, 3);
	assert_int_equal(bpfsim_vm_map_pop(vm, sf, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(bpfsim_vm_map_pop(vm, qf, &v), -ENOENT);
	/* LRU: a full map evicts the least recently used */
	for (k = 1; k <= 2; k++)
		assert_int_equal(bpfsim_vm_map_update(vm, lf, &k, &k, 0), 0);
	k = 1;
	assert_int_equal(bpfsim_vm_map_update(vm, lf, &k, &k, BPFSIM_VM_EXIST), 0); /* 1 is newer */
	k = 3;
	assert_int_equal(bpfsim_vm_map_update(vm, lf, &k, &k, 0), 0);
	k = 2;
	assert_int_equal(bpfsim_vm_map_lookup(vm, lf, &k, &v), -ENOENT);
	k = 1;
	assert_int_equal(bpfsim_vm_map_lookup(vm, lf, &k, &v), 0);
	/* perf_event_output(ctx, map, BPF_F_CURRENT_CPU, fp-8, 4) */
	struct bpfsim_insn pp[] = {
		STW(10, -8, 0x11223344), LD_MAP(2, pf), LDDW(3, 0xffffffffull), MOV64R(4, 10),
		ALU64I(ADD, 4, -8), MOV64I(5, 4), CALL(25), EXIT(),
	};
	id = bpfsim_vm_load(vm, pp, N(pp), "perf", NULL);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, NULL), 0);
	assert_int_equal(r0, 0);
	assert_int_equal(bpfsim_vm_perf_consume(vm, pf, 0, rec, sizeof(rec)), 4);
	assert_int_equal(*(uint32_t *)rec, 0x11223344);
	assert_int_equal(bpfsim_vm_perf_consume(vm, pf, 0, rec, sizeof(rec)), 0);
	bpfsim_vm_free(vm);
}

static void test_callbacks(void **state)
{
	struct bpfsim_vm *vm = bpfsim_vm_new(NULL, NULL);
	struct bpfsim_vm_map_def a = { .sz = sizeof(a), .type = BPFSIM_MAP_TYPE_ARRAY, .key_size = 4,
				       .value_size = 4, .max_entries = 3, .name = "a" };
	int fd = bpfsim_vm_map_create(vm, &a, NULL);
	struct bpfsim_err err = { 0 };
	uint64_t r0 = 0;
	/* bpf_loop(10, cb, &sum, 0); cb adds i to sum and stops at i == 6 */
	struct bpfsim_insn loop[] = {
		STDW(10, -8, 0), MOV64I(1, 10), I(0x18, 2, 4, 0, 10), I(0, 0, 0, 0, 0),
		MOV64R(3, 10), ALU64I(ADD, 3, -8), MOV64I(4, 0), CALL(181),
		LDXDW(1, 10, -8), ALU64I(MUL, 0, 1000), ALU64R(ADD, 0, 1), EXIT(),
		/* 12: cb(i, ctx) */
		LDXDW(3, 2, 0), ALU64R(ADD, 3, 1), STXDW(2, 3, 0), MOV64I(0, 0),
		I(0x55, 1, 0, 1, 6), MOV64I(0, 1), EXIT(),
	};
	loop[2].imm = 12 - 2 - 1;
	int id = bpfsim_vm_load(vm, loop, N(loop), "loop", &err);

	assert_true(id >= 0);
	if (bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r0, 7 * 1000 + 21);
	/* for_each_map_elem over [5, 6, 7]: cb(map, key, value, ctx) sums *value + *key */
	for (uint32_t k = 0; k < 3; k++) {
		uint32_t v = 5 + k;
		bpfsim_vm_map_update(vm, fd, &k, &v, 0);
	}
	struct bpfsim_insn fe[] = {
		STDW(10, -8, 0), LD_MAP(1, fd), I(0x18, 2, 4, 0, 0), I(0, 0, 0, 0, 0),
		MOV64R(3, 10), ALU64I(ADD, 3, -8), MOV64I(4, 0), CALL(164),
		LDXDW(1, 10, -8), ALU64I(MUL, 0, 1000), ALU64R(ADD, 0, 1), EXIT(),
		/* 13: cb(map, key, value, ctx) */
		LDXW(5, 3, 0), LDXW(6, 2, 0), ALU64R(ADD, 5, 6), LDXDW(6, 4, 0), ALU64R(ADD, 6, 5),
		STXDW(4, 6, 0), MOV64I(0, 0), EXIT(),
	};
	fe[3].imm = 13 - 3 - 1;
	id = bpfsim_vm_load(vm, fe, N(fe), "for_each", &err);
	assert_true(id >= 0);
	if (bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r0, 3 * 1000 + 18 + 3);
	/* a callback that loops forever exhausts the run's budget */
	struct bpfsim_insn runaway[] = { MOV64I(1, 1000), I(0x18, 2, 4, 0, 0), I(0, 0, 0, 0, 0), MOV64I(3, 0),
					 MOV64I(4, 0), CALL(181), EXIT(), JA(-1) };
	runaway[1].imm = 7 - 1 - 1;
	id = bpfsim_vm_load(vm, runaway, N(runaway), "runaway", &err);
	assert_int_equal(bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err), -E2BIG);
	assert_non_null(strstr(err.msg, "budget"));
	bpfsim_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_division),
		cmocka_unit_test(test_alu_misc),
		cmocka_unit_test(test_jumps),
		cmocka_unit_test(test_fused_pairs),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_checked_faults),
		cmocka_unit_test(test_atomics),
		cmocka_unit_test(test_calls),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_maps_host),
		cmocka_unit_test(test_maps_prog),
		cmocka_unit_test(test_tail_calls),
		cmocka_unit_test(test_ringbuf_trace),
		cmocka_unit_test(test_ldabs_callx),
		cmocka_unit_test(test_run_test_ctx),
		cmocka_unit_test(test_more_helpers),
		cmocka_unit_test(test_more_maps),
		cmocka_unit_test(test_callbacks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
