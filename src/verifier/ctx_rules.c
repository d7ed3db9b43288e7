/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx_rules.c: context access rules per program type (Linux 6.18).
 *
 * Algorithm. A profile (prog type + expected attach type) is a sorted list
 * of fields from ctx_rules.def. An access (off, size, op) is allowed when
 *   1. size is 1, 2, 4 or 8 and off % size == 0 (C remainder: a negative
 *      offset can be aligned, which matters for tracepoints, below);
 *   2. some field f has f.off <= off and off + size <= f.off + f.width;
 *   3. size is in f's mask for the operation (rd for loads, wr for stores;
 *      the 6.18 kernel treats BPF_ST like BPF_STX for the context);
 *   4. a narrow load (size < f.width) starts before f.off + f.nstart (some
 *      fields, e.g. bpf_sock.family, allow narrow loads of their first
 *      bytes only).
 * A full-width load gives f's register type; a narrower one a scalar.
 * Two fields may start at the same offset with different widths (a u64 that
 * is writable only as a whole but readable as u32 halves, say): the first
 * field that allows the access wins.
 *
 * Tracepoint contexts are the raw trace record, not a struct: the kernel
 * allows reads only, at any offset o with (size_t)o >= 8 and o < 8192
 * (PERF_MAX_TRACE_SIZE) when o % size == 0. Because the first test compares
 * as unsigned, a negative aligned offset passes: the running kernel accepts
 * r2 = *(u32 *)(r1 - 4) for a tracepoint, and so do we.
 *
 * Example: sched_cls, off 76 size 4 load -> field (76, 4) rd 0x4 PACKET:
 * allowed, R becomes pkt; off 78 size 2 -> 2 not in rd 0x4: "invalid
 * bpf_context access off=78 size=2".
 */
#include <errno.h>
#include <stdio.h>

#include "bpfsim/names.h"
#include "verifier/ctx_rules.h"

struct ctx_field {
	uint16_t off, width;
	uint8_t rd, wr;
	uint8_t reg;
	uint8_t nstart; /* narrow loads start below off + nstart */
};

struct ctx_profile {
	int prog_type;
	int attach; /* -1: any expected attach type */
	const struct ctx_field *fields;
	size_t n;
};

/* One array of fields per profile, in .def order, then the profile list.
 * Each CTX_PROFILE closes the array before it and opens its own, so the
 * first expansion closes fields_unused_ (a placeholder that only exists
 * to be closed) and the closing brace after the #include ends the last. */
#define BPFSIM_ATTACH_NONE (-1)
#define CTX_PROFILE(PT, AT) }; static const struct ctx_field fields_##PT##_##AT[] = {
#define CTX_FIELD(o, w, r, wr_, REG, ns) {(o), (w), (r), (wr_), CTX_REG_##REG, (ns)},
static const struct ctx_field fields_unused_[] = {
	{0, 0, 0, 0, 0, 0},
#include "verifier/ctx_rules.def"
};
#undef CTX_PROFILE
#undef CTX_FIELD

#define CTX_PROFILE(PT, AT) \
	{BPFSIM_PROG_TYPE_##PT, BPFSIM_ATTACH_##AT, fields_##PT##_##AT, \
	 sizeof(fields_##PT##_##AT) / sizeof(fields_##PT##_##AT[0])},
#define CTX_FIELD(o, w, r, wr_, REG, ns)
static const struct ctx_profile profiles[] = {
#include "verifier/ctx_rules.def"
};
#undef CTX_PROFILE
#undef CTX_FIELD

enum { TRACEPOINT_MIN = 8, TRACEPOINT_MAX = 8192 /* PERF_MAX_TRACE_SIZE */ };

const char *bpfsim_ctx_reg_name(enum bpfsim_ctx_reg r)
{
	switch (r) {
	case CTX_REG_SCALAR: return "scalar";
	case CTX_REG_PACKET: return "pkt";
	case CTX_REG_PACKET_END: return "pkt_end";
	case CTX_REG_PACKET_META: return "pkt_meta";
	case CTX_REG_SOCK_COMMON_OR_NULL: return "sock_common_or_null";
	case CTX_REG_SOCKET: return "sock";
	case CTX_REG_SOCKET_OR_NULL: return "sock_or_null";
	case CTX_REG_FLOW_KEYS: return "flow_keys";
	}
	return "?";
}

/* The kernel sees 0 for "no expected attach type", and turns 0 into
 * BPF_CGROUP_INET_SOCK_CREATE for cgroup_sock (bpf_prog_load_fixup_attach_type). */
static int effective_attach(int prog_type, int attach)
{
	if (attach < 0)
		attach = 0;
	if (prog_type == BPFSIM_PROG_TYPE_CGROUP_SOCK && attach == 0)
		attach = BPFSIM_ATTACH_CGROUP_INET_SOCK_CREATE;
	return attach;
}

static const struct ctx_profile *find_profile(int prog_type, int attach)
{
	const struct ctx_profile *any = NULL;

	attach = effective_attach(prog_type, attach);
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		if (profiles[i].prog_type != prog_type)
			continue;
		if (profiles[i].attach == attach)
			return &profiles[i];
		if (profiles[i].attach == BPFSIM_ATTACH_NONE)
			any = &profiles[i];
	}
	return any;
}

bool bpfsim_ctx_supported(int prog_type, int expected_attach_type)
{
	(void)fields_unused_;
	return prog_type == BPFSIM_PROG_TYPE_TRACEPOINT ||
	       find_profile(prog_type, expected_attach_type) != NULL;
}

static int reject(struct bpfsim_ctx_answer *ans, int32_t off, uint32_t size)
{
	ans->allowed = false;
	snprintf(ans->msg, sizeof(ans->msg), "invalid bpf_context access off=%d size=%u", (int)off, size);
	return 0;
}

int bpfsim_ctx_access(int prog_type, int expected_attach_type, int32_t off, uint32_t size,
		      enum bpfsim_ctx_op op, struct bpfsim_ctx_answer *ans)
{
	const struct ctx_profile *p;

	*ans = (struct bpfsim_ctx_answer){0};
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		snprintf(ans->msg, sizeof(ans->msg), "bad ctx access size %u", size);
		return -EINVAL;
	}
	if (off % (int32_t)size != 0)
		return reject(ans, off, size);

	if (prog_type == BPFSIM_PROG_TYPE_TRACEPOINT) {
		if (op != CTX_LOAD || (uint32_t)off < TRACEPOINT_MIN || off >= TRACEPOINT_MAX)
			return reject(ans, off, size);
		ans->allowed = true;
		ans->reg = CTX_REG_SCALAR;
		ans->field_off = (uint32_t)off;
		ans->field_size = size;
		return 0;
	}

	p = find_profile(prog_type, expected_attach_type);
	if (!p) {
		const char *pt = bpfsim_prog_type_name(prog_type);
		const char *at = bpfsim_attach_type_name(expected_attach_type);

		snprintf(ans->msg, sizeof(ans->msg), "no context table for %s/%s", pt ? pt : "?",
			 at ? at : "-");
		return -EOPNOTSUPP;
	}
	if (off < 0)
		return reject(ans, off, size);
	for (size_t i = 0; i < p->n; i++) {
		const struct ctx_field *f = &p->fields[i];
		uint8_t mask = op == CTX_LOAD ? f->rd : f->wr;

		if ((uint32_t)off < f->off || (uint32_t)off + size > (uint32_t)f->off + f->width)
			continue;
		if (!(mask & size))
			continue;
		if (op == CTX_LOAD && size < f->width && (uint32_t)off >= (uint32_t)f->off + f->nstart)
			continue;
		ans->allowed = true;
		ans->narrow = op == CTX_LOAD && size < f->width;
		ans->reg = (op == CTX_LOAD && !ans->narrow) ? (enum bpfsim_ctx_reg)f->reg : CTX_REG_SCALAR;
		ans->field_off = f->off;
		ans->field_size = f->width;
		return 0;
	}
	return reject(ans, off, size);
}

size_t bpfsim_ctx_profile_count(void)
{
	return sizeof(profiles) / sizeof(profiles[0]);
}

bool bpfsim_ctx_profile(size_t i, int *prog_type, int *attach, size_t *nr_fields)
{
	if (i >= bpfsim_ctx_profile_count())
		return false;
	*prog_type = profiles[i].prog_type;
	*attach = profiles[i].attach;
	*nr_fields = profiles[i].n;
	return true;
}

bool bpfsim_ctx_field(size_t i, size_t j, uint32_t *off, uint32_t *width, uint8_t *rd, uint8_t *wr,
		      enum bpfsim_ctx_reg *reg)
{
	const struct ctx_field *f;

	if (i >= bpfsim_ctx_profile_count() || j >= profiles[i].n)
		return false;
	f = &profiles[i].fields[j];
	*off = f->off;
	*width = f->width;
	*rd = f->rd;
	*wr = f->wr;
	*reg = (enum bpfsim_ctx_reg)f->reg;
	return true;
}

int bpfsim_ctx_msg_atomic(char *buf, size_t len, int regno)
{
	snprintf(buf, len, "BPF_ATOMIC stores into R%d ctx is not allowed", regno);
	return -EACCES;
}

int bpfsim_ctx_msg_fixed_off(char *buf, size_t len, int regno, int32_t reg_off)
{
	if (reg_off < 0)
		snprintf(buf, len, "negative offset ctx ptr R%d off=%d disallowed", regno, (int)reg_off);
	else
		snprintf(buf, len, "dereference of modified ctx ptr R%d off=%d disallowed", regno, (int)reg_off);
	return -EACCES;
}

int bpfsim_ctx_msg_var_off(char *buf, size_t len, uint64_t value, uint64_t mask)
{
	snprintf(buf, len, "variable ctx access var_off=(0x%llx; 0x%llx) disallowed",
		 (unsigned long long)value, (unsigned long long)mask);
	return -EACCES;
}
