/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim load: ask the running kernel's verifier (bpf(2), root needed).
 *
 *   bpfsim load --vectors F.jsonl [--json] [--log] [--record OUT.jsonl]
 *
 * For each vector: one result (a table row, or with --json the JSON shape
 * of ../shared/formats/vectors.md), optionally the whole kernel log, and
 * with --record the vector written back with its "kernel" object filled in
 * (release, verdict, errno, error, insns_processed, and the retval of each
 * of its kernel.runs). Malformed lines are reported and skipped; the rest
 * goes on. Loading ELF objects (bpfsim load OBJ) comes with the object
 * loader: load_one() below is the single path a program takes to the kernel.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfsim/kernel.h"
#include "bpfsim/vectors.h"
#include "cli.h"

static const char usage_text[] =
	"usage: bpfsim load --vectors FILE.jsonl [--json] [--log] [--record OUT.jsonl]\n"
	"\n"
	"Load each program vector of FILE.jsonl (see docs: program vectors; '-' reads\n"
	"stdin) into the running kernel with bpf(2) and report what the kernel's\n"
	"verifier answered: its maps are created, map references patched with the\n"
	"real fds, and BPF_PROG_LOAD is called with the vector's program type,\n"
	"expected attach type and flags, license GPL, log level 1. Needs root\n"
	"(CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN).\n"
	"\n"
	"options:\n"
	"  --vectors FILE    the vectors to load (one JSON object per line)\n"
	"  --json            one JSON object per vector, in input order:\n"
	"                    {\"name\",\"verdict\",\"errno\",\"error\",\"insns_processed\",\"time_ns\"}\n"
	"                    (a malformed line: {\"name\" or \"line\",\"verdict\":\"invalid\",\"error\"});\n"
	"                    with --log the object also holds the whole kernel log as \"log\"\n"
	"  --log             print the whole kernel verifier log of each vector\n"
	"  --record OUT      write every readable vector to OUT with its \"kernel\" object\n"
	"                    filled in (release = uname -r); vectors with kernel.runs are\n"
	"                    run with BPF_PROG_TEST_RUN and each run's retval recorded.\n"
	"                    OUT may be FILE itself (written to a temporary, then renamed)\n"
	"  -h, --help        this text\n"
	"\n"
	"The error is the last non-empty log line before 'processed N insns'.\n"
	"Loading ELF objects ('bpfsim load OBJ') is not supported yet (exit 4).\n"
	"\n"
	"exit codes: 0 all accepted, 1 at least one rejected, 2 usage error,\n"
	"3 unreadable file or a malformed line (the other lines are still loaded),\n"
	"4 no kernel oracle (not root, or bpf(2) unavailable), 5 internal error\n";

struct load_ctx {
	bool json, log;
	FILE *rec;
	size_t accepted, rejected, invalid;
	bool header;
};

static void print_header(struct load_ctx *c)
{
	if (c->json || c->header)
		return;
	printf("%-32s %-8s %-8s %7s  %s\n", "NAME", "VERDICT", "ERRNO", "INSNS", "ERROR");
	c->header = true;
}

static void print_invalid(struct load_ctx *c, const struct bpfsim_vector *v, const char *msg)
{
	c->invalid++;
	if (c->json) {
		/* stdout is for machines: say it on stderr too */
		fprintf(stderr, "bpfsim load: %s\n", msg);
		struct bpfsim_vec_result r = {
			.name = v->name, .line = v->line, .verdict = BPFSIM_VEC_INVALID, .error = msg,
			.insns_processed = -1, .time_ns = -1,
		};

		bpfsim_vec_result_write(stdout, &r);
	} else {
		char where[32];

		print_header(c);
		snprintf(where, sizeof(where), "(line %zu)", v->line);
		printf("%-32s %-8s %-8s %7s  %s\n", v->name ? v->name : where, "invalid", "-", "-", msg);
	}
}

static void print_result(struct load_ctx *c, const struct bpfsim_vector *v,
			 const struct bpfsim_kernel_result *res)
{
	if (res->verdict == BPFSIM_VEC_ACCEPT)
		c->accepted++;
	else
		c->rejected++;
	if (c->json) {
		struct bpfsim_vec_result r = {
			.name = v->name, .line = v->line, .verdict = res->verdict, .errno_name = res->errno_name,
			.error = res->error, .insns_processed = res->insns_processed, .time_ns = res->time_ns,
		};

		if (c->log)
			r.log = res->log;
		bpfsim_vec_result_write(stdout, &r);
		return;
	}
	print_header(c);
	if (res->insns_processed >= 0)
		printf("%-32s %-8s %-8s %7lld  %s\n", v->name, bpfsim_vec_verdict_name(res->verdict),
		       res->errno_name ? res->errno_name : "-", (long long)res->insns_processed,
		       res->error ? res->error : "");
	else
		printf("%-32s %-8s %-8s %7s  %s\n", v->name, bpfsim_vec_verdict_name(res->verdict),
		       res->errno_name ? res->errno_name : "-", "-", res->error ? res->error : "");
	if (c->log && res->log) {
		fputs(res->log, stdout);
		if (res->log_len && res->log[res->log_len - 1] != '\n')
			putchar('\n');
		putchar('\n');
	}
}

/* The one path from a program to the kernel: load (and with rec, record)
 * a vector and print the answer. Returns 0, or a negative errno for "no
 * oracle" (-ENOSYS, -EPERM) or an internal failure, with err set. A vector
 * whose runs cannot be test-run is reported as invalid input (returns 1). */
