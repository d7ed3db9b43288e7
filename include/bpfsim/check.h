/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/check.h: the kernel's static, per-instruction validity checks, with
 * the kernel's own words (Linux 6.18).
 *
 * The kernel checks instructions in two places, and so does bpfsim:
 *
 *  0. (Not here: program-level checks that run even earlier, in
 *     check_subprogs: "last insn is not an exit or jmp", "jump out of range
 *     from insn %d to %d". The verifier does them first.)
 *  1. A first pass over the whole program before verification starts
 *     (resolve_pseudo_ldimm64 in the kernel): LDX reserved fields, the shape
 *     of ld_imm64 pairs, and "unknown opcode %02x". Call
 *     bpfsim_insn_check_prescan() for each instruction in order, advancing
 *     by its return value; the first failure is the program's error.
 *  2. While walking a path (do_check), right when the instruction is
 *     reached: reserved fields of ALU/JMP/ST/STX/CALL/JA/EXIT/LD, invalid
 *     atomic ops, div by zero, shift counts. bpfsim_insn_check() does the
 *     parts that depend only on the instruction. Where the kernel interleaves
 *     a register check (check_reg_arg: "R%d !read_ok") or a program-type check
 *     before a reserved-field check, the verifier must do that first; the
 *     comments in check.c say where.
 *
 * Messages are one line without the trailing newline, exactly as the
 * verifier log prints them ("BPF_ALU uses reserved fields").
 */
#ifndef BPFSIM_CHECK_H
#define BPFSIM_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's table of public opcodes (bpf_opcode_in_insntable). */
BPFSIM_API bool bpfsim_opcode_valid(uint8_t code);

/* First-pass checks of insns[i] (n slots). Returns the slots to advance (2
 * for a valid ld_imm64, else 1), or -EINVAL with the message in msg. */
BPFSIM_API int bpfsim_insn_check_prescan(const struct bpfsim_insn *insns, size_t n, size_t i,
					 char *msg, size_t len);

/* do_check-time static checks of insns[i]. Returns 0, or -EINVAL with the
 * message in msg. Assumes the prescan passed. */
BPFSIM_API int bpfsim_insn_check(const struct bpfsim_insn *insns, size_t n, size_t i, char *msg,
				 size_t len);

#ifdef __cplusplus
}
#endif
#endif
