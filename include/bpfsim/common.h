/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/common.h: conventions shared by every module.
 *
 * Errors: library functions return 0 (or a count) on success and a negative
 * errno on failure, after writing one human-readable line into a
 * struct bpfsim_err supplied by the caller ("print, then return"). The line
 * names the input (file, line or offset) where there is one.
 */
#ifndef BPFSIM_COMMON_H
#define BPFSIM_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BPFSIM_VERSION "0.1.0"

/* Every public function is declared with BPFSIM_API; the library is built
 * with hidden visibility, so anything else stays internal. */
#define BPFSIM_API __attribute__((visibility("default")))

/* Exit codes of the CLI (README, DESIGN.md). */
enum bpfsim_exit {
	BPFSIM_EXIT_OK = 0,          /* success, all accepted */
	BPFSIM_EXIT_REJECTED = 1,    /* at least one program rejected */
	BPFSIM_EXIT_USAGE = 2,       /* usage error */
	BPFSIM_EXIT_INPUT = 3,       /* unreadable or invalid input */
	BPFSIM_EXIT_UNSUPPORTED = 4, /* unsupported by bpfsim, or no kernel oracle */
	BPFSIM_EXIT_INTERNAL = 5,    /* internal error (a bpfsim bug) */
};

struct bpfsim_err {
	int code;       /* negative errno of the failure, 0 if none */
	char msg[512];  /* one line, no trailing newline */
};

/* Format a message into err (if non-NULL) and return code (a negative errno). */
BPFSIM_API int bpfsim_errf(struct bpfsim_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Read a whole file into a malloc'ed buffer (NUL-terminated for text use;
 * *len excludes the NUL). Returns 0 or a negative errno with err set. */
BPFSIM_API int bpfsim_read_file(const char *path, uint8_t **buf, size_t *len, struct bpfsim_err *err);

#ifdef __cplusplus
}
#endif
#endif
