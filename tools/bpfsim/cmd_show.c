/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim show OBJ [--json]: the programs and maps of an eBPF object, as
 * bpfsim's object loader (src/object) sees them after relocation.
 */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "bpfsim/object.h"
#include "cli.h"

static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim show [--json] [--btf FILE] OBJ.o\n\n"
		"List the programs and maps of a clang-built eBPF object, as bpfsim's loader\n"
		"finds them (libbpf's conventions): programs (name, ELF section, program type,\n"
		"expected attach type, instruction count after subprograms are appended,\n"
		"source file from .BTF.ext line info, autoload: \"no\" for SEC(\"?...\") programs,\n"
		"which libbpf and `bpfsim load` skip unless asked for by name) and maps\n"
		"(name, type, key and value size, max entries, flags; BTF-defined .maps,\n"
		"legacy \"maps\" records, and global data .data/.rodata/.bss as single-entry\n"
		"arrays). CO-RE relocations are\n"
		"computed against the running kernel's BTF (/sys/kernel/btf/vmlinux).\n"
		"The license line says whether the kernel treats the license as GPL-compatible\n"
		"(its exact list: \"GPL\", \"GPL v2\", \"GPL and additional rights\",\n"
		"\"Dual BSD/GPL\", \"Dual MIT/GPL\", \"Dual MPL/GPL\"); programs calling GPL-only\n"
		"helpers are rejected by the verifier otherwise.\n\n"
		"  --btf FILE  target BTF for CO-RE relocations (raw BTF or an ELF file with .BTF)\n"
		"  --json   one JSON object: {\"object\",\"license\",\"gpl_compatible\",\"kern_version\",\n"
		"           \"programs\":[{\"name\",\"section\",\"type\",\"attach_type\",\"insns\",\n"
		"           \"source_file\",\"autoload\"}],\"maps\":[{\"name\",\"section\",\"kind\",\"type\",\n"
		"           \"key_size\",\"value_size\",\"max_entries\",\"flags\"[,\"inner_map\"]}]}\n"
		"           type names as in vectors (\"xdp\", \"hash\"); null when unknown\n\n"
		"Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid object (one line\n"
		"'OBJ: what is wrong' on stderr), 4 valid but uses something bpfsim does not\n"
		"support yet (e.g. extern kfuncs/kconfig), 5 internal error.\n");
}

static const char *kind_name(enum bpfsim_map_kind k)
{
	switch (k) {
	case BPFSIM_MAP_BTF: return "btf";
	case BPFSIM_MAP_LEGACY: return "legacy";
	case BPFSIM_MAP_DATA: return "data";
	case BPFSIM_MAP_RODATA: return "rodata";
	case BPFSIM_MAP_BSS: return "bss";
	case BPFSIM_MAP_KCONFIG: return "kconfig";
	}
	return "?";
}

static json_object *jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *map_json(const struct bpfsim_map_def *m)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", jstr(m->name));
	json_object_object_add(o, "section", jstr(m->section));
	json_object_object_add(o, "kind", jstr(kind_name(m->kind)));
	json_object_object_add(o, "type", jstr(bpfsim_map_type_name((int)m->type)));
	json_object_object_add(o, "key_size", json_object_new_int64(m->key_size));
	json_object_object_add(o, "value_size", json_object_new_int64(m->value_size));
	json_object_object_add(o, "max_entries", json_object_new_int64(m->max_entries));
	json_object_object_add(o, "flags", json_object_new_int64(m->map_flags));
	if (m->inner)
		json_object_object_add(o, "inner_map", map_json(m->inner));
	return o;
}

