/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retval.c: return-value ranges per program type (Linux 6.18).
 *
 * At the exit of the main program (not of a subprogram, which only has to
 * return a scalar), R0 must be readable, must not be a pointer ("R0 leaks
 * addr as return value"), and for the program types below must be a scalar
 * whose signed 64-bit bounds lie inside the range; the kernel marks R0
 * precise first. The ranges (checked against the running kernel by
 * tests/corpus/retval.jsonl):
 *   cgroup_skb                     [0, 1]; egress attach [0, 3]
 *   cgroup_sock, sock_ops, cgroup_device, cgroup_sysctl, cgroup_sockopt
 *                                  [0, 1]
 *   cgroup_sock_addr               [0, 1]; bind4/6 [0, 3]; recvmsg and
 *                                  getpeername/getsockname [1, 1]
 *   sk_lookup                      [0, 1] (SK_DROP..SK_PASS)
 *   kprobe with kprobe_session     [0, 1]
 *   netfilter                      [0, 1] (NF_DROP..NF_ACCEPT)
 *   socket_filter, sched_cls/act, xdp, kprobe, tracepoint, perf_event,
 *   raw_tracepoint (no BTF target), sk_skb, sk_msg, lwt_*, flow_dissector,
 *   sk_reuseport, lirc_mode2, lwt_seg6local, ext: anything.
 * Example: cgroup_skb ingress, r0 = 5 at exit ->
 *   "At program exit the register R0 has smin=5 smax=5 should have been in [0, 1]".
 */
#include <errno.h>
#include <stdio.h>

#include "bpfsim/names.h"
#include "verifier/retval.h"

static void set(struct bpfsim_retval_range *r, int32_t lo, int32_t hi)
{
	r->enforced = true;
	r->minval = lo;
	r->maxval = hi;
}

int bpfsim_retval_range(int pt, int at, struct bpfsim_retval_range *r)
{
	*r = (struct bpfsim_retval_range){0};
	switch (pt) {
	case BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (at) {
		case BPFSIM_ATTACH_CGROUP_UDP4_RECVMSG:
		case BPFSIM_ATTACH_CGROUP_UDP6_RECVMSG:
		case BPFSIM_ATTACH_CGROUP_UNIX_RECVMSG:
		case BPFSIM_ATTACH_CGROUP_INET4_GETPEERNAME:
		case BPFSIM_ATTACH_CGROUP_INET6_GETPEERNAME:
		case BPFSIM_ATTACH_CGROUP_UNIX_GETPEERNAME:
		case BPFSIM_ATTACH_CGROUP_INET4_GETSOCKNAME:
		case BPFSIM_ATTACH_CGROUP_INET6_GETSOCKNAME:
		case BPFSIM_ATTACH_CGROUP_UNIX_GETSOCKNAME:
			set(r, 1, 1);
			break;
		case BPFSIM_ATTACH_CGROUP_INET4_BIND:
		case BPFSIM_ATTACH_CGROUP_INET6_BIND:
			set(r, 0, 3);
			break;
		default:
			set(r, 0, 1);
		}
		return 0;
	case BPFSIM_PROG_TYPE_CGROUP_SKB:
		if (at == BPFSIM_ATTACH_CGROUP_INET_EGRESS)
			set(r, 0, 3);
		else
			set(r, 0, 1);
		return 0;
	case BPFSIM_PROG_TYPE_CGROUP_SOCK:
	case BPFSIM_PROG_TYPE_SOCK_OPS:
	case BPFSIM_PROG_TYPE_CGROUP_DEVICE:
	case BPFSIM_PROG_TYPE_CGROUP_SYSCTL:
	case BPFSIM_PROG_TYPE_CGROUP_SOCKOPT:
	case BPFSIM_PROG_TYPE_SK_LOOKUP:
	case BPFSIM_PROG_TYPE_NETFILTER:
		set(r, 0, 1);
		return 0;
	case BPFSIM_PROG_TYPE_KPROBE:
		if (at == BPFSIM_ATTACH_TRACE_KPROBE_SESSION)
			set(r, 0, 1);
		return 0;
	case BPFSIM_PROG_TYPE_TRACING:
	case BPFSIM_PROG_TYPE_LSM:
	case BPFSIM_PROG_TYPE_STRUCT_OPS:
		return -EOPNOTSUPP; /* depends on the BTF attach target */
	default:
		/* raw_tracepoint without attach_btf_id (the only kind a vector
		 * can express) and every other type: any value */
		return 0;
	}
}

bool bpfsim_retval_ok(const struct bpfsim_retval_range *r, int64_t smin, int64_t smax)
{
	if (!r->enforced)
		return true;
	return smin >= r->minval && smax <= r->maxval;
}

int bpfsim_retval_msg(char *buf, size_t len, const struct bpfsim_retval_range *r, int regno,
		      int64_t smin, int64_t smax)
{
	char lo[32] = "", hi[32] = "";

	if (smin > INT64_MIN)
		snprintf(lo, sizeof(lo), " smin=%lld", (long long)smin);
	if (smax < INT64_MAX)
		snprintf(hi, sizeof(hi), " smax=%lld", (long long)smax);
	return snprintf(buf, len, "At program exit the register R%d has%s%s%s should have been in [%d, %d]",
			regno, lo, hi, (!lo[0] && !hi[0]) ? " unknown scalar value" : "",
			(int)r->minval, (int)r->maxval);
}
