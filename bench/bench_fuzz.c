/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_fuzz: programs per second of a differential campaign (generator +
 * bpfsim's verifier + the live kernel's when available + VM soundness
 * runs), the rate issue 6 asks to be >= 200/s. Usage: bench_fuzz [N [SEED]].
 */
#include <stdio.h>
#include <stdlib.h>

#include "bpfsim/difftest.h"
#include "bpfsim/kernel.h"

int main(int argc, char **argv)
{
	struct bpfsim_err err = { 0 };
	bool live = bpfsim_kernel_available(&err) == 0;
	struct bpfsim_fuzz_opts o = { .sz = sizeof(o), .seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1,
				      .count = argc > 1 ? strtoull(argv[1], NULL, 0) : 10000, .prog_type = -1,
				      .kernel = live, .soundness = true, .max_shrinks = 1 };
	struct bpfsim_fuzz_stats st;
	if (!live)
		printf("kernel comparison skipped: %s\n", err.msg);
	if (bpfsim_fuzz_run(&o, &st, &err) < 0) {
		fprintf(stderr, "bench_fuzz: %s\n", err.msg);
		return 1;
	}
	printf("bench_fuzz: %llu programs (seed %llu, kernel %s, soundness on), %.2f s, %.0f programs/s, "
	       "agreement %.2f%% of %llu compared\n",
	       (unsigned long long)st.programs, (unsigned long long)o.seed, live ? "yes" : "no", st.seconds,
	       st.per_second, st.compared ? 100.0 * (double)st.agree / (double)st.compared : 0.0,
	       (unsigned long long)st.compared);
	return 0;
}
