/* SPDX-License-Identifier: Apache-2.0 */
/* disasm test program: socket filter with legacy packet loads (LD_ABS/LD_IND),
 * an array map, signed compares, division and 64-bit constants. */
#include "bpfsim_progs.h"

unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);
} stats SEC(".maps");

SEC("socket")
int disasm_sock(struct __sk_buff *skb)
{
	__u32 k = 0;
	__s64 *s;
	__u64 proto = load_half(skb, 12);
	__u64 ihl = load_byte(skb, 14) & 0x0f;
	__u64 w = load_word(skb, 14 + ihl * 4);
	__s64 x = (__s64)skb->len - 1000;

	if (proto != 0x0800)
		return 0;
	if (x < -5)
		x = (__s64)((__u64)x * 3 / 7);
	else if (x > 100)
		x = (__s64)((__u64)x % 13) - 0x123456789aLL;
	s = bpf_map_lookup_elem(&stats, &k);
	if (!s)
		return 0;
	*s += x ^ (__s64)w;
	*(__u32 *)s |= 0x8000;
	((__u16 *)s)[2] = 7;
	return skb->len > 64 ? -1 : 0;
}

char LICENSE[] SEC("license") = "GPL";
