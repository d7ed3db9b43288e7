/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim run: run a program in the VM.
 *
 *   bpfsim run --raw PROG.bin [--mem MEM.bin] [--repeat N] [--checked|--trusted]
 *   bpfsim run --conformance-plugin [MEMHEX] [--checked|--trusted]
 *
 * --raw: r1 = the memory buffer, r2 = its length, the same buffer reused over
 * the N runs; prints "result 0x<hex>" (r0 of the last run), "insns <n>" (per
 * run), "ns_per_run <float>" (mean wall time per run, loading excluded) and
 * any bpf_trace_printk output as "trace <line>". On error: "error <why>" and a
 * non-zero exit code.
 *
 * --vectors F.jsonl: for each vector with kernel.runs, create its maps, load
 * it and run it on each run's data as BPF_PROG_TEST_RUN would
 * (bpfsim_vm_run_test); print {"name":..,"runs":[{"retval":N},..]} per vector
 * (a run that faults gives {"error":".."}; a vector that cannot be run gives
 * {"name":..,"verdict":"unsupported"|"invalid","error":..}); a retval that
 * differs from the kernel's recorded one is reported on stderr (exit 1).
 *
 * --conformance-plugin: the interface of the bpf_conformance runner: the
 * program as hex bytes on stdin, the memory as hex bytes in the first
 * argument, r0 printed in hex on stdout; helper 5 returns r1 (the runner's
 * "unwind" helper).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "bpfsim/object.h"
#include "bpfsim/vectors.h"
#include "bpfsim/vm.h"
#include "cli.h"

static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim run OBJ.o [--prog NAME] [--data PKT.bin | --ctx CTX.bin] [--repeat N]\n"
		"                  [--dump-maps] [--json]\n"
		"                  [--checked|--trusted] [--budget N]\n"
		"       bpfsim run --raw PROG.bin [--mem MEM.bin] [--repeat N] [--checked|--trusted]\n"
		"                  [--budget N]\n"
		"       bpfsim run --vectors F.jsonl [--json] [--checked|--trusted]\n"
		"       bpfsim run --conformance-plugin [MEMHEX] [--checked|--trusted]\n\n"
		"Run eBPF programs in the bpfsim VM (Linux semantics, real maps and helpers).\n\n"
		"  OBJ.o                 an ELF object (clang -target bpf): the program (--prog NAME\n"
		"                        when there are several) runs as BPF_PROG_TEST_RUN would run\n"
		"                        it on --data (socket_filter, sched_cls, sched_act,\n"
		"                        cgroup_skb, xdp), with its maps and global data\n"
		"  --data FILE           the packet (data_in) for skb and xdp programs: an\n"
		"                        Ethernet frame (at least 14 bytes; an IPv4/IPv6 frame at\n"
		"                        least 34/54). The context is built from it as the\n"
		"                        kernel's test run builds it: socket_filter and\n"
		"                        cgroup_skb get a struct __sk_buff whose data starts\n"
		"                        after the Ethernet header, sched_cls/sched_act one over\n"
		"                        the whole frame, xdp a struct xdp_md (ctx_in is not\n"
		"                        supported)\n"
		"  --ctx FILE            raw context bytes (the same option as --data; the\n"
		"                        program gets them read-only as r1) for:\n"
		"                          kprobe/uprobe   struct pt_regs (x86-64, 168 bytes: r15\n"
		"                                          r14 r13 r12 bp bx r11 r10 r9 r8 ax cx\n"
		"                                          dx si di orig_ax ip cs flags sp ss, u64\n"
		"                                          each; PARM1 = di at offset 112)\n"
		"                          tracepoint      the record as the event's format file\n"
		"                                          lays it out (8-byte common header,\n"
		"                                          then the fields at their offsets)\n"
		"                          perf_event      struct bpf_perf_event_data: pt_regs,\n"
		"                                          then sample_period and addr (u64)\n"
		"                          raw_tracepoint  the arguments, one u64 each\n"
		"                        at most 4096 bytes\n"
		"  --dump-maps           after the runs, print 'map NAME KEYHEX VALUEHEX' for every\n"
		"                        element of the program's maps (and of the inner maps its\n"
		"                        map-in-map slots hold, as __array(values) sets them)\n"
		"  --raw PROG.bin        raw little-endian 8-byte instructions\n"
		"  --mem MEM.bin         memory passed to a raw program: r1 = its address, r2 = its\n"
		"                        length (default: none, r1 = 0, r2 = 0); reused across runs\n"
		"  --repeat N            run N times (default 1); prints the mean time per run\n"
		"  --checked             check every memory access against the regions the\n"
		"                        program may touch (default)\n"
		"  --trusted             no memory checks (only for programs a verifier accepted)\n"
		"  --budget N            stop a run after N executed instructions (default %llu)\n"
		"  --vectors F.jsonl     run each vector's recorded kernel runs (socket_filter,\n"
		"                        sched_cls, sched_act, cgroup_skb, xdp, and the tracing\n"
		"                        types above) as BPF_PROG_TEST_RUN would;\n"
		"                        prints {\"name\":..,\"runs\":[{\"retval\":N},..]} per vector\n"
		"                        and reports retvals that differ from the kernel's on stderr\n"
		"  --json                OBJ: print one JSON object {\"name\",\"retval\",\"insns\",\n"
		"                        \"ns_per_run\",\"trace\":[..],\"maps\":{NAME:[{\"key\",\"value\"}]}}\n"
		"                        (maps with --dump-maps); --vectors: always JSON\n"
		"  --conformance-plugin  bpf_conformance plugin mode: program hex on stdin, memory\n"
		"                        hex in the first argument, prints r0 in hex; helper 5\n"
		"                        returns r1\n\n"
		"Output of OBJ and --raw: 'result 0x<r0>' (OBJ: the 32-bit retval), 'insns <executed\n"
		"in the last run>', 'ns_per_run <mean wall time, loading excluded>', then\n"
		"'trace <line>' for each bpf_trace_printk line. On error: 'error <why>'.\n\n"
		"exit codes: 0 ran (vectors: every retval matched the kernel's), 1 a program\n"
		"faulted at run time (vectors: or a retval differed), 2 usage, 3 unreadable or\n"
		"invalid program, memory or data, 4 unsupported, 5 internal error\n",
		(unsigned long long)BPFSIM_VM_DEFAULT_BUDGET);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse hex bytes ("b7 00 ..", "b700..", optional 0x prefixes); returns the
 * count or -1 on a bad character or an odd digit count. */
