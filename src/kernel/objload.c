/* SPDX-License-Identifier: Apache-2.0 */
/*
 * objload.c: an ELF object (bpfsim/object.h) loaded into the running kernel
 * through bpfsim's own loader, the way libbpf's bpf_object__load() does it,
 * so that the kernel's verdict can be compared with libbpf's.
 *
 * bpfsim_kobj_create(obj), once per object:
 *   1. BPF_BTF_LOAD the object's BTF (bpfsim_object__btf_raw: .BTF with its
 *      DATASEC sizes and offsets filled in). Like libbpf, a BTF the kernel
 *      refuses is not fatal: the object goes on without BTF (no func_info,
 *      line_info, map BTF ids) and btf_error says why;
 *   2. BPF_MAP_CREATE every map of the object, in the object's order, as
 *      libbpf creates them: the BTF fd and key/value type ids when there is
 *      BTF (dropped for the map types whose values are fds, and retried
 *      without them when the kernel refuses), numa node, map_extra, flags;
 *      a map-in-map's inner template is created first, passed as
 *      inner_map_fd and closed again; a perf_event_array with max_entries 0
 *      gets the number of possible CPUs; a ringbuf size is rounded up to a
 *      power-of-2 number of pages;
 *   3. global data: .data/.rodata/.kconfig maps get their initial contents
 *      with one BPF_MAP_UPDATE_ELEM of key 0 (.bss is left zeroed by the
 *      kernel), then .rodata and .kconfig are frozen (BPF_MAP_FREEZE): the
 *      verifier then knows their contents, which changes what it prunes.
 *   4. map-in-map slots from `.maps` `values = { [i] = &inner }`: once
 *      every map exists, each slot gets its inner map's fd (libbpf's
 *      init_map_in_map_slots);
 *   A map the kernel refuses fails the whole object, as in libbpf: every
 *   program is then reported rejected with "BPF_MAP_CREATE map 'm' (type):
 *   strerror" (or "BPF_MAP_UPDATE_ELEM map 'm' slot [i] <- map 'n'") and the
 *   errno of the refusal.
 *
 * bpfsim_kobj_load_prog(kobj, prog), per program:
 *   (a program whose section gives no program type is rejected with EINVAL
 *   without asking the kernel, as libbpf does)
 *   4. encode the final instructions and patch every ld_imm64 map reference:
 *      src_reg 1 (BPF_PSEUDO_MAP_FD) and 2 (BPF_PSEUDO_MAP_VALUE, offset in
 *      the second slot's imm, left as is) carry j, the index into the
 *      program's map list; imm becomes the fd of that map;
 *   5. BPF_PROG_LOAD with the program's type, name, expected attach type
 *      (always passed, as libbpf does), prog_flags, attach_btf_id, the
 *      object's license and kern_version (the running kernel's version code
 *      when the object has no "version" section, as libbpf does), and with
 *      BTF: prog_btf_fd, func_info and line_info (kernel record sizes 8 and
 *      16). Log level 1; the log buffer grows like the oracle's (oracle.c):
 *      a log that does not fit is kept by its tail and one more load without
 *      a log gives the verdict;
 *   6. the verdict from the return value, the error line and "processed N
 *      insns" from the log (klog.c) and, when accepted, the xlated length
 *      from BPF_OBJ_GET_INFO_BY_FD (xlated_prog_len / 8);
 *   7. prog_array slots from `.maps` `values = { [i] = &prog }` naming this
 *      program get its fd (libbpf's init_prog_array_slots, which runs once
 *      all programs are loaded: the end state is the same). A slot whose
 *      program is not loaded (--prog chose another one, or it was rejected)
 *      stays empty; libbpf would fail the whole object instead. A refused
 *      update makes the program's result a rejection naming the slot.
 *
 * Not done (libbpf does them, none changes a verdict): pinning, kernel
 * module BTF for attach targets and kfuncs, struct_ops, freplace targets.
 */
#include "bpfsim/kernel.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "bpfsim/object.h"
#include "kload.h"


struct bpfsim_kobj {
	const struct bpfsim_object *obj;
	int btf_fd;
	char *btf_error;     /* why the BTF was refused, or NULL */
	int *map_fds;        /* per object map, -1 if not created */
	size_t nr_maps;
	int map_errno;       /* a map the kernel refused: positive errno */
	char *map_error;     /* and its message */
	uint32_t kern_version;
};

/* --------------------------------------------------------------- helpers */

