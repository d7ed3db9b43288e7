/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_vm.c: the interpreter's time per executed eBPF instruction, side by
 * side in one run with (a) the same algorithm in C compiled with the
 * project's flags (-O2 in a Release build) and (b) the kernel's JIT through
 * BPF_PROG_TEST_RUN when root and bpf(2) are available.
 *
 * Benchmarks (the same BPF instructions run in the VM and in the kernel):
 *   loop      r0 = r0 * 3 + r1 for r1 = N..1 (ALU and a backward branch)
 *   checksum  Fletcher-style byte sums over a 4096-byte map value
 *             (a += byte; b += a), one ldxb per byte
 *   ldst64    v = *(u64 *)p + 1; *(u64 *)p = v; acc ^= v over 512 words
 * The memory programs work on an array map value (what a verifier accepts),
 * so each starts with a bpf_map_lookup_elem call.
 *
 * The C references read their inputs through volatile variables and their
 * results go to a volatile sink, so the compiler cannot fold them; the
 * compiler may still optimise them (e.g. vectorise) as it would real code.
 * "ns/insn" for C and the JIT is their time per run divided by the number of
 * eBPF instructions the VM executes per run, so the columns compare like
 * for like. Ratios are printed; nothing is asserted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "bpfsim/vm.h"

#define MEM_SIZE 4096
#define LOOP_N 50000

#define I(c, d, s, o, i) ((struct bpfsim_insn){ (c), (d), (s), (o), (i) })

static volatile uint64_t sink;
static volatile uint32_t v_size = MEM_SIZE;
static volatile uint64_t v_loop_n = LOOP_N;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the programs ---- */

/* r6 = &map[0] (or return 0): 10 slots */
static size_t prologue(struct bpfsim_insn *p, int fd)
{
	size_t n = 0;

	p[n++] = I(0x62, 10, 0, -4, 0);  /* *(u32 *)(r10 - 4) = 0 */
	p[n++] = I(0x18, 1, 1, 0, fd);   /* r1 = map[fd] */
	p[n++] = I(0x00, 0, 0, 0, 0);
	p[n++] = I(0xbf, 2, 10, 0, 0);   /* r2 = r10 */
	p[n++] = I(0x07, 2, 0, 0, -4);   /* r2 += -4 */
	p[n++] = I(0x85, 0, 0, 0, 1);    /* call bpf_map_lookup_elem */
	p[n++] = I(0x55, 0, 0, 2, 0);    /* if r0 != 0 goto +2 */
	p[n++] = I(0xb7, 0, 0, 0, 0);
	p[n++] = I(0x95, 0, 0, 0, 0);
	p[n++] = I(0xbf, 6, 0, 0, 0);    /* r6 = r0 */
	return n;
}

static size_t prog_loop(struct bpfsim_insn *p, int fd)
{
	size_t n = 0;

	p[n++] = I(0xb7, 0, 0, 0, 0);       /* r0 = 0 */
	p[n++] = I(0xb7, 1, 0, 0, LOOP_N);  /* r1 = N */
	p[n++] = I(0x27, 0, 0, 0, 3);       /* r0 *= 3 */
	p[n++] = I(0x0f, 0, 1, 0, 0);       /* r0 += r1 */
	p[n++] = I(0x07, 1, 0, 0, -1);      /* r1 += -1 */
	p[n++] = I(0x55, 1, 0, -4, 0);      /* if r1 != 0 goto -4 */
	p[n++] = I(0x95, 0, 0, 0, 0);
	return n;
}

static size_t prog_checksum(struct bpfsim_insn *p, int fd)
{
	size_t n = prologue(p, fd);

	p[n++] = I(0xb7, 1, 0, 0, 0);         /* r1 = 0 (index) */
	p[n++] = I(0xb7, 0, 0, 0, 0);         /* r0 = 0 (b) */
	p[n++] = I(0xb7, 5, 0, 0, 0);         /* r5 = 0 (a) */
	p[n++] = I(0xbf, 2, 6, 0, 0);         /* loop: r2 = r6 */
	p[n++] = I(0x0f, 2, 1, 0, 0);         /* r2 += r1 */
	p[n++] = I(0x71, 4, 2, 0, 0);         /* r4 = *(u8 *)(r2 + 0) */
	p[n++] = I(0x0f, 5, 4, 0, 0);         /* r5 += r4 */
	p[n++] = I(0x0f, 0, 5, 0, 0);         /* r0 += r5 */
	p[n++] = I(0x07, 1, 0, 0, 1);         /* r1 += 1 */
	p[n++] = I(0xa5, 1, 0, -7, MEM_SIZE); /* if r1 < SIZE goto loop */
	p[n++] = I(0x95, 0, 0, 0, 0);
	return n;
}

