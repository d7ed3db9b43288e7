/* SPDX-License-Identifier: Apache-2.0 */
/* Object-loader test: tracing program types, ringbuf and perf event array. */
#include "bpfsim_progs.h"

struct event {
	__u32 pid;
	__u32 kind;
	__u64 arg;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_out SEC(".maps");

static __noinline int emit(__u32 kind, __u64 arg)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->kind = kind;
	e->arg = arg;
	bpf_ringbuf_submit(e, 0);
	return 1;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat(void *ctx)
{
	return emit(1, 0);
}

SEC("tp/sched/sched_switch")
int tp_switch(void *ctx)
{
	struct event e = { .kind = 2 };

	bpf_perf_event_output(ctx, &perf_out, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	return emit(3, ctx->args[1]);
}

SEC("uprobe")
int up_any(void *ctx)
{
	return emit(4, 0);
}

SEC("uretprobe/bash:readline")
int up_ret(void *ctx)
{
	return emit(5, 0);
}

SEC("kprobe/do_unlinkat")
int kp_unlink(void *ctx)
{
	bpf_printk("unlink %d", 1);
	return emit(6, 0);
}

SEC("perf_event")
int perf_ev(void *ctx)
{
	return emit(7, 0);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
