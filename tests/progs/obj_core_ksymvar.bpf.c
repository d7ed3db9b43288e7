/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: a typed __ksym variable (the per-CPU runqueues)
 * becomes ld_imm64 src_reg 3 (BPF_PSEUDO_BTF_ID) with the kernel VAR's BTF
 * id. Not loaded into the kernel by the tests (needs kallsyms for data). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

extern const struct rq runqueues __ksym;

int cpu_seen;

SEC("raw_tp/sys_enter")
int read_rq(void *ctx)
{
	struct rq *rq = bpf_this_cpu_ptr(&runqueues);

	cpu_seen = rq->cpu;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
