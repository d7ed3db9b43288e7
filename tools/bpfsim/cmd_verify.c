/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_verify.c: `bpfsim verify --vectors FILE.jsonl [--json] [-l LEVEL]`:
 * bpfsim's own verifier (src/verifier) on each vector, one result per
 * vector in input order, in the shape `bpfsim load` prints for the kernel.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/verifier.h"
#include "bpfsim/vectors.h"
#include "cli.h"

static const char usage_text[] =
	"usage: bpfsim verify --vectors FILE.jsonl [--json] [-l LEVEL]\n"
	"\n"
	"Verify each program vector of FILE.jsonl ('-' reads stdin) with bpfsim's\n"
	"own model of the Linux 6.18 verifier (root loader) and print its verdict,\n"
	"errno, error line and processed instruction count.\n"
	"\n"
	"This is the first slice of the verifier: scalar programs of the main\n"
	"subprogram (ALU, jumps, stack spills and fills, socket_filter context\n"
	"reads of len/pkt_type/mark/queue_mapping/protocol) for socket_filter,\n"
	"sched_cls, sched_act, xdp, kprobe, tracepoint, perf_event and\n"
	"raw_tracepoint. Anything else (calls, maps, other pointers, atomics,\n"
	"other program types...) gets the verdict 'unsupported' with the reason,\n"
	"never a guess. There is no state pruning yet: the processed count is at\n"
	"or above the kernel's on programs with branches, and a program needing\n"
	"more than 1000000 processed insns without pruning is 'unsupported'.\n"
	"\n"
	"options:\n"
	"  --vectors FILE    the vectors to verify (one JSON object per line)\n"
	"  --json            one JSON object per vector, in input order:\n"
	"                    {\"name\",\"verdict\",\"errno\",\"error\",\"insns_processed\",\"time_ns\"}\n"
	"                    (a malformed line: {\"name\" or \"line\",\"verdict\":\"invalid\",\"error\"});\n"
	"                    with -l the object also holds the log as \"log\"\n"
	"  -l, --log-level N print the log of each vector (1 or 2), as 6.18 prints it:\n"
	"                    instruction lines with the registers and stack slots each\n"
	"                    insn touched, the failing path at level 1 (an accepted\n"
	"                    program's level-1 log is the statistics line only), every\n"
	"                    path with 'from A to B:' and the 'Live regs' table at level\n"
	"                    2. Not modelled yet, so those logs differ from the kernel's:\n"
	"                    precision backtracking ('mark_precise:' lines, P marks),\n"
	"                    state pruning ('N: safe', the statistics' state fields are\n"
	"                    0), level 2's stack liveness lines\n"
	"  --log-size N      keep the log in an N-byte buffer that behaves like the\n"
	"                    kernel's log_buf (needs -l): rotating, it keeps the last\n"
	"                    N-1 bytes; when the log was ever longer, a line on stderr\n"
	"                    says the kernel's load would fail with ENOSPC\n"
	"  --log-fixed       with --log-size: BPF_LOG_FIXED, keep the first N-1 bytes\n"
	"  -h, --help        this text\n"
	"\n"
	"exit status: 0 all accepted, 1 at least one rejected, 3 a malformed line\n"
	"or unreadable file (and none rejected), 4 at least one unsupported (and\n"
	"none rejected or malformed), 5 internal error, 2 usage.\n";

struct vctx {
	bool json, header, fixed;
	uint32_t level, log_size;
	char *buf;
	int accepted, rejected, unsupported, invalid, internal;
};

static void header(struct vctx *c)
{
	if (c->json || c->header)
		return;
	printf("%-32s %-11s %-8s %7s  %s\n", "NAME", "VERDICT", "ERRNO", "INSNS", "ERROR");
	c->header = true;
}