static int load_one(struct load_ctx *c, struct bpfsim_vector *v, struct bpfsim_err *err)
{
	struct bpfsim_kernel_opts opts = { .sz = sizeof(opts), .want_log = c->log };
	struct bpfsim_kernel_result res;
	bool had_runs = v->kernel.nr_runs > 0;
	int rc;

	if (c->rec)
		rc = bpfsim_kernel_record(v, &opts, &res, err);
	else
		rc = bpfsim_kernel_load(v, &opts, &res, NULL, err);
	if (rc == -ENOSYS || rc == -EPERM)
		return rc;
	if (rc == -ENOMEM)
		return rc;
	if (rc) {
		print_invalid(c, v, err->msg);
		return 1;
	}
	print_result(c, v, &res);
	if (c->rec) {
		if (had_runs && !v->kernel.nr_runs)
			fprintf(stderr, "bpfsim load: %s: rejected, so its kernel.runs are not recorded\n",
				v->name);
		rc = bpfsim_vector_write(c->rec, v, err);
	}
	bpfsim_kernel_result_free(&res);
	return rc;
}

int cmd_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vectors", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "log", no_argument, NULL, 'l' },
		{ "record", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct load_ctx c = { 0 };
	const char *vectors = NULL, *record = NULL;
	char *tmp_path = NULL;
	struct bpfsim_vec_reader *r = NULL;
	struct bpfsim_err err = { 0 };
	struct bpfsim_vector v;
	int opt, rc, exit_code = BPFSIM_EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'v': vectors = optarg; break;
		case 'j': c.json = true; break;
		case 'l': c.log = true; break;
		case 'r': record = optarg; break;
		case 'h': fputs(usage_text, stdout); return BPFSIM_EXIT_OK;
		default:
			return cli_usage_error("load", "unknown option or missing argument: '%s'",
					       argv[optind - 1]);
		}
	}
	if (!vectors && optind < argc) {
		fprintf(stderr,
			"bpfsim load: %s: loading ELF objects is not supported yet; use --vectors FILE.jsonl "
			"(or 'bpfsim export' to write an object's programs as vectors)\n",
			argv[optind]);
		return BPFSIM_EXIT_UNSUPPORTED;
	}
	if (!vectors)
		return cli_usage_error("load", "missing --vectors FILE.jsonl");
	if (optind < argc)
		return cli_usage_error("load", "unexpected argument '%s'", argv[optind]);

	rc = bpfsim_vec_reader_open(&r, vectors, NULL, &err);
	if (rc) {
		fprintf(stderr, "bpfsim load: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	rc = bpfsim_kernel_available(&err);
	if (rc) {
		fprintf(stderr, "bpfsim load: %s\n", err.msg);
		bpfsim_vec_reader_close(r);
		return BPFSIM_EXIT_UNSUPPORTED;
	}
	if (record) {
		size_t n = strlen(record) + 16;

		tmp_path = malloc(n);
		if (!tmp_path) {
			bpfsim_vec_reader_close(r);
			return BPFSIM_EXIT_INTERNAL;
		}
		snprintf(tmp_path, n, "%s.tmp%ld", record, (long)getpid());
		c.rec = fopen(tmp_path, "w");
		if (!c.rec) {
			fprintf(stderr, "bpfsim load: %s: %s\n", tmp_path, strerror(errno));
			free(tmp_path);
			bpfsim_vec_reader_close(r);
			return BPFSIM_EXIT_INPUT;
		}
	}

	for (;;) {
		rc = bpfsim_vec_reader_next(r, &v, &err);
		if (rc == 0)
			break;
		if (rc == -EINVAL) {
			print_invalid(&c, &v, err.msg);
			bpfsim_vector_free(&v);
			continue;
		}
		if (rc < 0) {
			fprintf(stderr, "bpfsim load: %s\n", err.msg);
			exit_code = rc == -ENOMEM ? BPFSIM_EXIT_INTERNAL : BPFSIM_EXIT_INPUT;
			bpfsim_vector_free(&v);
			break;
		}
		rc = load_one(&c, &v, &err);
		bpfsim_vector_free(&v);
		if (rc == -ENOSYS || rc == -EPERM) {
			fprintf(stderr, "bpfsim load: %s\n", err.msg);
			exit_code = BPFSIM_EXIT_UNSUPPORTED;
			break;
		}
		if (rc < 0) {
			fprintf(stderr, "bpfsim load: %s\n", err.msg);
			exit_code = BPFSIM_EXIT_INTERNAL;
			break;
		}
	}
	bpfsim_vec_reader_close(r);
	fflush(stdout);

	if (c.rec) {
		bool ok = fclose(c.rec) == 0;

		if (ok && exit_code != BPFSIM_EXIT_UNSUPPORTED && exit_code != BPFSIM_EXIT_INTERNAL) {
			if (rename(tmp_path, record)) {
				fprintf(stderr, "bpfsim load: %s: %s\n", record, strerror(errno));
				exit_code = BPFSIM_EXIT_INPUT;
				unlink(tmp_path);
			}
		} else {
			if (!ok)
				fprintf(stderr, "bpfsim load: %s: write error\n", tmp_path);
			unlink(tmp_path);
			if (exit_code == BPFSIM_EXIT_OK)
				exit_code = BPFSIM_EXIT_INTERNAL;
		}
		free(tmp_path);
	}
	if (!c.json)
		printf("%zu vectors: %zu accepted, %zu rejected, %zu invalid\n",
		       c.accepted + c.rejected + c.invalid, c.accepted, c.rejected, c.invalid);
	if (exit_code != BPFSIM_EXIT_OK)
		return exit_code;
	if (c.invalid)
		return BPFSIM_EXIT_INPUT;
	if (c.rejected)
		return BPFSIM_EXIT_REJECTED;
	return BPFSIM_EXIT_OK;
}
