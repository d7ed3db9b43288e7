/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/elf.h: a validated, read-only view of an eBPF ELF object held in
 * memory (internal API of the object module; other modules may use it, e.g.
 * the disassembler).
 *
 * bpfsim_elf_open() copies the caller's buffer, opens it with libelf
 * (elf_memory) and checks everything a later stage would otherwise have to
 * distrust. After a successful open these INVARIANTS hold, so users may index
 * without further bounds checks:
 *
 *   - ELF64, e_type ET_REL, e_machine EM_BPF (247) or EM_NONE (0, as old LLVM
 *     wrote and libbpf accepts); byte order noted in big_endian.
 *   - every section (index 0 .. nsecs-1; index 0 is the null section) has a
 *     name that is a NUL-terminated string inside .shstrtab;
 *   - every section that occupies file bytes (not SHT_NOBITS, size > 0) lies
 *     inside the file, and no two such sections overlap each other, the ELF
 *     header or the section header table;
 *   - sec->data points at sec->size readable bytes (NULL for SHT_NOBITS and
 *     empty sections); data is the file's bytes in the file's byte order,
 *     except SHT_SYMTAB / SHT_REL / SHT_RELA which are already converted to
 *     host order and parsed into syms[] / rels below;
 *   - there is at most one SHT_SYMTAB; every symbol's name is a valid string
 *     of its linked SHT_STRTAB; sym->shndx is SHN_UNDEF, SHN_ABS, SHN_COMMON
 *     or a valid section index (SHN_XINDEX is rejected);
 *   - every SHT_REL/SHT_RELA section links to the symbol table and targets
 *     (sh_info) a valid section; every relocation's symbol index is < nsyms
 *     and its offset + width lies inside the target section (width: 16 for
 *     R_BPF_64_64 on ld_imm64, 8 for R_BPF_64_32 (call) and R_BPF_64_ABS64,
 *     4 for R_BPF_64_ABS32 / R_BPF_64_NODYLD32, 1 for any other type), and
 *     the target is not SHT_NOBITS.
 *
 * Errors are one line "NAME: what is wrong" in *err (NAME as given to open)
 * plus a negative errno return (-EINVAL malformed, -ENOMEM, -ENOTSUP for
 * valid ELF that bpfsim does not handle); never a crash, whatever the bytes.
 *
 * Example:
 *     struct bpfsim_elf *e; struct bpfsim_err err;
 *     if (bpfsim_elf_open("x.o", buf, len, &e, &err) < 0) puts(err.msg);
 *     for (size_t i = 1; i < bpfsim_elf_nsecs(e); i++) {
 *         const struct bpfsim_elf_sec *s = bpfsim_elf_sec(e, i);
 *         size_t nr; const struct bpfsim_elf_rel *r = bpfsim_elf_relocs(e, i, &nr);
 *     }
 *     bpfsim_elf_close(e);
 */
#ifndef BPFSIM_OBJECT_ELF_H
#define BPFSIM_OBJECT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Relocation types of the BPF backend (uapi values; not all are in <elf.h>). */
enum {
	BPFSIM_R_BPF_NONE = 0,
	BPFSIM_R_BPF_64_64 = 1,       /* ld_imm64: map / global data / subprog address */
	BPFSIM_R_BPF_64_ABS64 = 2,    /* 64-bit data (e.g. .maps inner map pointers) */
	BPFSIM_R_BPF_64_ABS32 = 3,    /* 32-bit data (.BTF, .BTF.ext) */
	BPFSIM_R_BPF_64_NODYLD32 = 4, /* 32-bit data, no dynamic linking (.BTF.ext) */
	BPFSIM_R_BPF_64_32 = 10,      /* call imm (bpf-to-bpf call, kfunc) */
};

