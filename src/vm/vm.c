/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vm.c: the VM context: creation, program loading (validation and
 * pre-decoding), the region table of checked mode, runs and faults.
 *
 * Loading. Each instruction is classified once with bpfsim_insn_form()
 * (forms.def); unknown forms, registers above r10, jumps or calls whose
 * target is outside the program or inside an ld_imm64, truncated ld_imm64
 * pairs and references to unknown maps are rejected with an error naming
 * the program and the pc. What the interpreter needs is precomputed: jump
 * distances (ja32 takes it from imm), ld_imm64 values (map pointers, map
 * value addresses, code addresses for callx). A VM_FORM_TRAP sentinel
 * follows the last instruction, so falling off the end is an error, not a
 * read past the array.
 *
 * Regions (checked mode). regions[0] is the whole stack (8 frames of 512
 * bytes; a callee may use its caller's stack through a pointer, as in the
 * kernel), regions[1] the run's context memory, regions[2] the packet,
 * regions[3] a read-only scratch buffer helpers pass to callbacks, then
 * the host's regions, then every map's storage (array values, hash
 * elements, ring buffer data). Map storage is allocated once at creation
 * (hash maps are preallocated, as the kernel does by default), so a pointer
 * returned by bpf_map_lookup_elem stays inside a region for the life of the
 * map. The table is rebuilt whenever a map or a host region is added.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vm_internal.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct bpfsim_vm *bpfsim_vm_new(const struct bpfsim_vm_opts *opts, struct bpfsim_err *err)
{
	struct bpfsim_vm *vm = calloc(1, sizeof(*vm));

	if (!vm) {
		bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		return NULL;
	}
	if (opts) {
		size_t n = opts->sz < sizeof(vm->opts) ? opts->sz : sizeof(vm->opts);

		memcpy(&vm->opts, opts, n);
	}
	vm->opts.sz = sizeof(vm->opts);
	if (!vm->opts.insn_budget)
		vm->opts.insn_budget = BPFSIM_VM_DEFAULT_BUDGET;
	if (!vm->opts.ncpus)
		vm->opts.ncpus = 1;
	if (vm->opts.cpu >= vm->opts.ncpus) {
		bpfsim_errf(err, -EINVAL, "vm: cpu %u out of range (%u CPUs)", vm->opts.cpu, vm->opts.ncpus);
		free(vm);
		return NULL;
	}
	vm->stack = calloc(BPFSIM_VM_MAX_FRAMES, BPFSIM_VM_STACK_SIZE);
	if (!vm->stack) {
		free(vm);
		bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		return NULL;
	}
	vm->prog_type = -1;
	snprintf(vm->comm, sizeof(vm->comm), "%s", vm->opts.comm ? vm->opts.comm : "bpfsim");
	vm->opts.comm = NULL; /* copied: the caller's string need not outlive the VM */
	vm->rng = vm->opts.prandom_seed ? vm->opts.prandom_seed : 0x9e3779b97f4a7c15ull;
	vm->ktime_base = vm->opts.ktime_ns;
	if (vm_ext_init(vm) < 0) {
		bpfsim_vm_free(vm);
		bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		return NULL;
	}
	if (vm_regions_rebuild(vm) < 0) {
		bpfsim_vm_free(vm);
		bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		return NULL;
	}
	if (!vm->opts.no_builtin_helpers)
		vm_register_builtin_helpers(vm);
	return vm;
}

void bpfsim_vm_free(struct bpfsim_vm *vm)
{
	if (!vm)
		return;
	for (size_t i = 0; i < vm->nprogs; i++) {
		free(vm->progs[i]->insns);
		free(vm->progs[i]);
	}
	free(vm->progs);
	for (size_t i = 0; i < vm->nmaps; i++)
		vm_map_free(vm->maps[i]);
	free(vm->maps);
	vm_ctx_free(vm);
	vm_probe_free(vm);
	free(vm->regions);
	free(vm->host);
	free(vm->stack);
	free(vm->trace);
	free(vm);
}

void bpfsim_vm_set_mode(struct bpfsim_vm *vm, enum bpfsim_vm_mode mode)
{
	vm->opts.mode = mode;
}

enum bpfsim_vm_mode bpfsim_vm_mode(const struct bpfsim_vm *vm)
{
	return vm->opts.mode;
}

uint64_t bpfsim_vm_insn_count(const struct bpfsim_vm *vm)
{
	return vm->insn_count;
}

/* ---- regions ---- */

