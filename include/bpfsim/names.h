/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/names.h: names <-> values of the kernel's uapi enums that bpfsim
 * reads and writes as text: program types, attach types, map types, errnos.
 *
 * Each table below is the single source of truth for its enum (an X-macro
 * list, in the kernel's order, covering every value Linux 6.18 defines); the
 * enums, the name lookups and the documentation are all generated from it.
 * Names are the kernel's enumerator names, lower case, without the prefix
 * (BPF_PROG_TYPE_, BPF_, BPF_MAP_TYPE_), as in ../shared/formats/vectors.md.
 */
#ifndef BPFSIM_NAMES_H
#define BPFSIM_NAMES_H

#include "bpfsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(NAME_UPPER, name, value): enum bpf_prog_type */
#define BPFSIM_PROG_TYPES(X)                                        \
	X(UNSPEC, unspec, 0)                                        \
	X(SOCKET_FILTER, socket_filter, 1)                          \
	X(KPROBE, kprobe, 2)                                        \
	X(SCHED_CLS, sched_cls, 3)                                  \
	X(SCHED_ACT, sched_act, 4)                                  \
	X(TRACEPOINT, tracepoint, 5)                                \
	X(XDP, xdp, 6)                                              \
	X(PERF_EVENT, perf_event, 7)                                \
	X(CGROUP_SKB, cgroup_skb, 8)                                \
	X(CGROUP_SOCK, cgroup_sock, 9)                              \
	X(LWT_IN, lwt_in, 10)                                       \
	X(LWT_OUT, lwt_out, 11)                                     \
	X(LWT_XMIT, lwt_xmit, 12)                                   \
	X(SOCK_OPS, sock_ops, 13)                                   \
	X(SK_SKB, sk_skb, 14)                                       \
	X(CGROUP_DEVICE, cgroup_device, 15)                         \
	X(SK_MSG, sk_msg, 16)                                       \
	X(RAW_TRACEPOINT, raw_tracepoint, 17)                       \
	X(CGROUP_SOCK_ADDR, cgroup_sock_addr, 18)                   \
	X(LWT_SEG6LOCAL, lwt_seg6local, 19)                         \
	X(LIRC_MODE2, lirc_mode2, 20)                               \
	X(SK_REUSEPORT, sk_reuseport, 21)                           \
	X(FLOW_DISSECTOR, flow_dissector, 22)                       \
	X(CGROUP_SYSCTL, cgroup_sysctl, 23)                         \
	X(RAW_TRACEPOINT_WRITABLE, raw_tracepoint_writable, 24)     \
	X(CGROUP_SOCKOPT, cgroup_sockopt, 25)                       \
	X(TRACING, tracing, 26)                                     \
	X(STRUCT_OPS, struct_ops, 27)                               \
	X(EXT, ext, 28)                                             \
	X(LSM, lsm, 29)                                             \
	X(SK_LOOKUP, sk_lookup, 30)                                 \
	X(SYSCALL, syscall, 31)                                     \
	X(NETFILTER, netfilter, 32)

/* X(NAME_UPPER, name, value): enum bpf_attach_type */
#define BPFSIM_ATTACH_TYPES(X)                                              \
	X(CGROUP_INET_INGRESS, cgroup_inet_ingress, 0)                      \
	X(CGROUP_INET_EGRESS, cgroup_inet_egress, 1)                        \
	X(CGROUP_INET_SOCK_CREATE, cgroup_inet_sock_create, 2)              \
	X(CGROUP_SOCK_OPS, cgroup_sock_ops, 3)                              \
	X(SK_SKB_STREAM_PARSER, sk_skb_stream_parser, 4)                    \
	X(SK_SKB_STREAM_VERDICT, sk_skb_stream_verdict, 5)                  \
	X(CGROUP_DEVICE, cgroup_device, 6)                                  \
	X(SK_MSG_VERDICT, sk_msg_verdict, 7)                                \
	X(CGROUP_INET4_BIND, cgroup_inet4_bind, 8)                          \
	X(CGROUP_INET6_BIND, cgroup_inet6_bind, 9)                          \
	X(CGROUP_INET4_CONNECT, cgroup_inet4_connect, 10)                   \
	X(CGROUP_INET6_CONNECT, cgroup_inet6_connect, 11)                   \
	X(CGROUP_INET4_POST_BIND, cgroup_inet4_post_bind, 12)               \
	X(CGROUP_INET6_POST_BIND, cgroup_inet6_post_bind, 13)               \
	X(CGROUP_UDP4_SENDMSG, cgroup_udp4_sendmsg, 14)                     \
	X(CGROUP_UDP6_SENDMSG, cgroup_udp6_sendmsg, 15)                     \
	X(LIRC_MODE2, lirc_mode2, 16)                                       \
	X(FLOW_DISSECTOR, flow_dissector, 17)                               \
	X(CGROUP_SYSCTL, cgroup_sysctl, 18)                                 \
	X(CGROUP_UDP4_RECVMSG, cgroup_udp4_recvmsg, 19)                     \
	X(CGROUP_UDP6_RECVMSG, cgroup_udp6_recvmsg, 20)                     \
	X(CGROUP_GETSOCKOPT, cgroup_getsockopt, 21)                         \
	X(CGROUP_SETSOCKOPT, cgroup_setsockopt, 22)                         \
	X(TRACE_RAW_TP, trace_raw_tp, 23)                                   \
	X(TRACE_FENTRY, trace_fentry, 24)                                   \
	X(TRACE_FEXIT, trace_fexit, 25)                                     \
	X(MODIFY_RETURN, modify_return, 26)                                 \
	X(LSM_MAC, lsm_mac, 27)                                             \
	X(TRACE_ITER, trace_iter, 28)                                       \
	X(CGROUP_INET4_GETPEERNAME, cgroup_inet4_getpeername, 29)           \
	X(CGROUP_INET6_GETPEERNAME, cgroup_inet6_getpeername, 30)           \
	X(CGROUP_INET4_GETSOCKNAME, cgroup_inet4_getsockname, 31)           \
	X(CGROUP_INET6_GETSOCKNAME, cgroup_inet6_getsockname, 32)           \
	X(XDP_DEVMAP, xdp_devmap, 33)                                       \
	X(CGROUP_INET_SOCK_RELEASE, cgroup_inet_sock_release, 34)           \
	X(XDP_CPUMAP, xdp_cpumap, 35)                                       \
	X(SK_LOOKUP, sk_lookup, 36)                                         \
	X(XDP, xdp, 37)                                                     \
	X(SK_SKB_VERDICT, sk_skb_verdict, 38)                               \
	X(SK_REUSEPORT_SELECT, sk_reuseport_select, 39)                     \
	X(SK_REUSEPORT_SELECT_OR_MIGRATE, sk_reuseport_select_or_migrate, 40) \
	X(PERF_EVENT, perf_event, 41)                                       \
	X(TRACE_KPROBE_MULTI, trace_kprobe_multi, 42)                       \
	X(LSM_CGROUP, lsm_cgroup, 43)                                       \
	X(STRUCT_OPS, struct_ops, 44)                                       \
	X(NETFILTER, netfilter, 45)                                         \
	X(TCX_INGRESS, tcx_ingress, 46)                                     \
	X(TCX_EGRESS, tcx_egress, 47)                                       \
	X(TRACE_UPROBE_MULTI, trace_uprobe_multi, 48)                       \
	X(CGROUP_UNIX_CONNECT, cgroup_unix_connect, 49)                     \
	X(CGROUP_UNIX_SENDMSG, cgroup_unix_sendmsg, 50)                     \
	X(CGROUP_UNIX_RECVMSG, cgroup_unix_recvmsg, 51)                     \
	X(CGROUP_UNIX_GETPEERNAME, cgroup_unix_getpeername, 52)             \
	X(CGROUP_UNIX_GETSOCKNAME, cgroup_unix_getsockname, 53)             \
	X(NETKIT_PRIMARY, netkit_primary, 54)                               \
	X(NETKIT_PEER, netkit_peer, 55)                                     \
	X(TRACE_KPROBE_SESSION, trace_kprobe_session, 56)                   \
	X(TRACE_UPROBE_SESSION, trace_uprobe_session, 57)

/* X(NAME_UPPER, name, value): enum bpf_map_type. The kernel's aliases
 * CGROUP_STORAGE_DEPRECATED (19) and PERCPU_CGROUP_STORAGE_DEPRECATED (21)
 * are accepted by name (see names.c) but never printed. */
#define BPFSIM_MAP_TYPES(X)                                         \
	X(UNSPEC, unspec, 0)                                        \
	X(HASH, hash, 1)                                            \
	X(ARRAY, array, 2)                                          \
	X(PROG_ARRAY, prog_array, 3)                                \
	X(PERF_EVENT_ARRAY, perf_event_array, 4)                    \
	X(PERCPU_HASH, percpu_hash, 5)                              \
	X(PERCPU_ARRAY, percpu_array, 6)                            \
	X(STACK_TRACE, stack_trace, 7)                              \
	X(CGROUP_ARRAY, cgroup_array, 8)                            \
	X(LRU_HASH, lru_hash, 9)                                    \
	X(LRU_PERCPU_HASH, lru_percpu_hash, 10)                     \
	X(LPM_TRIE, lpm_trie, 11)                                   \
	X(ARRAY_OF_MAPS, array_of_maps, 12)                         \
	X(HASH_OF_MAPS, hash_of_maps, 13)                           \
	X(DEVMAP, devmap, 14)                                       \
	X(SOCKMAP, sockmap, 15)                                     \
	X(CPUMAP, cpumap, 16)                                       \
	X(XSKMAP, xskmap, 17)                                       \
	X(SOCKHASH, sockhash, 18)                                   \
	X(CGROUP_STORAGE, cgroup_storage, 19)                       \
	X(REUSEPORT_SOCKARRAY, reuseport_sockarray, 20)             \
	X(PERCPU_CGROUP_STORAGE, percpu_cgroup_storage, 21)         \
	X(QUEUE, queue, 22)                                         \
	X(STACK, stack, 23)                                         \
	X(SK_STORAGE, sk_storage, 24)                               \
	X(DEVMAP_HASH, devmap_hash, 25)                             \
	X(STRUCT_OPS, struct_ops, 26)                               \
	X(RINGBUF, ringbuf, 27)                                     \
	X(INODE_STORAGE, inode_storage, 28)                         \
	X(TASK_STORAGE, task_storage, 29)                           \
	X(BLOOM_FILTER, bloom_filter, 30)                           \
	X(USER_RINGBUF, user_ringbuf, 31)                           \
	X(CGRP_STORAGE, cgrp_storage, 32)                           \
	X(ARENA, arena, 33)

enum bpfsim_prog_type {
#define X(up, name, val) BPFSIM_PROG_TYPE_##up = val,
	BPFSIM_PROG_TYPES(X)
#undef X
	BPFSIM_PROG_TYPE__COUNT
};

enum bpfsim_attach_type {
#define X(up, name, val) BPFSIM_ATTACH_##up = val,
	BPFSIM_ATTACH_TYPES(X)
#undef X
	BPFSIM_ATTACH__COUNT
};

enum bpfsim_map_type {
#define X(up, name, val) BPFSIM_MAP_TYPE_##up = val,
	BPFSIM_MAP_TYPES(X)
#undef X
	BPFSIM_MAP_TYPE__COUNT
};

/* value -> name ("socket_filter"), or NULL when the value is unknown. */
BPFSIM_API const char *bpfsim_prog_type_name(int type);
BPFSIM_API const char *bpfsim_attach_type_name(int type);
BPFSIM_API const char *bpfsim_map_type_name(int type);
/* name -> value, or -1 when unknown. Case-insensitive; the kernel's prefix
 * (BPF_PROG_TYPE_, BPF_, BPF_MAP_TYPE_) is accepted and ignored. */
BPFSIM_API int bpfsim_prog_type_from_name(const char *name);
BPFSIM_API int bpfsim_attach_type_from_name(const char *name);
BPFSIM_API int bpfsim_map_type_from_name(const char *name);

/* Errno names ("EACCES") for positive errno values, or NULL when unknown;
 * covers every errno of Linux's asm-generic/errno*.h plus the kernel-internal
 * ones bpf(2) can leak (ENOTSUPP 524). */
BPFSIM_API const char *bpfsim_errno_name(int e);
/* "EACCES" -> 13, or -1 when unknown (case-sensitive, as printed). */
BPFSIM_API int bpfsim_errno_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif
