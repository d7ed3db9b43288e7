/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cfg.h: the static checks the Linux 6.18 verifier makes before it explores
 * any path, with its exact messages, errnos and order:
 *
 *   1. instruction count (0 or above the limit: -E2BIG, no message)
 *   2. subprogram discovery from bpf-to-bpf calls and ld_imm64 of a function
 *      ("call to invalid destination", "too many subprograms", the
 *      CAP_BPF message for unprivileged loads)
 *   3. jumps stay inside their subprogram, each subprogram ends in exit or
 *      ja ("jump out of range from insn %d to %d", "last insn is not an exit
 *      or jmp")
 *   4. without BTF: no LD_ABS or tail call in a subprogram
 *   5. reserved fields of LDX, ld_imm64 pairs and their pseudo sources, map
 *      references (through a caller-supplied hook), known opcodes
 *   6. depth-first search of the control-flow graph ("unreachable insn %d",
 *      "jump into the middle of ldimm64 insn %d", and for unprivileged
 *      loads "back-edge from insn %d to %d"; privileged loads may loop)
 *
 * The result also lists the subprograms (the log prints "func#%d @%d" at
 * level 2) so the verifier can be built on it.
 */
#ifndef BPFSIM_VERIFIER_CFG_H
#define BPFSIM_VERIFIER_CFG_H

#include <stdbool.h>
#include <stddef.h>

#include "bpfsim/insn.h"

#define CFG_MAX_SUBPROGS 256
#define CFG_MAX_INSNS_PRIV 1000000 /* BPF_COMPLEXITY_LIMIT_INSNS */
#define CFG_MAX_INSNS_UNPRIV 4096  /* BPF_MAXINSNS */

/* Called for each ld_imm64 that refers to a map (src_reg 1, 2, 5 or 6) in
 * instruction order; return 0, or a negative errno after writing the
 * kernel's message into msg. */
typedef int (*cfg_map_ref_fn)(void *ctx, int insn_idx, const struct bpfsim_insn *lo,
			      const struct bpfsim_insn *hi, char *msg, size_t msgsz);

struct cfg_opts {
	size_t sz;
	bool unprivileged;   /* loader without CAP_BPF (bpf_capable false) */
	bool has_func_info;  /* BTF func_info given (lifts the LD_ABS/tail-call rule) */
	bool has_fd_array;   /* fd_array given (BPF_PSEUDO_MAP_IDX[_VALUE] allowed) */
	cfg_map_ref_fn map_ref;
	void *map_ref_ctx;
};

struct cfg_subprog {
	int start;
	bool has_tail_call;
	bool has_ld_abs;
};

enum cfg_status {
	CFG_OK = 0,
	CFG_REJECT = 1,      /* the kernel rejects: err, msg hold errno and line */
	CFG_UNSUPPORTED = 2, /* uses something not modelled (kfunc, BTF id): msg says what */
};

struct cfg_result {
	enum cfg_status status;
	int err;            /* negative errno on CFG_REJECT */
	char msg[160];      /* the kernel's message (no newline); may be empty */
	int nr_subprogs;
	struct cfg_subprog subprogs[CFG_MAX_SUBPROGS + 1]; /* [nr_subprogs].start = n */
};

/* Run the checks on n instruction slots. Never fails on bad input (the
 * result says why it is rejected); returns -ENOMEM only if allocation
 * fails, else 0. */
int cfg_check(const struct bpfsim_insn *insns, int n, const struct cfg_opts *opts,
	      struct cfg_result *res);

/* True if the kernel's instruction table knows this opcode (6.18). */
bool cfg_opcode_known(uint8_t code);

#endif
