/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the object loader (src/object): the project's own BPF C
 * programs (tests/progs/obj_*.bpf.c, compiled at build time) opened by bpfsim
 * and compared with libbpf 1.x itself: program names, types and expected
 * attach types, map definitions, and the final relocated instructions that
 * libbpf hands the kernel (bpf_object__load + bpf_program__insns, root only),
 * instruction by instruction modulo map file descriptors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <json-c/json.h>

#include "bpfsim/object.h"
#include "bpfsim/vectors.h"
#include "object/object_priv.h" /* the SEC() table */

static char g_build[1024];
static const char *g_cli;

static const char *prog_path(const char *name)
{
	static char buf[4][1200];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/tests/progs/%s.o", g_build, name);
	return buf[k];
}

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

static struct bpfsim_object *open_ok(const char *name)
{
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };
	int ret = bpfsim_object__open(prog_path(name), NULL, &obj, &err);

	if (ret)
		fail_msg("open %s: %d %s", name, ret, err.msg);
	return obj;
}

/* Name of the libbpf map whose fd is fd. */
static const char *libbpf_map_by_fd(struct bpf_object *lo, int fd)
{
	struct bpf_map *m;

	bpf_object__for_each_map(m, lo)
		if (bpf_map__fd(m) == fd)
			return bpf_map__name(m);
	return NULL;
}

static void compare_with_libbpf(const char *name)
{
	struct bpfsim_object *obj = open_ok(name);
	struct bpf_object *lo;
	struct bpf_program *lp;
	struct bpf_map *lm;
	int nprogs = 0;

	libbpf_set_print(quiet);
	lo = bpf_object__open_file(prog_path(name), NULL);
	assert_non_null(lo);

	/* Maps, before load (libbpf adjusts some at load time). */
	size_t nmaps = 0;

	bpf_object__for_each_map(lm, lo) {
		const struct bpfsim_map_def *d = NULL;

		for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
			if (!strcmp(bpfsim_object__map(obj, i)->name, bpf_map__name(lm)))
				d = bpfsim_object__map(obj, i);
		if (!d)
			fail_msg("%s: libbpf map %s not found by bpfsim", name, bpf_map__name(lm));
		assert_int_equal(d->type, bpf_map__type(lm));
		assert_int_equal(d->key_size, bpf_map__key_size(lm));
		assert_int_equal(d->value_size, bpf_map__value_size(lm));
		assert_int_equal(d->max_entries, bpf_map__max_entries(lm));
		/* libbpf < 1.2 makes every global data map mmapable; 0x400 = BPF_F_MMAPABLE */
		assert_int_equal(d->map_flags & ~0x400u, bpf_map__map_flags(lm) & ~0x400u);
		nmaps++;
	}
	assert_int_equal(nmaps, bpfsim_object__map_cnt(obj));

	bpf_object__for_each_program(lp, lo) {
		const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, bpf_program__name(lp));

		if (!p)
			fail_msg("%s: libbpf program %s not found by bpfsim", name, bpf_program__name(lp));
		assert_string_equal(bpfsim_prog__section(p), bpf_program__section_name(lp));
		assert_int_equal(bpfsim_prog__type(p), bpf_program__type(lp));
		assert_int_equal(bpfsim_prog__expected_attach_type(p), bpf_program__expected_attach_type(lp));
		nprogs++;
	}
	assert_int_equal(nprogs, bpfsim_object__prog_cnt(obj));

	/* BTF with DATASECs fixed up: byte-identical to libbpf's after open */
	size_t bsz;
	uint32_t lsz;
	const void *braw = bpfsim_object__btf_raw(obj, &bsz);
	const void *lraw = btf__raw_data(bpf_object__btf(lo), &lsz);

	assert_non_null(braw);
	assert_non_null(lraw);
	assert_int_equal(bsz, lsz);
	assert_memory_equal(braw, lraw, bsz);

	if (geteuid() != 0) {
		fprintf(stderr, "test_object: not root: relocated instructions not compared with libbpf for %s\n", name);
		bpf_object__close(lo);
		bpfsim_object__close(obj);
		return;
	}
	int lret = bpf_object__load(lo);

	if (lret)
		fail_msg("%s: libbpf could not load it (%d): the test program must be valid", name, lret);
	bpf_object__for_each_program(lp, lo) {
		const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, bpf_program__name(lp));
		const struct bpf_insn *li = bpf_program__insns(lp);
		size_t ln = bpf_program__insn_cnt(lp), n;
		const struct bpfsim_insn *bi = bpfsim_prog__insns(p, &n);

		if (n != ln)
			fail_msg("%s/%s: %zu instructions, libbpf %zu", name, bpf_program__name(lp), n, ln);
		for (size_t i = 0; i < n; i++) {
			const struct bpf_insn *a = &li[i];
			const struct bpfsim_insn *b = &bi[i];

			if (a->code != b->code || a->dst_reg != b->dst || a->src_reg != b->src || a->off != b->off)
				fail_msg("%s/%s insn %zu: code/regs/off differ (%02x %u %u %d vs libbpf %02x %u %u %d)", name,
					 bpf_program__name(lp), i, b->code, b->dst, b->src, b->off, a->code, a->dst_reg,
					 a->src_reg, a->off);
			if (a->code == 0x18 && (a->src_reg == 1 || a->src_reg == 2)) {
				const struct bpfsim_map_def *d = bpfsim_prog__map(p, (size_t)b->imm);
				const char *ln2 = libbpf_map_by_fd(lo, a->imm);

				assert_non_null(d);
				assert_non_null(ln2);
				if (strcmp(d->name, ln2))
					fail_msg("%s/%s insn %zu: map %s, libbpf %s", name, bpf_program__name(lp), i, d->name,
						 ln2);
				assert_int_equal(bi[i + 1].imm, li[i + 1].imm);
				i++;
				continue;
			}
			if (a->imm != b->imm)
				fail_msg("%s/%s insn %zu: imm %d, libbpf %d", name, bpf_program__name(lp), i, b->imm, a->imm);
		}
	}
	bpf_object__close(lo);
	bpfsim_object__close(obj);
}

