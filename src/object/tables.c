/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/tables.c: the one source of truth for names and for the mapping
 * from a program's ELF section name to its program type, expected attach type
 * and load flags, following libbpf's SEC() conventions.
 *
 * Matching rule (as libbpf): a pattern ending in '/' matches any name with
 * that prefix; a pattern ending in '+' matches the bare word or "word/..."; any
 * other pattern matches only exactly. The first matching row wins, so more
 * specific rows come first ("xdp.frags/devmap" before "xdp.frags" before "xdp").
 * A leading '?' in a section name (libbpf: do not autoload) is skipped.
 * Example: "kprobe/do_unlinkat" matches "kprobe+" -> kprobe, no attach type,
 * attach target "do_unlinkat"; "kprobe_x" matches nothing.
 *
 * Enum values come from bpfsim/names.h (the kernel's uapi values).
 */
#include "object/object_priv.h"

#include "bpfsim/names.h"

#include <string.h>

/* Row flags. */
#define S_NONE 0
#define S_EAT SECDEF_HAS_ATTACH_TYPE  /* expected_attach_type is passed to the kernel */
#define S_SLEEP SECDEF_SLEEPABLE       /* BPF_F_SLEEPABLE */
#define S_FRAGS SECDEF_XDP_FRAGS       /* BPF_F_XDP_HAS_FRAGS */
#define S_BTF SECDEF_ATTACH_BTF        /* attach target resolved through kernel BTF */

static const struct bpfsim_secdef secdefs[] = {
	{ "socket", BPFSIM_PROG_TYPE_SOCKET_FILTER, 0, S_NONE },
	{ "sk_reuseport/migrate", BPFSIM_PROG_TYPE_SK_REUSEPORT, BPFSIM_ATTACH_SK_REUSEPORT_SELECT_OR_MIGRATE, S_EAT },
	{ "sk_reuseport", BPFSIM_PROG_TYPE_SK_REUSEPORT, BPFSIM_ATTACH_SK_REUSEPORT_SELECT, S_EAT },
	{ "kprobe+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "uprobe+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "uprobe.s+", BPFSIM_PROG_TYPE_KPROBE, 0, S_SLEEP },
	{ "kretprobe+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "uretprobe+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "uretprobe.s+", BPFSIM_PROG_TYPE_KPROBE, 0, S_SLEEP },
	{ "kprobe.multi+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_KPROBE_MULTI, S_EAT },
	{ "kretprobe.multi+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_KPROBE_MULTI, S_EAT },
	{ "kprobe.session+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_KPROBE_SESSION, S_EAT },
	{ "uprobe.multi+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_UPROBE_MULTI, S_EAT },
	{ "uretprobe.multi+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_UPROBE_MULTI, S_EAT },
	{ "uprobe.multi.s+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_UPROBE_MULTI, S_EAT | S_SLEEP },
	{ "uretprobe.multi.s+", BPFSIM_PROG_TYPE_KPROBE, BPFSIM_ATTACH_TRACE_UPROBE_MULTI, S_EAT | S_SLEEP },
	{ "ksyscall+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "kretsyscall+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "usdt+", BPFSIM_PROG_TYPE_KPROBE, 0, S_NONE },
	{ "usdt.s+", BPFSIM_PROG_TYPE_KPROBE, 0, S_SLEEP },
	{ "tc/ingress", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_TCX_INGRESS, S_EAT },
	{ "tc/egress", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_TCX_EGRESS, S_EAT },
	{ "tcx/ingress", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_TCX_INGRESS, S_EAT },
	{ "tcx/egress", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_TCX_EGRESS, S_EAT },
	{ "tc", BPFSIM_PROG_TYPE_SCHED_CLS, 0, S_NONE },
	{ "classifier", BPFSIM_PROG_TYPE_SCHED_CLS, 0, S_NONE },
	{ "action", BPFSIM_PROG_TYPE_SCHED_ACT, 0, S_NONE },
	{ "netkit/primary", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_NETKIT_PRIMARY, S_EAT },
	{ "netkit/peer", BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_ATTACH_NETKIT_PEER, S_EAT },
	{ "tracepoint+", BPFSIM_PROG_TYPE_TRACEPOINT, 0, S_NONE },
	{ "tp+", BPFSIM_PROG_TYPE_TRACEPOINT, 0, S_NONE },
	{ "raw_tracepoint+", BPFSIM_PROG_TYPE_RAW_TRACEPOINT, 0, S_NONE },
	{ "raw_tp+", BPFSIM_PROG_TYPE_RAW_TRACEPOINT, 0, S_NONE },
	{ "raw_tracepoint.w+", BPFSIM_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, S_NONE },
	{ "raw_tp.w+", BPFSIM_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, S_NONE },
	{ "tp_btf+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_RAW_TP, S_EAT | S_BTF },
	{ "fentry+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_FENTRY, S_EAT | S_BTF },
	{ "fmod_ret+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_MODIFY_RETURN, S_EAT | S_BTF },
	{ "fexit+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_FEXIT, S_EAT | S_BTF },
	{ "fentry.s+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_FENTRY, S_EAT | S_BTF | S_SLEEP },
	{ "fmod_ret.s+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_MODIFY_RETURN, S_EAT | S_BTF | S_SLEEP },
	{ "fexit.s+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_FEXIT, S_EAT | S_BTF | S_SLEEP },
	{ "freplace+", BPFSIM_PROG_TYPE_EXT, 0, S_BTF },
	{ "lsm+", BPFSIM_PROG_TYPE_LSM, BPFSIM_ATTACH_LSM_MAC, S_EAT | S_BTF },
	{ "lsm.s+", BPFSIM_PROG_TYPE_LSM, BPFSIM_ATTACH_LSM_MAC, S_EAT | S_BTF | S_SLEEP },
	{ "lsm_cgroup+", BPFSIM_PROG_TYPE_LSM, BPFSIM_ATTACH_LSM_CGROUP, S_EAT | S_BTF },
	{ "iter+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_ITER, S_EAT | S_BTF },
	{ "iter.s+", BPFSIM_PROG_TYPE_TRACING, BPFSIM_ATTACH_TRACE_ITER, S_EAT | S_BTF | S_SLEEP },
	{ "syscall", BPFSIM_PROG_TYPE_SYSCALL, 0, S_SLEEP },
	{ "xdp.frags/devmap", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP_DEVMAP, S_EAT | S_FRAGS },
	{ "xdp/devmap", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP_DEVMAP, S_EAT },
	{ "xdp.frags/cpumap", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP_CPUMAP, S_EAT | S_FRAGS },
	{ "xdp/cpumap", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP_CPUMAP, S_EAT },
	{ "xdp.frags", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP, S_EAT | S_FRAGS },
	{ "xdp", BPFSIM_PROG_TYPE_XDP, BPFSIM_ATTACH_XDP, S_EAT },
	{ "perf_event", BPFSIM_PROG_TYPE_PERF_EVENT, 0, S_NONE },
	{ "lwt_in", BPFSIM_PROG_TYPE_LWT_IN, 0, S_NONE },
	{ "lwt_out", BPFSIM_PROG_TYPE_LWT_OUT, 0, S_NONE },
	{ "lwt_xmit", BPFSIM_PROG_TYPE_LWT_XMIT, 0, S_NONE },
	{ "lwt_seg6local", BPFSIM_PROG_TYPE_LWT_SEG6LOCAL, 0, S_NONE },
	{ "sockops", BPFSIM_PROG_TYPE_SOCK_OPS, BPFSIM_ATTACH_CGROUP_SOCK_OPS, S_EAT },
	{ "sk_skb/stream_parser", BPFSIM_PROG_TYPE_SK_SKB, BPFSIM_ATTACH_SK_SKB_STREAM_PARSER, S_EAT },
	{ "sk_skb/stream_verdict", BPFSIM_PROG_TYPE_SK_SKB, BPFSIM_ATTACH_SK_SKB_STREAM_VERDICT, S_EAT },
	{ "sk_skb/verdict", BPFSIM_PROG_TYPE_SK_SKB, BPFSIM_ATTACH_SK_SKB_VERDICT, S_EAT },
	{ "sk_skb", BPFSIM_PROG_TYPE_SK_SKB, 0, S_NONE },
	{ "sk_msg", BPFSIM_PROG_TYPE_SK_MSG, BPFSIM_ATTACH_SK_MSG_VERDICT, S_EAT },
	{ "lirc_mode2", BPFSIM_PROG_TYPE_LIRC_MODE2, BPFSIM_ATTACH_LIRC_MODE2, S_EAT },
	{ "flow_dissector", BPFSIM_PROG_TYPE_FLOW_DISSECTOR, BPFSIM_ATTACH_FLOW_DISSECTOR, S_EAT },
	{ "cgroup_skb/ingress", BPFSIM_PROG_TYPE_CGROUP_SKB, BPFSIM_ATTACH_CGROUP_INET_INGRESS, S_EAT },
	{ "cgroup_skb/egress", BPFSIM_PROG_TYPE_CGROUP_SKB, BPFSIM_ATTACH_CGROUP_INET_EGRESS, S_EAT },
	{ "cgroup/skb", BPFSIM_PROG_TYPE_CGROUP_SKB, 0, S_NONE },
	{ "cgroup/sock_create", BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET_SOCK_CREATE, S_EAT },
	{ "cgroup/sock_release", BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET_SOCK_RELEASE, S_EAT },
	{ "cgroup/sock", BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET_SOCK_CREATE, S_EAT },
	{ "cgroup/post_bind4", BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET4_POST_BIND, S_EAT },
	{ "cgroup/post_bind6", BPFSIM_PROG_TYPE_CGROUP_SOCK, BPFSIM_ATTACH_CGROUP_INET6_POST_BIND, S_EAT },
	{ "cgroup/bind4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_BIND, S_EAT },
	{ "cgroup/bind6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET6_BIND, S_EAT },
	{ "cgroup/connect4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_CONNECT, S_EAT },
	{ "cgroup/connect6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET6_CONNECT, S_EAT },
	{ "cgroup/connect_unix", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_CONNECT, S_EAT },
	{ "cgroup/sendmsg4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP4_SENDMSG, S_EAT },
	{ "cgroup/sendmsg6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP6_SENDMSG, S_EAT },
	{ "cgroup/sendmsg_unix", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_SENDMSG, S_EAT },
	{ "cgroup/recvmsg4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP4_RECVMSG, S_EAT },
	{ "cgroup/recvmsg6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UDP6_RECVMSG, S_EAT },
	{ "cgroup/recvmsg_unix", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_RECVMSG, S_EAT },
	{ "cgroup/getpeername4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_GETPEERNAME, S_EAT },
	{ "cgroup/getpeername6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET6_GETPEERNAME, S_EAT },
	{ "cgroup/getpeername_unix", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_GETPEERNAME, S_EAT },
	{ "cgroup/getsockname4", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET4_GETSOCKNAME, S_EAT },
	{ "cgroup/getsockname6", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_INET6_GETSOCKNAME, S_EAT },
	{ "cgroup/getsockname_unix", BPFSIM_PROG_TYPE_CGROUP_SOCK_ADDR, BPFSIM_ATTACH_CGROUP_UNIX_GETSOCKNAME, S_EAT },
	{ "cgroup/sysctl", BPFSIM_PROG_TYPE_CGROUP_SYSCTL, BPFSIM_ATTACH_CGROUP_SYSCTL, S_EAT },
	{ "cgroup/getsockopt", BPFSIM_PROG_TYPE_CGROUP_SOCKOPT, BPFSIM_ATTACH_CGROUP_GETSOCKOPT, S_EAT },
	{ "cgroup/setsockopt", BPFSIM_PROG_TYPE_CGROUP_SOCKOPT, BPFSIM_ATTACH_CGROUP_SETSOCKOPT, S_EAT },
	{ "cgroup/dev", BPFSIM_PROG_TYPE_CGROUP_DEVICE, BPFSIM_ATTACH_CGROUP_DEVICE, S_EAT },
	{ "struct_ops+", BPFSIM_PROG_TYPE_STRUCT_OPS, 0, S_NONE },
	{ "struct_ops.s+", BPFSIM_PROG_TYPE_STRUCT_OPS, 0, S_SLEEP },
	{ "sk_lookup", BPFSIM_PROG_TYPE_SK_LOOKUP, BPFSIM_ATTACH_SK_LOOKUP, S_EAT },
	{ "netfilter", BPFSIM_PROG_TYPE_NETFILTER, BPFSIM_ATTACH_NETFILTER, S_EAT },
};

static bool secdef_matches(const char *pat, const char *name)
{
	size_t len = strlen(pat);

	if (pat[len - 1] == '/')
		return !strncmp(name, pat, len);
	if (pat[len - 1] == '+') {
		len--;
		if (strncmp(name, pat, len))
			return false;
		return name[len] == 0 || name[len] == '/';
	}
	return !strcmp(name, pat);
}

const struct bpfsim_secdef *bpfsim_secdef_find(const char *sec_name)
{
	if (sec_name[0] == '?')
		sec_name++;
	for (size_t i = 0; i < sizeof(secdefs) / sizeof(secdefs[0]); i++)
		if (secdef_matches(secdefs[i].pattern, sec_name))
			return &secdefs[i];
	return NULL;
}

size_t bpfsim_secdef_count(void)
{
	return sizeof(secdefs) / sizeof(secdefs[0]);
}

const struct bpfsim_secdef *bpfsim_secdef_at(size_t i)
{
	return i < bpfsim_secdef_count() ? &secdefs[i] : NULL;
}
