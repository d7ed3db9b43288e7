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
 *                        An ld_imm64 prints its immediate as it is in the
 *                        instruction ("r1 = 0x3" for map fd 3); the kernel,
 *                        which has replaced map references by addresses by
 *                        the time it prints, shows the address (as root) there.
 *                        kfunc calls print "call NAME#BTF_ID" when
 *                        opts->call_name names them, else as the kernel does
 *                        without BTF ("call kernel-function#ID").
 * src/isa/disasm.c lists which LLVM version's syntax each form follows.
 * Both syntaxes are checked against the real tools: tests/unit/test_disasm.c
 * (llvm-objdump 14), tests/unit/test_disasm_kernel.c (the 6.18 verifier log,
 * live or recorded in tests/corpus/kernel_log_insns.tsv).
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

/* Optional: name the target of a branch at instruction index target (llvm
 * syntax appends " <name>", e.g. "LBB0_3" or "func+0x28"); return NULL for
 * none. target is i + 1 + offset computed modulo 2^64 (as llvm-objdump does),
 * so a branch before the start gives a huge index. */
typedef const char *(*bpfsim_label_fn)(void *ctx, size_t target);
/* Optional: name the callee of a call the built-in helper table does not name
 * (kernel syntax "call NAME#imm"): kfunc calls (the kernel prints the BTF
 * name), unknown helper ids. Return NULL to print what the kernel prints
 * without BTF: "kernel-function" for kfuncs, "unknown" otherwise. */
typedef const char *(*bpfsim_call_name_fn)(void *ctx, const struct bpfsim_insn *call);

struct bpfsim_disasm_opts {
	size_t sz;               /* sizeof(struct bpfsim_disasm_opts) */
	bpfsim_label_fn label;   /* may be NULL */
	void *label_ctx;
	bpfsim_call_name_fn call_name; /* may be NULL */
	void *call_ctx;
};

/* Longest text bpfsim_disasm_insn produces (a larger buffer never truncates). */
#define BPFSIM_DISASM_MAX 160

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

/* The kernel's name of helper id ("bpf_map_lookup_elem" for 1), from
 * include/bpfsim/helpers.def (Linux 6.18: ids 0..211); NULL if unknown. */
BPFSIM_API const char *bpfsim_helper_name(int32_t id);
/* Number of helper ids known (one past the highest). */
BPFSIM_API size_t bpfsim_helper_count(void);

#ifdef __cplusplus
}
#endif
#endif