static void test_libbpf_net(void **s) { (void)s; compare_with_libbpf("obj_net"); }
static void test_libbpf_trace(void **s) { (void)s; compare_with_libbpf("obj_trace"); }
static void test_libbpf_maps(void **s) { (void)s; compare_with_libbpf("obj_maps"); }
static void test_libbpf_core(void **s)
{
	(void)s;
	if (access(prog_path("obj_core"), R_OK)) {
		fprintf(stderr, "test_object: obj_core.o not built (no bpftool or no /sys/kernel/btf/vmlinux)\n");
		skip();
	}
	compare_with_libbpf("obj_core");
}
static void test_libbpf_kconfig(void **s)
{
	(void)s;
	if (access(prog_path("obj_core_kconfig"), R_OK))
		skip();
	compare_with_libbpf("obj_core_kconfig");
	/* the .kconfig map's initial value is what libbpf filled in */
	struct bpfsim_object *obj = open_ok("obj_core_kconfig");
	struct bpf_object *lo = bpf_object__open_file(prog_path("obj_core_kconfig"), NULL);
	struct bpf_map *lm;
	const struct bpfsim_map_def *k = NULL;

	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
		if (bpfsim_object__map(obj, i)->kind == BPFSIM_MAP_KCONFIG)
			k = bpfsim_object__map(obj, i);
	assert_non_null(k);
	assert_non_null(lo);
	if (geteuid() == 0 && bpf_object__load(lo) == 0) {
		bpf_object__for_each_map(lm, lo) {
			size_t sz;
			const void *v;

			if (strcmp(bpf_map__name(lm), k->name))
				continue;
			v = bpf_map__initial_value(lm, &sz);
			assert_non_null(v);
			assert_int_equal(sz, k->initial_size);
			assert_memory_equal(v, k->initial_value, sz);
		}
	}
	bpf_object__close(lo);
	bpfsim_object__close(obj);
}
static void test_libbpf_ksym(void **s)
{
	(void)s;
	if (access(prog_path("obj_core_ksym"), R_OK))
		skip();
	compare_with_libbpf("obj_core_ksym");
}

