/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: the legacy "maps" section (struct bpf_map_def
 * records), as older bcc/samples objects define maps. libbpf 1.x refuses
 * this section; bpfsim loads it. */
#include "bpfsim_progs.h"

struct legacy_map_def {
	unsigned int type;
	unsigned int key_size;
	unsigned int value_size;
	unsigned int max_entries;
	unsigned int map_flags;
};

struct legacy_map_def SEC("maps") legacy_hash = {
	.type = BPF_MAP_TYPE_HASH,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u64),
	.max_entries = 32,
};

struct legacy_map_def SEC("maps") legacy_array = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(__u32),
	.max_entries = 4,
	.map_flags = 0,
};

SEC("socket")
int legacy_prog(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&legacy_hash, &k);
	__u32 *a = bpf_map_lookup_elem(&legacy_array, &k);

	if (v && a)
		*v += *a;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
__u32 _version SEC("version") = 0x060c00;
