/* SPDX-License-Identifier: Apache-2.0 */
/* License test: one program calling a GPL-only helper (bpf_probe_read_kernel)
 * and one calling only helpers any license may call. Built by the test
 * harness with "Proprietary"; tests/unit/test_object_license.c compiles it
 * again with -DLICENSE_STR='"..."' for other licenses. */
#include "bpfsim_progs.h"

#ifndef LICENSE_STR
#define LICENSE_STR "Proprietary"
#endif

SEC("kprobe/do_nanosleep")
int gpl_only(void *ctx)
{
	__u64 v = 0;

	bpf_probe_read_kernel(&v, sizeof(v), ctx);
	return (int)v;
}

SEC("kprobe/do_nanosleep")
int any_license(void *ctx)
{
	return bpf_get_smp_processor_id() ? 0 : 1;
}

char LICENSE[] SEC("license") = LICENSE_STR;