static int on_vec(struct bpfsim_vector *v, const struct bpfsim_err *bad, void *ctx)
{
	struct vctx *c = ctx;
	struct bpfsim_verify_opts o = { .sz = sizeof(o), .log_level = c->level, .log_buf = c->buf,
					.log_size = c->log_size, .log_fixed = c->fixed };
	struct bpfsim_verify_result r;
	struct bpfsim_err err = { 0 };
	char where[32];

	snprintf(where, sizeof(where), "(line %zu)", v->line);
	if (bad) {
		c->invalid++;
		if (c->json) {
			struct bpfsim_vec_result out = { .name = v->name, .line = v->line,
				.verdict = BPFSIM_VEC_INVALID, .error = bad->msg,
				.insns_processed = -1, .time_ns = -1 };

			fprintf(stderr, "bpfsim verify: %s\n", bad->msg);
			bpfsim_vec_result_write(stdout, &out);
		} else {
			header(c);
			printf("%-32s %-11s %-8s %7s  %s\n", v->name ? v->name : where, "invalid", "-", "-",
			       bad->msg);
		}
		return 0;
	}
	if (bpfsim_verify_vector(v, &o, &r, &err) < 0) {
		fprintf(stderr, "bpfsim verify: %s: %s\n", v->name ? v->name : where, err.msg);
		c->internal++;
		return 0;
	}
	if (c->buf && r.verdict != BPFSIM_VEC_UNSUPPORTED) {
		/* the log is in the caller's buffer */
		r.log = strdup(c->buf);
		r.log_len = r.log ? strlen(r.log) : 0;
		if (r.log_err == ENOSPC)
			fprintf(stderr, "bpfsim verify: %s: the log needs %u bytes, more than --log-size %u: "
					"the kernel's load would fail with ENOSPC\n",
				v->name ? v->name : where, r.log_true_size, c->log_size);
	}
	if (r.verdict == BPFSIM_VEC_ACCEPT)
		c->accepted++;
	else if (r.verdict == BPFSIM_VEC_REJECT)
		c->rejected++;
	else
		c->unsupported++;
	if (c->json) {
		struct bpfsim_vec_result out = { .name = v->name, .line = v->line, .verdict = r.verdict,
			.errno_name = r.errno_name, .error = r.error,
			.insns_processed = r.verdict == BPFSIM_VEC_UNSUPPORTED ? -1 : r.insns_processed,
			.time_ns = r.time_ns, .log = r.log };

		bpfsim_vec_result_write(stdout, &out);
	} else {
		char n[24] = "-";

		header(c);
		if (r.verdict != BPFSIM_VEC_UNSUPPORTED && r.insns_processed >= 0)
			snprintf(n, sizeof(n), "%lld", (long long)r.insns_processed);
		printf("%-32s %-11s %-8s %7s  %s\n", v->name ? v->name : where,
		       bpfsim_vec_verdict_name(r.verdict), r.errno_name ? r.errno_name : "-", n,
		       r.error ? r.error : "");
		if (r.log) {
			fwrite(r.log, 1, r.log_len, stdout);
			if (r.log_len && r.log[r.log_len - 1] != '\n')
				putchar('\n'); /* a truncated buffer's last line */
		}
	}
	bpfsim_verify_result_free(&r);
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vectors", required_argument, NULL, 'V' },
		{ "json", no_argument, NULL, 'j' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "log-size", required_argument, NULL, 'S' },
		{ "log-fixed", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vctx c = { 0 };
	const char *vectors = NULL;
	struct bpfsim_err err = { 0 };
	char *end;
	long lv;
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "hl:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'V': vectors = optarg; break;
		case 'j': c.json = true; break;
		case 'l':
			lv = strtol(optarg, &end, 10);
			if (*end || lv < 1 || lv > 2)
				return cli_usage_error("verify", "-l takes 1 or 2, not '%s'", optarg);
			c.level = (uint32_t)lv;
			break;
		case 'S':
			lv = strtol(optarg, &end, 10);
			if (*end || lv < 1 || lv > (long)(UINT32_MAX >> 2))
				return cli_usage_error("verify", "--log-size takes 1 to %u, not '%s'",
						       UINT32_MAX >> 2, optarg);
			c.log_size = (uint32_t)lv;
			break;
		case 'F': c.fixed = true; break;
		case 'h': fputs(usage_text, stdout); return BPFSIM_EXIT_OK;
		default:
			return cli_usage_error("verify", "unknown option or missing argument: '%s'",
					       argv[optind - 1]);
		}
	}
	if (!vectors)
		return cli_usage_error("verify", "missing --vectors FILE.jsonl (objects are not supported yet)");
	if (optind < argc)
		return cli_usage_error("verify", "unexpected argument '%s'", argv[optind]);
	if ((c.log_size || c.fixed) && !c.level)
		return cli_usage_error("verify", "--log-size and --log-fixed need -l 1 or -l 2");
	if (c.fixed && !c.log_size)
		return cli_usage_error("verify", "--log-fixed needs --log-size N");
	if (c.log_size && !(c.buf = malloc(c.log_size))) {
		fprintf(stderr, "bpfsim verify: out of memory\n");
		return BPFSIM_EXIT_INTERNAL;
	}
	rc = bpfsim_vectors_read(vectors, NULL, on_vec, &c, &err);
	free(c.buf);
	if (rc < 0) {
		fprintf(stderr, "bpfsim verify: %s\n", err.msg);
		return rc == -ENOMEM ? BPFSIM_EXIT_INTERNAL : BPFSIM_EXIT_INPUT;
	}
	if (c.internal)
		return BPFSIM_EXIT_INTERNAL;
	if (c.rejected)
		return BPFSIM_EXIT_REJECTED;
	if (c.invalid)
		return BPFSIM_EXIT_INPUT;
	if (c.unsupported)
		return BPFSIM_EXIT_UNSUPPORTED;
	return BPFSIM_EXIT_OK;
}