/* tp_btf programs get the kernel's btf_trace_<name> typedef as attach target. */
static void test_attach_btf_id(void **s)
{
	(void)s;
	if (access(prog_path("obj_core"), R_OK))
		skip();
	struct bpfsim_object *obj = open_ok("obj_core");
	struct btf *vm = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	int want = vm ? btf__find_by_name_kind(vm, "btf_trace_sched_switch", BTF_KIND_TYPEDEF) : -1;

	assert_true(want > 0);
	assert_int_equal(bpfsim_prog__attach_btf_id(bpfsim_object__find_prog(obj, "core_bitfield")), want);
	assert_int_equal(bpfsim_prog__attach_btf_id(bpfsim_object__find_prog(obj, "core_reads")), 0);
	btf__free(vm);
	bpfsim_object__close(obj);
}

/* A typed __ksym: BPF_PSEUDO_BTF_ID with the id of the kernel's VAR. */
static void test_ksym_var(void **s)
{
	(void)s;
	if (access(prog_path("obj_core_ksymvar"), R_OK))
		skip();
	struct bpfsim_object *obj = open_ok("obj_core_ksymvar");
	const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, "read_rq");
	struct btf *vm = btf__parse("/sys/kernel/btf/vmlinux", NULL);
	int want = vm ? btf__find_by_name_kind(vm, "runqueues", BTF_KIND_VAR) : -1;
	size_t n, found = 0;
	const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);

	assert_true(want > 0);
	for (size_t i = 0; i + 1 < n; i++)
		if (in[i].code == 0x18 && in[i].src == 3) {
			assert_int_equal(in[i].imm, want);
			assert_int_equal(in[i + 1].imm, 0);
			found++;
		}
	assert_int_equal(found, 1);
	btf__free(vm);
	bpfsim_object__close(obj);
}

/* Subprograms are appended once per program and calls point at them. */
static void test_subprog_calls(void **s)
{
	(void)s;
	struct bpfsim_object *obj = open_ok("obj_net");
	const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, "xdp_count");
	size_t n, calls = 0;
	const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);

	assert_non_null(p);
	for (size_t i = 0; i < n; i++) {
		if (in[i].code == 0x85 && in[i].src == 1) {
			int64_t t = (int64_t)i + in[i].imm + 1;

			calls++;
			assert_true(t > 0 && (size_t)t < n);
			/* the target is the start of a function: func_info has it */
			size_t nf;
			const struct bpfsim_func_info *fi = bpfsim_prog__func_info(p, &nf);
			bool found = false;

			for (size_t k = 0; k < nf; k++)
				found |= fi[k].insn_off == (uint32_t)t;
			assert_true(found);
		}
	}
	assert_true(calls >= 2); /* xdp_count -> classify -> bump */
	size_t nf;

	bpfsim_prog__func_info(p, &nf);
	assert_int_equal(nf, 3); /* main, classify, bump */
	bpfsim_object__close(obj);
}

/* Every instruction knows its source line; the text is the C source. */
static void test_line_info(void **s)
{
	(void)s;
	struct bpfsim_object *obj = open_ok("obj_net");
	const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, "xdp_count");
	size_t n;
	bool saw_seen = false, saw_bump = false;

	bpfsim_prog__insns(p, &n);
	for (size_t i = 0; i < n; i++) {
		const struct bpfsim_line *l = bpfsim_prog__line(p, i);

		assert_non_null(l);
		assert_non_null(strstr(l->file, "obj_net.bpf.c"));
		saw_seen |= strstr(l->text, "seen++") != NULL;
		saw_bump |= strstr(l->text, "__sync_fetch_and_add") != NULL;
	}
	assert_true(bpfsim_prog__line(p, 0)->line > 0);
	assert_true(saw_seen);
	assert_true(saw_bump); /* from the appended subprogram bump() */
	assert_non_null(strstr(bpfsim_prog__source_file(p), "obj_net.bpf.c"));
	bpfsim_object__close(obj);
}

static const struct bpfsim_map_def *find_map(const struct bpfsim_object *obj, const char *name)
{
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
		if (!strcmp(bpfsim_object__map(obj, i)->name, name))
			return bpfsim_object__map(obj, i);
	return NULL;
}