/* LINUX_VERSION_CODE of the running kernel (libbpf's default kern_version). */
static uint32_t running_version(void)
{
	struct utsname u;
	unsigned a = 0, b = 0, c = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	if (c > 255)
		c = 255;
	return (a << 16) | (b << 8) | c;
}

/* Map types whose values are fds (or have no value type): libbpf creates
 * them without BTF key/value ids. */
static bool no_btf_ids(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_STACK_TRACE:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
	case BPF_MAP_TYPE_CPUMAP:
	case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return true;
	default:
		return false;
	}
}

/* A ringbuf's size must be a power-of-2 multiple of the page size. */
static uint32_t ringbuf_size(uint32_t sz)
{
	long page = sysconf(_SC_PAGE_SIZE);
	uint64_t pages, p2 = 1;

	if (page <= 0 || sz == 0)
		return sz;
	if (sz % (uint64_t)page == 0 && !((sz / (uint64_t)page) & (sz / (uint64_t)page - 1)))
		return sz;
	pages = (sz + (uint64_t)page - 1) / (uint64_t)page;
	while (p2 < pages)
		p2 <<= 1;
	return p2 * (uint64_t)page > UINT32_MAX ? sz : (uint32_t)(p2 * (uint64_t)page);
}

/* ------------------------------------------------------------------ maps */

/* Create one map (and its inner template first). Returns the fd or -errno;
 * *what names the call that failed. */
static int create_map(struct bpfsim_kobj *ko, const struct bpfsim_map_def *d, int depth, const char **what)
{
	LIBBPF_OPTS(bpf_map_create_opts, o);
	uint32_t max_entries = d->max_entries;
	int inner = -1, fd;
	char name[16];

	if (d->inner) {
		if (depth > 4) {
			*what = "inner map";
			return -ELOOP;
		}
		inner = create_map(ko, d->inner, depth + 1, what);
		if (inner < 0) {
			*what = "inner map";
			return inner;
		}
		o.inner_map_fd = (__u32)inner;
	}
	if (d->type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && max_entries == 0) {
		int cpus = libbpf_num_possible_cpus();

		max_entries = cpus > 0 ? (uint32_t)cpus : 0;
	}
	if (d->type == BPF_MAP_TYPE_RINGBUF)
		max_entries = ringbuf_size(max_entries);
	o.map_flags = d->map_flags;
	o.numa_node = d->numa_node;
	o.map_extra = d->map_extra;
	if (ko->btf_fd >= 0 && !no_btf_ids(d->type) && (d->btf_key_type_id || d->btf_value_type_id)) {
		o.btf_fd = (__u32)ko->btf_fd;
		o.btf_key_type_id = d->btf_key_type_id;
		o.btf_value_type_id = d->btf_value_type_id;
	}
	kload_obj_name(d->name, name);
	fd = bpf_map_create((enum bpf_map_type)d->type, name[0] ? name : NULL, d->key_size, d->value_size,
			    max_entries, &o);
	if (fd < 0 && (o.btf_key_type_id || o.btf_value_type_id)) {
		/* libbpf retries without BTF */
		o.btf_fd = 0;
		o.btf_key_type_id = 0;
		o.btf_value_type_id = 0;
		fd = bpf_map_create((enum bpf_map_type)d->type, name[0] ? name : NULL, d->key_size,
				    d->value_size, max_entries, &o);
	}
	if (fd < 0) {
		fd = -errno;
		*what = "BPF_MAP_CREATE";
	}
	if (inner >= 0)
		close(inner);
	return fd;
}

/* Global data: initial contents, then freeze the read-only ones. */
static int populate(int fd, const struct bpfsim_map_def *d, const char **what)
{
	uint32_t zero = 0;
	void *val;
	int rc = 0;

	/* .bss is left to the kernel's zeroes; only global data has contents */
	if ((d->kind != BPFSIM_MAP_DATA && d->kind != BPFSIM_MAP_RODATA && d->kind != BPFSIM_MAP_KCONFIG) ||
	    !d->value_size)
		return 0;
	val = calloc(1, d->value_size);
	if (!val)
		return -ENOMEM;
	if (d->initial_value)
		memcpy(val, d->initial_value, d->initial_size < d->value_size ? d->initial_size : d->value_size);
	if (bpf_map_update_elem(fd, &zero, val, 0)) {
		rc = -errno;
		*what = "BPF_MAP_UPDATE_ELEM";
	} else if ((d->kind == BPFSIM_MAP_RODATA || d->kind == BPFSIM_MAP_KCONFIG) && bpf_map_freeze(fd)) {
		rc = -errno;
		*what = "BPF_MAP_FREEZE";
	}
	free(val);
	return rc;
}

