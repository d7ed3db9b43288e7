/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/object_priv.h: internal state of a bpfsim_object, shared by the
 * files of the object module (object.c: open + programs, maps.c: map
 * definitions, btfext.c: .BTF.ext, reloc.c: relocations and subprogram
 * linking, tables.c: names and SEC() definitions).
 *
 * Pipeline of bpfsim_object__open (each step may fail with "OBJ: message"):
 *   elf open/validate -> license/version -> BTF (libbpf btf__new) ->
 *   code sections and functions (progs[], subprogs marked) -> .BTF.ext ->
 *   maps (legacy, BTF .maps, global data) -> relocations recorded per function
 *   -> for each entry program: copy, append called subprograms (libbpf's
 *   order), patch map references to vector form, build line/func info.
 */
#ifndef BPFSIM_OBJECT_PRIV_H
#define BPFSIM_OBJECT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/object.h"
#include "object/elf.h"

struct btf;

#define SECDEF_HAS_ATTACH_TYPE 1u
#define SECDEF_SLEEPABLE 2u
#define SECDEF_XDP_FRAGS 4u
#define SECDEF_ATTACH_BTF 8u

struct bpfsim_secdef {
	const char *pattern;  /* libbpf SEC() pattern */
	uint32_t prog_type;
	uint32_t attach_type;
	uint32_t flags;       /* SECDEF_* */
};
const struct bpfsim_secdef *bpfsim_secdef_find(const char *sec_name);
size_t bpfsim_secdef_count(void);
const struct bpfsim_secdef *bpfsim_secdef_at(size_t i);

/* One function of a code section: an entry program or a .text subprogram. */
struct bpfsim_prog {
	const struct bpfsim_object *obj;
	char *name;
	const char *sec_name;
	size_t sec_idx;
	size_t sec_insn_off;  /* first instruction inside its section */
	size_t sec_insn_cnt;
	bool subprog;
	const struct bpfsim_secdef *def;
	/* Final program (entry programs only). */
	struct bpfsim_insn *insns;
	size_t insn_cnt;
	size_t *maps;         /* object map index of local map j */
	size_t map_cnt;
	const struct bpfsim_line **lines; /* per final insn, may be NULL entries */
	struct bpfsim_func_info *func_info;
	size_t func_info_cnt;
	struct bpfsim_line_info *line_info;
	size_t line_info_cnt;
	uint32_t attach_btf_id;
	/* Scratch for linking: position of this subprogram in the program being
	 * linked, 0 = not appended yet. */
	size_t sub_insn_off;
};

/* One .BTF.ext line_info record, resolved. */
struct objline {
	size_t sec_idx;
	uint32_t insn;        /* instruction index inside the section */
	uint32_t file_name_off, line_off, line_col;
	struct bpfsim_line line;
};
struct objfunc {
	size_t sec_idx;
	uint32_t insn;
	uint32_t type_id;
};
/* One .BTF.ext CO-RE relocation record. */
struct objcore {
	size_t sec_idx;
	uint32_t insn;
	uint32_t type_id, access_str_off, kind;
};

/* One __kconfig extern: its slot in the .kconfig map (kconfig.c). */
struct objkcfg {
	const char *name;     /* points into the BTF */
	uint32_t off, size, align, btf_var;
	int type;
	bool is_signed, weak, set;
};

/* A map plus where it was defined. def.name points at name. */
struct objmap {
	struct bpfsim_map_def def;
	size_t sec_idx;
	uint64_t off;         /* offset of its definition in the section */
	char *name;
	struct objmap *inner; /* owned inner-map template, or NULL */
	uint64_t size;        /* size of its definition (BTF maps) */
	int64_t values_off;   /* offset of the "values" member, -1 if none */
	struct bpfsim_map_slot *slots; /* owned; def.init_slots */
};

struct bpfsim_object {
	char *name;           /* for messages */
	char *short_name;     /* libbpf's object name: basename without ".o"/".bpf.o" */
	struct bpfsim_elf *elf;
	char license[64];     /* as libbpf: at most 63 bytes of SEC("license") reach the kernel */
	uint32_t kern_version;
	struct btf *btf;
	const uint8_t *btf_raw;
	size_t btf_size;
	size_t text_idx;      /* .text section index, 0 if none */
	size_t maps_sec;      /* .maps section index, 0 if none */
	size_t legacy_maps_sec;
	/* All functions: entry programs and subprograms. */
	struct bpfsim_prog *funcs;
	size_t func_cnt;
	struct bpfsim_prog **progs; /* entry programs, in order */
	size_t prog_cnt;
	struct objmap *maps;
	size_t map_cnt;
	struct objline *lines;
	size_t line_cnt;
	struct objfunc *funcinfo;
	size_t funcinfo_cnt;
	struct objkcfg *kcfg;
	size_t kcfg_cnt;
	uint8_t *kcfg_data;   /* initial value of the .kconfig map */
	uint32_t kcfg_size;
	long kconfig_map;     /* index of the .kconfig map, -1 if none */
	char *kconfig_path;   /* opts->kconfig */
	struct objcore *cores;
	size_t core_cnt;
	char *btf_path;       /* target BTF for CO-RE, NULL = /sys/kernel/btf/vmlinux */
	struct btf *target_btf;
	/* Decoded instructions of each code section (NULL for others), after
	 * CO-RE relocation; programs are assembled from these. */
	struct bpfsim_insn **code;
};

int bpfsim_obj_load_btf_ext(struct bpfsim_object *obj, struct bpfsim_err *err);
/* Structural BTF checks (btfcheck.c): 0, or -EINVAL with why/bad set. */
int bpfsim_btf_check(const struct btf *btf, const char **why, uint32_t *bad);
int bpfsim_obj_kconfig(struct bpfsim_object *obj, struct bpfsim_err *err);
const struct objkcfg *bpfsim_obj_find_kcfg(const struct bpfsim_object *obj, const char *name);
/* Load obj->target_btf (opts btf_path or /sys/kernel/btf/vmlinux) once. */
int bpfsim_obj_target_btf(struct bpfsim_object *obj, struct bpfsim_err *err);
int bpfsim_obj_core_relocate(struct bpfsim_object *obj, struct bpfsim_err *err);
int bpfsim_obj_init_maps(struct bpfsim_object *obj, struct bpfsim_err *err);
int bpfsim_obj_relocate(struct bpfsim_object *obj, struct bpfsim_err *err);
/* The map defined at (sec_idx, offset), or -1. */
long bpfsim_obj_map_at(const struct bpfsim_object *obj, size_t sec_idx, uint64_t offset);
/* The global data map of section sec_idx, or -1. */
long bpfsim_obj_data_map(const struct bpfsim_object *obj, size_t sec_idx);

#endif