static void test_legacy_maps(void **s)
{
	(void)s;
	struct bpfsim_object *obj = open_ok("obj_legacy");
	const struct bpfsim_map_def *h = find_map(obj, "legacy_hash"), *a = find_map(obj, "legacy_array");
	const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, "legacy_prog");
	size_t n, refs = 0;
	const struct bpfsim_insn *in;

	assert_non_null(h);
	assert_non_null(a);
	assert_int_equal(h->kind, BPFSIM_MAP_LEGACY);
	assert_int_equal(h->type, BPFSIM_MAP_TYPE_HASH);
	assert_int_equal(h->key_size, 4);
	assert_int_equal(h->value_size, 8);
	assert_int_equal(h->max_entries, 32);
	assert_int_equal(a->type, BPFSIM_MAP_TYPE_ARRAY);
	assert_int_equal(a->max_entries, 4);
	assert_int_equal(bpfsim_object__kern_version(obj), 0x060c00);
	assert_string_equal(bpfsim_object__license(obj), "GPL");
	assert_int_equal(bpfsim_prog__map_cnt(p), 2);
	in = bpfsim_prog__insns(p, &n);
	for (size_t i = 0; i < n; i++)
		if (in[i].code == 0x18) {
			const struct bpfsim_map_def *d = bpfsim_prog__map(p, (size_t)in[i].imm);

			assert_int_equal(in[i].src, 1);
			assert_non_null(d);
			assert_true(d == h || d == a);
			refs++;
			i++;
		}
	assert_int_equal(refs, 2);
	bpfsim_object__close(obj);

	obj = open_ok("obj_legacy_iproute");
	h = find_map(obj, "ipr_counts");
	assert_non_null(h);
	assert_int_equal(h->type, BPFSIM_MAP_TYPE_ARRAY);
	assert_int_equal(h->value_size, 8);
	assert_int_equal(h->max_entries, 16);
	assert_int_equal(h->pinning, 2);
	bpfsim_object__close(obj);
}

static void test_map_in_map_and_data(void **s)
{
	(void)s;
	struct bpfsim_object *obj = open_ok("obj_maps");
	const struct bpfsim_map_def *o = find_map(obj, "outer"), *r = find_map(obj, ".rodata.tags");

	assert_non_null(o);
	assert_int_equal(o->type, BPFSIM_MAP_TYPE_ARRAY_OF_MAPS);
	assert_non_null(o->inner);
	assert_int_equal(o->inner->type, BPFSIM_MAP_TYPE_ARRAY);
	assert_int_equal(o->inner->max_entries, 8);
	assert_non_null(r);
	assert_int_equal(r->kind, BPFSIM_MAP_RODATA);
	assert_true(r->map_flags & 0x80); /* BPF_F_RDONLY_PROG */
	assert_int_equal(r->initial_size, 8);
	assert_memory_equal(r->initial_value, "bpfsim", 7);
	/* initial slots: jt[2] = slot_target, outer_init[1] = inner_a */
	const struct bpfsim_map_def *jt = find_map(obj, "jt"), *oi = find_map(obj, "outer_init");

	assert_non_null(jt);
	assert_non_null(oi);
	assert_int_equal(jt->init_slot_cnt, 1);
	assert_int_equal(jt->init_slots[0].index, 2);
	assert_string_equal(jt->init_slots[0].prog, "slot_target");
	assert_int_equal(oi->init_slot_cnt, 1);
	assert_int_equal(oi->init_slots[0].index, 1);
	assert_string_equal(bpfsim_object__map(obj, (size_t)oi->init_slots[0].map)->name, "inner_a");
	/* global_helper reads tag[1]: a map-value reference with offset 1 */
	const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, "tail");
	size_t n;
	const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);
	bool found = false;

	for (size_t i = 0; i + 1 < n; i++)
		if (in[i].code == 0x18 && in[i].src == 2 && bpfsim_prog__map(p, (size_t)in[i].imm) == r)
			found = true;
	assert_true(found);
	/* looper passes loop_body to bpf_loop: BPF_PSEUDO_FUNC pointing at it */
	p = bpfsim_object__find_prog(obj, "looper");
	in = bpfsim_prog__insns(p, &n);
	found = false;
	for (size_t i = 0; i + 1 < n; i++)
		if (in[i].code == 0x18 && in[i].src == 4) {
			int64_t t = (int64_t)i + in[i].imm + 1;

			assert_true(t > 0 && (size_t)t < n);
			found = true;
		}
	assert_true(found);
	bpfsim_object__close(obj);
}