struct bpfsim_elf_sec {
	size_t index;         /* section header index */
	const char *name;     /* from .shstrtab, never NULL ("" for index 0) */
	uint32_t type;        /* SHT_* */
	uint64_t flags;       /* SHF_* (SHF_EXECINSTR = program code, SHF_WRITE, SHF_ALLOC) */
	const uint8_t *data;  /* size bytes; NULL for SHT_NOBITS or empty sections */
	uint64_t size;        /* sh_size (also for SHT_NOBITS, e.g. .bss) */
	uint64_t offset;      /* sh_offset in the file */
	uint32_t link, info;  /* sh_link, sh_info */
	uint64_t entsize, addralign;
};

struct bpfsim_elf_sym {
	size_t index;       /* index in the symbol table */
	const char *name;   /* never NULL ("" when unnamed) */
	uint16_t shndx;     /* section index, SHN_UNDEF, SHN_ABS or SHN_COMMON */
	uint64_t value;     /* st_value: byte offset inside the section */
	uint64_t size;      /* st_size */
	uint8_t type;       /* STT_NOTYPE, STT_OBJECT, STT_FUNC, STT_SECTION, ... */
	uint8_t bind;       /* STB_LOCAL, STB_GLOBAL, STB_WEAK */
	uint8_t visibility; /* STV_DEFAULT, STV_HIDDEN, ... */
};

struct bpfsim_elf_rel {
	uint64_t offset; /* r_offset: byte offset inside the target section */
	uint32_t type;   /* BPFSIM_R_BPF_* */
	uint32_t sym;    /* symbol index, < bpfsim_elf_nsyms() */
	int64_t addend;  /* 0 for SHT_REL */
	size_t rel_sec;  /* index of the SHT_REL/SHT_RELA section it came from */
};

struct bpfsim_elf;

/* Open (copying buf) and validate; see the invariants above. name is used
 * in messages only. On failure *out is NULL. */
int bpfsim_elf_open(const char *name, const void *buf, size_t len, struct bpfsim_elf **out,
		    struct bpfsim_err *err);
/* Read the file at path and open it (name = path). */
int bpfsim_elf_open_file(const char *path, struct bpfsim_elf **out, struct bpfsim_err *err);
void bpfsim_elf_close(struct bpfsim_elf *e);

const char *bpfsim_elf_name(const struct bpfsim_elf *e);
bool bpfsim_elf_big_endian(const struct bpfsim_elf *e);
/* Whole (copied) file image and its size. */
const uint8_t *bpfsim_elf_image(const struct bpfsim_elf *e, size_t *len);

/* Sections: indices 0 .. nsecs-1 (0 is the null section). NULL if out of range. */
size_t bpfsim_elf_nsecs(const struct bpfsim_elf *e);
const struct bpfsim_elf_sec *bpfsim_elf_sec(const struct bpfsim_elf *e, size_t index);
/* First section with this exact name, or NULL. */
const struct bpfsim_elf_sec *bpfsim_elf_sec_by_name(const struct bpfsim_elf *e, const char *name);

/* Symbols: indices 0 .. nsyms-1 (0 is the null symbol); nsyms is 0 when there
 * is no symbol table. NULL if out of range. */
size_t bpfsim_elf_nsyms(const struct bpfsim_elf *e);
const struct bpfsim_elf_sym *bpfsim_elf_sym(const struct bpfsim_elf *e, size_t index);
/* The symbol of this type (STT_FUNC, STT_OBJECT, ...; -1 for any type except
 * STT_SECTION/STT_FILE) whose value is exactly value in section shndx,
 * preferring a global one; NULL if none. Useful for labels. */
const struct bpfsim_elf_sym *bpfsim_elf_sym_at(const struct bpfsim_elf *e, size_t shndx,
					       uint64_t value, int type);

/* Relocations that apply to section index (from every SHT_REL/SHT_RELA
 * section whose sh_info is index), sorted by offset; *n gets their count.
 * Returns NULL with *n = 0 when there are none. */
const struct bpfsim_elf_rel *bpfsim_elf_relocs(const struct bpfsim_elf *e, size_t index, size_t *n);

#ifdef __cplusplus
}
#endif
#endif