static void region_set(struct vm_region *r, const void *p, size_t len, bool w, const char *name)
{
	r->lo = (uintptr_t)p;
	r->len = len;
	r->writable = w;
	snprintf(r->name, sizeof(r->name), "%s", name);
}

int vm_regions_rebuild(struct bpfsim_vm *vm)
{
	size_t need = VM_FIXED_REGIONS + vm->nhost, n;
	struct vm_region keep[VM_FIXED_REGIONS];

	for (size_t i = 0; i < vm->nmaps; i++)
		need += vm_map_nregions(vm->maps[i]);
	if (vm->nregions >= VM_FIXED_REGIONS)
		memcpy(keep, vm->regions, sizeof(keep));
	if (need > vm->cap_regions) {
		struct vm_region *r = realloc(vm->regions, need * sizeof(*r));

		if (!r)
			return -ENOMEM;
		vm->regions = r;
		vm->cap_regions = need;
	}
	if (vm->nregions >= VM_FIXED_REGIONS) {
		memcpy(vm->regions, keep, sizeof(keep));
	} else {
		region_set(&vm->regions[0], vm->stack, BPFSIM_VM_MAX_FRAMES * BPFSIM_VM_STACK_SIZE, true,
			   "stack");
		region_set(&vm->regions[1], NULL, 0, true, "ctx");
		region_set(&vm->regions[2], NULL, 0, false, "packet");
		region_set(&vm->regions[3], vm->scratch, sizeof(vm->scratch), false, "helper scratch");
	}
	n = VM_FIXED_REGIONS;
	for (size_t i = 0; i < vm->nhost; i++)
		vm->regions[n++] = vm->host[i];
	for (size_t i = 0; i < vm->nmaps; i++)
		n += vm_map_regions(vm->maps[i], &vm->regions[n]);
	vm->nregions = n;
	vm->last_region = 0;
	return 0;
}

int bpfsim_vm_add_region(struct bpfsim_vm *vm, void *ptr, size_t len, bool writable, const char *name,
			 struct bpfsim_err *err)
{
	if (vm->nhost == vm->cap_host) {
		size_t cap = vm->cap_host ? vm->cap_host * 2 : 8;
		struct vm_region *r = realloc(vm->host, cap * sizeof(*r));

		if (!r)
			return bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		vm->host = r;
		vm->cap_host = cap;
	}
	region_set(&vm->host[vm->nhost++], ptr, len, writable, name ? name : "host memory");
	if (vm_regions_rebuild(vm) < 0)
		return bpfsim_errf(err, -ENOMEM, "vm: out of memory");
	return 0;
}

void bpfsim_vm_clear_regions(struct bpfsim_vm *vm)
{
	vm->nhost = 0;
	vm_regions_rebuild(vm);
}

void bpfsim_vm_set_packet(struct bpfsim_vm *vm, void *data, size_t len)
{
	vm->pkt = data;
	vm->pkt_len = len;
	vm->pkt_set = data != NULL;
}

/* Describe where [addr, addr+len) falls relative to the regions. */
static void describe_region(struct bpfsim_vm *vm, uint64_t addr, uint64_t len, bool write, char *buf,
			    size_t sz)
{
	const struct vm_region *best = NULL;
	uint64_t best_dist = UINT64_MAX;

	for (size_t i = 0; i < vm->nregions; i++) {
		const struct vm_region *r = &vm->regions[i];
		uint64_t dist;

		if (!r->len)
			continue;
		if (addr >= r->lo && addr < r->lo + r->len) {
			if (write && !r->writable && len <= r->lo + r->len - addr) {
				snprintf(buf, sz, "%s is read-only", r->name);
				return;
			}
			dist = 0;
		} else if (addr < r->lo) {
			dist = r->lo - addr;
		} else {
			dist = addr - (r->lo + r->len);
		}
		if (dist < best_dist) {
			best_dist = dist;
			best = r;
		}
	}
	if (!best || best_dist > 4096) {
		snprintf(buf, sz, "not in any region the program may access");
		return;
	}
	if (best == &vm->regions[0]) {
		/* name the offset from the frame pointer of the outermost frame */
		int64_t top = (int64_t)(best->lo + best->len);

		snprintf(buf, sz, "out of bounds of the stack (at r10%+" PRId64 " of frame 0, %d frames of %d bytes)",
			 (int64_t)addr - top, BPFSIM_VM_MAX_FRAMES, BPFSIM_VM_STACK_SIZE);
		return;
	}
	snprintf(buf, sz, "out of bounds of %s (offset %" PRId64 ", size %" PRIu64 ", region is %zu bytes)",
		 best->name, (int64_t)(addr - best->lo), len, best->len);
}

