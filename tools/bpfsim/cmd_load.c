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
 * goes on. load_one() below is the single path a vector takes to the kernel.
 *
 *   bpfsim load OBJ [--prog NAME] [--json] [--log]
 *
 * loads an ELF object through bpfsim's own loader (src/object opens and
 * relocates it, src/kernel/objload.c creates its BTF and maps in the kernel
 * and loads each program as libbpf would) and reports each program in the
 * same shapes, with "program" and "file" added to the JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "bpfsim/kernel.h"
#include "bpfsim/object.h"
#include "bpfsim/vectors.h"
#include "cli.h"

static const char usage_text[] =
	"usage: bpfsim load --vectors FILE.jsonl [--json] [--log] [--record OUT.jsonl]\n"
	"       bpfsim load OBJ.o [--prog NAME] [--json] [--log]\n"
	"\n"
	"Load each program vector of FILE.jsonl (see docs: program vectors; '-' reads\n"
	"stdin) into the running kernel with bpf(2) and report what the kernel's\n"
	"verifier answered: its maps are created, map references patched with the\n"
	"real fds, and BPF_PROG_LOAD is called with the vector's program type,\n"
	"expected attach type and flags, license GPL, log level 1. Needs root\n"
	"(CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN).\n"
	"\n"
	"With OBJ (a clang-built eBPF ELF object), load it through bpfsim's own\n"
	"loader, the way libbpf loads it: the object's BTF is loaded, every map\n"
	"created (BTF key/value types, inner maps, .data/.rodata/.bss with their\n"
	"contents, .rodata frozen), map references patched with the real fds, and\n"
	"each program loaded with its own type, expected attach type, attach BTF\n"
	"id, license, kern_version, BTF, func_info and line_info. One result per\n"
	"program; a map the kernel refuses fails every program, as in libbpf.\n"
	"Tail-call tables and map-in-map maps initialised in C (`values = {...}`) get\n"
	"their slots filled as libbpf fills them (a prog_array slot only when its\n"
	"program is loaded too). Programs in SEC(\"?...\") sections (libbpf: autoload\n"
	"off) are not loaded unless --prog names them; a line on stderr says so.\n"
	"\n"
	"options:\n"
	"  --vectors FILE    the vectors to load (one JSON object per line)\n"
	"  --prog NAME       (OBJ) load only the program NAME; a NAME the object\n"
	"                    does not have is a usage error (exit 2); it may name a\n"
	"                    SEC(\"?...\") program, which is loaded then\n"
	"  --json            one JSON object per vector, in input order:\n"
	"                    {\"name\",\"verdict\",\"errno\",\"error\",\"insns_processed\",\"time_ns\"}\n"
	"                    (a malformed line: {\"name\" or \"line\",\"verdict\":\"invalid\",\"error\"});\n"
	"                    with --log the object also holds the whole kernel log as \"log\";\n"
	"                    for OBJ: {\"name\",\"program\",\"file\",\"verdict\",\"errno\",\"error\",\n"
	"                    \"insns_processed\",\"xlated_insns\",\"time_ns\"} per program\n"
	"  --log             print the whole kernel verifier log of each vector\n"
	"  --record OUT      (--vectors only) write every readable vector to OUT with its\n"
	"                    \"kernel\" object\n"
	"                    filled in (release = uname -r); vectors with kernel.runs are\n"
	"                    run with BPF_PROG_TEST_RUN and each run's retval recorded.\n"
	"                    OUT may be FILE itself (written to a temporary, then renamed)\n"
	"  -h, --help        this text\n"
	"\n"
	"The error is the last non-empty log line before 'processed N insns'.\n"
	"For OBJ the table has one row per program; XLATED is the instruction count\n"
	"the kernel reports for an accepted program (bpf_prog_info.xlated_prog_len\n"
	"/ 8). A BTF the kernel refuses is dropped with a note on stderr, as libbpf\n"
	"does. Not done: pinning, filling map-in-map and prog_array slots from\n"
	"`values = {...}`, kernel module BTF (attach targets, kfuncs), struct_ops.\n"
	"\n"
	"exit codes: 0 all accepted, 1 at least one rejected, 2 usage error,\n"
	"3 unreadable file, not an eBPF object, or a malformed line (the other\n"
	"lines are still loaded),\n"
	"4 no kernel oracle (not root, or bpf(2) unavailable) or an object bpfsim\n"
	"does not support (e.g. big-endian), 5 internal error\n";

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

