/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_object.c: time to open and relocate a large (> 1 MB) clang-built
 * object with bpfsim's loader, next to libbpf's bpf_object__open_mem on the
 * same bytes in the same run (libbpf's open parses ELF, BTF and relocation
 * records but does not link subprograms or patch instructions; that happens
 * in its load step, which needs the kernel).
 *
 * The object is generated: NPROGS XDP programs, each looking up two BTF maps,
 * touching global data and calling a chain of shared .text subprograms
 * (three levels), compiled by clang (-O2 -g, so .BTF, .BTF.ext line info and
 * DWARF make it larger). Fails (exit 1) when one bpfsim open+relocate takes
 * a second or more, the bound.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "bpfsim/object.h"

#define NPROGS 700
#define NSUBS 60
#define REPS 5

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

static int gen_source(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "#include <linux/types.h>\n#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n");
	fprintf(f, "struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, __u32); __type(value, __u64);"
		   " __uint(max_entries, 1024); } h SEC(\".maps\");\n");
	fprintf(f, "struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, __u32); __type(value, __u64);"
		   " __uint(max_entries, 64); } a SEC(\".maps\");\n");
	fprintf(f, "__u64 g[64]; const volatile __u32 lim = 9;\n");
	for (int i = 0; i < NSUBS; i++) {
		fprintf(f, "static __noinline __u64 s%d(__u32 x) {\n", i);
		fprintf(f, "  __u32 k = x & 63; __u64 *v = bpf_map_lookup_elem(&a, &k);\n");
		fprintf(f, "  if (v) *v += x * %d;\n", i + 1);
		if (i >= 2)
			fprintf(f, "  if (x > lim) return s%d(x - 1) + s%d(x >> 1);\n", i - 1, i - 2);
		fprintf(f, "  g[k] += %d; return x ^ %d;\n}\n", i, i * 7);
	}
	for (int i = 0; i < NPROGS; i++) {
		fprintf(f, "SEC(\"xdp\") int p%d(struct xdp_md *ctx) {\n", i);
		fprintf(f, "  __u32 k = ctx->data_end - ctx->data + %d; __u64 one = 1;\n", i);
		fprintf(f, "  __u64 *v = bpf_map_lookup_elem(&h, &k);\n");
		fprintf(f, "  if (v) *v += s%d(k); else bpf_map_update_elem(&h, &k, &one, 0);\n", i % NSUBS);
		fprintf(f, "  if (k & %d) g[%d] += k; else g[%d] ^= k;\n", 1 + i % 7, i % 64, (i * 3) % 64);
		fprintf(f, "  return s%d(k + %d) & 1 ? XDP_PASS : XDP_DROP;\n}\n", (i * 7) % NSUBS, i);
	}
	fprintf(f, "char LICENSE[] SEC(\"license\") = \"GPL\";\n");
	return fclose(f);
}

int main(void)
{
	const char *clang = getenv("BPFSIM_CLANG") ? getenv("BPFSIM_CLANG") : "clang";
	char dir[] = "/tmp/bench_object.XXXXXX", src[64], obj[64], cmd[512];
	uint8_t *buf;
	size_t len;
	struct bpfsim_err err;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(src, sizeof(src), "%s/big.bpf.c", dir);
	snprintf(obj, sizeof(obj), "%s/big.o", dir);
	if (gen_source(src)) {
		perror(src);
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "%s -O2 -g -target bpf -I/usr/include/$(%s -print-multiarch 2>/dev/null || echo x86_64-linux-gnu) -c %s -o %s",
		 clang, "cc", src, obj);
	if (system(cmd)) {
		fprintf(stderr, "bench_object: clang failed: %s\n", cmd);
		return 1;
	}
	if (bpfsim_read_file(obj, &buf, &len, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	libbpf_set_print(quiet);
	uint64_t best = UINT64_MAX, lbest = UINT64_MAX;
	size_t progs = 0, insns = 0;

	for (int r = 0; r < REPS; r++) {
		struct bpfsim_object *o;
		uint64_t t0 = now_ns();

		if (bpfsim_object__open_mem(buf, len, NULL, &o, &err)) {
			fprintf(stderr, "bench_object: %s\n", err.msg);
			return 1;
		}
		uint64_t t1 = now_ns();

		progs = bpfsim_object__prog_cnt(o);
		insns = 0;
		for (size_t i = 0; i < progs; i++) {
			size_t n;

			bpfsim_prog__insns(bpfsim_object__prog(o, i), &n);
			insns += n;
		}
		bpfsim_object__close(o);
		if (t1 - t0 < best)
			best = t1 - t0;

		uint64_t t2 = now_ns();
		struct bpf_object *lo = bpf_object__open_mem(buf, len, NULL);
		uint64_t t3 = now_ns();

		if (lo) {
			bpf_object__close(lo);
			if (t3 - t2 < lbest)
				lbest = t3 - t2;
		}
	}
	printf("object %zu bytes, %zu programs, %zu final instructions (subprograms appended)\n", len, progs, insns);
	printf("bpfsim open+relocate: %.1f ms (best of %d)\n", best / 1e6, REPS);
	if (lbest != UINT64_MAX)
		printf("libbpf open (no relocation): %.1f ms; ratio bpfsim/libbpf %.2f\n", lbest / 1e6,
		       (double)best / (double)lbest);
	unlink(src);
	unlink(obj);
	rmdir(dir);
	free(buf);
	if (len < 1000000)
		fprintf(stderr, "bench_object: warning: object is only %zu bytes (< 1 MB)\n", len);
	if (best >= 1000000000ull) {
		fprintf(stderr, "bench_object: FAIL: open+relocate took %.2f s (bound: well under 1 s)\n", best / 1e9);
		return 1;
	}
	return 0;
}
