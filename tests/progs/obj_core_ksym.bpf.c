/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: kfunc calls (bpf_task_acquire/bpf_task_release)
 * resolved against the kernel's BTF. (Typed __ksym variables are in
 * obj_core_ksymvar.bpf.c: the kernel cannot load those without kallsyms
 * for data.) */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

int seen_pid;
int active;

SEC("tp_btf/task_newtask")
int BPF_PROG(on_newtask, struct task_struct *task, u64 clone_flags)
{
	struct task_struct *t = bpf_task_acquire(task);

	if (!t)
		return 0;
	seen_pid = t->pid;
	active = bpf_get_smp_processor_id();
	bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
