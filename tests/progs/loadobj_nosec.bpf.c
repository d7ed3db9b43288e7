/* SPDX-License-Identifier: Apache-2.0 */
/* `bpfsim load OBJ` test (tests/unit/test_load_obj.c): a program in a
 * section that names no program type. libbpf refuses to load it ("missing
 * BPF prog type", EINVAL) and so does bpfsim; the other program of the
 * object loads. */
#include "bpfsim_progs.h"

SEC("not_a_known_section")
int untyped(void *ctx)
{
	return 0;
}

SEC("socket")
int typed(struct __sk_buff *skb)
{
	return skb->len > 10;
}

char LICENSE[] SEC("license") = "GPL";
