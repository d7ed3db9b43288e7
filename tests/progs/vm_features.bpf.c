/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vm_features.bpf.c: exercises the VM through an object file: a hash map,
 * global data (.rodata, .data, .bss as array maps with initial values and
 * direct value loads), a bpf-to-bpf call, bpf_printk and direct packet access.
 * Run three times on an IPv4/UDP frame: retval 2921 (0xb69), trace
 * "proto 17 runs N", seen[17] = 3 (tests/cmake/vm_cli.sh).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

volatile const __u32 factor = 3; /* .rodata */
__u64 total = 100;               /* .data */
__u32 runs;                      /* .bss */

static __attribute__((noinline)) __u64 mix(__u64 a, __u64 b)
{
	return a * factor + b;
}

SEC("xdp")
int features(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u64 one = 1, *v;
	__u32 key;

	if (data + 24 > end)
		return 1;
	key = *(__u8 *)(data + 23);
	v = bpf_map_lookup_elem(&seen, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&seen, &key, &one, BPF_NOEXIST);
	runs++;
	total = mix(total, key);
	bpf_printk("proto %u runs %u", key, runs);
	return total & 0xffff;
}

char LICENSE[] SEC("license") = "GPL";