static long parse_hex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ',')
			continue;
		if (*s == '0' && (s[1] == 'x' || s[1] == 'X') && hi < 0) {
			s++;
			continue;
		}
		v = hexval((unsigned char)*s);
		if (v < 0)
			return -1;
		if (hi < 0) {
			hi = v;
		} else {
			if (n >= cap)
				return -1;
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? (long)n : -1;
}

static void print_trace(struct bpfsim_vm *vm);
static void print_json(struct json_object *o);

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int unwind_helper(struct bpfsim_vm *vm, const uint64_t args[5], uint64_t *ret, void *user)
{
	*ret = args[0];
	return 0;
}

static int exit_for(int code)
{
	if (code == -ENOTSUP)
		return BPFSIM_EXIT_UNSUPPORTED;
	if (code == -ENOMEM)
		return BPFSIM_EXIT_INTERNAL;
	return BPFSIM_EXIT_INPUT;
}

static int conformance_plugin(const char *memhex, enum bpfsim_vm_mode mode)
{
	struct bpfsim_vm_opts opts = { .sz = sizeof(opts), .mode = mode };
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm *vm;
	uint8_t *text, *prog = NULL, *mem = NULL;
	size_t len;
	long plen, mlen = 0;
	uint64_t r0 = 0;
	int rc, id, status = BPFSIM_EXIT_OK;

	rc = bpfsim_read_file("/dev/stdin", &text, &len, &err);
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	prog = malloc(len / 2 + 1);
	mem = malloc(memhex ? strlen(memhex) / 2 + 1 : 1);
	if (!prog || !mem) {
		free(text);
		free(prog);
		free(mem);
		fprintf(stderr, "out of memory\n");
		return BPFSIM_EXIT_INTERNAL;
	}
	plen = parse_hex((const char *)text, prog, len / 2 + 1);
	free(text);
	if (memhex)
		mlen = parse_hex(memhex, mem, strlen(memhex) / 2 + 1);
	if (plen < 0 || mlen < 0) {
		fprintf(stderr, "bpfsim run: invalid hex in the %s\n", plen < 0 ? "program" : "memory");
		free(prog);
		free(mem);
		return BPFSIM_EXIT_INPUT;
	}
	vm = bpfsim_vm_new(&opts, &err);
	if (!vm) {
		fprintf(stderr, "%s\n", err.msg);
		free(prog);
		free(mem);
		return BPFSIM_EXIT_INTERNAL;
	}
	bpfsim_vm_register_helper(vm, 5, "unwind", unwind_helper, NULL, NULL);
	id = bpfsim_vm_load_raw(vm, prog, (size_t)plen, "stdin", &err);
	if (id < 0) {
		fprintf(stderr, "%s\n", err.msg);
		status = exit_for(id);
	} else if ((rc = bpfsim_vm_run_mem(vm, id, mlen ? mem : NULL, (size_t)mlen, &r0, &err)) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		status = BPFSIM_EXIT_REJECTED;
	} else {
		printf("%" PRIx64 "\n", r0);
	}
	bpfsim_vm_free(vm);
	free(prog);
	free(mem);
	return status;
}

