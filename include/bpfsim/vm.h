/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/vm.h: run eBPF programs in userspace, with Linux semantics.
 *
 * A struct bpfsim_vm is one execution environment: the loaded programs, the
 * maps, the registered helpers, the stack (8 frames of 512 bytes), the trace
 * buffer and the options. Nothing is global: two VMs never share state.
 *
 *   struct bpfsim_vm *vm = bpfsim_vm_new(NULL, &err);
 *   int prog = bpfsim_vm_load(vm, insns, n, "prog.bin", &err);
 *   bpfsim_vm_run_mem(vm, prog, buf, len, &r0, &err);   // r1 = buf, r2 = len
 *   bpfsim_vm_free(vm);
 *
 * Memory modes. CHECKED: every load, store, atomic and helper pointer argument
 * is checked against the regions the program may touch (the stack, the
 * context/memory given to the run, map values and keys, memory handed out by
 * helpers, regions the host adds); a violation stops the run with an error
 * naming the pc, the access and the region, and never touches host memory.
 * TRUSTED: no checks (for programs a verifier accepted).
 *
 * Pointers the program sees are host addresses, as in the kernel.
 */
#ifndef BPFSIM_VM_H
#define BPFSIM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"
#include "bpfsim/names.h" /* enum bpfsim_map_type: supported are HASH, ARRAY,
                              PROG_ARRAY, PERCPU_HASH, PERCPU_ARRAY, LRU_HASH,
                              LRU_PERCPU_HASH, QUEUE, STACK, PERF_EVENT_ARRAY,
                              RINGBUF, LPM_TRIE, ARRAY_OF_MAPS, HASH_OF_MAPS,
                              DEVMAP */