int vm_fault_access(struct bpfsim_vm *vm, size_t pc, const char *what, uint64_t addr, uint64_t len,
		    bool write)
{
	char where[160];

	describe_region(vm, addr, len, write, where, sizeof(where));
	return bpfsim_vm_fault(vm, -EFAULT, "pc %zu (%s): %s of %" PRIu64 " bytes at 0x%" PRIx64 ": %s", pc,
			       what, write ? "write" : "read", len, addr, where);
}

int bpfsim_vm_check(struct bpfsim_vm *vm, uint64_t addr, uint64_t len, bool write, const char *what)
{
	if (vm->opts.mode == BPFSIM_VM_TRUSTED || len == 0)
		return 0;
	if (vm_region_ok(vm, addr, len, write))
		return 0;
	return vm_fault_access(vm, vm->cur_pc, what ? what : "helper argument", addr, len, write);
}

int bpfsim_vm_fault(struct bpfsim_vm *vm, int code, const char *fmt, ...)
{
	va_list ap;
	char msg[sizeof(((struct bpfsim_err *)0)->msg)];

	if (vm->faulted)
		return vm->err ? vm->err->code : code;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vm->faulted = true;
	return bpfsim_errf(vm->err, code, "%s", msg);
}

/* ---- loading ---- */

static bool is_jump_fmt(enum bpfsim_fmt f)
{
	return f == F_JA || f == F_JA32 || f == F_JMP_IMM || f == F_JMP_REG || f == F_MAY_GOTO;
}

int bpfsim_vm_load(struct bpfsim_vm *vm, const struct bpfsim_insn *insns, size_t n, const char *name,
		   struct bpfsim_err *err)
{
	struct vm_prog *p, **progs;
	struct vm_insn *d;
	bool *second;

	if (!name)
		name = "program";
	if (n == 0)
		return bpfsim_errf(err, -EINVAL, "%s: empty program", name);
	if (n > 1000000)
		return bpfsim_errf(err, -E2BIG, "%s: too many instructions (%zu)", name, n);
	second = calloc(n, sizeof(*second));
	d = calloc(n + 1, sizeof(*d));
	p = calloc(1, sizeof(*p));
	if (!second || !d || !p) {
		free(second);
		free(d);
		free(p);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	}
	p->insns = d;
	p->n = n;
	snprintf(p->name, sizeof(p->name), "%s", name);

