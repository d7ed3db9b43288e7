/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target: random instruction streams through bpfsim's verifier,
 * and every program it accepts through the VM in checked mode. The verifier
 * must not crash, leak or hang; an accepted program must never fault, read
 * outside its regions or run without end in the VM (that would make the
 * verifier unsound): abort() then, so libFuzzer keeps the input.
 *
 * Input: byte 0 picks the program type, the rest are 8-byte instructions
 * (at most 256).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/difftest.h"
#include "bpfsim/names.h"
#include "bpfsim/vectors.h"
#include "bpfsim/verifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = {
		BPFSIM_PROG_TYPE_SOCKET_FILTER, BPFSIM_PROG_TYPE_SCHED_CLS, BPFSIM_PROG_TYPE_XDP,
		BPFSIM_PROG_TYPE_KPROBE, BPFSIM_PROG_TYPE_TRACEPOINT,
	};
	struct bpfsim_vector v;
	struct bpfsim_verify_opts vo = { .sz = sizeof(vo) };
	struct bpfsim_verify_result res;
	struct bpfsim_err err;
	size_t n;

	if (size < 9)
		return 0;
	n = (size - 1) / 8;
	if (n > 256)
		n = 256;
	bpfsim_vector_init(&v);
	v.name = strdup("fuzz");
	v.prog_type = types[data[0] % (sizeof(types) / sizeof(types[0]))];
	if (!v.name || bpfsim_vector_set_insns(&v, data + 1, n * 8, &err)) {
		bpfsim_vector_free(&v);
		return 0;
	}
	if (bpfsim_verify_vector(&v, &vo, &res, &err) == 0 && res.verdict == BPFSIM_VEC_ACCEPT) {
		for (unsigned int run = 0; run < 2; run++) {
			char why[512];
			int kind = bpfsim_soundness_run(&v, size, run, why, sizeof(why));

			if (kind >= 0) {
				fprintf(stderr, "soundness bug (%s): %s\n", bpfsim_fuzz_kind_name(kind), why);
				abort();
			}
		}
	}
	bpfsim_verify_result_free(&res);
	bpfsim_vector_free(&v);
	return 0;
}
