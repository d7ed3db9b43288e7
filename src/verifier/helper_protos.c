/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_protos.c: queries over the helper prototype table.
 *
 * Data: helper_protos.def (prototype variants, sorted by helper id) and
 * prog_types.def (program type x helper id -> variant, sorted by program
 * type value then helper id), both generated (see helper_protos.h). The
 * C here only indexes them: binary search of the access rows by
 * (program type, helper id), then the row whose attach type matches
 * (ANY, or the program's expected attach type).
 *
 * Invariants checked by tests/unit/test_helper_protos.c: the rows are
 * sorted, every variant's id is in 1..HELPER_MAX_ID, every prototype passes
 * the kernel's own sanity rules (at most one uninitialised-memory
 * argument, memory arguments paired with a size argument or a fixed size).
 *
 * The map/helper compatibility rules are the kernel's
 * check_map_func_compatibility(), written as two switch statements in the
 * same two directions (map type -> helpers; helper -> map types).
 */
#include "verifier/helper_protos.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bpfsim/names.h"

static const char *const func_names[HELPER_MAX_ID + 1] = {
#define X(id, name) [id] = "bpf_" #name,
#include "bpfsim/helpers.def"
#undef X
};

const char *helper_func_name(int func_id)
{
	if (func_id < 0 || func_id > HELPER_MAX_ID || !func_names[func_id])
		return "unknown";
	return func_names[func_id];
}

enum {
#define P(v, ...) PV_##v,
#include "verifier/helper_protos.def"
#undef P
	PV__COUNT
};