static const char *attach_name(const struct bpfsim_prog *p)
{
	return bpfsim_prog__has_attach_type(p) ? bpfsim_attach_type_name((int)bpfsim_prog__expected_attach_type(p))
					       : NULL;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "btf", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	const char *btf = NULL;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'b': btf = optarg; break;
		case 'h': help(stdout); return BPFSIM_EXIT_OK;
		default: return cli_usage_error("show", "unknown option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("show", "expected exactly one object file");
	const char *path = argv[optind];
	struct bpfsim_object *obj;
	int ret = cli_open_object("show", path, btf, &obj);

	if (ret)
		return ret;
	if (json) {
		json_object *root = json_object_new_object(), *progs = json_object_new_array(),
			    *maps = json_object_new_array();

		json_object_object_add(root, "object", jstr(path));
		json_object_object_add(root, "license", jstr(bpfsim_object__license(obj)));
		json_object_object_add(root, "gpl_compatible",
				       json_object_new_boolean(bpfsim_object__gpl_compatible(obj)));
		json_object_object_add(root, "kern_version", json_object_new_int64(bpfsim_object__kern_version(obj)));
		for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
			const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
			json_object *o = json_object_new_object();
			size_t n;

			bpfsim_prog__insns(p, &n);
			json_object_object_add(o, "name", jstr(bpfsim_prog__name(p)));
			json_object_object_add(o, "section", jstr(bpfsim_prog__section(p)));
			json_object_object_add(o, "type", bpfsim_prog__type(p) ? jstr(bpfsim_prog_type_name((int)bpfsim_prog__type(p))) : NULL);
			json_object_object_add(o, "attach_type", jstr(attach_name(p)));
			json_object_object_add(o, "insns", json_object_new_int64((int64_t)n));
			json_object_object_add(o, "source_file", jstr(bpfsim_prog__source_file(p)));
			json_object_object_add(o, "autoload", json_object_new_boolean(bpfsim_prog__autoload(p)));
			json_object_array_add(progs, o);
		}
		for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++)
			json_object_array_add(maps, map_json(bpfsim_object__map(obj, i)));
		json_object_object_add(root, "programs", progs);
		json_object_object_add(root, "maps", maps);
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
	} else {
		printf("%s: license \"%s\" (%s), kern_version %u\n", path, bpfsim_object__license(obj),
		       bpfsim_object__gpl_compatible(obj) ? "GPL-compatible" : "not GPL-compatible",
		       bpfsim_object__kern_version(obj));
		printf("programs (%zu):\n", bpfsim_object__prog_cnt(obj));
		if (bpfsim_object__prog_cnt(obj))
			printf("  %-24s %-28s %-16s %-22s %6s %-8s  %s\n", "NAME", "SECTION", "TYPE", "ATTACH", "INSNS",
			       "AUTOLOAD", "SOURCE");
		for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
			const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
			const char *t = bpfsim_prog__type(p) ? bpfsim_prog_type_name((int)bpfsim_prog__type(p)) : NULL;
			const char *a = attach_name(p), *src = bpfsim_prog__source_file(p);
			size_t n;

			bpfsim_prog__insns(p, &n);
			printf("  %-24s %-28s %-16s %-22s %6zu %-8s  %s\n", bpfsim_prog__name(p), bpfsim_prog__section(p),
			       t ? t : "(unknown)", a ? a : "-", n, bpfsim_prog__autoload(p) ? "yes" : "no",
			       src ? src : "-");
		}
		printf("maps (%zu):\n", bpfsim_object__map_cnt(obj));
		if (bpfsim_object__map_cnt(obj))
			printf("  %-24s %-18s %-8s %8s %10s %11s  %s\n", "NAME", "TYPE", "KIND", "KEY", "VALUE", "MAX_ENTRIES", "FLAGS");
		for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++) {
			const struct bpfsim_map_def *m = bpfsim_object__map(obj, i);
			const char *t = bpfsim_map_type_name((int)m->type);

			printf("  %-24s %-18s %-8s %8u %10u %11u  0x%x", m->name, t ? t : "(unknown)", kind_name(m->kind),
			       m->key_size, m->value_size, m->max_entries, m->map_flags);
			if (m->inner) {
				const char *it = bpfsim_map_type_name((int)m->inner->type);

				printf("  inner: %s key %u value %u max %u", it ? it : "(unknown)", m->inner->key_size,
				       m->inner->value_size, m->inner->max_entries);
			}
			printf("\n");
		}
	}
	bpfsim_object__close(obj);
	return BPFSIM_EXIT_OK;
}
