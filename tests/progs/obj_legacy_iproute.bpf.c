/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: iproute2-style legacy maps (struct bpf_elf_map, 36-byte
 * records with id/pinning/inner fields). */
#include "bpfsim_progs.h"

struct elf_map_def {
	__u32 type, size_key, size_value, max_elem, flags, id, pinning, inner_id, inner_idx;
};

struct elf_map_def SEC("maps") ipr_counts = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 8, .max_elem = 16, .pinning = 2,
};

SEC("classifier")
int ipr_cls(struct __sk_buff *skb)
{
	__u32 k = skb->mark & 15;
	__u64 *v = bpf_map_lookup_elem(&ipr_counts, &k);

	if (v)
		*v += 1;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