/* ------------------------------------------------------- ELF objects */

static void print_obj_result(struct load_ctx *c, const char *path, const char *prog,
			     const struct bpfsim_kernel_result *res)
{
	if (res->verdict == BPFSIM_VEC_ACCEPT)
		c->accepted++;
	else
		c->rejected++;
	if (c->json) {
		/* the shape of bpfsim_vec_result_write, plus program and file */
		struct json_object *o = json_object_new_object();
		const char *s;

		if (!o)
			return;
		json_object_object_add(o, "name", json_object_new_string(prog));
		json_object_object_add(o, "program", json_object_new_string(prog));
		json_object_object_add(o, "file", json_object_new_string(path));
		json_object_object_add(o, "verdict", json_object_new_string(bpfsim_vec_verdict_name(res->verdict)));
		if (res->errno_name)
			json_object_object_add(o, "errno", json_object_new_string(res->errno_name));
		if (res->error)
			json_object_object_add(o, "error", json_object_new_string(res->error));
		if (res->insns_processed >= 0)
			json_object_object_add(o, "insns_processed", json_object_new_int64(res->insns_processed));
		if (res->xlated_insns >= 0)
			json_object_object_add(o, "xlated_insns", json_object_new_int64(res->xlated_insns));
		if (res->time_ns >= 0)
			json_object_object_add(o, "time_ns", json_object_new_int64(res->time_ns));
		if (c->log && res->log)
			json_object_object_add(o, "log", json_object_new_string(res->log));
		s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
		if (s)
			printf("%s\n", s);
		json_object_put(o);
		return;
	}
	if (!c->header) {
		printf("%-32s %-8s %-8s %7s %7s  %s\n", "PROGRAM", "VERDICT", "ERRNO", "INSNS", "XLATED", "ERROR");
		c->header = true;
	}
	printf("%-32s %-8s %-8s ", prog, bpfsim_vec_verdict_name(res->verdict),
	       res->errno_name ? res->errno_name : "-");
	if (res->insns_processed >= 0)
		printf("%7lld ", (long long)res->insns_processed);
	else
		printf("%7s ", "-");
	if (res->xlated_insns >= 0)
		printf("%7lld  ", (long long)res->xlated_insns);
	else
		printf("%7s  ", "-");
	printf("%s\n", res->error ? res->error : "");
	if (c->log && res->log) {
		fputs(res->log, stdout);
		if (res->log_len && res->log[res->log_len - 1] != '\n')
			putchar('\n');
		putchar('\n');
	}
}

