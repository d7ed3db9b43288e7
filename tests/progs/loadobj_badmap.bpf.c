/* SPDX-License-Identifier: Apache-2.0 */
/* `bpfsim load OBJ` test (tests/unit/test_load_obj.c): an object with a map
 * the kernel refuses to create (a hash map with max_entries 0: EINVAL).
 * libbpf then fails the whole object, so bpfsim reports every program
 * rejected with "BPF_MAP_CREATE map 'empty_hash' (hash): Invalid argument",
 * even the program that does not use the map. */
#include "bpfsim_progs.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 0);
} empty_hash SEC(".maps");

SEC("socket")
int uses_map(struct __sk_buff *skb)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&empty_hash, &k);

	return v ? (int)*v : 0;
}

SEC("socket")
int no_map(struct __sk_buff *skb)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