#ifdef __cplusplus
extern "C" {
#endif

struct bpfsim_vm;

enum bpfsim_vm_mode { BPFSIM_VM_CHECKED = 0, BPFSIM_VM_TRUSTED = 1 };

#define BPFSIM_VM_STACK_SIZE 512   /* bytes per frame */
#define BPFSIM_VM_MAX_FRAMES 8     /* bpf-to-bpf call depth (MAX_CALL_FRAMES) */
#define BPFSIM_VM_MAX_TAIL_CALLS 33 /* MAX_TAIL_CALL_CNT */
#define BPFSIM_VM_MAX_HELPERS 512  /* helper ids 0..511 */
#define BPFSIM_VM_DEFAULT_BUDGET 100000000ULL /* executed instructions per run */

struct bpfsim_vm_opts {
	size_t sz;               /* sizeof(struct bpfsim_vm_opts) */
	enum bpfsim_vm_mode mode;
	uint64_t insn_budget;    /* instructions per run; 0 = BPFSIM_VM_DEFAULT_BUDGET */
	unsigned int ncpus;      /* per-CPU maps: number of CPUs; 0 = 1 */
	unsigned int cpu;        /* bpf_get_smp_processor_id() and per-CPU slot used */
	uint64_t prandom_seed;   /* bpf_get_prandom_u32(); 0 = a fixed default */
	uint64_t ktime_ns;       /* bpf_ktime_get_ns() start; 0 = CLOCK_MONOTONIC */
	bool no_builtin_helpers; /* do not register the built-in helpers */
	/* what bpf_get_current_pid_tgid / _uid_gid / _comm return (the task
	 * the program runs "in"; default 0, 0, "bpfsim") */
	uint64_t pid_tgid;
	uint64_t uid_gid;
	const char *comm;
	/* bpf_get_current_task / _btf: the task_struct address (default 0,
	 * as if no task); register its memory with bpfsim_vm_add_probe_mem()
	 * to let probe_read_kernel follow it */
	uint64_t task;
	/* bpf_get_stack (synthetic): the kernel and user call chains the
	 * program sees, innermost first (copied; NULL/0: the kernel stack is
	 * BPFSIM_VM_SYNTH_KSTACK_N frames 0xffffffff81000000 + 0x100 * (i + 1),
	 * the user stack is empty) */
	const uint64_t *kstack;
	size_t kstack_len;
	const uint64_t *ustack;
	size_t ustack_len;
};
#define BPFSIM_VM_SYNTH_KSTACK_N 4
#define BPFSIM_VM_MAX_STACK 127 /* sysctl kernel.perf_event_max_stack default */

/* Create a VM (opts may be NULL: checked mode, default budget, 1 CPU). */
BPFSIM_API struct bpfsim_vm *bpfsim_vm_new(const struct bpfsim_vm_opts *opts, struct bpfsim_err *err);
BPFSIM_API void bpfsim_vm_free(struct bpfsim_vm *vm);
BPFSIM_API void bpfsim_vm_set_mode(struct bpfsim_vm *vm, enum bpfsim_vm_mode mode);
BPFSIM_API enum bpfsim_vm_mode bpfsim_vm_mode(const struct bpfsim_vm *vm);

/*
 * Load a program (n instruction slots): it is checked once (known forms,
 * reserved fields the VM relies on, jump and call targets inside the
 * program, ld_imm64 pairs, map references) and pre-decoded. name labels
 * errors. Returns the program's id (>= 0) or a negative errno.
 */
BPFSIM_API int bpfsim_vm_load(struct bpfsim_vm *vm, const struct bpfsim_insn *insns, size_t n,
			      const char *name, struct bpfsim_err *err);
/* The same from raw little-endian bytes (len must be a multiple of 8). */
BPFSIM_API int bpfsim_vm_load_raw(struct bpfsim_vm *vm, const uint8_t *bytes, size_t len,
				  const char *name, struct bpfsim_err *err);

/*
 * Run program prog with r1 = ctx and r2 = ctx_len (the raw-memory convention
 * of the conformance suite; pass ctx = NULL, len 0 for none). In checked mode
 * [ctx, ctx+len) is the context region (writable). On success *r0 holds r0 at
 * exit and 0 is returned; on a fault (bad access, budget exhausted, missing
 * helper, ...) err names the pc and the cause and a negative errno is returned.
 */
BPFSIM_API int bpfsim_vm_run_mem(struct bpfsim_vm *vm, int prog, void *ctx, size_t ctx_len,
				 uint64_t *r0, struct bpfsim_err *err);
/*
 * Run program prog the way BPF_PROG_TEST_RUN runs a program of prog_type
 * (enum bpfsim_prog_type) on data_in = data: socket_filter, cgroup_skb,
 * sched_cls and sched_act get a struct __sk_buff over a copy of the packet
 * (socket_filter and cgroup_skb after the Ethernet header, as the kernel's
 * eth_type_trans leaves it; len, pkt_type, protocol, ifindex = 1
 * (loopback), data, data_end, data_meta, family, local/remote_ip4/6 from the
 * IP header; the other fields 0), xdp gets a struct xdp_md (data, data_end, data_meta,
 * ingress_ifindex = 1, rx_queue_index = 0). The packet and the context live
 * below 4 GiB (MAP_32BIT) so that the 32-bit data fields are pointers, as the
 * kernel's context rewriting makes them. *retval is r0 truncated to 32 bits,
 * as the kernel reports it. kprobe, tracepoint, perf_event and raw_tracepoint
 * programs get data itself as their read-only context (pt_regs, the
 * tracepoint record, the u64 arguments). Other program types: -ENOTSUP;
 * data shorter than an Ethernet header (or than the IPv4/IPv6 header its
 * EtherType announces) for skb types: -EINVAL (as the kernel).
 */
BPFSIM_API int bpfsim_vm_run_test(struct bpfsim_vm *vm, int prog, int prog_type, const void *data,
				  size_t len, uint32_t *retval, struct bpfsim_err *err);
/* Instructions executed by the last run (all frames, tail calls included). */
BPFSIM_API uint64_t bpfsim_vm_insn_count(const struct bpfsim_vm *vm);

/* Make [ptr, ptr+len) accessible to programs in checked mode (e.g. packet
 * data, memory a custom helper returns). name appears in error messages. */
BPFSIM_API int bpfsim_vm_add_region(struct bpfsim_vm *vm, void *ptr, size_t len, bool writable,
				    const char *name, struct bpfsim_err *err);
BPFSIM_API void bpfsim_vm_clear_regions(struct bpfsim_vm *vm);
/*
 * The memory model of bpf_probe_read*: [addr, addr + len) of "kernel"
 * (kernel = true: probe_read_kernel, probe_read_kernel_str) or "user"
 * memory (probe_read_user, probe_read_user_str) reads as a copy of data.
 * addr is an address as the program sees it (any value; it is never
 * dereferenced on the host). bpf_probe_read and bpf_probe_read_str (the
 * legacy helpers) read either kind. Kernel reads may also read the
 * program's own memory (stack, context, map values: the VM's regions).
 * A read any byte of which lies elsewhere fails with -EFAULT and zeroes
 * the destination, as the kernel does for unmapped memory. Ranges of one
 * kind must not overlap (-EEXIST). bpf_snprintf's %s/%pks/%pus/%pI4/%pI6
 * read their pointers the same way.
 */
BPFSIM_API int bpfsim_vm_add_probe_mem(struct bpfsim_vm *vm, uint64_t addr, const void *data, size_t len,
				       bool kernel, struct bpfsim_err *err);
BPFSIM_API void bpfsim_vm_clear_probe_mem(struct bpfsim_vm *vm);

/* Packet for LD_ABS/LD_IND (default: the run's memory). */
BPFSIM_API void bpfsim_vm_set_packet(struct bpfsim_vm *vm, void *data, size_t len);

/* ---- helpers ---- */

/*
 * A helper gets r1..r5 in args and writes r0 to *ret. It returns 0, or a
 * negative errno after bpfsim_vm_fault() to stop the program. Pointer
 * arguments must be checked with bpfsim_vm_check() before use.
 */
typedef int (*bpfsim_helper_fn)(struct bpfsim_vm *vm, const uint64_t args[5], uint64_t *ret,
				void *user);
/* Register (or replace) helper id (0 < id < BPFSIM_VM_MAX_HELPERS). */
BPFSIM_API int bpfsim_vm_register_helper(struct bpfsim_vm *vm, int id, const char *name,
					 bpfsim_helper_fn fn, void *user, struct bpfsim_err *err);
/* Register by kernel name ("map_lookup_elem" or "bpf_map_lookup_elem"). */
BPFSIM_API int bpfsim_vm_register_helper_name(struct bpfsim_vm *vm, const char *name,
					      bpfsim_helper_fn fn, void *user, struct bpfsim_err *err);
/* The kernel's id of a helper name, or -ENOENT. */
BPFSIM_API int bpfsim_helper_id(const char *name);
/* In checked mode: 0 if [addr, addr+len) lies in one accessible region
 * (writable if write), else a fault is recorded and -EFAULT returned.
 * In trusted mode always 0. */
BPFSIM_API int bpfsim_vm_check(struct bpfsim_vm *vm, uint64_t addr, uint64_t len, bool write,
			       const char *what);
/* Record a fault message for the current run (helpers call this). */
BPFSIM_API int bpfsim_vm_fault(struct bpfsim_vm *vm, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The trace buffer (bpf_trace_printk output, one line per call). */
BPFSIM_API const char *bpfsim_vm_trace(const struct bpfsim_vm *vm, size_t *len);
BPFSIM_API void bpfsim_vm_trace_clear(struct bpfsim_vm *vm);

/* ---- maps (kernel semantics) ---- */

/* Update flags (uapi values). */
enum { BPFSIM_VM_ANY = 0, BPFSIM_VM_NOEXIST = 1, BPFSIM_VM_EXIST = 2 };

struct bpfsim_vm_map_def {
	size_t sz;            /* sizeof(struct bpfsim_vm_map_def) */
	uint32_t type;        /* enum bpfsim_map_type (BPFSIM_MAP_TYPE_*) */
	uint32_t key_size;
	uint32_t value_size;  /* per CPU for per-CPU maps */
	uint32_t max_entries; /* ringbuf: data size in bytes, power of 2, multiple of 4096 */
	uint32_t flags;
	const char *name;
};

/* Create a map; returns its fd (>= 1, what ld_imm64 src=1/2 imm refers to) or
 * a negative errno (-EINVAL bad definition, -E2BIG too large, -ENOTSUP type). */
BPFSIM_API int bpfsim_vm_map_create(struct bpfsim_vm *vm, const struct bpfsim_vm_map_def *def,
				 struct bpfsim_err *err);
/* Host-side operations, as bpf(2) does them. Map-in-map values are inner
 * map fds (4 bytes; lookup gives the fd back where the kernel gives the
 * map id); devmap values are ifindexes (a slot is empty until updated). For per-CPU maps the value is
 * ncpus consecutive values of value_size rounded up to 8 bytes. Return 0 or
 * -ENOENT, -EEXIST, -E2BIG, -EINVAL, -ENOTSUP. */
BPFSIM_API int bpfsim_vm_map_lookup(struct bpfsim_vm *vm, int fd, const void *key, void *value);
BPFSIM_API int bpfsim_vm_map_update(struct bpfsim_vm *vm, int fd, const void *key, const void *value,
				 uint64_t flags);
BPFSIM_API int bpfsim_vm_map_delete(struct bpfsim_vm *vm, int fd, const void *key);
/* Next key after key (key NULL: the first); -ENOENT at the end. Hash maps
 * iterate in the VM's own bucket order (the kernel's depends on a random
 * hash seed); lpm_trie iterates as the kernel does (more specific first). */
BPFSIM_API int bpfsim_vm_map_next_key(struct bpfsim_vm *vm, int fd, const void *key, void *next);
/* Size of the value bpfsim_vm_map_lookup() writes (per-CPU: all CPUs). */
BPFSIM_API int bpfsim_vm_map_value_size(struct bpfsim_vm *vm, int fd);
BPFSIM_API const struct bpfsim_vm_map_def *bpfsim_vm_map_def(struct bpfsim_vm *vm, int fd);
/* queue/stack: remove and return the next value (bpf(2)'s
 * LOOKUP_AND_DELETE); bpfsim_vm_map_lookup peeks, bpfsim_vm_map_update
 * pushes (key ignored). -ENOENT when empty. */
BPFSIM_API int bpfsim_vm_map_pop(struct bpfsim_vm *vm, int fd, void *value);
/* perf_event_array: the next record bpf_perf_event_output sent to index idx
 * (a CPU); returns its length, 0 when none, or a negative errno. */
BPFSIM_API long bpfsim_vm_perf_consume(struct bpfsim_vm *vm, int fd, uint32_t idx, void *buf, size_t cap);
/* prog_array: set slot key to program id prog (bpfsim_vm_load's return). */
BPFSIM_API int bpfsim_vm_map_set_prog(struct bpfsim_vm *vm, int fd, uint32_t key, int prog);
/* ringbuf consumer: copy the next committed record into buf (up to cap bytes);
 * returns its length, 0 when empty, or a negative errno. Discarded records
 * are skipped. */
BPFSIM_API long bpfsim_vm_ringbuf_consume(struct bpfsim_vm *vm, int fd, void *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
