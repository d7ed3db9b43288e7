/* SPDX-License-Identifier: Apache-2.0 */
/* disasm test program: tc classifier compiled with -mcpu=v3 (32-bit ALU and
 * JMP32, fetching atomics, xchg, cmpxchg), global data and two subprograms. */
#include "bpfsim_progs.h"
#include <linux/pkt_cls.h>

__u64 total = 0;
__u32 flags = 0;
static volatile const __u32 limit = 1500;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} bytes SEC(".maps");

static __attribute__((noinline)) int classify(__u32 len, __u32 mark)
{
	if (len > limit)
		return TC_ACT_SHOT;
	if ((mark & 0xff) == 3)
		return TC_ACT_REDIRECT;
	return TC_ACT_OK;
}

static __attribute__((noinline)) __u64 account(__u32 len)
{
	__u32 k = 0;
	__u64 *b = bpf_map_lookup_elem(&bytes, &k);
	__u64 old;

	if (b)
		*b += len;
	old = __sync_fetch_and_add(&total, len);
#if __BPF_CPU_VERSION__ >= 3 /* 32-bit atomics other than add need -mcpu=v3 */
	__sync_fetch_and_or(&flags, 1);
	__sync_fetch_and_and(&flags, ~4u);
	__sync_fetch_and_xor(&flags, 2);
	__sync_lock_test_and_set(&flags, 9);
	__sync_fetch_and_add(&flags, 3);
#else
	__sync_fetch_and_add(&flags, 3);
#endif
	__sync_val_compare_and_swap(&total, old, old + 1);
	return old;
}

SEC("tc")
int disasm_tc(struct __sk_buff *skb)
{
	__u32 len = skb->len, q = skb->queue_mapping;
	int act;

	if (q >= 16)
		q = q / 3 + (q % 5);
	act = classify(len, skb->mark + q);
	account(len << 1 >> 1);
	skb->tc_index = (__u16)(len - q);
	return act;
}

char LICENSE[] SEC("license") = "GPL";
