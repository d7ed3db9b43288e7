/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: CO-RE relocations against the running kernel's BTF
 * (vmlinux.h is generated at build time by bpftool): field offsets through
 * pointers, field existence and size, bitfields, type existence/size/ids,
 * enum values, and a "___flavor" type with a field the kernel lacks. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct task_struct___fake {
	int pid;
	long no_such_field_in_any_kernel;
} __attribute__((preserve_access_index));

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} out SEC(".maps");

static __always_inline void put(__u32 k, __u64 v)
{
	bpf_map_update_elem(&out, &k, &v, BPF_ANY);
}

SEC("raw_tp/sys_enter")
int core_reads(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct___fake *f = (void *)t;

	put(0, BPF_CORE_READ(t, pid));
	put(1, BPF_CORE_READ(t, real_parent, tgid));
	put(2, bpf_core_field_exists(t->pid));
	put(3, bpf_core_field_size(t->comm));
	put(4, bpf_core_type_exists(struct task_struct));
	put(5, bpf_core_type_size(struct task_struct));
	put(6, bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF));
	put(7, bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_ARENA));
	put(8, bpf_core_type_id_kernel(struct task_struct));
	put(9, bpf_core_type_id_local(struct task_struct___fake));
	if (bpf_core_field_exists(f->no_such_field_in_any_kernel))
		put(10, BPF_CORE_READ(f, no_such_field_in_any_kernel)); /* poisoned, dead */
	put(11, BPF_CORE_READ(f, pid));
	return 0;
}

SEC("tp_btf/sched_switch")
int core_bitfield(u64 *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task_btf();

	put(12, BPF_CORE_READ_BITFIELD_PROBED(t, sched_reset_on_fork));
	put(13, __builtin_preserve_field_info(t->prio, BPF_FIELD_SIGNED));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