static size_t prog_ldst64(struct bpfsim_insn *p, int fd)
{
	size_t n = prologue(p, fd);

	p[n++] = I(0xb7, 1, 0, 0, 0);         /* r1 = 0 (byte offset) */
	p[n++] = I(0xb7, 0, 0, 0, 0);         /* r0 = 0 (acc) */
	p[n++] = I(0xbf, 2, 6, 0, 0);         /* loop: r2 = r6 */
	p[n++] = I(0x0f, 2, 1, 0, 0);         /* r2 += r1 */
	p[n++] = I(0x79, 4, 2, 0, 0);         /* r4 = *(u64 *)(r2 + 0) */
	p[n++] = I(0x07, 4, 0, 0, 1);         /* r4 += 1 */
	p[n++] = I(0x7b, 2, 4, 0, 0);         /* *(u64 *)(r2 + 0) = r4 */
	p[n++] = I(0xaf, 0, 4, 0, 0);         /* r0 ^= r4 */
	p[n++] = I(0x07, 1, 0, 0, 8);         /* r1 += 8 */
	p[n++] = I(0xa5, 1, 0, -8, MEM_SIZE); /* if r1 < SIZE goto loop */
	p[n++] = I(0x95, 0, 0, 0, 0);
	return n;
}

/* ---- the C references ---- */

static __attribute__((noinline)) uint64_t c_loop(void)
{
	uint64_t r0 = 0;

	for (uint64_t r1 = v_loop_n; r1; r1--)
		r0 = r0 * 3 + r1;
	return r0;
}

static __attribute__((noinline)) uint64_t c_checksum(const uint8_t *p)
{
	uint64_t a = 0, b = 0;
	uint32_t n = v_size;

	for (uint32_t i = 0; i < n; i++) {
		a += p[i];
		b += a;
	}
	return b;
}

static __attribute__((noinline)) uint64_t c_ldst64(uint8_t *p)
{
	uint64_t acc = 0;
	uint32_t n = v_size;

	for (uint32_t i = 0; i < n; i += 8) {
		uint64_t v;

		memcpy(&v, p + i, 8);
		v += 1;
		memcpy(p + i, &v, 8);
		acc ^= v;
	}
	return acc;
}

/* ---- the kernel ---- */

/* Returns ns per run from BPF_PROG_TEST_RUN, or a negative value when the
 * kernel is not available; *ret gets retval. */
static double kernel_run(size_t (*gen)(struct bpfsim_insn *, int), const uint8_t *mem, int repeat,
			 uint32_t *ret, char *why, size_t whylen)
{
	struct bpfsim_insn prog[64];
	struct bpf_insn kp[64];
	uint8_t pkt[64] = { 0 };
	char log[4096] = "";
	int map_fd, prog_fd;
	uint32_t key = 0;
	size_t n;
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = log, .log_size = sizeof(log), .log_level = 0);
	LIBBPF_OPTS(bpf_test_run_opts, tr, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = repeat);

	if (geteuid() != 0) {
		snprintf(why, whylen, "not root");
		return -1;
	}
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bench_mem", 4, MEM_SIZE, 1, NULL);
	if (map_fd < 0) {
		snprintf(why, whylen, "bpf_map_create: %s", strerror(errno));
		return -1;
	}
	if (bpf_map_update_elem(map_fd, &key, mem, 0) < 0) {
		snprintf(why, whylen, "bpf_map_update_elem: %s", strerror(errno));
		close(map_fd);
		return -1;
	}
	n = gen(prog, map_fd);
	memset(kp, 0, sizeof(kp));
	for (size_t i = 0; i < n; i++) {
		kp[i].code = prog[i].code;
		kp[i].dst_reg = prog[i].dst;
		kp[i].src_reg = prog[i].src;
		kp[i].off = prog[i].off;
		kp[i].imm = prog[i].imm;
	}
	prog_fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bench", "GPL", kp, n, &lo);
	if (prog_fd < 0) {
		char *last = strrchr(log, '\n');

		if (last && last != log) {
			*last = 0;
			last = strrchr(log, '\n');
		}
		snprintf(why, whylen, "BPF_PROG_LOAD: %s (%s)", strerror(errno), last ? last + 1 : log);
		close(map_fd);
		return -1;
	}
	if (bpf_prog_test_run_opts(prog_fd, &tr) < 0) {
		snprintf(why, whylen, "BPF_PROG_TEST_RUN: %s", strerror(errno));
		close(prog_fd);
		close(map_fd);
		return -1;
	}
	*ret = tr.retval;
	close(prog_fd);
	close(map_fd);
	return (double)tr.duration;
}

/* ---- driver ---- */

struct bench {
	const char *name;
	size_t (*gen)(struct bpfsim_insn *, int);
	int repeat;
};

static uint64_t c_run(int which, uint8_t *mem)
{
	switch (which) {
	case 0: return c_loop();
	case 1: return c_checksum(mem);
	default: return c_ldst64(mem);
	}
}

