/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retval.h: the range R0 must lie in at the main program's exit, per program
 * type and expected attach type (Linux 6.18 check_return_code), and the
 * kernel's message when it does not.
 */
#ifndef BPFSIM_VERIFIER_RETVAL_H
#define BPFSIM_VERIFIER_RETVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bpfsim_retval_range {
	bool enforced; /* false: any value is accepted (no check at all) */
	int32_t minval, maxval;
};

/* 0 with *r filled; -EOPNOTSUPP for a program type whose range depends on
 * something bpfsim does not model (BTF attach targets: tracing, lsm,
 * struct_ops, raw_tracepoint with attach_btf_id, ...). */
int bpfsim_retval_range(int prog_type, int expected_attach_type, struct bpfsim_retval_range *r);

/* Is the scalar [smin, smax] inside r? (the kernel compares the 64-bit
 * signed bounds for every type bpfsim models) */
bool bpfsim_retval_ok(const struct bpfsim_retval_range *r, int64_t smin, int64_t smax);

/* The kernel's line for a scalar R<regno> with bounds [smin, smax] outside
 * r, e.g. "At program exit the register R0 has smin=5 smax=5 should have
 * been in [0, 1]" (bounds at INT64_MIN / INT64_MAX are left out, both
 * gone: "unknown scalar value"). Returns snprintf's count. */
int bpfsim_retval_msg(char *buf, size_t len, const struct bpfsim_retval_range *r, int regno,
		      int64_t smin, int64_t smax);

#endif
