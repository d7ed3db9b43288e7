/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kload.h (internal): one BPF_PROG_LOAD with the oracle's log policy, shared
 * by the vector path (oracle.c) and the object path (objload.c).
 *
 * Log policy: log level 1 (or the caller's) into a 64 KiB buffer. A log that
 * does not fit makes the kernel answer ENOSPC whatever its verdict, keeping
 * the log's tail (rotating log mode, Linux >= 6.4). When the caller wants
 * the whole log, the buffer grows x4 and the load is repeated until the log
 * fits or the cap is reached. Otherwise (or at the cap) the tail is enough
 * for the error and statistics lines, and one more load without a log gives
 * the true verdict and errno; res->log_truncated says so.
 */
#ifndef BPFSIM_KLOAD_H
#define BPFSIM_KLOAD_H

#include <stddef.h>

#include <bpf/bpf.h>
#include <linux/bpf.h>

#include "bpfsim/kernel.h"

#define KLOAD_LOG_START (64u << 10)
#define KLOAD_LOG_MAX   ((1u << 30) - 1) /* the kernel's limit: UINT_MAX >> 2 */

/* An option's value when the caller's struct (of size opts->sz) has it. */
#define KLOAD_OPT(o, field, dflt)                                                                  \
	((o) && (o)->sz >= offsetof(struct bpfsim_kernel_opts, field) + sizeof((o)->field) ? (o)->field \
											       : (dflt))

struct kload {
	enum bpf_prog_type type;
	const char *name;                /* program name, NULL for none */
	const char *license;
	const struct bpf_insn *insns;    /* map references already patched */
	size_t n;
	struct bpf_prog_load_opts attrs; /* every attribute but the log */
	const char *what;                /* names the program in error messages */
};

/* An empty result: no verdict yet, counts unknown (-1). */
void kload_result_init(struct bpfsim_kernel_result *res);
/* "EACCES" for EACCES; "EUNKNOWN" for an errno with no name. */
const char *kload_errno_name(int e);
/* Object names (maps, programs) may hold [A-Za-z0-9_.], at most 15
 * characters: the rest is dropped, as libbpf does. */
void kload_obj_name(const char *in, char out[16]);

/* Load req and fill res: verdict, errno, error line, processed count, time,
 * xlated count of an accepted program, the log when opts->want_log. Returns
 * 0 when the kernel answered (*prog_fd: the accepted program's fd, else -1),
 * -ENOSYS when bpf(2) is missing, -ENOMEM; err is set on failure. */
int kload_run(const struct kload *req, const struct bpfsim_kernel_opts *opts, struct bpfsim_kernel_result *res,
	      int *prog_fd, struct bpfsim_err *err);

#endif
