/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: map-in-map, tail calls, spin locks, custom data
 * sections, callbacks (bpf_loop) and a global (non-static) subprogram. */
#include "bpfsim_progs.h"

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 8);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} jump SEC(".maps");

struct locked {
	struct bpf_spin_lock lock;
	__u64 value;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct locked);
	__uint(max_entries, 16);
} locks SEC(".maps");

__u32 custom_a SEC(".data.custom") = 7;
const volatile char tag[8] SEC(".rodata.tags") = "bpfsim";

struct loop_ctx {
	__u64 sum;
};

static int loop_body(__u32 i, void *data)
{
	struct loop_ctx *c = data;

	c->sum += i + custom_a;
	return 0;
}

__noinline int global_helper(__u32 x)
{
	return x * 3 + tag[1];
}

SEC("xdp")
int mim(struct xdp_md *ctx)
{
	__u32 k = 0, *v;
	void *in = bpf_map_lookup_elem(&outer, &k);

	if (!in)
		return XDP_PASS;
	v = bpf_map_lookup_elem(in, &k);
	if (v)
		return *v == 1 ? XDP_DROP : XDP_PASS;
	return XDP_PASS;
}

SEC("tc")
int tail(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump, 1);
	return global_helper(skb->len) & 1;
}

SEC("tc")
int tail_target(struct __sk_buff *skb)
{
	return 0;
}

SEC("tc")
int spin(struct __sk_buff *skb)
{
	__u32 k = 0;
	struct locked *l = bpf_map_lookup_elem(&locks, &k);

	if (!l)
		return 0;
	bpf_spin_lock(&l->lock);
	l->value++;
	bpf_spin_unlock(&l->lock);
	return 0;
}

SEC("xdp")
int looper(struct xdp_md *ctx)
{
	struct loop_ctx c = { 0 };

	bpf_loop(10, loop_body, &c, 0);
	return c.sum > 100 ? XDP_DROP : XDP_PASS;
}

int slot_target(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int(void *));
} jt SEC(".maps") = {
	.values = { [2] = (void *)&slot_target },
};

struct inner inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer_init SEC(".maps") = {
	.values = { [1] = &inner_a },
};

SEC("tc")
int slot_target(struct __sk_buff *skb)
{
	__u32 k = 1;

	bpf_tail_call(skb, &jt, 0);
	return bpf_map_lookup_elem(&outer_init, &k) != 0;
}

char LICENSE[] SEC("license") = "GPL";