/* ------------------------------------------------------------ the object */

void bpfsim_kobj_close(struct bpfsim_kobj *ko)
{
	if (!ko)
		return;
	for (size_t i = 0; i < ko->nr_maps; i++)
		if (ko->map_fds[i] >= 0)
			close(ko->map_fds[i]);
	if (ko->btf_fd >= 0)
		close(ko->btf_fd);
	free(ko->map_fds);
	free(ko->map_error);
	free(ko->btf_error);
	free(ko);
}

/* Map-in-map initial slots: the inner map's fd at each slot index. A
 * refused update is recorded like a refused map (every program rejected).
 * Returns 0 or -ENOMEM / -ENOSYS. */
static int init_map_slots(struct bpfsim_kobj *ko)
{
	for (size_t i = 0; i < ko->nr_maps; i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(ko->obj, i);

		for (size_t s = 0; s < d->init_slot_cnt; s++) {
			const struct bpfsim_map_slot *sl = &d->init_slots[s];
			const struct bpfsim_map_def *t;
			uint32_t key = sl->index;
			int val, e;
			char buf[512];

			if (sl->map < 0 || (size_t)sl->map >= ko->nr_maps)
				continue;
			val = ko->map_fds[sl->map];
			if (!bpf_map_update_elem(ko->map_fds[i], &key, &val, 0))
				continue;
			e = errno;
			if (e == ENOSYS)
				return -ENOSYS;
			t = bpfsim_object__map(ko->obj, (size_t)sl->map);
			snprintf(buf, sizeof(buf), "BPF_MAP_UPDATE_ELEM map '%.100s' slot [%u] <- map '%.100s': %s",
				 d->name ? d->name : "?", sl->index, t && t->name ? t->name : "?", strerror(e));
			ko->map_errno = e;
			ko->map_error = strdup(buf);
			return ko->map_error ? 0 : -ENOMEM;
		}
	}
	return 0;
}

/* prog_array initial slots naming `pname`: its fd at each slot index.
 * Returns 0, or a positive errno with *msg (malloc'ed) on a refusal. */
static int init_prog_slots(struct bpfsim_kobj *ko, const char *pname, int prog_fd, char **msg)
{
	*msg = NULL;
	for (size_t i = 0; i < ko->nr_maps; i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(ko->obj, i);

		for (size_t s = 0; s < d->init_slot_cnt; s++) {
			const struct bpfsim_map_slot *sl = &d->init_slots[s];
			uint32_t key = sl->index;
			int e;
			char buf[512];

			if (!sl->prog || strcmp(sl->prog, pname) || ko->map_fds[i] < 0)
				continue;
			if (!bpf_map_update_elem(ko->map_fds[i], &key, &prog_fd, 0))
				continue;
			e = errno;
			snprintf(buf, sizeof(buf), "BPF_MAP_UPDATE_ELEM map '%.100s' slot [%u] <- prog '%.100s': %s",
				 d->name ? d->name : "?", sl->index, pname, strerror(e));
			*msg = strdup(buf);
			return e ? e : EINVAL;
		}
	}
	return 0;
}

static int load_btf(struct bpfsim_kobj *ko, struct bpfsim_err *err)
{
	LIBBPF_OPTS(bpf_btf_load_opts, o);
	const char *oname = bpfsim_object__name(ko->obj);
	size_t size = 0;
	const void *raw = bpfsim_object__btf_raw(ko->obj, &size);
	char log[4096], buf[512];
	const char *last;
	int fd, e;

	if (!raw || !size)
		return 0;
	if (size > UINT32_MAX)
		return 0;
	log[0] = 0;
	o.log_buf = log;
	o.log_size = sizeof(log);
	o.log_level = 1;
	fd = bpf_btf_load(raw, size, &o);
	if (fd >= 0) {
		ko->btf_fd = fd;
		return 0;
	}
	e = errno;
	if (e == ENOSPC) {
		/* the log was only for the message; the verdict is what counts */
		fd = bpf_btf_load(raw, size, NULL);
		if (fd >= 0) {
			ko->btf_fd = fd;
			return 0;
		}
		e = errno;
	}
	if (e == ENOSYS)
		return bpfsim_errf(err, -ENOSYS, "no kernel oracle: bpf(2) is not available (ENOSYS)");
	log[sizeof(log) - 1] = 0;
	/* the last non-empty line of the BTF log says what the kernel disliked */
	{
		size_t n = strlen(log);

		while (n && (log[n - 1] == '\n' || log[n - 1] == ' '))
			log[--n] = 0;
		last = strrchr(log, '\n');
		last = last ? last + 1 : log;
	}
	snprintf(buf, sizeof(buf), "%.200s: BPF_BTF_LOAD: %s (%s)%s%.200s; loading without BTF", oname,
		 strerror(e), kload_errno_name(e), *last ? ": " : "", last);
	ko->btf_error = strdup(buf);
	return ko->btf_error ? 0 : bpfsim_errf(err, -ENOMEM, "%s: out of memory", oname);
}

