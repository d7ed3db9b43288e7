/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim export OBJ -o OUT.jsonl: each entry program of an eBPF object as a
 * program vector (../shared/formats/vectors.md), after bpfsim's loader has
 * applied relocations and appended subprograms.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/object.h"
#include "bpfsim/vectors.h"
#include "cli.h"


static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim export OBJ.o [-o OUT.jsonl] [--prog NAME]... [--all] [--btf FILE]\n\n"
		"Write each program of a clang-built eBPF object as one program vector (one\n"
		"JSON line, ../shared/formats/vectors.md): its type, expected attach type,\n"
		"prog_flags, the maps it refers to (in object order; ld_imm64 map references\n"
		"carry the index j into that list: src_reg 1 for a map, 2 for global data with\n"
		"the offset in the second slot), and its final instructions with the .text\n"
		"subprograms it calls appended, as libbpf would hand them to BPF_PROG_LOAD.\n\n"
		"  -o OUT.jsonl   output file (default: standard output; '-' too)\n"
		"  --prog NAME    only this program (repeatable); it may be a SEC(\"?...\") one\n"
		"  --all          also the programs of SEC(\"?...\") sections, which libbpf does\n"
		"                 not autoload and which are left out by default (a line on\n"
		"                 stderr names each one left out)\n"
		"  --btf FILE     target BTF for CO-RE relocations (default: the running kernel's\n"
		"                 /sys/kernel/btf/vmlinux)\n\n"
		"A program whose section name gives no known program type is skipped with a\n"
		"message, and the exit code is then 4.\n"
		"Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid object (one line\n"
		"'OBJ: what is wrong'), 4 something bpfsim does not support yet, 5 internal error.\n");
}

static int export_prog(FILE *out, const struct bpfsim_prog *p, struct bpfsim_err *err)
{
	struct bpfsim_vector v;
	int ret = bpfsim_prog__to_vector(p, &v, err);

	if (ret)
		return ret;
	ret = bpfsim_vector_write(out, &v, err);
	bpfsim_vector_free(&v);
	return ret;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "prog", required_argument, NULL, 'p' },
		{ "btf", required_argument, NULL, 'b' },
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outpath = NULL, *btf = NULL;
	char **only = calloc((size_t)argc + 1, sizeof(char *));
	size_t nonly = 0;
	int c, rc = BPFSIM_EXIT_OK;
	bool all = false;

	if (!only)
		return BPFSIM_EXIT_INTERNAL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case 'p': only[nonly++] = optarg; break;
		case 'b': btf = optarg; break;
		case 'a': all = true; break;
		case 'h': help(stdout); free(only); return BPFSIM_EXIT_OK;
		default: free(only); return cli_usage_error("export", "unknown option");
		}
	}
	if (optind != argc - 1) {
		free(only);
		return cli_usage_error("export", "expected exactly one object file");
	}
	const char *path = argv[optind];
	struct bpfsim_object *obj;
	struct bpfsim_err err = { 0 };
	const struct bpfsim_prog *found;
	int ret = cli_open_object("export", path, btf, &obj);

	if (ret) {
		free(only);
		return ret;
	}
	for (size_t k = 0; k < nonly; k++) {
		ret = cli_find_prog("export", path, obj, only[k], &found);
		if (ret) {
			bpfsim_object__close(obj);
			free(only);
			return ret;
		}
	}
	FILE *out = stdout;

	if (outpath && strcmp(outpath, "-")) {
		out = fopen(outpath, "w");
		if (!out) {
			fprintf(stderr, "bpfsim export: %s: %s\n", outpath, strerror(errno));
			bpfsim_object__close(obj);
			free(only);
			return BPFSIM_EXIT_INPUT;
		}
	}
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		bool want = nonly == 0;

		for (size_t k = 0; k < nonly; k++)
			want |= !strcmp(only[k], bpfsim_prog__name(p));
		if (!want)
			continue;
		if (!nonly && !all && !bpfsim_prog__autoload(p)) {
			fprintf(stderr, "%s: program '%s': SEC(\"%s\") has autoload off; left out (--all or --prog %s "
				"exports it)\n", path, bpfsim_prog__name(p), bpfsim_prog__section(p), bpfsim_prog__name(p));
			continue;
		}
		if (!bpfsim_prog__type(p)) {
			fprintf(stderr, "%s: program '%s': section '%s' names no known program type; skipped\n", path,
				bpfsim_prog__name(p), bpfsim_prog__section(p));
			rc = BPFSIM_EXIT_UNSUPPORTED;
			continue;
		}
		if (export_prog(out, p, &err) < 0) {
			fprintf(stderr, "%s: program '%s': %s\n", path, bpfsim_prog__name(p), err.msg);
			rc = BPFSIM_EXIT_INTERNAL;
			break;
		}
	}
	if (out != stdout && fclose(out)) {
		fprintf(stderr, "bpfsim export: %s: write error\n", outpath);
		rc = BPFSIM_EXIT_INTERNAL;
	}
	bpfsim_object__close(obj);
	free(only);
	return rc;
}
