/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/verifier.h: the Linux 6.18 verifier, in userspace (first slice).
 *
 * bpfsim_verify_vector() runs the kernel's static checks (cfg.c) and then
 * explores every path of the main program depth-first, as the kernel's
 * do_check does (fall-through first, the other edge of a conditional jump
 * pushed on a stack), with scalars tracked by range.c, the context pointer
 * (R1) and stack pointers (fp + constant offset) with a 512-byte stack of
 * per-byte slot types and spilled registers.
 *
 * What this slice does not model gets the verdict "unsupported" with the
 * reason in `error`, never a guess: helper and bpf-to-bpf calls, maps,
 * atomics, ld_imm64 pseudo sources, LD_ABS/IND, pointer arithmetic other
 * than stack pointer +/- constant, context access other than reads of the
 * first five u32 fields of socket_filter's __sk_buff, program types whose
 * return value the kernel range-checks, strict alignment. There is no state
 * pruning yet: every path is walked to its end, so the processed count is
 * above the kernel's on programs with branches, and an exploration that
 * passes the kernel's 1,000,000 instruction limit is "unsupported".
 */
#ifndef BPFSIM_VERIFIER_H
#define BPFSIM_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/vectors.h"

#ifdef __cplusplus
extern "C" {
#endif

struct bpfsim_verify_opts {
	size_t sz;          /* sizeof(struct bpfsim_verify_opts) */
	uint32_t log_level; /* 0: no log kept; 1, 2: the kernel's log levels,
			     * rendered as 6.18 prints them (instruction
			     * lines, register states, "from A to B:", the
			     * Live regs table); not yet: precision marks and
			     * mark_precise lines, pruning ("N: safe", state
			     * counters), level-2 stack liveness lines */
	/* A caller-sized log buffer, as bpf_attr's log_buf/log_size (NULL/0:
	 * the whole log is malloc'ed in res->log). As the 6.4+ kernel: both or
	 * neither must be given, a buffer needs log_level > 0, log_size must
	 * be at most UINT32_MAX >> 2 (else -EINVAL). The buffer is rotating:
	 * it keeps the log's last log_size - 1 bytes and a NUL; with log_fixed
	 * (BPF_LOG_FIXED) it keeps the first log_size - 1 bytes. Whenever the
	 * log was ever longer than log_size - 1 bytes during the verification
	 * (level 1 rewinds at branch pops count at their longest, as the
	 * kernel's len_max does), res->log_err is ENOSPC: the kernel's
	 * BPF_PROG_LOAD then fails with -ENOSPC whatever the verdict. */
	char *log_buf;
	uint32_t log_size;
	bool log_fixed;
};

struct bpfsim_verify_result {
	enum bpfsim_vec_verdict verdict; /* ACCEPT, REJECT or UNSUPPORTED */
	int err;                 /* positive errno of a rejection, else 0 */
	const char *errno_name;  /* "EACCES", NULL unless rejected */
	char *error;             /* the error line (rejection) or the reason
				  * (unsupported), malloc'ed; NULL if accepted */
	int64_t insns_processed; /* the kernel's "processed N insns" */
	uint32_t max_states_per_insn, total_states, peak_states, mark_read;
	int64_t time_ns;         /* wall time of the verification */
	char *log;               /* the log when opts->log_level > 0 and no
				  * log_buf was given, else NULL */
	size_t log_len;          /* strlen of the log (or of log_buf's text) */
	uint32_t log_true_size;  /* the kernel's log_true_size: the longest the
				  * log has been, plus its NUL */
	int log_err;             /* ENOSPC if log_buf was too small, else 0 */
};

/* Verify one vector. Returns 0 when a verdict was reached (any verdict,
 * in *res), or a negative errno (-ENOMEM, -EINVAL for bad arguments) with
 * err set. Free *res with bpfsim_verify_result_free either way. */
BPFSIM_API int bpfsim_verify_vector(const struct bpfsim_vector *v, const struct bpfsim_verify_opts *opts,
				    struct bpfsim_verify_result *res, struct bpfsim_err *err);
BPFSIM_API void bpfsim_verify_result_free(struct bpfsim_verify_result *res);

#ifdef __cplusplus
}
#endif
#endif
