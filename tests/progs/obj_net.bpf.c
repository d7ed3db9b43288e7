/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: networking program types, BTF maps, global data and
 * two levels of static subprograms shared by several programs. */
#include "bpfsim_progs.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} pkt_count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 16);
	__uint(max_entries, 2);
	__uint(map_flags, 0);
} stats SEC(".maps");

__u64 seen = 1;               /* .data */
const volatile __u32 limit = 100; /* .rodata */
__u32 drops;                  /* .bss */
static __u64 hidden_total;    /* .bss, static */

static __noinline __u64 bump(__u32 key)
{
	__u64 one = 1, *v = bpf_map_lookup_elem(&pkt_count, &key);

	if (v)
		return __sync_fetch_and_add(v, 1);
	bpf_map_update_elem(&pkt_count, &key, &one, BPF_ANY);
	return 0;
}

static __noinline int classify(__u32 len)
{
	hidden_total += len;
	if (len > limit) {
		drops++;
		return 1;
	}
	return bump(len & 63) > 1000;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	seen++;
	return classify(len) ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_count(struct __sk_buff *skb)
{
	__u32 k = 1;
	void *v = bpf_map_lookup_elem(&stats, &k);

	if (v)
		__builtin_memset(v, 0, 16);
	return classify(skb->len) ? 2 /* TC_ACT_SHOT */ : 0;
}

SEC("classifier")
int cls_plain(struct __sk_buff *skb)
{
	return skb->len > 10;
}

SEC("socket")
int sock_filter(struct __sk_buff *skb)
{
	bump(skb->protocol & 63);
	return skb->len;
}

SEC("cgroup_skb/ingress")
int cg_ingress(struct __sk_buff *skb)
{
	return classify(skb->len) ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