static int run_raw(const char *path, const char *mem_path, unsigned long repeat, uint64_t budget,
		   enum bpfsim_vm_mode mode)
{
	struct bpfsim_vm_opts opts = { .sz = sizeof(opts), .mode = mode, .insn_budget = budget };
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm *vm = NULL;
	uint8_t *prog = NULL, *mem = NULL;
	size_t plen, mlen = 0;
	uint64_t r0 = 0, t0, t1, insns = 0;
	int rc, id, status = BPFSIM_EXIT_OK;

	if (bpfsim_read_file(path, &prog, &plen, &err) < 0) {
		printf("error %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	if (mem_path && bpfsim_read_file(mem_path, &mem, &mlen, &err) < 0) {
		printf("error %s\n", err.msg);
		free(prog);
		return BPFSIM_EXIT_INPUT;
	}
	vm = bpfsim_vm_new(&opts, &err);
	if (!vm) {
		printf("error %s\n", err.msg);
		status = BPFSIM_EXIT_INTERNAL;
		goto out;
	}
	id = bpfsim_vm_load_raw(vm, prog, plen, path, &err);
	if (id < 0) {
		printf("error %s\n", err.msg);
		status = exit_for(id);
		goto out;
	}
	t0 = now_ns();
	for (unsigned long i = 0; i < repeat; i++) {
		rc = bpfsim_vm_run_mem(vm, id, mem_path ? mem : NULL, mlen, &r0, &err);
		if (rc < 0) {
			printf("error %s\n", err.msg);
			status = BPFSIM_EXIT_REJECTED;
			goto out;
		}
		insns = bpfsim_vm_insn_count(vm);
	}
	t1 = now_ns();
	printf("result 0x%" PRIx64 "\n", r0);
	printf("insns %" PRIu64 "\n", insns);
	printf("ns_per_run %.1f\n", (double)(t1 - t0) / (double)repeat);
	print_trace(vm);
out:
	bpfsim_vm_free(vm);
	free(prog);
	free(mem);
	return status;
}

/* Create maps (with optional initial contents of key 0, for global data),
 * rewrite ld_imm64 map references j -> the VM's fd, load. Returns the
 * program id or a negative errno (err set). */
static int load_with_maps(struct bpfsim_vm *vm, const struct bpfsim_insn *src, size_t n,
			  const struct bpfsim_vm_map_def *defs, const void *const *init, const size_t *init_len,
			  size_t nmaps, const char *name, struct bpfsim_err *err)
{
	struct bpfsim_insn *insns = calloc(n + 1, sizeof(*insns));
	int *fds = calloc(nmaps + 1, sizeof(*fds));
	int rc = 0;

	if (!insns || !fds) {
		rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
		goto out;
	}
	for (size_t j = 0; j < nmaps; j++) {
		fds[j] = bpfsim_vm_map_create(vm, &defs[j], err);
		if (fds[j] < 0) {
			rc = fds[j];
			goto out;
		}
		if (init && init[j] && init_len[j]) {
			uint32_t key = 0;
			int vs = bpfsim_vm_map_value_size(vm, fds[j]);
			uint8_t *val = calloc(1, vs > 0 ? (size_t)vs : 1);

			if (!val) {
				rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
				goto out;
			}
			memcpy(val, init[j], init_len[j] < (size_t)vs ? init_len[j] : (size_t)vs);
			rc = bpfsim_vm_map_update(vm, fds[j], &key, val, 0);
			free(val);
			if (rc < 0) {
				bpfsim_errf(err, rc, "%s: cannot set the initial value of map %s", name,
					    defs[j].name ? defs[j].name : "?");
				goto out;
			}
		}
	}
	memcpy(insns, src, n * sizeof(*insns));
	for (size_t i = 0; i + 1 < n; i++) {
		if (insns[i].code != 0x18)
			continue;
		if (insns[i].src == 1 || insns[i].src == 2) {
			if (insns[i].imm < 0 || (size_t)insns[i].imm >= nmaps) {
				rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: ld_imm64 refers to map %d, which the "
						 "program does not have", name, i, insns[i].imm);
				goto out;
			}
			insns[i].imm = fds[insns[i].imm];
		}
		i++;
	}
	rc = bpfsim_vm_load(vm, insns, n, name, err);
out:
	free(insns);
	free(fds);
	return rc;
}

