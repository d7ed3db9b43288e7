/* SPDX-License-Identifier: Apache-2.0 */
/* Malformed on purpose: a .maps entry without a map type. bpfsim (like
 * libbpf) must refuse it with "map 'no_type': map type isn't specified". */
#include "bpfsim_progs.h"

struct {
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} no_type SEC(".maps");

SEC("xdp")
int uses_no_type(struct xdp_md *ctx)
{
	__u32 k = 0;

	return bpf_map_lookup_elem(&no_type, &k) ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
