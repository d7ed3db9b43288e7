/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/vectors.h: program vectors (.jsonl), the interchange format of
 * ../shared/formats/vectors.md: one eBPF program as a loader hands it to
 * BPF_PROG_LOAD, one JSON object per line.
 *
 * Reading goes line by line. A malformed line does not stop the reader: it is
 * reported (line number, why, and the vector's name when it could be read)
 * and the next line is read. Unknown keys are ignored by the reader, and kept
 * (as JSON text in `extra`) so that the writer can write them back.
 *
 *   struct bpfsim_vec_reader *r;
 *   struct bpfsim_vector v;
 *   struct bpfsim_err err;
 *   int rc;
 *
 *   if (bpfsim_vec_reader_open(&r, "corpus.jsonl", NULL, &err) < 0) ...
 *   while ((rc = bpfsim_vec_reader_next(r, &v, &err)) != 0) {
 *           if (rc == -EINVAL)       // malformed line: err.msg says
 *                   ...;             // "corpus.jsonl:3: ...", v.line = 3,
 *                                    // v.name = its name or NULL
 *           else if (rc < 0) break;  // I/O error
 *           else use(&v);
 *           bpfsim_vector_free(&v);
 *   }
 *   bpfsim_vec_reader_close(r);
 */
#ifndef BPFSIM_VECTORS_H
#define BPFSIM_VECTORS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"
#include "bpfsim/names.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One map of a vector ("maps" array element). */
struct bpfsim_vec_map {
	char *name;                       /* NULL when absent */
	int type;                         /* enum bpfsim_map_type value */
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t flags;                   /* map_flags */
	struct bpfsim_vec_map *inner_map; /* map-in-map template, or NULL */
};

/* "map_refs" element (informational): insns[insn] refers to maps[map]. */
struct bpfsim_vec_map_ref {
	uint32_t insn;
	uint32_t map;
};

/* kernel.runs element: one BPF_PROG_TEST_RUN. */
struct bpfsim_vec_run {
	uint8_t *data;   /* data_in, decoded from hex (NULL when empty) */
	size_t data_len;
	int64_t retval;  /* the kernel's retval (a __u32) */
};

enum bpfsim_vec_verdict {
	BPFSIM_VEC_NONE = 0,     /* absent */
	BPFSIM_VEC_ACCEPT,
	BPFSIM_VEC_REJECT,
	BPFSIM_VEC_UNSUPPORTED,  /* bpfsim output only */
	BPFSIM_VEC_INVALID,      /* bpfsim output only: malformed input line */
};
/* "accept", "reject", "unsupported", "invalid"; NULL for NONE. */
BPFSIM_API const char *bpfsim_vec_verdict_name(enum bpfsim_vec_verdict v);
BPFSIM_API enum bpfsim_vec_verdict bpfsim_vec_verdict_from_name(const char *name);

/* The "kernel" object: what a real kernel answered. */
struct bpfsim_vec_kernel {
	bool present;                  /* the vector had a "kernel" object */
	char *release;                 /* uname -r, or NULL */
	enum bpfsim_vec_verdict verdict;
	char *errno_name;              /* "EACCES", or NULL */
	int err;                       /* positive errno of errno_name, 0 if none/unknown */
	char *error;                   /* error line, or NULL */
	int64_t insns_processed;       /* -1 when absent */
	struct bpfsim_vec_run *runs;
	size_t nr_runs;
	bool has_runs;                 /* "runs" key present (may be empty) */
};

/* One vector. All pointers are owned by the vector (bpfsim_vector_free). */
struct bpfsim_vector {
	char *name;
	int prog_type;                 /* enum bpfsim_prog_type value */
	int expected_attach_type;      /* enum bpfsim_attach_type value, -1 = null */
	uint32_t prog_flags;
	struct bpfsim_vec_map *maps;
	size_t nr_maps;
	struct bpfsim_vec_map_ref *map_refs;
	size_t nr_map_refs;
	uint8_t *raw;                  /* the instructions as bytes (nr_insns * 8) */
	size_t raw_len;
	struct bpfsim_insn *insns;     /* raw decoded slot by slot */
	size_t nr_insns;               /* slots (an ld_imm64 counts 2) */
	struct bpfsim_vec_kernel kernel;
	char *extra;                   /* unknown top-level keys as a JSON object text, or NULL */
	size_t line;                   /* 1-based line in the input, 0 if not from a file */
};

/* Initialise an empty vector (expected_attach_type -1, insns_processed -1). */
BPFSIM_API void bpfsim_vector_init(struct bpfsim_vector *v);
/* Free everything the vector owns and re-initialise it. */
BPFSIM_API void bpfsim_vector_free(struct bpfsim_vector *v);
/* Free and reset only v->kernel. */
BPFSIM_API void bpfsim_vec_kernel_free(struct bpfsim_vec_kernel *k);

/* Parse one JSON text (one line, not necessarily NUL-terminated) into *out.
 * `label` names the input in messages ("file.jsonl:3"), may be NULL.
 * Returns 0, or -EINVAL with err set ("<label>: <why>") and *out holding
 * what could be read (its name when readable); free *out either way. */
BPFSIM_API int bpfsim_vector_parse(const char *json, size_t len, const char *label,
				   struct bpfsim_vector *out, struct bpfsim_err *err);

/* Set raw/insns from bytes (len must be a multiple of 8) or hex text. */
BPFSIM_API int bpfsim_vector_set_insns(struct bpfsim_vector *v, const uint8_t *raw, size_t len,
				       struct bpfsim_err *err);
/* Recompute map_refs from insns (ld_imm64 with src_reg 1 or 2). */
BPFSIM_API int bpfsim_vector_compute_map_refs(struct bpfsim_vector *v, struct bpfsim_err *err);

/* ---- reading a file ---- */

struct bpfsim_vec_reader;

/* Open `path` ("-" = stdin) for reading; or pass an open FILE* as `f` (not
 * closed by the reader) with `path` used only as the label. */
BPFSIM_API int bpfsim_vec_reader_open(struct bpfsim_vec_reader **out, const char *path, FILE *f,
				      struct bpfsim_err *err);
/* Next vector. Returns 1 with *v filled (caller frees with
 * bpfsim_vector_free), 0 at end of input, -EINVAL for a malformed line (err
 * set with "<path>:<line>: <why>", *v holds line and name if readable: free
 * it too) after which reading may go on, or another negative errno for an
 * I/O error (stop). Blank lines are skipped. A vector whose name an
 * earlier line of the same input already used is malformed ("name \"x\" is
 * already used on line 3"): names are unique within a file. */
BPFSIM_API int bpfsim_vec_reader_next(struct bpfsim_vec_reader *r, struct bpfsim_vector *v,
				      struct bpfsim_err *err);
BPFSIM_API size_t bpfsim_vec_reader_line(const struct bpfsim_vec_reader *r);
BPFSIM_API void bpfsim_vec_reader_close(struct bpfsim_vec_reader *r);

/* Callback form. For a malformed line, bad != NULL and v holds line and
 * (maybe) name. v is freed after the callback returns; to keep it, copy the
 * struct and bpfsim_vector_init(v). Return nonzero to stop. */
typedef int (*bpfsim_vec_cb)(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx);
/* Returns the number of malformed lines (>= 0), or a negative errno for an
 * I/O error (err set); stops early (returning the callback's value if
 * negative) when the callback returns nonzero. */
BPFSIM_API int bpfsim_vectors_read(const char *path, FILE *f, bpfsim_vec_cb cb, void *ctx,
				   struct bpfsim_err *err);

/* ---- writing ---- */

/* The vector as one line of JSON (no newline), malloc'ed; NULL on ENOMEM or
 * on a value the format cannot express (err set). Key order: name,
 * prog_type, expected_attach_type, prog_flags, maps, map_refs, insns,
 * kernel, then the unknown keys kept in `extra`. */
BPFSIM_API char *bpfsim_vector_to_json(const struct bpfsim_vector *v, struct bpfsim_err *err);
/* Write the vector plus '\n' to f. Returns 0 or a negative errno. */
BPFSIM_API int bpfsim_vector_write(FILE *f, const struct bpfsim_vector *v, struct bpfsim_err *err);

/* ---- per-vector results (what verify/load/run print) ---- */

struct bpfsim_vec_result {
	const char *name;              /* NULL: print "line" instead */
	size_t line;
	enum bpfsim_vec_verdict verdict;
	const char *errno_name;        /* NULL: omitted */
	const char *error;             /* NULL: omitted */
	int64_t insns_processed;       /* < 0: omitted */
	int64_t time_ns;               /* < 0: omitted */
	const char *log;               /* whole verifier log; NULL: omitted */
};
/* One line {"name":..,"verdict":..,"errno":..,"error":..,"insns_processed":..,
 * "time_ns":..,"log":..}\n, for an invalid line {"name"|"line":..,"verdict":"invalid",
 * "error":..}. Returns 0 or a negative errno. */
BPFSIM_API int bpfsim_vec_result_write(FILE *f, const struct bpfsim_vec_result *res);

/* Hex helpers: lower-case hex of bytes (malloc'ed), and the reverse
 * (returns -EINVAL on odd length or a non-hex digit). */
BPFSIM_API char *bpfsim_hex_encode(const uint8_t *data, size_t len);
BPFSIM_API int bpfsim_hex_decode(const char *hex, size_t hexlen, uint8_t **out, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