int bpfsim_kobj_create(const struct bpfsim_object *obj, struct bpfsim_kobj **out, struct bpfsim_err *err)
{
	const char *oname = bpfsim_object__name(obj);
	struct bpfsim_kobj *ko;
	int rc;

	*out = NULL;
	ko = calloc(1, sizeof(*ko));
	if (!ko)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", oname);
	ko->obj = obj;
	ko->btf_fd = -1;
	ko->kern_version = bpfsim_object__kern_version(obj);
	if (!ko->kern_version)
		ko->kern_version = running_version();
	ko->nr_maps = bpfsim_object__map_cnt(obj);
	ko->map_fds = malloc((ko->nr_maps ? ko->nr_maps : 1) * sizeof(int));
	if (!ko->map_fds) {
		free(ko);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", oname);
	}
	for (size_t i = 0; i < ko->nr_maps; i++)
		ko->map_fds[i] = -1;

	rc = load_btf(ko, err);
	if (rc) {
		bpfsim_kobj_close(ko);
		return rc;
	}
	for (size_t i = 0; i < ko->nr_maps; i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(obj, i);
		const char *what = "BPF_MAP_CREATE", *tn;
		char buf[512];
		int fd;

		fd = create_map(ko, d, 0, &what);
		if (fd >= 0) {
			ko->map_fds[i] = fd;
			rc = populate(fd, d, &what);
			if (rc == -ENOMEM) {
				bpfsim_kobj_close(ko);
				return bpfsim_errf(err, -ENOMEM, "%s: out of memory", oname);
			}
			if (!rc)
				continue;
			fd = rc;
		}
		if (fd == -ENOSYS) {
			bpfsim_kobj_close(ko);
			return bpfsim_errf(err, -ENOSYS, "no kernel oracle: bpf(2) is not available (ENOSYS)");
		}
		tn = bpfsim_map_type_name((int)d->type);
		snprintf(buf, sizeof(buf), "%s map '%.100s' (%s): %s", what, d->name ? d->name : "?",
			 tn ? tn : "?", strerror(-fd));
		ko->map_errno = -fd;
		ko->map_error = strdup(buf);
		if (!ko->map_error) {
			bpfsim_kobj_close(ko);
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", oname);
		}
		break; /* libbpf stops at the first map it cannot create */
	}
	if (!ko->map_error) {
		rc = init_map_slots(ko);
		if (rc) {
			bpfsim_kobj_close(ko);
			return bpfsim_errf(err, rc, "%s: %s", oname, rc == -ENOSYS ? "no kernel oracle" : "out of memory");
		}
	}
	*out = ko;
	return 0;
}

int bpfsim_kobj_btf_fd(const struct bpfsim_kobj *ko)
{
	return ko ? ko->btf_fd : -1;
}

const char *bpfsim_kobj_btf_error(const struct bpfsim_kobj *ko)
{
	return ko ? ko->btf_error : NULL;
}

int bpfsim_kobj_map_fd(const struct bpfsim_kobj *ko, size_t i)
{
	return ko && i < ko->nr_maps ? ko->map_fds[i] : -1;
}

/* ----------------------------------------------------------- a program */

int bpfsim_kobj_load_prog(struct bpfsim_kobj *ko, const struct bpfsim_prog *prog,
			  const struct bpfsim_kernel_opts *opts, struct bpfsim_kernel_result *res, int *prog_fd_out,
			  struct bpfsim_err *err)
{
	const char *pname = bpfsim_prog__name(prog);
	size_t n = 0, nfi = 0, nli = 0;
	const struct bpfsim_insn *in = bpfsim_prog__insns(prog, &n);
	const struct bpfsim_func_info *fi = bpfsim_prog__func_info(prog, &nfi);
	const struct bpfsim_line_info *li = bpfsim_prog__line_info(prog, &nli);
	struct bpf_insn *insns = NULL;
	char name[16];
	int prog_fd = -1, rc = 0;
	LIBBPF_OPTS(bpf_prog_load_opts, base);

	kload_result_init(res);
	if (prog_fd_out)
		*prog_fd_out = -1;

	if (ko->map_error) {
		res->verdict = BPFSIM_VEC_REJECT;
		res->err = ko->map_errno;
		res->errno_name = kload_errno_name(ko->map_errno);
		res->error = strdup(ko->map_error);
		if (!res->error)
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", pname);
		return 0;
	}
	if (!bpfsim_prog__type(prog)) {
		/* libbpf refuses it before asking the kernel, with EINVAL (the
		 * kernel would say EINVAL too, with no log) */
		char buf[300];

		snprintf(buf, sizeof(buf), "missing BPF prog type, check ELF section name '%.200s'",
			 bpfsim_prog__section(prog));
		res->verdict = BPFSIM_VEC_REJECT;
		res->err = EINVAL;
		res->errno_name = kload_errno_name(EINVAL);
		res->error = strdup(buf);
		return res->error ? 0 : bpfsim_errf(err, -ENOMEM, "%s: out of memory", pname);
	}
	if (!n || n > UINT32_MAX)
		return bpfsim_errf(err, -EINVAL, "%s: program '%s' has no instructions",
				   bpfsim_object__name(ko->obj), pname);

	/* 4. encode and patch map references */
	insns = calloc(n, sizeof(*insns));
	if (!insns)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", pname);
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_encode(&in[i], (uint8_t *)&insns[i]);
	for (size_t i = 0; i + 1 < n; i++) {
		if (insns[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insns[i].src_reg == BPF_PSEUDO_MAP_FD || insns[i].src_reg == BPF_PSEUDO_MAP_VALUE) {
			const struct bpfsim_map_def *d = bpfsim_prog__map(prog, (uint32_t)insns[i].imm);

			insns[i].imm = d ? bpfsim_kobj_map_fd(ko, d->index) : -1;
		}
		i++;
	}

	/* 5. the load attributes libbpf would pass */
	kload_obj_name(pname, name);
	base.expected_attach_type = (enum bpf_attach_type)bpfsim_prog__expected_attach_type(prog);
	base.prog_flags = bpfsim_prog__flags(prog);
	base.kern_version = ko->kern_version;
	base.attach_btf_id = bpfsim_prog__attach_btf_id(prog);
	if (ko->btf_fd >= 0) {
		base.prog_btf_fd = (__u32)ko->btf_fd;
		if (fi && nfi) {
			base.func_info = fi;
			base.func_info_cnt = (__u32)nfi;
			base.func_info_rec_size = sizeof(*fi);
		}
		if (li && nli) {
			base.line_info = li;
			base.line_info_cnt = (__u32)nli;
			base.line_info_rec_size = sizeof(*li);
		}
	}

	struct kload req = {
		.type = (enum bpf_prog_type)bpfsim_prog__type(prog),
		.name = name[0] ? name : NULL,
		.license = bpfsim_object__license(ko->obj),
		.insns = insns,
		.n = n,
		.attrs = base,
		.what = pname,
	};

	rc = kload_run(&req, opts, res, &prog_fd, err);
	if (rc)
		goto out;
	if (prog_fd < 0 && !res->error) {
		/* rejected before the verifier wrote anything (bad attributes):
		 * the errno is all there is */
		char buf[128];

		snprintf(buf, sizeof(buf), "BPF_PROG_LOAD: %s", strerror(res->err));
		res->error = strdup(buf);
		if (!res->error) {
			rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", pname);
			goto out;
		}
	}
	if (prog_fd >= 0) {
		char *msg = NULL;
		int e = init_prog_slots(ko, pname, prog_fd, &msg);

		if (e) {
			/* the object is not what libbpf would leave: say so */
			if (!msg) {
				rc = bpfsim_errf(err, -ENOMEM, "%s: out of memory", pname);
				goto out;
			}
			free(res->error);
			res->error = msg;
			res->verdict = BPFSIM_VEC_REJECT;
			res->err = e;
			res->errno_name = kload_errno_name(e);
			close(prog_fd);
			prog_fd = -1;
		}
	}
	if (prog_fd_out && prog_fd >= 0) {
		*prog_fd_out = prog_fd;
		prog_fd = -1;
	}
out:
	if (prog_fd >= 0)
		close(prog_fd);
	free(insns);
	if (rc)
		bpfsim_kernel_result_free(res);
	return rc;
}