static void fill(uint8_t *mem)
{
	uint32_t x = 12345;

	for (int i = 0; i < MEM_SIZE; i++) {
		x = x * 1103515245u + 12345u;
		mem[i] = (uint8_t)(x >> 16);
	}
}

int main(void)
{
	static const struct bench benches[] = {
		{ "loop", prog_loop, 2000 },
		{ "checksum", prog_checksum, 10000 },
		{ "ldst64", prog_ldst64, 40000 },
	};
	uint8_t mem[MEM_SIZE], cmem[MEM_SIZE];
	int status = 0;

	printf("%-9s %9s %12s %12s %10s %10s %9s %9s %9s\n", "bench", "insns/run", "vm-checked",
	       "vm-trusted", "C", "kernelJIT", "trust/C", "check/C", "trust/JIT");
	printf("%-9s %9s %12s %12s %10s %10s\n", "", "", "ns/insn", "ns/insn", "ns/insn", "ns/insn");
	for (size_t b = 0; b < sizeof(benches) / sizeof(benches[0]); b++) {
		const struct bench *bn = &benches[b];
		struct bpfsim_err err = { 0 };
		double vm_ns[2] = { 0, 0 }, c_ns, k_ns;
		uint64_t insns = 0, r_vm = 0, r_c;
		uint32_t r_k = 0;
		char why[256] = "";

		for (int mode = 0; mode < 2; mode++) {
			struct bpfsim_vm_opts o = { .sz = sizeof(o), .mode = (enum bpfsim_vm_mode)mode };
			struct bpfsim_vm *vm = bpfsim_vm_new(&o, &err);
			struct bpfsim_vm_map_def md = { .sz = sizeof(md), .type = BPFSIM_MAP_TYPE_ARRAY,
							.key_size = 4, .value_size = MEM_SIZE,
							.max_entries = 1, .name = "bench_mem" };
			struct bpfsim_insn prog[64];
			uint32_t key = 0;
			int fd, id;
			uint64_t t0, r0 = 0;

			fd = vm ? bpfsim_vm_map_create(vm, &md, &err) : -1;
			if (fd < 0) {
				fprintf(stderr, "bench_vm: %s\n", err.msg);
				return 1;
			}
			fill(mem);
			bpfsim_vm_map_update(vm, fd, &key, mem, 0);
			id = bpfsim_vm_load(vm, prog, bn->gen(prog, fd), bn->name, &err);
			if (id < 0 || bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, &err) < 0) {
				fprintf(stderr, "bench_vm: %s: %s\n", bn->name, err.msg);
				return 1;
			}
			r_vm = r0;
			insns = bpfsim_vm_insn_count(vm);
			t0 = now_ns();
			for (int i = 0; i < bn->repeat; i++)
				bpfsim_vm_run_mem(vm, id, NULL, 0, &r0, NULL);
			vm_ns[mode] = (double)(now_ns() - t0) / bn->repeat / (double)insns;
			bpfsim_vm_free(vm);
		}
		fill(cmem);
		r_c = c_run((int)b, cmem);
		if (r_c != r_vm) {
			fprintf(stderr, "bench_vm: %s: VM result 0x%" PRIx64 " != C result 0x%" PRIx64 "\n",
				bn->name, r_vm, r_c);
			status = 1;
		}
		{
			uint64_t t0 = now_ns();

			for (int i = 0; i < bn->repeat; i++)
				sink = c_run((int)b, cmem);
			c_ns = (double)(now_ns() - t0) / bn->repeat / (double)insns;
		}
		fill(mem);
		k_ns = kernel_run(bn->gen, mem, 1, &r_k, why, sizeof(why));
		if (k_ns >= 0 && r_k != (uint32_t)r_vm) {
			fprintf(stderr, "bench_vm: %s: kernel retval 0x%x != VM r0 (low 32 bits) 0x%x\n",
				bn->name, r_k, (uint32_t)r_vm);
			status = 1;
		}
		if (k_ns >= 0)
			k_ns = kernel_run(bn->gen, mem, bn->repeat, &r_k, why, sizeof(why));
		if (k_ns >= 0)
			k_ns /= (double)insns;
		printf("%-9s %9" PRIu64 " %12.3f %12.3f %10.3f ", bn->name, insns, vm_ns[0], vm_ns[1], c_ns);
		if (k_ns >= 0)
			printf("%10.3f %8.1fx %8.1fx %8.1fx\n", k_ns, vm_ns[1] / c_ns, vm_ns[0] / c_ns,
			       vm_ns[1] / k_ns);
		else
			printf("%10s %8.1fx %8.1fx %9s\n", "n/a", vm_ns[1] / c_ns, vm_ns[0] / c_ns, "n/a");
		if (k_ns < 0)
			printf("          (kernel JIT: %s)\n", why);
	}
	printf("target: vm-trusted <= 10x C on every benchmark\n");
	return status;
}
