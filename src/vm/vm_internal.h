/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vm_internal.h: the VM's private structures, shared by vm.c (context,
 * loading, regions), interp.c (the dispatch loop), maps.c and helpers.c.
 */
#ifndef BPFSIM_VM_INTERNAL_H
#define BPFSIM_VM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/vm.h"

/*
 * A pre-decoded instruction. form is the bpfsim_form (the dispatch index);
 * VM_FORM_TRAP marks slots that must never execute (the second slot of an
 * ld_imm64, the sentinel after the last instruction). off is the jump
 * distance in slots relative to the next instruction (for ja32 it comes from
 * imm), or the memory offset. imm is the sign-extended 32-bit immediate, or
 * the full resolved 64-bit value of an ld_imm64.
 */
#define VM_FORM_TRAP BPFSIM_FORM__COUNT
struct vm_insn {
	uint8_t form;
	uint8_t dst;
	uint8_t src;
	uint8_t pad;
	int32_t off;
	int64_t imm;
};

struct vm_prog {
	struct vm_insn *insns; /* n + 1 slots: the last is a VM_FORM_TRAP sentinel */
	size_t n;
	char name[64];
};

/* A region programs may access in checked mode: [lo, lo + len). */
struct vm_region {
	uintptr_t lo;
	size_t len;
	bool writable;
	char name[48];
};

struct vm_map;

struct vm_helper {
	bpfsim_helper_fn fn;
	void *user;
	char name[40];
};

struct vm_frame {
	struct vm_prog *prog;    /* program to return to */
	const struct vm_insn *ret; /* instruction after the call */
	uint64_t saved[5];        /* r6..r9, r10 of the caller */
};

#define VM_FIXED_REGIONS 4 /* stack, ctx, packet, helper scratch */

struct bpfsim_vm {
	struct bpfsim_vm_opts opts;
	struct vm_prog **progs;
	size_t nprogs;
	struct vm_map **maps;     /* index fd - 1 */
	size_t nmaps;
	struct vm_helper helpers[BPFSIM_VM_MAX_HELPERS];

	/* regions: [0] stack, [1] ctx of the current run, [2] packet, [3] helper
	 * scratch; then
	 * host-added regions; then map storage (rebuilt when maps change). */
	struct vm_region *regions;
	size_t nregions, cap_regions;
	size_t last_region;       /* cache of the last hit */
	struct vm_region *host;   /* regions added by bpfsim_vm_add_region() */
	size_t nhost, cap_host;

	uint8_t *stack;           /* BPFSIM_VM_MAX_FRAMES * 512 bytes */
	void *pkt;
	size_t pkt_len;
	bool pkt_set;

	/* per run */
	struct bpfsim_err *err;
	bool faulted;
	uint64_t insn_count;
	size_t cur_pc;            /* pc of the helper call in progress */
	struct vm_prog *cur_prog;
	uint64_t cur_fp;          /* its r10 */
	unsigned int cur_depth;   /* its frame depth */
	uint64_t cur_budget;      /* instructions left for callbacks it runs */
	uint64_t cb_count;        /* slots callbacks ran, not yet counted by the caller */
	uint8_t scratch[512];     /* memory helpers hand to callbacks (for_each keys) */
	uint64_t ctx_ptr;
	uint32_t tail_calls;
	struct vm_prog *tail_target; /* set by bpf_tail_call */

	/* ctx.c: contexts as BPF_PROG_TEST_RUN builds them, in memory below
	 * 4 GiB so that 32-bit ctx fields (data, data_end) hold pointers */
	uint8_t *arena;
	size_t arena_len;
	int prog_type;            /* of the current bpfsim_vm_run_test(), else -1 */
	bool ctx_ro;              /* the context of the next run is read-only */
	char comm[16];

	/* bpf_probe_read memory model (bpfsim_vm_add_probe_mem) */
	struct vm_probe_mem {
		uint64_t addr;
		size_t len;
		bool kernel;
		uint8_t *data;
	} *probe;
	size_t nprobe, cap_probe;
	uint64_t *kstack, *ustack;
	size_t kstack_len, ustack_len;

	/* helper state */
	uint64_t rng;
	uint64_t ktime_base;
	char *trace;
	size_t trace_len, trace_cap;
};