static void print_trace(struct bpfsim_vm *vm)
{
	size_t tl;
	const char *tr = bpfsim_vm_trace(vm, &tl), *p = tr;

	while (p < tr + tl) {
		const char *nl = memchr(p, '\n', (size_t)(tr + tl - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(tr + tl - p);

		printf("trace %.*s\n", (int)l, p);
		p += l + 1;
	}
}

static void print_hex(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", ((const uint8_t *)p)[i]);
}

/* "map NAME KEYHEX VALUEHEX" for every element of every map (arrays: every
 * index; the VM's iteration order) */
static void dump_maps(struct bpfsim_vm *vm, int nmaps)
{
	for (int fd = 1; fd <= nmaps; fd++) {
		const struct bpfsim_vm_map_def *d = bpfsim_vm_map_def(vm, fd);
		int vs = bpfsim_vm_map_value_size(vm, fd);
		uint8_t *k, *nk, *v;
		int count = 0;

		if (!d || d->type == BPFSIM_MAP_TYPE_PROG_ARRAY || d->type == BPFSIM_MAP_TYPE_RINGBUF)
			continue;
		k = calloc(1, d->key_size + 1);
		nk = calloc(1, d->key_size + 1);
		v = calloc(1, (size_t)vs + 1);
		if (!k || !nk || !v) {
			free(k);
			free(nk);
			free(v);
			return;
		}
		for (int rc = bpfsim_vm_map_next_key(vm, fd, NULL, nk); rc == 0 && count < 100000;
		     rc = bpfsim_vm_map_next_key(vm, fd, k, nk), count++) {
			memcpy(k, nk, d->key_size);
			if (bpfsim_vm_map_lookup(vm, fd, k, v) < 0)
				continue;
			printf("map %s ", d->name);
			print_hex(k, d->key_size);
			printf(" ");
			print_hex(v, (size_t)vs);
			printf("\n");
		}
		free(k);
		free(nk);
		free(v);
	}
}

static char *hex_of(const void *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = d[((const uint8_t *)p)[i] >> 4];
		s[2 * i + 1] = d[((const uint8_t *)p)[i] & 15];
	}
	s[2 * n] = 0;
	return s;
}

/* --json: {"name":..,"retval":N,"insns":N,"ns_per_run":F,"trace":[..],
 * "maps":{"NAME":[{"key":"hex","value":"hex"},..],..}} (maps with --dump-maps) */
static void print_object_json(struct bpfsim_vm *vm, const char *name, uint32_t ret, double ns, int nmaps,
			      bool dump)
{
	struct json_object *o = json_object_new_object(), *tr = json_object_new_array();
	size_t tl;
	const char *t = bpfsim_vm_trace(vm, &tl), *p = t;

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "retval", json_object_new_int64(ret));
	json_object_object_add(o, "insns", json_object_new_int64((int64_t)bpfsim_vm_insn_count(vm)));
	json_object_object_add(o, "ns_per_run", json_object_new_double(ns));
	while (p < t + tl) {
		const char *nl = memchr(p, '\n', (size_t)(t + tl - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(t + tl - p);

		json_object_array_add(tr, json_object_new_string_len(p, (int)l));
		p += l + 1;
	}
	json_object_object_add(o, "trace", tr);
	if (dump) {
		struct json_object *maps = json_object_new_object();

		for (int fd = 1; fd <= nmaps; fd++) {
			const struct bpfsim_vm_map_def *d = bpfsim_vm_map_def(vm, fd);
			int vs = bpfsim_vm_map_value_size(vm, fd);
			struct json_object *arr;
			uint8_t *k, *nk, *v;
			int count = 0;

			if (!d || d->type == BPFSIM_MAP_TYPE_PROG_ARRAY || d->type == BPFSIM_MAP_TYPE_RINGBUF)
				continue;
			k = calloc(1, d->key_size + 1);
			nk = calloc(1, d->key_size + 1);
			v = calloc(1, (size_t)vs + 1);
			arr = json_object_new_array();
			for (int rc = k && nk && v ? bpfsim_vm_map_next_key(vm, fd, NULL, nk) : -ENOMEM;
			     rc == 0 && count < 100000; rc = bpfsim_vm_map_next_key(vm, fd, k, nk), count++) {
				struct json_object *e;
				char *hk, *hv;

				memcpy(k, nk, d->key_size);
				if (bpfsim_vm_map_lookup(vm, fd, k, v) < 0)
					continue;
				hk = hex_of(k, d->key_size);
				hv = hex_of(v, (size_t)vs);
				e = json_object_new_object();
				json_object_object_add(e, "key", json_object_new_string(hk ? hk : ""));
				json_object_object_add(e, "value", json_object_new_string(hv ? hv : ""));
				json_object_array_add(arr, e);
				free(hk);
				free(hv);
			}
			json_object_object_add(maps, d->name, arr);
			free(k);
			free(nk);
			free(v);
		}
		json_object_object_add(o, "maps", maps);
	}
	print_json(o);
}

/* Map-in-map slots initialised in C (__array(values, ...) = { [i] = &inner }):
 * store the inner map's fd at i, as libbpf does. The program's maps have fds
 * 1..nmaps (load_with_maps creates them in order in a fresh VM); an inner map
 * the program does not refer to itself is created here (once). */
static int fill_inner_maps(struct bpfsim_vm *vm, const struct bpfsim_object *obj, const struct bpfsim_prog *prog,
			   size_t nmaps, struct bpfsim_err *err)
{
	size_t nobj = bpfsim_object__map_cnt(obj);
	int *fd_of = calloc(nobj + 1, sizeof(*fd_of)); /* object map index -> VM fd, 0 = none */
	int rc = 0;

	if (!fd_of)
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	for (size_t j = 0; j < nmaps; j++)
		if (bpfsim_prog__map(prog, j)->index < nobj)
			fd_of[bpfsim_prog__map(prog, j)->index] = (int)j + 1;
	for (size_t j = 0; j < nmaps && rc == 0; j++) {
		const struct bpfsim_map_def *m = bpfsim_prog__map(prog, j);

		if (m->type != BPFSIM_MAP_TYPE_ARRAY_OF_MAPS && m->type != BPFSIM_MAP_TYPE_HASH_OF_MAPS)
			continue;
		for (size_t k = 0; k < m->init_slot_cnt && rc == 0; k++) {
			const struct bpfsim_map_slot *sl = &m->init_slots[k];
			const struct bpfsim_map_def *in;
			uint32_t fdv;

			if (sl->map < 0 || (size_t)sl->map >= nobj)
				continue;
			if (!fd_of[sl->map]) {
				struct bpfsim_vm_map_def d;

				in = bpfsim_object__map(obj, (size_t)sl->map);
				d = (struct bpfsim_vm_map_def){ .sz = sizeof(d), .type = in->type, .key_size = in->key_size,
								.value_size = in->value_size,
								.max_entries = in->max_entries, .flags = in->map_flags,
								.name = in->name };
				rc = bpfsim_vm_map_create(vm, &d, err);
				if (rc < 0)
					break;
				fd_of[sl->map] = rc;
				rc = 0;
			}
			fdv = (uint32_t)fd_of[sl->map];
			rc = bpfsim_vm_map_update(vm, (int)j + 1, &sl->index, &fdv, 0);
			if (rc < 0)
				bpfsim_errf(err, rc, "map %s: cannot store inner map %ld at slot %u", m->name, sl->map,
					    sl->index);
		}
	}
	free(fd_of);
	return rc;
}

static int run_object(const char *path, const char *prog_name, const char *data_path, unsigned long repeat,
		      uint64_t budget, enum bpfsim_vm_mode mode, bool dump, bool json)
{
	struct bpfsim_vm_opts opts = { .sz = sizeof(opts), .mode = mode, .insn_budget = budget };
	struct bpfsim_err err = { 0 };
	struct bpfsim_object *obj = NULL;
	const struct bpfsim_prog *prog = NULL;
	struct bpfsim_vm *vm = NULL;
	struct bpfsim_vm_map_def *defs = NULL;
	const void **init = NULL;
	size_t *init_len = NULL, n = 0, nmaps;
	const struct bpfsim_insn *insns;
	uint8_t *data = NULL;
	size_t data_len = 0;
	uint32_t ret = 0;
	uint64_t t0, t1;
	int id, rc, status = BPFSIM_EXIT_OK;

	if (bpfsim_object__open(path, NULL, &obj, &err) < 0) {
		printf("error %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	if (prog_name) {
		prog = bpfsim_object__find_prog(obj, prog_name);
		if (!prog) {
			printf("error %s: no program named '%s'\n", path, prog_name);
			status = BPFSIM_EXIT_USAGE;
			goto out;
		}
	} else if (bpfsim_object__prog_cnt(obj) == 1) {
		prog = bpfsim_object__prog(obj, 0);
	} else {
		printf("error %s: %zu programs: name one with --prog\n", path, bpfsim_object__prog_cnt(obj));
		status = BPFSIM_EXIT_USAGE;
		goto out;
	}
	if (data_path && bpfsim_read_file(data_path, &data, &data_len, &err) < 0) {
		printf("error %s\n", err.msg);
		status = BPFSIM_EXIT_INPUT;
		goto out;
	}
	nmaps = bpfsim_prog__map_cnt(prog);
	defs = calloc(nmaps + 1, sizeof(*defs));
	init = calloc(nmaps + 1, sizeof(*init));
	init_len = calloc(nmaps + 1, sizeof(*init_len));
	vm = bpfsim_vm_new(&opts, &err);
	if (!defs || !init || !init_len || !vm) {
		printf("error out of memory\n");
		status = BPFSIM_EXIT_INTERNAL;
		goto out;
	}
	for (size_t j = 0; j < nmaps; j++) {
		const struct bpfsim_map_def *m = bpfsim_prog__map(prog, j);

		defs[j] = (struct bpfsim_vm_map_def){ .sz = sizeof(defs[j]), .type = m->type,
						      .key_size = m->key_size, .value_size = m->value_size,
						      .max_entries = m->max_entries, .flags = m->map_flags,
						      .name = m->name };
		init[j] = m->initial_value;
		init_len[j] = m->initial_size;
	}
	insns = bpfsim_prog__insns(prog, &n);
	id = load_with_maps(vm, insns, n, defs, init, init_len, nmaps, bpfsim_prog__name(prog), &err);
	if (id < 0) {
		printf("error %s\n", err.msg);
		status = id == -ENOTSUP ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_INPUT;
		goto out;
	}
	rc = fill_inner_maps(vm, obj, prog, nmaps, &err);
	if (rc < 0) {
		printf("error %s\n", err.msg);
		status = rc == -ENOTSUP ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_INPUT;
		goto out;
	}
	t0 = now_ns();
	for (unsigned long i = 0; i < repeat; i++) {
		rc = bpfsim_vm_run_test(vm, id, (int)bpfsim_prog__type(prog), data, data_len, &ret, &err);
		if (rc < 0) {
			printf("error %s\n", err.msg);
			status = rc == -ENOTSUP ? BPFSIM_EXIT_UNSUPPORTED : rc == -EINVAL ? BPFSIM_EXIT_INPUT
										 : BPFSIM_EXIT_REJECTED;
			goto out;
		}
	}
	t1 = now_ns();
	while (bpfsim_vm_map_def(vm, (int)nmaps + 1))
		nmaps++; /* inner maps fill_inner_maps created are dumped too */
	if (json) {
		print_object_json(vm, bpfsim_prog__name(prog), ret, (double)(t1 - t0) / (double)repeat,
				  (int)nmaps, dump);
		goto out;
	}
	printf("result 0x%x\n", ret);
	printf("insns %" PRIu64 "\n", bpfsim_vm_insn_count(vm));
	printf("ns_per_run %.1f\n", (double)(t1 - t0) / (double)repeat);
	print_trace(vm);
	if (dump)
		dump_maps(vm, (int)nmaps);
out:
	bpfsim_vm_free(vm);
	free(defs);
	free(init);
	free(init_len);
	free(data);
	bpfsim_object__close(obj);
	return status;
}

static void print_json(struct json_object *o)
{
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

static struct json_object *vec_head(const struct bpfsim_vector *v)
{
	struct json_object *o = json_object_new_object();

	if (v->name)
		json_object_object_add(o, "name", json_object_new_string(v->name));
	else
		json_object_object_add(o, "line", json_object_new_int64((int64_t)v->line));
	return o;
}

static void vec_fail(const struct bpfsim_vector *v, const char *verdict, const char *why)
{
	struct json_object *o = vec_head(v);

	json_object_object_add(o, "verdict", json_object_new_string(verdict));
	json_object_object_add(o, "error", json_object_new_string(why));
	print_json(o);
}

/* Run one vector's kernel runs; returns the exit status it deserves. */
static int run_vector(const struct bpfsim_vector *v, enum bpfsim_vm_mode mode)
{
	struct bpfsim_vm_opts opts = { .sz = sizeof(opts), .mode = mode };
	struct bpfsim_err err = { 0 };
	struct bpfsim_vm *vm = bpfsim_vm_new(&opts, &err);
	struct bpfsim_vm_map_def *defs = NULL;
	struct json_object *o, *runs;
	int id, status = BPFSIM_EXIT_OK;

	if (!vm) {
		vec_fail(v, "unsupported", err.msg);
		return BPFSIM_EXIT_INTERNAL;
	}
	defs = calloc(v->nr_maps + 1, sizeof(*defs));
	if (!defs) {
		vec_fail(v, "unsupported", "out of memory");
		status = BPFSIM_EXIT_INTERNAL;
		goto out;
	}
	for (size_t j = 0; j < v->nr_maps; j++)
		defs[j] = (struct bpfsim_vm_map_def){ .sz = sizeof(defs[j]), .type = (uint32_t)v->maps[j].type,
						      .key_size = v->maps[j].key_size,
						      .value_size = v->maps[j].value_size,
						      .max_entries = v->maps[j].max_entries,
						      .flags = v->maps[j].flags, .name = v->maps[j].name };
	id = load_with_maps(vm, v->insns, v->nr_insns, defs, NULL, NULL, v->nr_maps,
			    v->name ? v->name : "vector", &err);
	if (id < 0) {
		vec_fail(v, id == -ENOTSUP ? "unsupported" : "invalid", err.msg);
		status = id == -ENOTSUP ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_INPUT;
		goto out;
	}
	o = vec_head(v);
	runs = json_object_new_array();
	for (size_t k = 0; k < v->kernel.nr_runs; k++) {
		const struct bpfsim_vec_run *r = &v->kernel.runs[k];
		struct json_object *ro = json_object_new_object();
		uint32_t ret = 0;
		int rc = bpfsim_vm_run_test(vm, id, v->prog_type, r->data, r->data_len, &ret, &err);

		if (rc < 0) {
			json_object_object_add(ro, "error", json_object_new_string(err.msg));
			status = rc == -ENOTSUP ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_REJECTED;
		} else {
			json_object_object_add(ro, "retval", json_object_new_int64(ret));
			if ((int64_t)ret != r->retval) {
				fprintf(stderr, "bpfsim run: %s: run %zu: retval %u, the kernel gave %" PRId64 "\n",
					v->name ? v->name : "vector", k, ret, r->retval);
				status = BPFSIM_EXIT_REJECTED;
			}
		}
		json_object_array_add(runs, ro);
	}
	json_object_object_add(o, "runs", runs);
	print_json(o);
out:
	free(defs);
	bpfsim_vm_free(vm);
	return status;
}

static int run_vectors(const char *path, enum bpfsim_vm_mode mode)
{
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	int rc, status = BPFSIM_EXIT_OK;

	if (bpfsim_vec_reader_open(&r, path, NULL, &err) < 0) {
		fprintf(stderr, "bpfsim run: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	bpfsim_vector_init(&v);
	while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
		int s = BPFSIM_EXIT_OK;

		if (rc == -EINVAL) {
			vec_fail(&v, "invalid", err.msg);
			s = BPFSIM_EXIT_INPUT;
		} else if (rc < 0) {
			fprintf(stderr, "bpfsim run: %s\n", err.msg);
			bpfsim_vector_free(&v);
			status = BPFSIM_EXIT_INPUT;
			break;
		} else if (v.kernel.has_runs && v.kernel.nr_runs) {
			s = run_vector(&v, mode);
		}
		/* keep the most serious status: internal > unsupported > input > mismatch */
		if (s > status)
			status = s;
		bpfsim_vector_free(&v);
	}
	bpfsim_vec_reader_close(r);
	return status;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return (errno || !*s || *end || s[0] == '-') ? -1 : 0;
}

int cmd_run(int argc, char **argv)
{
	const char *raw = NULL, *mem = NULL, *vectors = NULL, *obj = NULL, *memhex = NULL;
	const char *prog = NULL, *data = NULL;
	bool dump = false, json = false;
	enum bpfsim_vm_mode mode = BPFSIM_VM_CHECKED;
	uint64_t repeat = 1, budget = 0;
	bool plugin = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			help(stdout);
			return BPFSIM_EXIT_OK;
		} else if (!strcmp(a, "--raw") || !strcmp(a, "--mem") || !strcmp(a, "--repeat") ||
			   !strcmp(a, "--budget") || !strcmp(a, "--vectors") || !strcmp(a, "--prog") ||
			   !strcmp(a, "--data") || !strcmp(a, "--ctx")) {
			if (i + 1 >= argc)
				return cli_usage_error("run", "%s needs an argument", a);
			if (!strcmp(a, "--raw"))
				raw = argv[++i];
			else if (!strcmp(a, "--mem"))
				mem = argv[++i];
			else if (!strcmp(a, "--vectors"))
				vectors = argv[++i];
			else if (!strcmp(a, "--prog"))
				prog = argv[++i];
			else if (!strcmp(a, "--data") || !strcmp(a, "--ctx"))
				data = argv[++i];
			else if (parse_u64(argv[++i], !strcmp(a, "--repeat") ? &repeat : &budget) < 0 ||
				 (!strcmp(a, "--repeat") && repeat == 0))
				return cli_usage_error("run", "%s: '%s' is not a positive number", a, argv[i]);
		} else if (!strcmp(a, "--dump-maps")) {
			dump = true;
		} else if (!strcmp(a, "--json")) {
			json = true; /* --vectors output is JSON anyway */
		} else if (!strcmp(a, "--checked")) {
			mode = BPFSIM_VM_CHECKED;
		} else if (!strcmp(a, "--trusted")) {
			mode = BPFSIM_VM_TRUSTED;
		} else if (!strcmp(a, "--conformance-plugin")) {
			plugin = true;
		} else if (plugin && !strcmp(a, "--elf")) {
			fprintf(stderr, "bpfsim run: --elf is not supported in plugin mode\n");
			return BPFSIM_EXIT_UNSUPPORTED;
		} else if (a[0] == '-' && a[1]) {
			if (plugin)
				continue; /* other runner options are ignored */
			return cli_usage_error("run", "unknown option '%s'", a);
		} else if (plugin && !memhex) {
			memhex = a;
		} else if (!obj) {
			obj = a;
		} else {
			return cli_usage_error("run", "unexpected argument '%s'", a);
		}
	}
	if (plugin)
		return conformance_plugin(memhex, mode);
	if (vectors && (raw || obj))
		return cli_usage_error("run", "--vectors runs on its own, without --raw or an object");
	if (vectors)
		return run_vectors(vectors, mode);
	if (raw && obj)
		return cli_usage_error("run", "give either --raw PROG.bin or an object, not both");
	if (raw)
		return run_raw(raw, mem, (unsigned long)repeat, budget, mode);
	if (obj)
		return run_object(obj, prog, data, (unsigned long)repeat, budget, mode, dump, json);
	return cli_usage_error("run", "nothing to run: give --raw PROG.bin or --conformance-plugin");
}
