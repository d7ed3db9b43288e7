/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cmd_fuzz.c: `bpfsim fuzz`: differential campaign of generated programs,
 * bpfsim's verifier against the live kernel's, with a soundness mode
 * (src/fuzz, include/bpfsim/difftest.h).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/difftest.h"
#include "bpfsim/kernel.h"
#include "bpfsim/names.h"
#include "cli.h"

static const char usage_text[] =
	"usage: bpfsim fuzz [--count N] [--seed S] [--prog-type T] [--out DIR] [--json]\n"
	"                   [--soundness] [--no-kernel] [--runs R] [--max-shrinks M] [--quiet]\n"
	"                   [--no-end] [--wild PCT] [--mutate PCT]\n"
	"\n"
	"Generate N programs from seed S (program i of seed S is always the same\n"
	"bytes), verify each with bpfsim's verifier and load it into the running\n"
	"kernel (BPF_PROG_LOAD, root). Programs bpfsim calls 'unsupported' (calls,\n"
	"maps, ... about 10% of them use a map or helper on purpose) are counted and\n"
	"not compared. Two answers agree when verdicts match and, for rejections,\n"
	"the errno and the error line match. Each disagreement whose kind and error\n"
	"lines were not seen before in the campaign is shrunk (delta debugging over\n"
	"instructions, jumps re-targeted, ld_imm64 pairs kept) while it persists,\n"
	"printed, and appended to DIR/disagreements.jsonl as a vector with the\n"
	"kernel's answer (\"kernel\") and bpfsim's (\"bpfsim\").\n"
	"\n"
	"--soundness also runs every program bpfsim accepts in the VM's checked mode\n"
	"on R generated inputs: a memory fault or a run past the instruction budget\n"
	"is a soundness bug, shrunk and appended to DIR/soundness.jsonl. Reads of\n"
	"uninitialised registers are not detected (the VM does not track them).\n"
	"Without a kernel oracle (not root, no bpf(2), BPFSIM_NO_KERNEL=1) or with\n"
	"--no-kernel, only the soundness mode runs and the summary says the kernel\n"
	"comparison was skipped.\n"
	"\n"
	"options:\n"
	"  -n, --count N       programs (default 1000)\n"
	"  -s, --seed S        seed (default 1)\n"
	"  -t, --prog-type T   one program type (default: a mix of socket_filter,\n"
	"                      sched_cls, sched_act, xdp, kprobe, tracepoint,\n"
	"                      perf_event, raw_tracepoint)\n"
	"  -o, --out DIR       write shrunk findings under DIR (created)\n"
	"  --json              the summary as one JSON object (programs, agree,\n"
	"                      disagree, per_second, ...) on stdout\n"
	"  --soundness         run accepted programs in the VM (see above)\n"
	"  --no-kernel         skip the kernel comparison\n"
	"  --runs R            VM inputs per accepted program (default 4)\n"
	"  --max-shrinks M     findings shrunk at most (default 64)\n"
	"  --no-end            generate no byte swaps (le/be/bswap): bpfsim does not\n"
	"                      track constants through them yet, and their\n"
	"                      disagreements would hide the others\n"
	"  --wild PCT          % of generated pieces that break a rule on purpose\n"
	"                      (uninitialised reads, bad stack offsets, unchecked\n"
	"                      map values, long loops; default 3)\n"
	"  --mutate PCT        % of programs with one random field of one\n"
	"                      instruction changed (default 3)\n"
	"  -q, --quiet         do not print findings as they are found\n"
	"  -h, --help          this text\n"
	"\n"
	"exit status: 0 no finding, 1 disagreements or soundness bugs found,\n"
	"2 usage, 5 internal error.\n";

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		return -1;
	*out = v;
	return 0;
}