	/* pass 1: forms, registers, ld_imm64 second slots */
	for (size_t i = 0; i < n; i++) {
		const struct bpfsim_insn *in = &insns[i];
		enum bpfsim_form form = bpfsim_insn_form(in);
		const struct bpfsim_form_info *fi = bpfsim_form_info(form);
		int rc = 0;

		if (second[i]) {
			d[i].form = VM_FORM_TRAP;
			continue;
		}
		if (!fi) {
			rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: unknown instruction (opcode 0x%02x, off %d, imm %d)",
					 name, i, in->code, in->off, in->imm);
		} else if (form == BPFSIM_FORM_ADDR_SPACE_CAST || form == BPFSIM_FORM_CALL_KFUNC ||
			   form == BPFSIM_FORM_LDDW_BTF_ID) {
			rc = bpfsim_errf(err, -ENOTSUP, "%s: pc %zu: %s is not supported by the VM", name, i,
					 fi->name);
		} else if (in->dst > 10 || in->src > 10) {
			rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: invalid register r%d", name, i,
					 in->dst > 10 ? in->dst : in->src);
		} else if (fi->fmt == F_LDDW) {
			if (i + 1 >= n)
				rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: ld_imm64 without its second slot", name, i);
			else if (insns[i + 1].code || insns[i + 1].dst || insns[i + 1].src || insns[i + 1].off)
				rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: malformed second slot of ld_imm64", name, i);
			else
				second[i + 1] = true;
		}
		if (rc) {
			free(second);
			free(d);
			free(p);
			return rc;
		}
		d[i].form = (uint8_t)form;
		d[i].dst = in->dst;
		d[i].src = in->src;
		d[i].off = in->off;
		d[i].imm = in->imm;
	}
	d[n].form = VM_FORM_TRAP;

	/* pass 2: targets and 64-bit immediates */
	for (size_t i = 0; i < n; i++) {
		const struct bpfsim_form_info *fi;
		int64_t target = -1;
		int rc = 0;

		if (d[i].form == VM_FORM_TRAP)
			continue;
		fi = bpfsim_form_info((enum bpfsim_form)d[i].form);
		if (fi->fmt == F_JA32)
			d[i].off = insns[i].imm;
		if (is_jump_fmt(fi->fmt))
			target = (int64_t)i + 1 + d[i].off;
		else if (d[i].form == BPFSIM_FORM_CALL_LOCAL)
			target = (int64_t)i + 1 + insns[i].imm;
		else if (d[i].form == BPFSIM_FORM_LDDW_FUNC)
			target = (int64_t)i + 1 + insns[i].imm;
		if (target != -1 || is_jump_fmt(fi->fmt) || d[i].form == BPFSIM_FORM_CALL_LOCAL ||
		    d[i].form == BPFSIM_FORM_LDDW_FUNC) {
			if (target < 0 || target >= (int64_t)n)
				rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: %s target %" PRId64 " is outside the program (%zu slots)",
						 name, i, fi->name, target, n);
			else if (second[target])
				rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: %s target %" PRId64 " is the middle of an ld_imm64",
						 name, i, fi->name, target);
			if (d[i].form == BPFSIM_FORM_CALL_LOCAL)
				d[i].off = (int32_t)(target - (int64_t)i - 1);
		}
		if (!rc && fi->fmt == F_LDDW) {
			uint32_t lo = (uint32_t)insns[i].imm, hi = (uint32_t)insns[i + 1].imm;
			struct vm_map *m = NULL;
			bool ok = true;

			switch (d[i].form) {
			case BPFSIM_FORM_LDDW:
				d[i].imm = (int64_t)bpfsim_insn_imm64(&insns[i], &insns[i + 1]);
				break;
			case BPFSIM_FORM_LDDW_MAP_FD:
			case BPFSIM_FORM_LDDW_MAP_IDX:
				m = vm_map_by_fd(vm, d[i].form == BPFSIM_FORM_LDDW_MAP_FD ? (int)lo : (int)lo + 1);
				if (!m)
					rc = bpfsim_errf(err, -EBADF, "%s: pc %zu: %s refers to map %d, which does not exist",
							 name, i, fi->name, (int)lo);
				else
					d[i].imm = (int64_t)(uintptr_t)m;
				break;
			case BPFSIM_FORM_LDDW_MAP_VALUE:
			case BPFSIM_FORM_LDDW_MAP_IDX_VALUE:
				m = vm_map_by_fd(vm, d[i].form == BPFSIM_FORM_LDDW_MAP_VALUE ? (int)lo : (int)lo + 1);
				if (m)
					d[i].imm = (int64_t)vm_map_direct_value(m, hi, &ok);
				if (!m || !ok)
					rc = bpfsim_errf(err, -EINVAL, "%s: pc %zu: %s: map %d offset %u is not a direct value",
							 name, i, fi->name, (int)lo, hi);
				break;
			case BPFSIM_FORM_LDDW_FUNC:
				if (!rc)
					d[i].imm = (int64_t)(uintptr_t)&d[target];
				break;
			default:
				break;
			}
		}
		if (rc) {
			free(second);
			free(d);
			free(p);
			return rc;
		}
	}
	free(second);

	progs = realloc(vm->progs, (vm->nprogs + 1) * sizeof(*progs));
	if (!progs) {
		free(d);
		free(p);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	}
	vm->progs = progs;
	vm->progs[vm->nprogs] = p;
	return (int)vm->nprogs++;
}

int bpfsim_vm_load_raw(struct bpfsim_vm *vm, const uint8_t *bytes, size_t len, const char *name,
		       struct bpfsim_err *err)
{
	struct bpfsim_insn *insns;
	size_t n = len / BPFSIM_INSN_SIZE;
	int rc;

	if (!name)
		name = "program";
	if (len % BPFSIM_INSN_SIZE)
		return bpfsim_errf(err, -EINVAL, "%s: size %zu is not a multiple of 8", name, len);
	if (n == 0)
		return bpfsim_errf(err, -EINVAL, "%s: empty program", name);
	insns = calloc(n, sizeof(*insns));
	if (!insns)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_decode(bytes + i * BPFSIM_INSN_SIZE, &insns[i]);
	rc = bpfsim_vm_load(vm, insns, n, name, err);
	free(insns);
	return rc;
}

/* ---- running ---- */

