/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: __kconfig externs (values from the running kernel's
 * config and libbpf's virtual LINUX_* ones) in a .kconfig map. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern int LINUX_KERNEL_VERSION __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
extern char CONFIG_LOCALVERSION[16] __kconfig __weak;
extern int CONFIG_BPFSIM_NO_SUCH_OPTION __kconfig __weak;

__u64 out[6];

SEC("socket")
int kcfg(struct __sk_buff *skb)
{
	out[0] = LINUX_KERNEL_VERSION;
	out[1] = CONFIG_BPF_SYSCALL;
	out[2] = CONFIG_BPF_JIT;
	out[3] = CONFIG_HZ;
	out[4] = CONFIG_LOCALVERSION[0];
	out[5] = CONFIG_BPFSIM_NO_SUCH_OPTION;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
