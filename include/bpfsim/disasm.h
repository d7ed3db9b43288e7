/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/disasm.h: instruction text in two syntaxes.
 *
 *  BPFSIM_SYNTAX_LLVM    what llvm-objdump -d (LLVM 14; LLVM 18+ for the v4
 *                        instructions LLVM 14 does not know) prints after the
 *                        byte column: "r0 = 0", "w1 += 2", "r1 = 0 ll",
 *                        "if r1 > 10 goto +4 <LBB0_3>", "call 1", "exit".
 *  BPFSIM_SYNTAX_KERNEL  what the kernel verifier's log prints after "N: ":
 *                        "(b7) r0 = 0", "(2d) if r8 > r1 goto pc+73",
 *                        "(85) call bpf_map_lookup_elem#1".
 */
#ifndef BPFSIM_DISASM_H
#define BPFSIM_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

enum bpfsim_syntax { BPFSIM_SYNTAX_LLVM = 0, BPFSIM_SYNTAX_KERNEL = 1 };

/* Optional: name the target of a jump or call at instruction index target
 * (llvm syntax appends " <name>"); return NULL for none. */
typedef const char *(*bpfsim_label_fn)(void *ctx, size_t target);

struct bpfsim_disasm_opts {
	size_t sz;               /* sizeof(struct bpfsim_disasm_opts) */
	bpfsim_label_fn label;   /* may be NULL */
	void *label_ctx;
};

/*
 * Format the instruction at insns[i] (n slots in all) into buf (always
 * NUL-terminated). Returns the number of slots it occupies (2 for ld_imm64,
 * else 1), or a negative errno: -EINVAL when an ld_imm64 has no second slot
 * (buf then still holds the best text available). An unknown opcode is not an
 * error: it is printed the way the chosen syntax prints it.
 */
BPFSIM_API int bpfsim_disasm_insn(const struct bpfsim_insn *insns, size_t n, size_t i,
				  enum bpfsim_syntax syntax, const struct bpfsim_disasm_opts *opts,
				  char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
