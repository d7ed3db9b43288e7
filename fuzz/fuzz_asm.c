/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the assembler: random text through every syntax
 * (auto, llvm, kernel, conformance) and through the conformance .data reader.
 * The first byte picks the entry point; the rest is the text (not
 * NUL-terminated, may contain NULs). Invariants checked: no crash, no leak
 * (under ASan/LSan), an error always comes with a message naming the input,
 * and a success yields instructions that assemble identically twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/asm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpfsim_err err = { 0 };

	if (size < 1)
		return 0;
	unsigned mode = data[0] % 5;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	if (mode == 4) {
		struct bpfsim_conformance_test t;

		if (bpfsim_asm_conformance(text, len, "fuzz.data", &t, &err) == 0) {
			if (t.n_insns && !t.insns)
				abort();
			bpfsim_conformance_test_free(&t);
		} else if (strncmp(err.msg, "fuzz.data", 9)) {
			abort();
		}
		return 0;
	}
	struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = (enum bpfsim_asm_syntax)mode, .filename = "fuzz.s" };
	struct bpfsim_asm_result r, r2;

	if (bpfsim_asm(text, len, &o, &r, &err) != 0) {
		if (strncmp(err.msg, "fuzz.s", 6))
			abort();
		return 0;
	}
	/* deterministic: the same text gives the same instructions */
	if (bpfsim_asm(text, len, &o, &r2, &err) != 0 || r2.n_insns != r.n_insns)
		abort();
	for (size_t i = 0; i < r.n_insns; i++)
		if (r.insns[i].code != r2.insns[i].code || r.insns[i].dst != r2.insns[i].dst ||
		    r.insns[i].src != r2.insns[i].src || r.insns[i].off != r2.insns[i].off ||
		    r.insns[i].imm != r2.insns[i].imm)
			abort();
	bpfsim_asm_result_free(&r2);
	bpfsim_asm_result_free(&r);
	return 0;
}
