/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_protos.h: the table of BPF helper prototypes and of which program
 * types may call which helper, as the Linux 6.18 verifier sees them
 * (root: CAP_BPF + CAP_PERFMON, non-sleepable programs).
 *
 * Two generated tables hold the facts (tests/corpus/gen_helper_protos.py
 * writes them from the kernel's bpf_func_proto definitions and
 * get_func_proto chains, with the corrections the live 6.18 kernel
 * demanded):
 *   helper_protos.def  P(variant, id, gpl_only, ret, arg1..5, size1..5, flags)
 *                      one row per prototype object; a helper id can have
 *                      several variants (skb vs. sock context, tp vs. kprobe)
 *   prog_types.def     A(PROG_TYPE, ATTACH|ANY, id, variant): the prototype
 *                      the program type's get_func_proto returns; a helper
 *                      with no row is refused to that type.
 * Both are sorted (variants by id; access rows by program type then id), so
 * lookups are binary searches over const arrays: no state, re-entrant.
 *
 * The argument and return kinds carry the kernel's names and structure: a
 * base kind in the low 8 bits plus type flags (PTR_MAYBE_NULL, MEM_RDONLY,
 * MEM_UNINIT, MEM_WRITE, ...); arg_base()/ret_base() strip the flags. The
 * numeric values are bpfsim's own (the log never prints them).
 *
 * Messages are the kernel's, byte for byte (tests/corpus/helper_access.jsonl
 * records them): "invalid func %s#%d", "program of this type cannot use
 * helper %s#%d", "cannot call GPL-restricted function from non-GPL
 * compatible program", "helper call might sleep in a non-sleepable prog",
 * "cannot pass map_type %d into func %s#%d", "cannot update sockmap in this
 * context".
 */
#ifndef BPFSIM_VERIFIER_HELPER_PROTOS_H
#define BPFSIM_VERIFIER_HELPER_PROTOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HELPER_MAX_ID 211 /* __BPF_FUNC_MAX_ID - 1 on 6.18 */
#define HELPER_BASE_BITS 8

/* Type flags shared by argument and return kinds (the kernel's
 * enum bpf_type_flag; the same flags qualify register types). */
enum bpf_type_flag {
	PTR_MAYBE_NULL = 1u << (0 + HELPER_BASE_BITS),
	MEM_RDONLY = 1u << (1 + HELPER_BASE_BITS),
	MEM_RINGBUF = 1u << (2 + HELPER_BASE_BITS),
	MEM_USER = 1u << (3 + HELPER_BASE_BITS),
	MEM_PERCPU = 1u << (4 + HELPER_BASE_BITS),
	OBJ_RELEASE = 1u << (5 + HELPER_BASE_BITS),
	PTR_UNTRUSTED = 1u << (6 + HELPER_BASE_BITS),
	MEM_UNINIT = 1u << (7 + HELPER_BASE_BITS),
	DYNPTR_TYPE_LOCAL = 1u << (8 + HELPER_BASE_BITS),
	DYNPTR_TYPE_RINGBUF = 1u << (9 + HELPER_BASE_BITS),
	MEM_FIXED_SIZE = 1u << (10 + HELPER_BASE_BITS),
	MEM_ALLOC = 1u << (11 + HELPER_BASE_BITS),
	PTR_TRUSTED = 1u << (12 + HELPER_BASE_BITS),
	MEM_RCU = 1u << (13 + HELPER_BASE_BITS),
	NON_OWN_REF = 1u << (14 + HELPER_BASE_BITS),
	DYNPTR_TYPE_SKB = 1u << (15 + HELPER_BASE_BITS),
	DYNPTR_TYPE_XDP = 1u << (16 + HELPER_BASE_BITS),
	MEM_ALIGNED = 1u << (17 + HELPER_BASE_BITS),
	MEM_WRITE = 1u << (18 + HELPER_BASE_BITS),
};

enum bpf_arg_type {
	ARG_DONTCARE = 0,
	ARG_CONST_MAP_PTR,
	ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM,
	ARG_PTR_TO_ARENA,
	ARG_CONST_SIZE,
	ARG_CONST_SIZE_OR_ZERO,
	ARG_PTR_TO_CTX,
	ARG_ANYTHING,
	ARG_SCALAR,
	ARG_PTR_TO_SPIN_LOCK,
	ARG_PTR_TO_SOCK_COMMON,
	ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_BTF_ID,
	ARG_PTR_TO_RINGBUF_MEM,
	ARG_CONST_ALLOC_SIZE_OR_ZERO,
	ARG_PTR_TO_BTF_ID_SOCK_COMMON,
	ARG_PTR_TO_PERCPU_BTF_ID,
	ARG_PTR_TO_FUNC,
	ARG_PTR_TO_STACK,
	ARG_PTR_TO_CONST_STR,
	ARG_PTR_TO_TIMER,
	ARG_KPTR_XCHG_DEST,
	ARG_PTR_TO_DYNPTR,
	ARG_TYPE__MAX,

