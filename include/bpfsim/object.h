/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/object.h: eBPF ELF objects (clang's .bpf.o) loaded the way libbpf
 * loads them, up to the point where a loader would call bpf(2).
 *
 * bpfsim_object__open() reads the ELF (src/object/elf.c), finds programs
 * (every global function of an executable section; .text functions are
 * subprograms), the license and version, maps (BTF-defined `.maps`, the
 * legacy `maps` section, global data .data/.rodata/.bss[.*]) and applies the
 * relocations: map references become ld_imm64 src_reg=1 (BPF_PSEUDO_MAP_FD),
 * global data src_reg=2 (BPF_PSEUDO_MAP_VALUE, offset in the second slot's
 * imm), and the .text subprograms a program calls are appended to it with the
 * call offsets fixed, in the order libbpf appends them.
 *
 * A program's final instructions are in the VECTOR form of
 * ../shared/formats/vectors.md: the imm of a map reference is j, an index into
 * that program's own map list (bpfsim_prog__map(prog, j)), not an object-wide
 * index and not a file descriptor.
 *
 * Every instruction keeps where it came from (.BTF.ext line_info): file, line,
 * column and source text, when the object has them.
 */
#ifndef BPFSIM_OBJECT_H
#define BPFSIM_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"
#include "bpfsim/insn.h"
#include "bpfsim/names.h" /* bpfsim_prog_type_name() etc. */

#ifdef __cplusplus
extern "C" {
#endif

struct bpfsim_object;
struct bpfsim_prog;

struct bpfsim_object_opts {
	size_t sz;            /* sizeof(struct bpfsim_object_opts) */
	const char *name;     /* object name for messages and internal map names (default: path) */
	const char *btf_path; /* target BTF for CO-RE relocations (raw BTF or ELF with .BTF);
	                       * NULL: /sys/kernel/btf/vmlinux, read only when the object has CO-RE relocations
	                       * or kfunc/ksym externs */
	const char *kconfig;  /* kernel config file (plain or gzip) for __kconfig externs;
	                       * NULL: /boot/config-$(uname -r), else /proc/config.gz */
};

/* Where a map definition came from. */
enum bpfsim_map_kind {
	BPFSIM_MAP_BTF = 0,    /* SEC(".maps") */
	BPFSIM_MAP_LEGACY = 1, /* SEC("maps"), struct bpf_map_def records */
	BPFSIM_MAP_DATA = 2,   /* .data, .data.* */
	BPFSIM_MAP_RODATA = 3, /* .rodata, .rodata.* (BPF_F_RDONLY_PROG) */
	BPFSIM_MAP_BSS = 4,    /* .bss, .bss.* */
	BPFSIM_MAP_KCONFIG = 5, /* __kconfig externs (read-only) */
};

/* An initial slot of a prog array or map-in-map, from
 * __array(values, ...) = { [index] = &target }: a loader stores the program's
 * (or inner map's) fd at index after creating/loading it. */
struct bpfsim_map_slot {
	uint32_t index;
	const char *prog; /* prog array: entry program name, else NULL */
	long map;         /* map-in-map: object map index of the inner map, else -1 */
};

/* A map as a loader would create it. Plain data owned by the object. */
struct bpfsim_map_def {
	size_t index;          /* position in the object's map list */
	const char *name;      /* symbol name; for global data libbpf's internal name ("obj.rodata") */
	const char *section;   /* ELF section it was defined in */
	enum bpfsim_map_kind kind;
	uint32_t type;         /* enum bpf_map_type */
	uint32_t key_size, value_size, max_entries, map_flags;
	uint32_t numa_node, pinning;
	uint64_t map_extra;
	uint32_t btf_key_type_id, btf_value_type_id; /* 0 when unknown */
	const struct bpfsim_map_def *inner; /* map-in-map: the inner map template, else NULL */
	const void *initial_value; /* global data: initial contents (NULL for .bss) */
	size_t initial_size;
	const struct bpfsim_map_slot *init_slots; /* __array(values) initialisers */
	size_t init_slot_cnt;
};

/* Source position of an instruction (from .BTF.ext line_info). */
struct bpfsim_line {
	const char *file;   /* never NULL when the struct is returned */
	const char *text;   /* source line text ("" if absent) */
	uint32_t line, col;
};

/* Kernel-form func_info / line_info records (insn_off in instructions of the
 * final program; names are offsets into the object's BTF string section), as
 * BPF_PROG_LOAD takes them. */
struct bpfsim_func_info { uint32_t insn_off, type_id; };
struct bpfsim_line_info { uint32_t insn_off, file_name_off, line_off, line_col; };

BPFSIM_API int bpfsim_object__open(const char *path, const struct bpfsim_object_opts *opts,
				   struct bpfsim_object **obj, struct bpfsim_err *err);
BPFSIM_API int bpfsim_object__open_mem(const void *buf, size_t len, const struct bpfsim_object_opts *opts,
				       struct bpfsim_object **obj, struct bpfsim_err *err);
BPFSIM_API void bpfsim_object__close(struct bpfsim_object *obj);

BPFSIM_API const char *bpfsim_object__name(const struct bpfsim_object *obj);
/* Contents of SEC("license") ("" if none) and SEC("version") (0 if none). */
BPFSIM_API const char *bpfsim_object__license(const struct bpfsim_object *obj);
BPFSIM_API uint32_t bpfsim_object__kern_version(const struct bpfsim_object *obj);
/* Whether the license is GPL-compatible as the kernel decides it at
 * BPF_PROG_LOAD (license_is_gpl_compatible(): exactly "GPL", "GPL v2",
 * "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL" or
 * "Dual MPL/GPL", case and spacing significant). Programs calling GPL-only
 * helpers (bpf_probe_read_kernel, bpf_trace_printk, ...) are rejected by the
 * verifier when this is false. An object without a license section is not. */
BPFSIM_API bool bpfsim_object__gpl_compatible(const struct bpfsim_object *obj);
/* The object's BTF as a loader passes it to BPF_BTF_LOAD: .BTF with each
 * DATASEC's size and variable offsets filled in from the ELF (clang leaves
 * them 0), as libbpf does (NULL, 0 if the object has no .BTF). */
BPFSIM_API const void *bpfsim_object__btf_raw(const struct bpfsim_object *obj, size_t *size);

/* Entry programs (not subprograms), in section then offset order. */
BPFSIM_API size_t bpfsim_object__prog_cnt(const struct bpfsim_object *obj);
BPFSIM_API const struct bpfsim_prog *bpfsim_object__prog(const struct bpfsim_object *obj, size_t i);
BPFSIM_API const struct bpfsim_prog *bpfsim_object__find_prog(const struct bpfsim_object *obj,
							       const char *name);
BPFSIM_API size_t bpfsim_object__map_cnt(const struct bpfsim_object *obj);
BPFSIM_API const struct bpfsim_map_def *bpfsim_object__map(const struct bpfsim_object *obj, size_t i);

BPFSIM_API const char *bpfsim_prog__name(const struct bpfsim_prog *prog);
BPFSIM_API const char *bpfsim_prog__section(const struct bpfsim_prog *prog);
/* enum bpf_prog_type and enum bpf_attach_type values (0 when none). */
BPFSIM_API uint32_t bpfsim_prog__type(const struct bpfsim_prog *prog);
BPFSIM_API uint32_t bpfsim_prog__expected_attach_type(const struct bpfsim_prog *prog);
/* Whether expected_attach_type is meaningful for this section (libbpf passes
 * it to the kernel), so 0 can be told apart from "none". */
BPFSIM_API bool bpfsim_prog__has_attach_type(const struct bpfsim_prog *prog);
/* libbpf's autoload: false for programs whose section name starts with '?'
 * (SEC("?xdp")): a loader skips them unless asked for them by name. */
BPFSIM_API bool bpfsim_prog__autoload(const struct bpfsim_prog *prog);
/* BPF_PROG_LOAD prog_flags libbpf would pass (BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS). */
BPFSIM_API uint32_t bpfsim_prog__flags(const struct bpfsim_prog *prog);
/* The part of the section name after "type/" (e.g. "sys_enter" for
 * "raw_tp/sys_enter"), or NULL. */
BPFSIM_API const char *bpfsim_prog__attach_target(const struct bpfsim_prog *prog);
/* For programs whose section needs a kernel BTF attach target (tp_btf/,
 * fentry/, fexit/, fmod_ret/, lsm/, lsm_cgroup/, iter/): the BTF id of that
 * target in the target BTF (libbpf's naming: "btf_trace_<tp>" typedef,
 * "bpf_lsm_<hook>" and "bpf_iter_<name>" functions, else the function
 * itself), as BPF_PROG_LOAD's attach_btf_id; 0 when not applicable, not
 * found, or no target BTF is readable. */
BPFSIM_API uint32_t bpfsim_prog__attach_btf_id(const struct bpfsim_prog *prog);
/* Final instructions, vector form (see top of file). */
BPFSIM_API const struct bpfsim_insn *bpfsim_prog__insns(const struct bpfsim_prog *prog, size_t *n);
/* Maps this program refers to, j = 0 .. map_cnt-1 as used in its insns. */
BPFSIM_API size_t bpfsim_prog__map_cnt(const struct bpfsim_prog *prog);
BPFSIM_API const struct bpfsim_map_def *bpfsim_prog__map(const struct bpfsim_prog *prog, size_t j);
/* Source position of final instruction i, or NULL when unknown. */
BPFSIM_API const struct bpfsim_line *bpfsim_prog__line(const struct bpfsim_prog *prog, size_t i);
/* Source file of the program's first instruction, or NULL. */
BPFSIM_API const char *bpfsim_prog__source_file(const struct bpfsim_prog *prog);
/* func_info / line_info for BPF_PROG_LOAD (NULL, 0 when the object has no .BTF.ext). */
BPFSIM_API const struct bpfsim_func_info *bpfsim_prog__func_info(const struct bpfsim_prog *prog, size_t *n);
BPFSIM_API const struct bpfsim_line_info *bpfsim_prog__line_info(const struct bpfsim_prog *prog, size_t *n);

struct bpfsim_vector;
/* The program as a program vector (bpfsim/vectors.h): type, expected attach
 * type, flags, its maps (index j of its own map list, which its ld_imm64
 * references carry) and its final instructions. v is initialised here; free
 * it with bpfsim_vector_free(). 0, or a negative errno with err set. */
BPFSIM_API int bpfsim_prog__to_vector(const struct bpfsim_prog *prog, struct bpfsim_vector *v,
				      struct bpfsim_err *err);

#ifdef __cplusplus
}
#endif
#endif
