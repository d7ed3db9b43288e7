/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The demo object: two XDP programs that count packets per IP protocol.
 *
 * count_checked  reads the IPv4 protocol byte after checking the packet is
 *                long enough: the kernel's verifier accepts it.
 * count_unchecked forgets the data_end check: the verifier rejects it with
 *                "invalid access to packet", the most common first error.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

static __always_inline int count(__u32 proto)
{
	__u64 *n = bpf_map_lookup_elem(&proto_count, &proto);

	if (n)
		__sync_fetch_and_add(n, 1);
	return XDP_PASS;
}

SEC("xdp")
int count_checked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return count(ip->protocol);
}

SEC("xdp")
int count_unchecked(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	return count(ip->protocol);
}

char LICENSE[] SEC("license") = "GPL";