int bpfsim_vm_run_mem(struct bpfsim_vm *vm, int prog, void *ctx, size_t ctx_len, uint64_t *r0,
		      struct bpfsim_err *err)
{
	struct bpfsim_err local;
	uint64_t res = 0;
	int rc;

	if (prog < 0 || (size_t)prog >= vm->nprogs)
		return bpfsim_errf(err, -EINVAL, "vm: no program %d", prog);
	vm->err = err ? err : &local;
	vm->err->code = 0;
	vm->err->msg[0] = 0;
	vm->faulted = false;
	vm->insn_count = 0;
	vm->cb_count = 0;
	vm->tail_calls = 0;
	vm->ctx_ptr = (uint64_t)(uintptr_t)ctx;
	/* regions[1] and [2] were named when the table was built */
	vm->regions[1].lo = (uintptr_t)ctx;
	vm->regions[1].len = ctx ? ctx_len : 0;
	vm->regions[1].writable = !vm->ctx_ro;
	if (!vm->pkt_set) {
		vm->pkt = ctx;
		vm->pkt_len = ctx ? ctx_len : 0;
	}
	vm->regions[2].lo = (uintptr_t)vm->pkt;
	vm->regions[2].len = vm->pkt ? vm->pkt_len : 0;
	vm->regions[2].writable = vm->pkt_set;
	vm->last_region = 0;
	if (!vm->ktime_base)
		vm->ktime_base = mono_ns();
	rc = vm_interp(vm, vm->progs[prog], (uint64_t)(uintptr_t)ctx, ctx_len, &res);
	vm->err = NULL;
	if (rc < 0)
		return rc;
	if (r0)
		*r0 = res;
	return 0;
}

/* ---- helpers registry ---- */

static const struct {
	int id;
	const char *name;
} helper_names[] = {
#define X(id, name) { id, #name },
#include "bpfsim/helpers.def"
#undef X
};

int bpfsim_helper_id(const char *name)
{
	if (!strncmp(name, "bpf_", 4))
		name += 4;
	for (size_t i = 0; i < sizeof(helper_names) / sizeof(helper_names[0]); i++)
		if (!strcmp(helper_names[i].name, name))
			return helper_names[i].id;
	return -ENOENT;
}

int bpfsim_vm_register_helper(struct bpfsim_vm *vm, int id, const char *name, bpfsim_helper_fn fn,
			      void *user, struct bpfsim_err *err)
{
	if (id <= 0 || id >= BPFSIM_VM_MAX_HELPERS)
		return bpfsim_errf(err, -EINVAL, "vm: helper id %d out of range (1..%d)", id,
				   BPFSIM_VM_MAX_HELPERS - 1);
	vm->helpers[id].fn = fn;
	vm->helpers[id].user = user;
	if (!name) {
		for (size_t i = 0; i < sizeof(helper_names) / sizeof(helper_names[0]); i++)
			if (helper_names[i].id == id)
				name = helper_names[i].name;
	}
	snprintf(vm->helpers[id].name, sizeof(vm->helpers[id].name), "%s", name ? name : "helper");
	return 0;
}

int bpfsim_vm_register_helper_name(struct bpfsim_vm *vm, const char *name, bpfsim_helper_fn fn, void *user,
				   struct bpfsim_err *err)
{
	int id = bpfsim_helper_id(name);

	if (id < 0)
		return bpfsim_errf(err, -ENOENT, "vm: no helper named '%s'", name);
	return bpfsim_vm_register_helper(vm, id, name, fn, user, err);
}

const char *bpfsim_vm_trace(const struct bpfsim_vm *vm, size_t *len)
{
	if (len)
		*len = vm->trace_len;
	return vm->trace ? vm->trace : "";
}

void bpfsim_vm_trace_clear(struct bpfsim_vm *vm)
{
	vm->trace_len = 0;
	if (vm->trace)
		vm->trace[0] = 0;
}

void vm_trace_append(struct bpfsim_vm *vm, const char *s, size_t n)
{
	if (vm->trace_len + n + 1 > vm->trace_cap) {
		size_t cap = vm->trace_cap ? vm->trace_cap : 4096;
		char *t;

		while (cap < vm->trace_len + n + 1)
			cap *= 2;
		if (cap > (64u << 20))
			return; /* the trace buffer is full: drop, as trace_pipe would */
		t = realloc(vm->trace, cap);
		if (!t)
			return;
		vm->trace = t;
		vm->trace_cap = cap;
	}
	memcpy(vm->trace + vm->trace_len, s, n);
	vm->trace_len += n;
	vm->trace[vm->trace_len] = 0;
}
