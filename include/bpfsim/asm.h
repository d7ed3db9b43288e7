/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/asm.h: the assembler (text -> 8-byte eBPF instructions).
 *
 * STABLE ENTRY POINTS (other modules may rely on these):
 *
 *   bpfsim_asm_conformance(text, len, filename, &test, &err)
 *       parses one whole ../shared/conformance/<name>.data file: assembles its
 *       "-- asm" section (conformance dialect), decodes "-- raw" if present,
 *       reads "-- mem", "-- result" and "-- error". The program to run is
 *       test.insns/test.n_insns (the raw section when there is one, else the
 *       assembled asm). Free with bpfsim_conformance_test_free().
 *   bpfsim_asm_conformance_file(path, &test, &err): the same, reading path.
 *   bpfsim_asm(text, len, &opts, &result, &err)
 *       assembles a whole source text in llvm, kernel or conformance syntax
 *       (auto-detected unless opts.syntax says). Free with
 *       bpfsim_asm_result_free().
 *
 * Errors: "FILE:LINE: message" in err->msg (one line), a negative errno
 * (-EINVAL for bad text, -ENOMEM, -ERANGE for an out-of-range operand).
 * Never aborts, never reads past len (text need not be NUL-terminated).
 *
 * Syntaxes (see the comment block of src/isa/asm.c for every accepted form):
 *   LLVM         llvm-objdump -d text, with or without the address and byte
 *                columns: "r0 = 0", "w1 += 2", "r1 = 0 ll",
 *                "if r1 > 10 goto +4 <LBB0_3>", "lock *(u64 *)(r1 + 0) += r2",
 *                LLVM 18+ v4 forms ("r1 = (s8)r2", "gotol +5", "may_goto +2",
 *                "r0 = bswap16 r0", "r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)").
 *   KERNEL       verifier-log text: "0: (b7) r0 = 0",
 *                "(2d) if r8 > r1 goto pc+73", "call bpf_map_lookup_elem#1".
 *   CONFORMANCE  the bpf_conformance/uBPF dialect: "mov %r0, 1", "ldxw %r1,
 *                [%r2+4]", "lock fetch add32 [%r10-8], %r1", "call local f".
 * ld_imm64 pseudo forms (llvm and kernel syntax; "ll" optional):
 *   rN = map[IDX|NAME]              src_reg 1 (BPF_PSEUDO_MAP_FD), imm = index
 *   rN = map_value[IDX|NAME]+OFF    src_reg 2 (BPF_PSEUDO_MAP_VALUE), imm2 = OFF
 *   rN = btf_id[ID]                 src_reg 3 (BPF_PSEUDO_BTF_ID), imm = ID
 *   rN = func[LABEL|+N|-N]          src_reg 4 (BPF_PSEUDO_FUNC), imm = pc offset
 *   rN = map_idx[IDX]               src_reg 5 (BPF_PSEUDO_MAP_IDX)
 *   rN = map_idx_value[IDX]+OFF     src_reg 6 (BPF_PSEUDO_MAP_IDX_VALUE)
 *   any of these may add "+OFF"/"-OFF" (second slot's imm).
 */
#ifndef BPFSIM_ASM_H
#define BPFSIM_ASM_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

enum bpfsim_asm_syntax {
	BPFSIM_ASM_AUTO = 0,
	BPFSIM_ASM_LLVM = 1,
	BPFSIM_ASM_KERNEL = 2,
	BPFSIM_ASM_CONFORMANCE = 3,
};

struct bpfsim_asm_opts {
	size_t sz;                     /* sizeof(struct bpfsim_asm_opts) */
	enum bpfsim_asm_syntax syntax; /* AUTO: detect per file */
	const char *filename;          /* for messages; NULL = "<input>" */
	/* Optional: names of maps, index = position. map[NAME] resolves here
	 * first; unknown names get the next free index in order of first use. */
	const char *const *map_names;
	size_t n_map_names;
};

struct bpfsim_asm_result {
	struct bpfsim_insn *insns;     /* malloc'ed, n_insns slots */
	size_t n_insns;
	enum bpfsim_asm_syntax syntax; /* the syntax used (detected or given) */
	char **map_names;              /* map names by index (NULL entries for
					  maps only referred to by number) */
	size_t n_maps;
};

BPFSIM_API int bpfsim_asm(const char *text, size_t len, const struct bpfsim_asm_opts *opts,
			  struct bpfsim_asm_result *out, struct bpfsim_err *err);
BPFSIM_API void bpfsim_asm_result_free(struct bpfsim_asm_result *res);

/* Detect the syntax of a text (never returns BPFSIM_ASM_AUTO). */
BPFSIM_API enum bpfsim_asm_syntax bpfsim_asm_detect(const char *text, size_t len);
/* "llvm", "kernel", "conformance", "auto" <-> enum; -1 if unknown. */
BPFSIM_API int bpfsim_asm_syntax_from_name(const char *name);
BPFSIM_API const char *bpfsim_asm_syntax_name(enum bpfsim_asm_syntax s);

/* One conformance test (../shared/conformance/README.md). */
struct bpfsim_conformance_test {
	struct bpfsim_insn *insns;     /* program to run: raw if present, else asm */
	size_t n_insns;
	struct bpfsim_insn *asm_insns; /* the assembled "-- asm" section (NULL if none) */
	size_t n_asm_insns;
	int has_raw;                   /* a "-- raw" section was present */
	uint8_t *mem;                  /* "-- mem" bytes (NULL if none) */
	size_t mem_len;
	int has_mem;
	int has_result;                /* "-- result" present */
	uint64_t result;               /* expected r0 */
	char *error;                   /* "-- error" text (NULL if none) */
};

BPFSIM_API int bpfsim_asm_conformance(const char *text, size_t len, const char *filename,
				      struct bpfsim_conformance_test *out, struct bpfsim_err *err);
BPFSIM_API int bpfsim_asm_conformance_file(const char *path, struct bpfsim_conformance_test *out,
					   struct bpfsim_err *err);
BPFSIM_API void bpfsim_conformance_test_free(struct bpfsim_conformance_test *t);

#ifdef __cplusplus
}
#endif
#endif