	ARG_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MEM,
	ARG_PTR_TO_CTX_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_CTX,
	ARG_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_STACK_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_STACK,
	ARG_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_BTF_ID,
	/* memory the helper fills (or clears on error): need not be initialised */
	ARG_PTR_TO_UNINIT_MEM = MEM_UNINIT | MEM_WRITE | ARG_PTR_TO_MEM,
	/* memory of a size fixed by the prototype (arg_size) */
	ARG_PTR_TO_FIXED_SIZE_MEM = MEM_FIXED_SIZE | ARG_PTR_TO_MEM,
};

enum bpf_return_type {
	RET_INTEGER = 0,
	RET_VOID,
	RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_MEM,
	RET_PTR_TO_MEM_OR_BTF_ID,
	RET_PTR_TO_BTF_ID,
	RET_TYPE__MAX,

	RET_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_RINGBUF_MEM_OR_NULL = PTR_MAYBE_NULL | MEM_RINGBUF | RET_PTR_TO_MEM,
	RET_PTR_TO_DYNPTR_MEM_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MEM,
	RET_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_BTF_ID,
	RET_PTR_TO_BTF_ID_TRUSTED = PTR_TRUSTED | RET_PTR_TO_BTF_ID,
};

static inline uint32_t arg_base(uint32_t t)
{
	return t & ((1u << HELPER_BASE_BITS) - 1);
}
#define ret_base arg_base

/* helper_proto.flags */
enum {
	HP_PKT_ACCESS = 1u << 0,     /* may read packet pointers (kernel .pkt_access) */
	HP_MIGHT_SLEEP = 1u << 1,    /* "helper call might sleep in a non-sleepable prog" */
	HP_ALLOW_FASTCALL = 1u << 2, /* kernel .allow_fastcall */
};

struct helper_proto {
	const char *variant; /* the kernel's object name: "bpf_map_lookup_elem_proto" */
	int func_id;
	bool gpl_only;
	uint32_t ret_type;    /* enum bpf_return_type (with flags) */
	uint32_t arg_type[5]; /* enum bpf_arg_type (with flags); ARG_DONTCARE ends the list */
	uint32_t arg_size[5]; /* bytes, for ARG_PTR_TO_FIXED_SIZE_MEM arguments */
	uint32_t flags;       /* HP_* */
};

/* The kernel's func_id_name(): "bpf_map_lookup_elem", "bpf_unspec" for 0,
 * "unknown" outside 0..HELPER_MAX_ID. */
const char *helper_func_name(int func_id);

/* Number of arguments the prototype takes (index of the first DONTCARE). */
int helper_proto_nargs(const struct helper_proto *p);

/* Every prototype variant, sorted by func_id (then variant name). */
const struct helper_proto *helper_protos(size_t *count);

/* The main prototype of a helper (the variant most program types get; the
 * first of its id in the table), NULL when no studied type can call it. */
const struct helper_proto *helper_proto_by_id(int func_id);
/* A variant by its kernel name, or NULL. */
const struct helper_proto *helper_proto_by_variant(const char *variant);

/* The prototype program type prog_type (enum bpfsim_prog_type) loaded
 * with expected attach type attach (enum bpfsim_attach_type; 0 when the
 * loader gives none) gets for func_id, or NULL when its get_func_proto
 * answers NULL (the call is refused). Program types outside the table
 * (tracing, lsm, ...) answer NULL for everything: see
 * helper_prog_type_known(). */
const struct helper_proto *helper_proto_for(int prog_type, int attach, int func_id);
bool helper_prog_type_known(int prog_type);

/* The first checks of a helper call, in the kernel's order: the id's
 * range, the program type's get_func_proto, the GPL restriction, a helper
 * that might sleep called from a non-sleepable program. Returns 0 with
 * *out set, or -EINVAL with the kernel's message (one line, no newline) in
 * msg; *out is set whenever the program type may call the helper. */
int helper_check_call(int prog_type, int attach, int func_id, bool gpl_compatible, bool sleepable,
		      const struct helper_proto **out, char *msg, size_t msg_sz);

/* The kernel's check_map_func_compatibility(), both ways (the map type's
 * allowed helpers, the helper's allowed map types), for a call of
 * func_id with a map of type map_type (enum bpfsim_map_type) from a
 * program of type prog_type / attach. Returns 0 or -EINVAL with the log
 * text in msg: "cannot pass map_type %d into func %s#%d", preceded by the
 * line "cannot update sockmap in this context\n" when that check refused
 * (the kernel prints both; the last line is the error line). */
int helper_map_compatible(int prog_type, int attach, int map_type, int func_id, char *msg, size_t msg_sz);

#endif
