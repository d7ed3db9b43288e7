/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/difftest.h: differential testing of bpfsim's verifier against the
 * live kernel (issue 6): a seedable program generator, a delta-debugging
 * shrinker over instructions, and the campaign driver behind `bpfsim fuzz`.
 *
 * Program i of seed S is a pure function of (S, i, options): the generator
 * uses its own 64-bit PRNG (splitmix64) and integer arithmetic only, so the
 * same seed gives the same bytes on every platform.
 */
#ifndef BPFSIM_DIFFTEST_H
#define BPFSIM_DIFFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"
#include "bpfsim/vectors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Generator knobs. Weights are relative (0 disables a kind of segment). */
struct bpfsim_gen_opts {
	size_t sz;            /* sizeof(struct bpfsim_gen_opts) */
	int prog_type;        /* enum bpfsim_prog_type, or -1: one of the 8 modelled types per program */
	uint32_t max_segments;/* body segments per program (0 = 12) */
	uint32_t w_alu, w_branch, w_stack, w_ctx, w_loop, w_ptr;
	uint32_t pct_maps;    /* % of programs with a map lookup / helper calls (bpfsim: unsupported) */
	uint32_t pct_wild;    /* % of segments that break a rule on purpose (uninit reads, bad offsets, ...) */
	uint32_t pct_mutate;  /* % of programs with one random field of one insn mutated */
	uint32_t pct_end;     /* % of ALU segments that are byte swaps (le/be/bswap) */
};
/* Fill defaults (weights tuned to stay mostly in the modelled subset). */
BPFSIM_API void bpfsim_gen_opts_default(struct bpfsim_gen_opts *o);

/* Generate program `index` of `seed` into *out (initialised here; name
 * "fuzz S:I", prog_type, maps when the program uses one, insns). Returns 0,
 * or -ENOMEM / -EINVAL with err set. *uses_maps tells whether the program
 * has calls or maps (may be NULL). */
BPFSIM_API int bpfsim_gen_program(uint64_t seed, uint64_t index, const struct bpfsim_gen_opts *o,
				  struct bpfsim_vector *out, bool *uses_maps, struct bpfsim_err *err);

/* Remove slots [start, start + count) from insns[0..n) into out (capacity
 * n), re-targeting jumps (JMP/JMP32 offsets, gotol, bpf-to-bpf calls,
 * ld_imm64 src 4): a target inside the removed range becomes the first
 * slot after it. Returns the new length, or -EINVAL when the removal would
 * split an ld_imm64 pair, leave a jump pointing past the end, or need an
 * offset that does not fit. */
BPFSIM_API long bpfsim_shrink_remove(const struct bpfsim_insn *insns, size_t n, size_t start, size_t count,
				     struct bpfsim_insn *out);

/* Is the program well-formed for the shrinker: every slot a known form with
 * valid reserved fields, ld_imm64 pairs whole, jumps inside (bpfsim_insn_check). */
BPFSIM_API bool bpfsim_shrink_well_formed(const struct bpfsim_insn *insns, size_t n);

/* Predicate: 1 = the property still holds ("interesting"), 0 = not, <0 error. */
typedef int (*bpfsim_shrink_pred)(const struct bpfsim_insn *insns, size_t n, void *ctx);

/* Delta debugging (ddmin over slot ranges, ld_imm64 kept whole, jumps
 * fixed up): the program in *insns, *n (malloc'ed, replaced in place) shrinks to one
 * for which pred still holds and from which no single removable slot can
 * be removed. pred must hold on the input. Returns the number of predicate
 * calls (>= 0) or a negative errno. max_calls bounds the work (0 = 2000). */
BPFSIM_API long bpfsim_shrink(struct bpfsim_insn **insns, size_t *n, bpfsim_shrink_pred pred, void *ctx,
			      unsigned long max_calls);

struct bpfsim_fuzz_opts {
	size_t sz;               /* sizeof(struct bpfsim_fuzz_opts) */
	uint64_t seed;
	uint64_t count;          /* programs */
	int prog_type;           /* -1: mix */
	bool kernel;             /* compare with the live kernel */
	bool soundness;          /* run accepted programs in the VM's checked mode */
	const char *out_dir;     /* shrunk findings are appended here (NULL: not written) */
	unsigned int runs;       /* VM inputs per accepted program (0 = 4) */
	unsigned int max_shrinks;/* findings shrunk per campaign (0 = 64); the same
				  * signature (kind, both error lines) is shrunk once */
	FILE *report;            /* one line per finding, or NULL */
	const struct bpfsim_gen_opts *gen; /* NULL: defaults */
};

enum bpfsim_fuzz_kind {
	BPFSIM_FUZZ_D_BS_ACCEPT = 0, /* bpfsim accepts, kernel rejects (bpfsim unsafe) */
	BPFSIM_FUZZ_D_BS_REJECT,     /* bpfsim rejects, kernel accepts */
	BPFSIM_FUZZ_D_ERRNO,         /* both reject, errnos differ */
	BPFSIM_FUZZ_D_ERROR,         /* both reject with one errno, error lines differ */
	BPFSIM_FUZZ_S_FAULT,         /* soundness: memory fault in checked mode */
	BPFSIM_FUZZ_S_BUDGET,        /* soundness: run did not terminate */
	BPFSIM_FUZZ_S_OTHER,         /* soundness: another VM failure */
	BPFSIM_FUZZ__KINDS
};
BPFSIM_API const char *bpfsim_fuzz_kind_name(enum bpfsim_fuzz_kind k);

/* Run v (a program the verifier accepted) in the VM's checked mode on
 * generated input number `run` (a packet for skb/xdp types, context bytes
 * otherwise, both derived from seed). Returns -1 when it ran cleanly (or is
 * not runnable for a reason that is no soundness bug), -2 when the VM
 * refused to load it (it checks unreachable slots too), else the
 * soundness kind (BPFSIM_FUZZ_S_*); why gets the VM's message. */
BPFSIM_API int bpfsim_soundness_run(const struct bpfsim_vector *v, uint64_t seed, unsigned int run, char *why,
				    size_t whylen);

struct bpfsim_fuzz_stats {
	uint64_t programs, with_maps;
	uint64_t bs_accept, bs_reject, bs_unsupported;
	uint64_t k_accept, k_reject;     /* kernel answers (kernel mode) */
	uint64_t compared, agree, disagree; /* compared = bpfsim not unsupported, kernel answered */
	uint64_t by_kind[BPFSIM_FUZZ__KINDS];
	uint64_t sound_programs, sound_runs, sound_bugs;
	uint64_t sound_unloadable; /* accepted, but the VM refuses to load it (it checks
				    * unreachable slots the verifier never looks at) */
	uint64_t shrunk, written;
	bool kernel_used;
	double seconds, per_second;
};

/* Run a campaign. Returns 0 (findings are in stats, not errors) or a
 * negative errno (err set): out_dir not writable, -ENOMEM, the kernel
 * failing in a way other than answering. */
BPFSIM_API int bpfsim_fuzz_run(const struct bpfsim_fuzz_opts *o, struct bpfsim_fuzz_stats *st,
			       struct bpfsim_err *err);

#ifdef __cplusplus
}
#endif
#endif
