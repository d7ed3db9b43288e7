/* SPDX-License-Identifier: Apache-2.0 */
/* disasm test program: tracepoint with a ring buffer, probe reads, helper
 * calls with many arguments, shifts, 32-bit ALU (-mcpu=v3 -mattr=+alu32) and an
 * unrolled loop. */
#include "bpfsim_progs.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct event {
	__u32 pid;
	__s32 code;
	__u64 ts;
	char comm[16];
};

struct args {
	__u64 pad;
	__s64 id;
	__u64 a[6];
};

SEC("tracepoint/raw_syscalls/sys_enter")
int disasm_tp(struct args *ctx)
{
	struct event *e;
	__u64 id = bpf_get_current_pid_tgid();
	__s32 sum = 0;

#pragma unroll
	for (int i = 0; i < 6; i++)
		sum += (__s32)ctx->a[i] >> (i + 1);
	if ((id >> 32) == 1)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = id >> 32;
	e->code = sum < 0 ? -sum : sum;
	e->ts = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel(&e->code, 4, (void *)ctx->a[0]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