/* vm.c */
int vm_regions_rebuild(struct bpfsim_vm *vm);
int vm_fault_access(struct bpfsim_vm *vm, size_t pc, const char *what, uint64_t addr, uint64_t len,
		    bool write);

/* Is [addr, addr+len) inside one region (writable if write)? */
static inline bool vm_region_ok(struct bpfsim_vm *vm, uint64_t addr, uint64_t len, bool write)
{
	const struct vm_region *r = &vm->regions[vm->last_region];
	uint64_t d = addr - r->lo;

	if (d < r->len && len <= r->len - d && (!write || r->writable))
		return true;
	for (size_t i = 0; i < vm->nregions; i++) {
		r = &vm->regions[i];
		d = addr - r->lo;
		if (d < r->len && len <= r->len - d && (!write || r->writable)) {
			vm->last_region = i;
			return true;
		}
	}
	return false;
}

/* interp.c: run prog from pc 0 with r1, r2; returns 0 or a negative errno. */
int vm_interp(struct bpfsim_vm *vm, struct vm_prog *prog, uint64_t r1, uint64_t r2, uint64_t *r0);
/* From a helper: run the callback fn (a code address of the current
 * program, from ld_imm64 src=4) with args in a new frame below the helper's
 * caller; returns 0 with *r0 set, or a negative errno (fault recorded). */
int vm_interp_callback(struct bpfsim_vm *vm, const struct vm_insn *fn, const uint64_t args[5], uint64_t *r0);

/* maps.c */
struct vm_map *vm_map_by_fd(struct bpfsim_vm *vm, int fd);
struct vm_map *vm_map_by_ptr(struct bpfsim_vm *vm, uint64_t ptr);
void vm_map_free(struct vm_map *m);
/* Storage regions of a map: vm_map_nregions() of them (0, 1, or one per
 * reserved ring buffer record). */
size_t vm_map_nregions(const struct vm_map *m);
size_t vm_map_regions(struct vm_map *m, struct vm_region *out);
/* bpf_redirect_map on map m: XDP_REDIRECT (4) or the fallback action. */
long vm_map_redirect(struct vm_map *m, uint32_t key, uint64_t flags);
uint64_t vm_map_direct_value(struct vm_map *m, uint32_t off, bool *ok);
const struct bpfsim_vm_map_def *vm_map_get_def(const struct vm_map *m);
/* Program-side operations (per-CPU maps use opts.cpu). */
void *vm_map_prog_lookup(struct bpfsim_vm *vm, struct vm_map *m, const void *key);
long vm_map_prog_update(struct bpfsim_vm *vm, struct vm_map *m, const void *key, const void *value,
			uint64_t flags);
long vm_map_prog_delete(struct bpfsim_vm *vm, struct vm_map *m, const void *key);
struct vm_prog *vm_map_prog_array_get(struct bpfsim_vm *vm, struct vm_map *m, uint32_t idx);
void *vm_ringbuf_reserve(struct bpfsim_vm *vm, struct vm_map *m, uint64_t size);
int vm_ringbuf_commit(struct bpfsim_vm *vm, uint64_t ptr, bool discard);
long vm_ringbuf_query(struct vm_map *m, uint64_t flags);
long vm_map_qs_push(struct vm_map *m, const void *value, uint64_t flags);
long vm_map_qs_pop(struct vm_map *m, void *value, bool remove);
long vm_perf_output(struct bpfsim_vm *vm, struct vm_map *m, uint64_t flags, const void *data, uint64_t size,
		    const void *extra, uint64_t extra_len);

/* ctx.c */
void vm_ctx_free(struct bpfsim_vm *vm);
void vm_register_ctx_helpers(struct bpfsim_vm *vm);

/* helpers.c */
void vm_register_builtin_helpers(struct bpfsim_vm *vm);
void vm_trace_append(struct bpfsim_vm *vm, const char *s, size_t n);
/* Read [addr, addr+n) through the probe memory model (kernel and/or user
 * ranges, kernel also the VM's regions); false if any byte is elsewhere. */
bool vm_probe_copy(struct bpfsim_vm *vm, void *dst, uint64_t addr, size_t n, bool kernel, bool user);
void vm_probe_free(struct bpfsim_vm *vm);
/* helpers_ext.c: copy the opts' stacks; register probe_read*, snprintf, ... */
int vm_ext_init(struct bpfsim_vm *vm);
void vm_register_ext_helpers(struct bpfsim_vm *vm);

#endif
