/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/kernel.h: the live-kernel oracle. Loads a program vector into the
 * running kernel with bpf(2) (libbpf's low-level wrappers) and reports what
 * the kernel's verifier answered; runs accepted programs with
 * BPF_PROG_TEST_RUN. The kernel is the ground truth bpfsim is compared with.
 *
 * Needs root (CAP_BPF + CAP_PERFMON + CAP_NET_ADMIN, or CAP_SYS_ADMIN): an
 * unprivileged load would be judged by different rules, so without them the
 * oracle reports itself unavailable (-EPERM) instead of answering.
 */
#ifndef BPFSIM_KERNEL_H
#define BPFSIM_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/vectors.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Is the oracle usable? 0 when bpf(2) works with full privileges here;
 * -ENOSYS (no bpf(2)) or -EPERM (not root / capabilities missing / bpf
 * disabled) with a one-line reason in err. The environment variable
 * BPFSIM_NO_KERNEL=1 makes it answer -ENOSYS ("disabled by
 * BPFSIM_NO_KERNEL"), for running tests as if there were no kernel. */
BPFSIM_API int bpfsim_kernel_available(struct bpfsim_err *err);

struct bpfsim_kernel_opts {
	size_t sz;              /* sizeof(struct bpfsim_kernel_opts) */
	bool want_log;          /* keep the whole verifier log in the result */
	uint32_t log_level;     /* 0 means 1 (the default) */
	size_t log_size_max;    /* cap for the growing log buffer; 0 = 1 GiB */
};

struct bpfsim_kernel_result {
	enum bpfsim_vec_verdict verdict; /* ACCEPT or REJECT */
	int err;                /* positive errno of the rejection, 0 if accepted */
	const char *errno_name; /* static string ("EACCES"), NULL if accepted */
	char *error;            /* the error line, malloc'ed, NULL if accepted */
	int64_t insns_processed;/* from "processed N insns", -1 if absent */
	int64_t time_ns;        /* wall time of BPF_PROG_LOAD */
	char *log;              /* whole log if opts->want_log, else NULL */
	size_t log_len;
	bool log_truncated;     /* the log did not fit: only its tail was seen */
	int64_t xlated_insns;   /* accepted: the kernel's xlated_prog_len / 8
				 * (BPF_OBJ_GET_INFO_BY_FD); -1 otherwise */
};
BPFSIM_API void bpfsim_kernel_result_free(struct bpfsim_kernel_result *res);

/* A program loaded in the kernel, with its maps (for test runs). */
struct bpfsim_kprog;

/* Load v: create its maps (inner maps first for map-in-map), patch every
 * ld_imm64 with src_reg 1/2 (imm = map index) with the map's fd, then
 * BPF_PROG_LOAD (license "GPL", log level 1, the log buffer grows on
 * ENOSPC). Returns 0 when the kernel answered (accept or reject, in *res;
 * a map the kernel refuses to create is a rejection with error
 * "BPF_MAP_CREATE maps[i] (type): ..."), -ENOSYS/-EPERM when no oracle, or
 * another negative errno (err set). When keep != NULL and the program was
 * accepted, *keep holds the loaded program (close with
 * bpfsim_kprog_close); otherwise every fd is closed before returning. */
BPFSIM_API int bpfsim_kernel_load(const struct bpfsim_vector *v, const struct bpfsim_kernel_opts *opts,
				  struct bpfsim_kernel_result *res, struct bpfsim_kprog **keep,
				  struct bpfsim_err *err);

/* BPF_PROG_TEST_RUN once with data as data_in; *retval = the kernel's
 * retval. Returns 0 or a negative errno (err set, e.g. -ENOTSUPP when the
 * program type cannot be test-run). */
BPFSIM_API int bpfsim_kprog_test_run(struct bpfsim_kprog *p, const uint8_t *data, size_t len,
				     uint32_t *retval, struct bpfsim_err *err);
BPFSIM_API int bpfsim_kprog_fd(const struct bpfsim_kprog *p);
BPFSIM_API void bpfsim_kprog_close(struct bpfsim_kprog *p);

/* Ask the kernel about v and fill v->kernel (release = uname -r, verdict,
 * errno, error, insns_processed); when accepted and v->kernel had runs,
 * re-run each run's data and record the kernel's retval. A vector with no
 * runs gets none. Returns 0, or the negative errno of bpfsim_kernel_load. */
BPFSIM_API int bpfsim_kernel_record(struct bpfsim_vector *v, const struct bpfsim_kernel_opts *opts,
				    struct bpfsim_kernel_result *res, struct bpfsim_err *err);

/* Parse a verifier log (NUL-terminated): *insns_processed = N from the last
 * "processed N insns" line (-1 if none); *error = a malloc'ed copy of the
 * last non-empty line before it (or of the last non-empty line of the log
 * when there is no such line; NULL when the log is empty). Returns 0 or
 * -ENOMEM. */
BPFSIM_API int bpfsim_kernel_log_parse(const char *log, char **error, int64_t *insns_processed);

/* ---- ELF objects loaded through bpfsim's own loader (objload.c) ----
 *
 *   struct bpfsim_kobj *ko;
 *   bpfsim_kobj_create(obj, &ko, &err);        // BTF + every map, once
 *   for each program p of obj:
 *           bpfsim_kobj_load_prog(ko, p, &opts, &res, NULL, &err);
 *           ... res.verdict, res.error, res.xlated_insns ...
 *           bpfsim_kernel_result_free(&res);
 *   bpfsim_kobj_close(ko);
 */
struct bpfsim_object;
struct bpfsim_prog;
struct bpfsim_kobj;

/* Load obj's BTF (a BTF the kernel refuses is dropped, as libbpf does:
 * bpfsim_kobj_btf_error says why) and create every map of obj as libbpf
 * does (BTF key/value ids, inner map templates, global data initialised,
 * .rodata/.kconfig frozen). A map the kernel refuses is not an error here:
 * every program of the object is then reported rejected with
 * "BPF_MAP_CREATE map 'name' (type): strerror" (libbpf fails the whole
 * object). Returns 0, -ENOSYS when bpf(2) is missing, -ENOMEM (err set).
 * obj must outlive *out. */
BPFSIM_API int bpfsim_kobj_create(const struct bpfsim_object *obj, struct bpfsim_kobj **out,
				  struct bpfsim_err *err);
/* Load one program of the object (map references patched with the map
 * fds; license, kern_version, expected attach type, prog_flags,
 * attach_btf_id, prog_btf_fd, func_info, line_info as libbpf passes them).
 * Returns 0 when the kernel answered (*res; xlated_insns set when
 * accepted), or a negative errno with err set. When prog_fd != NULL and the
 * program was accepted, *prog_fd is its fd (the caller closes it), else -1. */
BPFSIM_API int bpfsim_kobj_load_prog(struct bpfsim_kobj *ko, const struct bpfsim_prog *prog,
				     const struct bpfsim_kernel_opts *opts, struct bpfsim_kernel_result *res,
				     int *prog_fd, struct bpfsim_err *err);
/* fd of the object's map i (bpfsim_object__map order), -1 if not created. */
BPFSIM_API int bpfsim_kobj_map_fd(const struct bpfsim_kobj *ko, size_t i);
/* fd of the object's BTF in the kernel, -1 when none. */
BPFSIM_API int bpfsim_kobj_btf_fd(const struct bpfsim_kobj *ko);
/* Why the object's BTF was refused (one line), or NULL. */
BPFSIM_API const char *bpfsim_kobj_btf_error(const struct bpfsim_kobj *ko);
BPFSIM_API void bpfsim_kobj_close(struct bpfsim_kobj *ko);

/* The kernel's xlated instruction count of a loaded program, -1 if unknown. */
BPFSIM_API int64_t bpfsim_kernel_prog_xlated_insns(int prog_fd);

#ifdef __cplusplus
}
#endif
#endif
