/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: SEC("?...") programs, which libbpf does not autoload. */
#include "bpfsim_progs.h"

SEC("?xdp")
int opt_xdp(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int always(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("?tc")
int opt_tc(struct __sk_buff *skb)
{
	return skb->len > 100;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
