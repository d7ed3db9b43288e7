/* SPDX-License-Identifier: Apache-2.0 */
/* disasm test program: XDP with a hash map, packet bounds checks, byte swaps,
 * a bounded loop and a bpf-to-bpf call. */
#include "bpfsim_progs.h"
#include <linux/if_ether.h>
#include <linux/ip.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

static __attribute__((noinline)) __u32 mix(__u32 a, __u32 b)
{
	__u32 h = a;
	for (int i = 0; i < 8; i++)
		h = (h << 5) ^ (h >> 3) ^ (b + i);
	return h;
}

SEC("xdp")
int disasm_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	__u32 key;
	__u64 *v, one = 1;

	if ((void *)(eth + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return XDP_DROP;
	key = mix(bpf_ntohl(ip->saddr), ip->protocol) & 63;
	v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_ANY);
	if (ip->ttl < 2)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