static const struct helper_proto protos[PV__COUNT] = {
#define P(v, id, gpl, ret, a1, a2, a3, a4, a5, s1, s2, s3, s4, s5, fl)                             \
	[PV_##v] = { #v, id, gpl, (uint32_t)(ret), { a1, a2, a3, a4, a5 }, { s1, s2, s3, s4, s5 }, fl },
#include "verifier/helper_protos.def"
#undef P
};

enum {
	HPA_ANY = -1,
#define X(up, name, val) HPA_##up = val,
	BPFSIM_ATTACH_TYPES(X)
#undef X
};

struct access_row {
	int16_t prog_type;
	int16_t attach; /* HPA_ANY or an attach type */
	int16_t func_id;
	int16_t proto;  /* index into protos[] */
};

static const struct access_row rows[] = {
#define A(pt, at, id, v) { BPFSIM_PROG_TYPE_##pt, HPA_##at, id, PV_##v },
#include "verifier/prog_types.def"
#undef A
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

const struct helper_proto *helper_protos(size_t *count)
{
	*count = PV__COUNT;
	return protos;
}

int helper_proto_nargs(const struct helper_proto *p)
{
	int i;

	for (i = 0; i < 5; i++)
		if (p->arg_type[i] == ARG_DONTCARE)
			break;
	return i;
}

const struct helper_proto *helper_proto_by_id(int func_id)
{
	size_t lo = 0, hi = PV__COUNT;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (protos[mid].func_id < func_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < PV__COUNT && protos[lo].func_id == func_id ? &protos[lo] : NULL;
}

const struct helper_proto *helper_proto_by_variant(const char *variant)
{
	for (size_t i = 0; i < PV__COUNT; i++)
		if (strcmp(protos[i].variant, variant) == 0)
			return &protos[i];
	return NULL;
}

bool helper_prog_type_known(int prog_type)
{
	for (size_t i = 0; i < NROWS; i++)
		if (rows[i].prog_type == prog_type)
			return true;
	return false;
}

static int row_cmp(const struct access_row *r, int prog_type, int func_id)
{
	if (r->prog_type != prog_type)
		return r->prog_type < prog_type ? -1 : 1;
	if (r->func_id != func_id)
		return r->func_id < func_id ? -1 : 1;
	return 0;
}

const struct helper_proto *helper_proto_for(int prog_type, int attach, int func_id)
{
	size_t lo = 0, hi = NROWS;

	/* bpf_prog_load_fixup_attach_type(): cgroup_sock without an expected
	 * attach type is loaded as inet_sock_create */
	if (prog_type == BPFSIM_PROG_TYPE_CGROUP_SOCK && attach == 0)
		attach = BPFSIM_ATTACH_CGROUP_INET_SOCK_CREATE;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (row_cmp(&rows[mid], prog_type, func_id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < NROWS && row_cmp(&rows[lo], prog_type, func_id) == 0; lo++)
		if (rows[lo].attach == HPA_ANY || rows[lo].attach == attach)
			return &protos[rows[lo].proto];
	return NULL;
}

int helper_check_call(int prog_type, int attach, int func_id, bool gpl_compatible, bool sleepable,
		      const struct helper_proto **out, char *msg, size_t msg_sz)
{
	const struct helper_proto *p;

	*out = NULL;
	if (func_id < 0 || func_id > HELPER_MAX_ID) {
		snprintf(msg, msg_sz, "invalid func %s#%d", helper_func_name(func_id), func_id);
		return -EINVAL;
	}
	p = helper_proto_for(prog_type, attach, func_id);
	if (!p) {
		snprintf(msg, msg_sz, "program of this type cannot use helper %s#%d", helper_func_name(func_id),
			 func_id);
		return -EINVAL;
	}
	*out = p;
	if (p->gpl_only && !gpl_compatible) {
		snprintf(msg, msg_sz, "cannot call GPL-restricted function from non-GPL compatible program");
		return -EINVAL;
	}
	if ((p->flags & HP_MIGHT_SLEEP) && !sleepable) {
		snprintf(msg, msg_sz, "helper call might sleep in a non-sleepable prog");
		return -EINVAL;
	}
	if (msg_sz)
		msg[0] = '\0';
	return 0;
}

/* may_update_sockmap(): map_update_elem / map_delete_elem on a sockmap or
 * sockhash from contexts that cannot hold a locked socket. */
static bool may_update_sockmap(int prog_type, int func_id)
{
	if (func_id != 2 /* map_update_elem */ && func_id != 3 /* map_delete_elem */)
		return false;
	switch (prog_type) {
	case BPFSIM_PROG_TYPE_SOCK_OPS:
		return func_id == 3;
	case BPFSIM_PROG_TYPE_SOCKET_FILTER:
	case BPFSIM_PROG_TYPE_SCHED_CLS:
	case BPFSIM_PROG_TYPE_SCHED_ACT:
	case BPFSIM_PROG_TYPE_XDP:
	case BPFSIM_PROG_TYPE_SK_REUSEPORT:
	case BPFSIM_PROG_TYPE_FLOW_DISSECTOR:
	case BPFSIM_PROG_TYPE_SK_LOOKUP:
		return true;
	default:
		return false;
	}
}

/* helper ids used below (include/bpfsim/helpers.def) */
enum {
	F_map_lookup_elem = 1, F_map_update_elem = 2, F_map_delete_elem = 3, F_tail_call = 12,
	F_perf_event_read = 22, F_perf_event_output = 25, F_get_stackid = 27, F_skb_under_cgroup = 33,
	F_current_task_under_cgroup = 37, F_redirect_map = 51, F_sk_redirect_map = 52,
	F_sock_map_update = 53, F_perf_event_read_value = 55, F_msg_redirect_map = 60,
	F_sock_hash_update = 70, F_msg_redirect_hash = 71, F_sk_redirect_hash = 72,
	F_get_local_storage = 81, F_sk_select_reuseport = 82, F_map_push_elem = 87, F_map_pop_elem = 88,
	F_map_peek_elem = 89, F_sk_storage_get = 107, F_sk_storage_delete = 108, F_skb_output = 111,
	F_xdp_output = 121, F_ringbuf_output = 130, F_ringbuf_reserve = 131, F_ringbuf_query = 134,
	F_inode_storage_get = 145, F_inode_storage_delete = 146, F_task_storage_get = 156,
	F_task_storage_delete = 157, F_kptr_xchg = 194, F_map_lookup_percpu_elem = 195,
	F_ringbuf_reserve_dynptr = 198, F_ringbuf_submit_dynptr = 199, F_ringbuf_discard_dynptr = 200,
	F_user_ringbuf_drain = 209, F_cgrp_storage_get = 210, F_cgrp_storage_delete = 211,
};

static bool map_side_ok(int prog_type, int map_type, int f, bool *sockmap_refused)
{
	switch (map_type) {
	case BPFSIM_MAP_TYPE_PROG_ARRAY:
		return f == F_tail_call;
	case BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY:
		return f == F_perf_event_read || f == F_perf_event_output || f == F_skb_output ||
		       f == F_perf_event_read_value || f == F_xdp_output;
	case BPFSIM_MAP_TYPE_RINGBUF:
		return f == F_ringbuf_output || f == F_ringbuf_reserve || f == F_ringbuf_query ||
		       f == F_ringbuf_reserve_dynptr || f == F_ringbuf_submit_dynptr || f == F_ringbuf_discard_dynptr;
	case BPFSIM_MAP_TYPE_USER_RINGBUF:
		return f == F_user_ringbuf_drain;
	case BPFSIM_MAP_TYPE_STACK_TRACE:
		return f == F_get_stackid;
	case BPFSIM_MAP_TYPE_CGROUP_ARRAY:
		return f == F_skb_under_cgroup || f == F_current_task_under_cgroup;
	case BPFSIM_MAP_TYPE_CGROUP_STORAGE:
	case BPFSIM_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return f == F_get_local_storage;
	case BPFSIM_MAP_TYPE_DEVMAP:
	case BPFSIM_MAP_TYPE_DEVMAP_HASH:
	case BPFSIM_MAP_TYPE_XSKMAP:
		return f == F_redirect_map || f == F_map_lookup_elem;
	case BPFSIM_MAP_TYPE_CPUMAP:
		return f == F_redirect_map;
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		return f == F_map_lookup_elem;
	case BPFSIM_MAP_TYPE_SOCKMAP:
	case BPFSIM_MAP_TYPE_SOCKHASH: {
		bool hash = map_type == BPFSIM_MAP_TYPE_SOCKHASH;

		if (f == (hash ? F_sk_redirect_hash : F_sk_redirect_map) ||
		    f == (hash ? F_sock_hash_update : F_sock_map_update) ||
		    f == (hash ? F_msg_redirect_hash : F_msg_redirect_map) || f == F_sk_select_reuseport ||
		    f == F_map_lookup_elem)
			return true;
		if (may_update_sockmap(prog_type, f))
			return true;
		/* the kernel prints this line only when it reaches the
		 * update check, i.e. for update/delete */
		if (f == F_map_update_elem || f == F_map_delete_elem)
			*sockmap_refused = true;
		return false;
	}
	case BPFSIM_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return f == F_sk_select_reuseport;
	case BPFSIM_MAP_TYPE_QUEUE:
	case BPFSIM_MAP_TYPE_STACK:
		return f == F_map_peek_elem || f == F_map_pop_elem || f == F_map_push_elem;
	case BPFSIM_MAP_TYPE_SK_STORAGE:
		return f == F_sk_storage_get || f == F_sk_storage_delete || f == F_kptr_xchg;
	case BPFSIM_MAP_TYPE_INODE_STORAGE:
		return f == F_inode_storage_get || f == F_inode_storage_delete || f == F_kptr_xchg;
	case BPFSIM_MAP_TYPE_TASK_STORAGE:
		return f == F_task_storage_get || f == F_task_storage_delete || f == F_kptr_xchg;
	case BPFSIM_MAP_TYPE_CGRP_STORAGE:
		return f == F_cgrp_storage_get || f == F_cgrp_storage_delete || f == F_kptr_xchg;
	case BPFSIM_MAP_TYPE_BLOOM_FILTER:
		return f == F_map_peek_elem || f == F_map_push_elem;
	default:
		return true;
	}
}

static bool func_side_ok(int m, int f)
{
	switch (f) {
	case F_tail_call:
		return m == BPFSIM_MAP_TYPE_PROG_ARRAY;
	case F_perf_event_read:
	case F_perf_event_output:
	case F_perf_event_read_value:
	case F_skb_output:
	case F_xdp_output:
		return m == BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY;
	case F_ringbuf_output:
	case F_ringbuf_reserve:
	case F_ringbuf_query:
	case F_ringbuf_reserve_dynptr:
	case F_ringbuf_submit_dynptr:
	case F_ringbuf_discard_dynptr:
		return m == BPFSIM_MAP_TYPE_RINGBUF;
	case F_user_ringbuf_drain:
		return m == BPFSIM_MAP_TYPE_USER_RINGBUF;
	case F_get_stackid:
		return m == BPFSIM_MAP_TYPE_STACK_TRACE;
	case F_current_task_under_cgroup:
	case F_skb_under_cgroup:
		return m == BPFSIM_MAP_TYPE_CGROUP_ARRAY;
	case F_redirect_map:
		return m == BPFSIM_MAP_TYPE_DEVMAP || m == BPFSIM_MAP_TYPE_DEVMAP_HASH ||
		       m == BPFSIM_MAP_TYPE_CPUMAP || m == BPFSIM_MAP_TYPE_XSKMAP;
	case F_sk_redirect_map:
	case F_msg_redirect_map:
	case F_sock_map_update:
		return m == BPFSIM_MAP_TYPE_SOCKMAP;
	case F_sk_redirect_hash:
	case F_msg_redirect_hash:
	case F_sock_hash_update:
		return m == BPFSIM_MAP_TYPE_SOCKHASH;
	case F_get_local_storage:
		return m == BPFSIM_MAP_TYPE_CGROUP_STORAGE || m == BPFSIM_MAP_TYPE_PERCPU_CGROUP_STORAGE;
	case F_sk_select_reuseport:
		return m == BPFSIM_MAP_TYPE_REUSEPORT_SOCKARRAY || m == BPFSIM_MAP_TYPE_SOCKMAP ||
		       m == BPFSIM_MAP_TYPE_SOCKHASH;
	case F_map_pop_elem:
		return m == BPFSIM_MAP_TYPE_QUEUE || m == BPFSIM_MAP_TYPE_STACK;
	case F_map_peek_elem:
	case F_map_push_elem:
		return m == BPFSIM_MAP_TYPE_QUEUE || m == BPFSIM_MAP_TYPE_STACK || m == BPFSIM_MAP_TYPE_BLOOM_FILTER;
	case F_map_lookup_percpu_elem:
		return m == BPFSIM_MAP_TYPE_PERCPU_ARRAY || m == BPFSIM_MAP_TYPE_PERCPU_HASH ||
		       m == BPFSIM_MAP_TYPE_LRU_PERCPU_HASH;
	case F_sk_storage_get:
	case F_sk_storage_delete:
		return m == BPFSIM_MAP_TYPE_SK_STORAGE;
	case F_inode_storage_get:
	case F_inode_storage_delete:
		return m == BPFSIM_MAP_TYPE_INODE_STORAGE;
	case F_task_storage_get:
	case F_task_storage_delete:
		return m == BPFSIM_MAP_TYPE_TASK_STORAGE;
	case F_cgrp_storage_get:
	case F_cgrp_storage_delete:
		return m == BPFSIM_MAP_TYPE_CGRP_STORAGE;
	default:
		return true;
	}
}

int helper_map_compatible(int prog_type, int attach, int map_type, int func_id, char *msg, size_t msg_sz)
{
	bool sockmap_refused = false;

	(void)attach; /* only tracing/iter programs (not modelled) depend on it */
	if (map_side_ok(prog_type, map_type, func_id, &sockmap_refused) && func_side_ok(map_type, func_id)) {
		if (msg_sz)
			msg[0] = '\0';
		return 0;
	}
	snprintf(msg, msg_sz, "%scannot pass map_type %d into func %s#%d",
		 sockmap_refused ? "cannot update sockmap in this context\n" : "", map_type,
		 helper_func_name(func_id), func_id);
	return -EINVAL;
}