/* Section names -> program type / attach type, against libbpf 1.x's own
 * table for the names it knows. */
static void test_sec_names_match_libbpf(void **s)
{
	(void)s;
	static const char *const names[] = {
		"socket", "kprobe/do_unlinkat", "kretprobe/x", "uprobe", "uprobe/bin:fn", "uretprobe/bin:fn",
		"usdt/a:b:c", "tracepoint/syscalls/sys_enter_openat", "tp/sched/sched_switch",
		"raw_tracepoint/sys_enter", "raw_tp/sys_enter", "tp_btf/sched_switch", "fentry/do_unlinkat",
		"fexit/do_unlinkat", "fmod_ret/x", "lsm/file_open", "iter/task", "xdp", "xdp.frags",
		"xdp/devmap", "xdp/cpumap", "tc", "classifier", "action", "cgroup_skb/ingress",
		"cgroup_skb/egress", "cgroup/sock", "cgroup/connect4", "cgroup/connect6", "cgroup/bind4",
		"cgroup/bind6", "cgroup/sendmsg4", "cgroup/recvmsg6", "cgroup/getsockopt", "cgroup/setsockopt",
		"cgroup/sysctl", "cgroup/dev", "sockops", "sk_skb/stream_parser", "sk_skb/stream_verdict",
		"sk_skb", "sk_msg", "sk_lookup", "perf_event", "lwt_in", "lwt_out", "lwt_xmit",
		"lwt_seg6local", "flow_dissector", "struct_ops/x", "syscall", "sk_reuseport", "fentry.s/x",
		"kprobe.multi/x*", "kprobe", "raw_tp.w/x",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		enum bpf_prog_type t;
		enum bpf_attach_type a;
		const struct bpfsim_secdef *d = bpfsim_secdef_find(names[i]);

		if (libbpf_prog_type_by_name(names[i], &t, &a))
			fail_msg("libbpf does not know %s", names[i]);
		if (!d)
			fail_msg("bpfsim does not know %s", names[i]);
		if (d->prog_type != (uint32_t)t || d->attach_type != (uint32_t)a)
			fail_msg("%s: bpfsim type %u attach %u, libbpf %d %d", names[i], d->prog_type, d->attach_type, t, a);
	}
	static const char *const unknown[] = { "kprobe_x", "xdpfoo", "socket/x", "tcfoo", "" };

	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		enum bpf_prog_type t;
		enum bpf_attach_type a;

		assert_null(bpfsim_secdef_find(unknown[i]));
		assert_int_not_equal(libbpf_prog_type_by_name(unknown[i], &t, &a), 0);
	}
}

/* bpfsim show --json agrees with the library. */
static void test_show_json(void **s)
{
	(void)s;
	char cmd[4096], out[65536];
	FILE *f;
	size_t got;

	if (!g_cli)
		skip();
	snprintf(cmd, sizeof(cmd), "'%s' show --json '%s'", g_cli, prog_path("obj_net"));
	f = popen(cmd, "r");
	assert_non_null(f);
	got = fread(out, 1, sizeof(out) - 1, f);
	out[got] = 0;
	assert_int_equal(pclose(f), 0);
	json_object *root = json_tokener_parse(out), *progs, *maps;

	assert_non_null(root);
	assert_true(json_object_object_get_ex(root, "programs", &progs));
	assert_true(json_object_object_get_ex(root, "maps", &maps));
	struct bpfsim_object *obj = open_ok("obj_net");

	assert_int_equal(json_object_array_length(progs), bpfsim_object__prog_cnt(obj));
	assert_int_equal(json_object_array_length(maps), bpfsim_object__map_cnt(obj));
	for (size_t i = 0; i < json_object_array_length(progs); i++) {
		json_object *p = json_object_array_get_idx(progs, i), *v;
		const struct bpfsim_prog *bp = bpfsim_object__prog(obj, i);
		size_t n;

		bpfsim_prog__insns(bp, &n);
		assert_true(json_object_object_get_ex(p, "name", &v));
		assert_string_equal(json_object_get_string(v), bpfsim_prog__name(bp));
		assert_true(json_object_object_get_ex(p, "insns", &v));
		assert_int_equal(json_object_get_int64(v), n);
		assert_true(json_object_object_get_ex(p, "type", &v));
		assert_string_equal(json_object_get_string(v), bpfsim_prog_type_name((int)bpfsim_prog__type(bp)));
		assert_true(json_object_object_get_ex(p, "source_file", &v));
		assert_non_null(strstr(json_object_get_string(v), "obj_net.bpf.c"));
	}
	json_object_put(root);
	bpfsim_object__close(obj);
}