/* bpfsim load OBJ: returns the exit code. */
static int load_object(struct load_ctx *c, const char *path, const char *only)
{
	struct bpfsim_kernel_opts ko_opts = { .sz = sizeof(ko_opts), .want_log = c->log };
	struct bpfsim_object *obj = NULL;
	struct bpfsim_kobj *ko = NULL;
	struct bpfsim_err err = { 0 };
	const struct bpfsim_prog *sel = NULL;
	size_t nprogs, done = 0;
	int rc, exit_code = BPFSIM_EXIT_OK;

	rc = cli_open_object("load", path, NULL, &obj);
	if (rc)
		return rc;
	nprogs = bpfsim_object__prog_cnt(obj);
	if (only && (rc = cli_find_prog("load", path, obj, only, &sel))) {
		bpfsim_object__close(obj);
		return rc;
	}
	rc = bpfsim_kernel_available(&err);
	if (rc) {
		fprintf(stderr, "bpfsim load: %s\n", err.msg);
		bpfsim_object__close(obj);
		return BPFSIM_EXIT_UNSUPPORTED;
	}
	rc = bpfsim_kobj_create(obj, &ko, &err);
	if (rc) {
		fprintf(stderr, "bpfsim load: %s\n", err.msg);
		bpfsim_object__close(obj);
		return rc == -ENOSYS || rc == -EPERM ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_INTERNAL;
	}
	if (bpfsim_kobj_btf_error(ko))
		fprintf(stderr, "bpfsim load: %s\n", bpfsim_kobj_btf_error(ko));
	/* prog_array slots whose program is not loaded stay empty; libbpf
	 * would fail the whole object instead: say so */
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++) {
		const struct bpfsim_map_def *d = bpfsim_object__map(obj, i);

		for (size_t k = 0; k < d->init_slot_cnt; k++) {
			const struct bpfsim_prog *t = d->init_slots[k].prog
							      ? bpfsim_object__find_prog(obj, d->init_slots[k].prog)
							      : NULL;

			if (t && (sel ? t != sel : !bpfsim_prog__autoload(t)))
				fprintf(stderr, "bpfsim load: %s: map '%s' slot [%u] stays empty: program '%s' is not "
					"loaded (libbpf would refuse the object)\n", path, d->name, d->init_slots[k].index,
					bpfsim_prog__name(t));
		}
	}
	for (size_t i = 0; i < nprogs; i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		struct bpfsim_kernel_result res;

		if (sel && p != sel)
			continue;
		if (!sel && !bpfsim_prog__autoload(p)) {
			fprintf(stderr, "bpfsim load: %s: program '%s' not loaded: SEC(\"%s\") has autoload off "
				"(--prog %s loads it)\n", path, bpfsim_prog__name(p), bpfsim_prog__section(p),
				bpfsim_prog__name(p));
			continue;
		}
		rc = bpfsim_kobj_load_prog(ko, p, &ko_opts, &res, NULL, &err);
		if (rc) {
			fprintf(stderr, "bpfsim load: %s\n", err.msg);
			exit_code = rc == -ENOSYS || rc == -EPERM ? BPFSIM_EXIT_UNSUPPORTED : BPFSIM_EXIT_INTERNAL;
			break;
		}
		print_obj_result(c, path, bpfsim_prog__name(p), &res);
		bpfsim_kernel_result_free(&res);
		done++;
	}
	bpfsim_kobj_close(ko);
	bpfsim_object__close(obj);
	fflush(stdout);
	if (!c->json)
		printf("%s: %zu program%s: %zu accepted, %zu rejected\n", path, done, done == 1 ? "" : "s",
		       c->accepted, c->rejected);
	if (exit_code != BPFSIM_EXIT_OK)
		return exit_code;
	return c->rejected ? BPFSIM_EXIT_REJECTED : BPFSIM_EXIT_OK;
}

int cmd_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "vectors", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "log", no_argument, NULL, 'l' },
		{ "record", required_argument, NULL, 'r' },
		{ "prog", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct load_ctx c = { 0 };
	const char *vectors = NULL, *record = NULL, *prog = NULL;
	char *tmp_path = NULL;
	struct bpfsim_vec_reader *r = NULL;
	struct bpfsim_err err = { 0 };
	struct bpfsim_vector v;
	int opt, rc, exit_code = BPFSIM_EXIT_OK;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'v': vectors = optarg; break;
		case 'j': c.json = true; break;
		case 'l': c.log = true; break;
		case 'r': record = optarg; break;
		case 'p': prog = optarg; break;
		case 'h': fputs(usage_text, stdout); return BPFSIM_EXIT_OK;
		default:
			return cli_usage_error("load", "unknown option or missing argument: '%s'",
					       argv[optind - 1]);
		}
	}
	if (!vectors && optind < argc) {
		if (optind + 1 < argc)
			return cli_usage_error("load", "one object at a time (unexpected argument '%s')",
					       argv[optind + 1]);
		if (record)
			return cli_usage_error("load", "--record is for --vectors, not for an object");
		return load_object(&c, argv[optind], prog);
	}
	if (!vectors)
		return cli_usage_error("load", "missing --vectors FILE.jsonl or an object OBJ.o");
	if (prog)
		return cli_usage_error("load", "--prog is for an object, not for --vectors");
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
