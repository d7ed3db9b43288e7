/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx_rules.h: which context accesses the Linux 6.18 verifier allows, per
 * program type and expected attach type, and what a load gives. A pure
 * query over the table of ctx_rules.def: no state, no allocation.
 *
 * The verifier calls bpfsim_ctx_access() on every load/store through a
 * PTR_TO_CTX register with the final offset (reg fixed off + insn off) and
 * the access size. On rejection the message to print is in msg (the kernel's
 * words, e.g. "invalid bpf_context access off=76 size=4") and the errno is
 * EACCES, as the kernel's check_ctx_access returns.
 */
#ifndef BPFSIM_VERIFIER_CTX_RULES_H
#define BPFSIM_VERIFIER_CTX_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a load from the context gives. */
enum bpfsim_ctx_reg {
	CTX_REG_SCALAR = 0,
	CTX_REG_PACKET,              /* PTR_TO_PACKET ("pkt") */
	CTX_REG_PACKET_END,          /* PTR_TO_PACKET_END ("pkt_end") */
	CTX_REG_PACKET_META,         /* PTR_TO_PACKET_META ("pkt_meta") */
	CTX_REG_SOCK_COMMON_OR_NULL, /* PTR_TO_SOCK_COMMON | PTR_MAYBE_NULL */
	CTX_REG_SOCKET,              /* PTR_TO_SOCKET ("sock") */
	CTX_REG_SOCKET_OR_NULL,      /* PTR_TO_SOCKET | PTR_MAYBE_NULL */
	CTX_REG_FLOW_KEYS,           /* PTR_TO_FLOW_KEYS ("flow_keys") */
};

enum bpfsim_ctx_op {
	CTX_LOAD = 0,  /* BPF_LDX_MEM */
	CTX_STORE,     /* BPF_STX_MEM (register) */
	CTX_STORE_IMM, /* BPF_ST_MEM (immediate) */
};

struct bpfsim_ctx_answer {
	bool allowed;
	enum bpfsim_ctx_reg reg; /* loads: what the destination becomes */
	bool narrow;             /* load narrower than its field (zero-extended) */
	uint32_t field_off;      /* allowed: the field the access falls in */
	uint32_t field_size;
	char msg[64];            /* rejected: the kernel's error line */
};

/* Return values: 0 with *ans filled (allowed or not); -EOPNOTSUPP when
 * bpfsim has no context table for (prog_type, expected_attach_type), with
 * ans->msg saying which (the caller reports "unsupported", never a guess);
 * -EINVAL for a size that is not 1, 2, 4 or 8. */
int bpfsim_ctx_access(int prog_type, int expected_attach_type, int32_t off, uint32_t size,
		      enum bpfsim_ctx_op op, struct bpfsim_ctx_answer *ans);

/* Is there a context table for this pair? (tracepoint counts: it is a rule.) */
bool bpfsim_ctx_supported(int prog_type, int expected_attach_type);

/* "pkt", "pkt_end", ... as the kernel's reg_type_str prints them. */
const char *bpfsim_ctx_reg_name(enum bpfsim_ctx_reg r);

/* The verifier's other messages for a ctx access, checked before the table
 * is consulted (in this order: atomic, then the register's fixed offset,
 * then a variable offset, then bpfsim_ctx_access). Each writes the line
 * and returns -EACCES, the errno the kernel returns with it.
 *  - BPF_ATOMIC on a ctx pointer:  "BPF_ATOMIC stores into R1 ctx is not allowed"
 *  - the ctx register has a non-zero fixed offset (r1 += 4; *(r1 + 0)):
 *    "dereference of modified ctx ptr R1 off=4 disallowed", or for a
 *    negative one "negative offset ctx ptr R1 off=-4 disallowed"
 *  - a variable offset (tnum value, mask):
 *    "variable ctx access var_off=(0x0; 0x4) disallowed"
 * As root, storing a pointer into a writable ctx field is allowed (the
 * kernel's "leaks addr into ctx" is for unprivileged loads). */
int bpfsim_ctx_msg_atomic(char *buf, size_t len, int regno);
int bpfsim_ctx_msg_fixed_off(char *buf, size_t len, int regno, int32_t reg_off);
int bpfsim_ctx_msg_var_off(char *buf, size_t len, uint64_t value, uint64_t mask);

/* Enumerating the table (tests, docs): profile i's program type, expected
 * attach type (-1: any) and number of fields; field j of profile i. Return
 * false when out of range. The tracepoint rule is not a profile. */
size_t bpfsim_ctx_profile_count(void);
bool bpfsim_ctx_profile(size_t i, int *prog_type, int *attach, size_t *nr_fields);
bool bpfsim_ctx_field(size_t i, size_t j, uint32_t *off, uint32_t *width, uint8_t *rd, uint8_t *wr,
		      enum bpfsim_ctx_reg *reg);

#endif