/* bpfsim export writes vectors that read back as the same programs. */
static void test_export_roundtrip(void **s)
{
	(void)s;
	char cmd[4096], path[1200];

	if (!g_cli)
		skip();
	snprintf(path, sizeof(path), "%s/tests/progs/obj_maps.export.jsonl", g_build);
	snprintf(cmd, sizeof(cmd), "'%s' export '%s' -o '%s'", g_cli, prog_path("obj_maps"), path);
	assert_int_equal(system(cmd), 0);
	struct bpfsim_object *obj = open_ok("obj_maps");
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err;
	size_t k = 0;

	assert_int_equal(bpfsim_vec_reader_open(&r, path, NULL, &err), 0);
	while (bpfsim_vec_reader_next(r, &v, &err) == 1) {
		const struct bpfsim_prog *p = bpfsim_object__find_prog(obj, v.name);
		size_t n;
		const struct bpfsim_insn *in;

		assert_non_null(p);
		in = bpfsim_prog__insns(p, &n);
		assert_int_equal(v.nr_insns, n);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(v.insns[i].code, in[i].code);
			assert_int_equal(v.insns[i].imm, in[i].imm);
			assert_int_equal(v.insns[i].src, in[i].src);
		}
		assert_int_equal(v.prog_type, bpfsim_prog__type(p));
		assert_int_equal(v.nr_maps, bpfsim_prog__map_cnt(p));
		for (size_t j = 0; j < v.nr_maps; j++) {
			assert_int_equal(v.maps[j].type, bpfsim_prog__map(p, j)->type);
			assert_int_equal(v.maps[j].value_size, bpfsim_prog__map(p, j)->value_size);
			assert_int_equal(v.maps[j].inner_map != NULL, bpfsim_prog__map(p, j)->inner != NULL);
		}
		bpfsim_vector_free(&v);
		k++;
	}
	bpfsim_vec_reader_close(r);
	assert_int_equal(k, bpfsim_object__prog_cnt(obj));
	bpfsim_object__close(obj);
}

int main(void)
{
	const char *b = getenv("BPFSIM_BUILD");

	if (!b) {
		fprintf(stderr, "test_object: BPFSIM_BUILD is not set (run through ctest)\n");
		return 77;
	}
	snprintf(g_build, sizeof(g_build), "%s", b);
	g_cli = getenv("BPFSIM");
	libbpf_set_print(quiet);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libbpf_net),
		cmocka_unit_test(test_libbpf_trace),
		cmocka_unit_test(test_libbpf_maps),
		cmocka_unit_test(test_libbpf_core),
		cmocka_unit_test(test_libbpf_ksym),
		cmocka_unit_test(test_libbpf_kconfig),
		cmocka_unit_test(test_ksym_var),
		cmocka_unit_test(test_attach_btf_id),
		cmocka_unit_test(test_subprog_calls),
		cmocka_unit_test(test_line_info),
		cmocka_unit_test(test_legacy_maps),
		cmocka_unit_test(test_map_in_map_and_data),
		cmocka_unit_test(test_sec_names_match_libbpf),
		cmocka_unit_test(test_show_json),
		cmocka_unit_test(test_export_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
