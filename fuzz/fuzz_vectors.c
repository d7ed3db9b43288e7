/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target for the vectors reader (src/common/vectors.c).
 *
 * The input is a .jsonl file. It is read line by line with the reader (the
 * way `bpfsim load/verify --vectors` read it); each line that parses is
 * written back and parsed again, and the two writings must be identical
 * (the writer/reader round trip), and the decoded instructions must match
 * the raw bytes. Anything else is just "must not crash or leak".
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/vectors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_roundtrip(const struct bpfsim_vector *v)
{
	struct bpfsim_err err = { 0 };
	struct bpfsim_vector w;
	char *a = bpfsim_vector_to_json(v, &err), *b;

	if (!a)
		return; /* e.g. a name the writer refuses: fine, as long as it says so */
	if (bpfsim_vector_parse(a, strlen(a), "roundtrip", &w, &err) != 0) {
		fprintf(stderr, "written vector does not parse: %s\n%s\n", err.msg, a);
		abort();
	}
	b = bpfsim_vector_to_json(&w, &err);
	if (!b || strcmp(a, b)) {
		fprintf(stderr, "round trip differs:\n%s\n%s\n", a, b ? b : "(null)");
		abort();
	}
	for (size_t i = 0; i < w.nr_insns; i++) {
		struct bpfsim_insn in;

		bpfsim_insn_decode(w.raw + i * 8, &in);
		if (in.code != w.insns[i].code || in.dst != w.insns[i].dst || in.src != w.insns[i].src ||
		    in.off != w.insns[i].off || in.imm != w.insns[i].imm)
			abort();
	}
	free(a);
	free(b);
	bpfsim_vector_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err err = { 0 };
	FILE *f;
	int rc;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	if (bpfsim_vec_reader_open(&r, "fuzz.jsonl", f, &err) == 0) {
		while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
			if (rc == 1)
				check_roundtrip(&v);
			else if (rc != -EINVAL)
				break;
			else if (strncmp(err.msg, "fuzz.jsonl:", 11))
				abort(); /* every complaint names the input */
			bpfsim_vector_free(&v);
		}
		bpfsim_vector_free(&v);
		bpfsim_vec_reader_close(r);
	}
	fclose(f);
	return 0;
}
