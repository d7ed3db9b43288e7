/* SPDX-License-Identifier: Apache-2.0 */
/* `bpfsim load OBJ` test (tests/unit/test_load_obj.c): programs whose
 * verdict depends on how the loader sets up global data.
 *
 * gated: the unchecked packet read is behind a .rodata flag that is 0.
 * A loader that freezes .rodata (as libbpf does) lets the verifier read the
 * flag's value and skip the dead branch: accepted. Without the freeze the
 * branch is live and the kernel rejects the read ("invalid access to
 * packet").
 *
 * counter: .data and .bss variables (no folding; accepted either way), and a
 * bounded loop over a .rodata limit of 4: the bound is only known when the
 * map holds its initial contents and is frozen. */
#include "bpfsim_progs.h"

const volatile __u32 allow_unchecked = 0;
const volatile __u32 limit = 4;
__u64 hits = 1;
__u64 misses;

SEC("xdp")
int gated(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;

	if (allow_unchecked)
		return *(__u8 *)(data + 13);
	return XDP_PASS;
}

SEC("xdp")
int counter(struct xdp_md *ctx)
{
	__u8 buf[8] = { 0 };
	__u32 i;

	for (i = 0; i < limit; i++)
		buf[i] = (__u8)i;
	if (ctx->data_end - ctx->data > 100)
		hits++;
	else
		misses++;
	return buf[3] == 3 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