int cmd_fuzz(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "count", required_argument, NULL, 'n' }, { "seed", required_argument, NULL, 's' },
		{ "prog-type", required_argument, NULL, 't' }, { "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' }, { "soundness", no_argument, NULL, 'S' },
		{ "no-kernel", no_argument, NULL, 'K' }, { "runs", required_argument, NULL, 'r' },
		{ "max-shrinks", required_argument, NULL, 'm' }, { "quiet", no_argument, NULL, 'q' },
		{ "no-end", no_argument, NULL, 'E' }, { "wild", required_argument, NULL, 'W' },
		{ "mutate", required_argument, NULL, 'M' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	struct bpfsim_fuzz_opts o = { .sz = sizeof(o), .seed = 1, .count = 1000, .prog_type = -1 };
	struct bpfsim_fuzz_stats st;
	struct bpfsim_err err = { 0 };
	bool json = false, no_kernel = false, quiet = false;
	struct bpfsim_gen_opts gen;
	uint64_t x;
	int c;

	bpfsim_gen_opts_default(&gen);
	o.gen = &gen;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:s:t:o:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, &o.count) < 0)
				return cli_usage_error("fuzz", "bad --count '%s'", optarg);
			break;
		case 's':
			if (parse_u64(optarg, &o.seed) < 0)
				return cli_usage_error("fuzz", "bad --seed '%s'", optarg);
			break;
		case 't':
			o.prog_type = bpfsim_prog_type_from_name(optarg);
			if (o.prog_type < 0)
				return cli_usage_error("fuzz", "unknown program type '%s'", optarg);
			break;
		case 'o': o.out_dir = optarg; break;
		case 'j': json = true; break;
		case 'S': o.soundness = true; break;
		case 'K': no_kernel = true; break;
		case 'q': quiet = true; break;
		case 'E': gen.pct_end = 0; break;
		case 'W':
		case 'M':
			if (parse_u64(optarg, &x) < 0 || x > 100)
				return cli_usage_error("fuzz", "bad --%s '%s' (0..100)", c == 'W' ? "wild" : "mutate",
						       optarg);
			*(c == 'W' ? &gen.pct_wild : &gen.pct_mutate) = (uint32_t)x;
			break;
		case 'r':
			if (parse_u64(optarg, &x) < 0 || x == 0 || x > 1000)
				return cli_usage_error("fuzz", "bad --runs '%s' (1..1000)", optarg);
			o.runs = (unsigned int)x;
			break;
		case 'm':
			if (parse_u64(optarg, &x) < 0 || x > 100000)
				return cli_usage_error("fuzz", "bad --max-shrinks '%s'", optarg);
			o.max_shrinks = x ? (unsigned int)x : 100000;
			break;
		case 'h': fputs(usage_text, stdout); return BPFSIM_EXIT_OK;
		default: return cli_usage_error("fuzz", "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error("fuzz", "unexpected argument '%s'", argv[optind]);
	const char *skip = NULL;
	struct bpfsim_err kerr = { 0 };
	if (no_kernel)
		skip = "--no-kernel";
	else if (bpfsim_kernel_available(&kerr) < 0)
		skip = kerr.msg;
	o.kernel = skip == NULL;
	if (!o.kernel)
		o.soundness = true;
	o.report = quiet ? NULL : (json ? stderr : stdout);
	int rc = bpfsim_fuzz_run(&o, &st, &err);
	if (rc < 0) {
		fprintf(stderr, "bpfsim fuzz: %s\n", err.msg);
		return BPFSIM_EXIT_INTERNAL;
	}
	uint64_t sb = st.sound_bugs;
	double rate = st.compared ? 100.0 * (double)st.agree / (double)st.compared : 0.0;
	if (json) {
		printf("{\"programs\":%" PRIu64 ",\"seed\":%" PRIu64 ",\"kernel\":%s,", st.programs, o.seed,
		       o.kernel ? "true" : "false");
		if (!o.kernel) {
			printf("\"kernel_skipped\":\"");
			for (const char *p = skip; *p; p++)
				printf(*p == '"' || *p == '\\' ? "\\%c" : (*p < 0x20 ? "?" : "%c"), *p);
			printf("\",");
		}
		printf("\"with_maps\":%" PRIu64 ",\"bpfsim_accept\":%" PRIu64 ",\"bpfsim_reject\":%" PRIu64
		       ",\"bpfsim_unsupported\":%" PRIu64 ",\"kernel_accept\":%" PRIu64 ",\"kernel_reject\":%" PRIu64
		       ",\"compared\":%" PRIu64 ",\"agree\":%" PRIu64 ",\"disagree\":%" PRIu64
		       ",\"agreement_rate\":%.4f,\"disagree_by_kind\":{",
		       st.with_maps, st.bs_accept, st.bs_reject, st.bs_unsupported, st.k_accept, st.k_reject,
		       st.compared, st.agree, st.disagree, rate / 100.0);
		for (int k = 0; k < BPFSIM_FUZZ__KINDS; k++)
			printf("%s\"%s\":%" PRIu64, k ? "," : "", bpfsim_fuzz_kind_name(k), st.by_kind[k]);
		printf("},\"soundness\":%s,\"sound_programs\":%" PRIu64 ",\"sound_runs\":%" PRIu64
		       ",\"soundness_bugs\":%" PRIu64 ",\"vm_unloadable\":%" PRIu64 ",\"shrunk\":%" PRIu64
		       ",\"written\":%" PRIu64
		       ",\"seconds\":%.3f,\"per_second\":%.1f}\n",
		       o.soundness ? "true" : "false", st.sound_programs, st.sound_runs, sb, st.sound_unloadable,
		       st.shrunk, st.written,
		       st.seconds, st.per_second);
	} else {
		if (!o.kernel)
			printf("kernel comparison skipped: %s (soundness mode only)\n", skip);
		printf("programs %" PRIu64 " (seed %" PRIu64 ", %" PRIu64 " with maps/helpers)\n", st.programs, o.seed,
		       st.with_maps);
		printf("bpfsim: %" PRIu64 " accepted, %" PRIu64 " rejected, %" PRIu64 " unsupported\n", st.bs_accept,
		       st.bs_reject, st.bs_unsupported);
		if (o.kernel) {
			printf("kernel: %" PRIu64 " accepted, %" PRIu64 " rejected\n", st.k_accept, st.k_reject);
			printf("compared %" PRIu64 ": %" PRIu64 " agree, %" PRIu64 " disagree (agreement %.2f%%)\n",
			       st.compared, st.agree, st.disagree, rate);
			printf("disagreements: bpfsim accepts %" PRIu64 ", bpfsim rejects %" PRIu64 ", errno %" PRIu64
			       ", error line %" PRIu64 "\n",
			       st.by_kind[0], st.by_kind[1], st.by_kind[2], st.by_kind[3]);
		}
		if (o.soundness)
			printf("soundness: %" PRIu64 " accepted programs, %" PRIu64 " VM runs, %" PRIu64
			        " bugs (fault %" PRIu64 ", non-termination %" PRIu64 ", other %" PRIu64 "), %" PRIu64
			       " not loadable by the VM (unreachable malformed slots)\n",
			       st.sound_programs, st.sound_runs, sb, st.by_kind[4], st.by_kind[5], st.by_kind[6],
			       st.sound_unloadable);
		printf("shrunk %" PRIu64 ", written %" PRIu64 "%s%s\n", st.shrunk, st.written,
		       o.out_dir ? " to " : "", o.out_dir ? o.out_dir : "");
		printf("%.2f s, %.1f programs/s\n", st.seconds, st.per_second);
	}
	return (st.disagree || sb) ? BPFSIM_EXIT_REJECTED : BPFSIM_EXIT_OK;
}
