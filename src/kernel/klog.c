/* SPDX-License-Identifier: Apache-2.0 */
/*
 * klog.c: read the two facts bpfsim compares out of a kernel verifier log.
 *
 * A log at level 1 ends, when the verifier ran to the end of its main pass,
 * with a statistics line:
 *
 *     ...
 *     R0 !read_ok
 *     processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 ...
 *
 * The error line is the last non-empty line before the last "processed N
 * insns" line. Rejections found before the main pass (a bad jump, an unknown
 * opcode found by the CFG check, a bad map fd) have no statistics line: then
 * the error is the last non-empty line of the log. Some messages lack their
 * newline (6.18: "expected prog array map for tail call"), so the statistics
 * can start in the middle of a line: the text before them is then a line of
 * its own. Pure function, no allocation except the returned copy.
 */
#include "bpfsim/kernel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Does [s, e) look like "processed N insns ..."? Sets *n. */
static int stats_line(const char *s, const char *e, int64_t *n)
{
	static const char pfx[] = "processed ";
	const char *p = s + sizeof(pfx) - 1;
	int64_t v = 0;

	if ((size_t)(e - s) < sizeof(pfx) - 1 || memcmp(s, pfx, sizeof(pfx) - 1))
		return 0;
	if (p >= e || *p < '0' || *p > '9')
		return 0;
	while (p < e && *p >= '0' && *p <= '9') {
		if (v > (INT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*p++ - '0');
	}
	if ((size_t)(e - p) < 6 || memcmp(p, " insns", 6))
		return 0;
	*n = v;
	return 1;
}

/* The first "processed N insns" in [s, e), or NULL. Sets *n. */
static const char *find_stats(const char *s, const char *e, int64_t *n)
{
	for (const char *p = s; p < e; p++)
		if (*p == 'p' && stats_line(p, e, n))
			return p;
	return NULL;
}

static int is_blank(const char *s, const char *e)
{
	for (; s < e; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r')
			return 0;
	return 1;
}

int bpfsim_kernel_log_parse(const char *log, char **error, int64_t *insns_processed)
{
	const char *err_s = NULL, *err_e = NULL;   /* last non-empty line so far */
	const char *best_s = NULL, *best_e = NULL; /* the one before the last stats line */
	const char *s = log;
	int found = 0;

	*error = NULL;
	*insns_processed = -1;
	if (!log)
		return 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		int64_t n;

		if (!e)
			e = s + strlen(s);
		const char *st = find_stats(s, e, &n);

		if (st) {
			if (!is_blank(s, st)) {
				err_s = s;
				err_e = st;
			}
			*insns_processed = n;
			best_s = err_s;
			best_e = err_e;
			found = 1;
		} else if (!is_blank(s, e)) {
			err_s = s;
			err_e = e;
		}
		s = *e ? e + 1 : e;
	}
	if (!found) {
		best_s = err_s;
		best_e = err_e;
	}
	if (best_s) {
		while (best_e > best_s && (best_e[-1] == ' ' || best_e[-1] == '\r' || best_e[-1] == '\t'))
			best_e--;
		*error = strndup(best_s, (size_t)(best_e - best_s));
		if (!*error)
			return -ENOMEM;
	}
	return 0;
}
