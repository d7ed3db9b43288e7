/* SPDX-License-Identifier: Apache-2.0 */
/* disasm test program: tc classifier calling kfuncs (extern __ksym, kfunc
 * call relocations) and a helper. */
#include "bpfsim_progs.h"

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

SEC("tc")
int disasm_kfunc(struct __sk_buff *skb)
{
	__u32 len;

	bpf_rcu_read_lock();
	len = skb->len;
	bpf_rcu_read_unlock();
	return len > 1000 ? 2 : 0;
}

char LICENSE[] SEC("license") = "GPL";
