/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/elf.c: validated section / symbol / relocation view of an eBPF
 * ELF object (see elf.h for the invariants this file establishes).
 *
 * Algorithm: copy the input (so the view owns suitably aligned bytes), check
 * the ELF header ourselves before libelf sees anything (magic, class, the
 * section header table inside the file), then let libelf (elf_memory, gelf_*)
 * decode headers, symbols and relocations in host byte order. Section
 * payloads are taken straight from our copy after bounds checks; names are
 * checked for a terminating NUL inside their string table. Overlap check:
 * sort every byte range the file claims (ELF header, section header table,
 * each non-empty non-NOBITS section) by start and require each to begin at or
 * after the previous end. Relocations are grouped by target section (counted,
 * prefix-summed, filled, then each group sorted by offset), so
 * bpfsim_elf_relocs() is O(1).
 *
 * Worked example: a clang object with .text, xdp, .relxdp, .maps, .BTF,
 * .symtab: the .relxdp entry {offset 16, R_BPF_64_64, sym "counts"} is checked
 * as 16 + 16 <= size(xdp), sym < nsyms, and lands in relocs(xdp index).
 */
#include "object/elf.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bpfsim_elf {
	char *name;
	uint8_t *image;
	size_t len;
	Elf *elf;
	bool big_endian;
	size_t nsecs;
	struct bpfsim_elf_sec *secs;
	size_t nsyms;
	struct bpfsim_elf_sym *syms;
	size_t symtab_idx;
	struct bpfsim_elf_rel *rels; /* grouped by target section, each group by offset */
	size_t *rel_start;           /* nsecs + 1 entries: group of section i is [start[i], start[i+1]) */
};

struct range {
	uint64_t start, end;
	size_t sec; /* SIZE_MAX for the ELF header, SIZE_MAX - 1 for the section header table */
};

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

static int cmp_rel(const void *a, const void *b)
{
	const struct bpfsim_elf_rel *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->rel_sec != y->rel_sec)
		return x->rel_sec < y->rel_sec ? -1 : 1;
	return 0;
}

static const char *range_name(const struct bpfsim_elf *e, const struct range *r, char *buf, size_t len)
{
	if (r->sec == SIZE_MAX)
		return "the ELF header";
	if (r->sec == SIZE_MAX - 1)
		return "the section header table";
	snprintf(buf, len, "section %zu (%s)", r->sec, e->secs[r->sec].name);
	return buf;
}

/* A NUL-terminated string at off inside a string table of size bytes. */
static const char *str_at(const uint8_t *tab, uint64_t size, uint64_t off)
{
	if (!tab || off >= size || !memchr(tab + off, 0, size - off))
		return NULL;
	return (const char *)tab + off;
}

static uint64_t rel_width(uint32_t type)
{
	switch (type) {
	case BPFSIM_R_BPF_64_64: return 16;
	case BPFSIM_R_BPF_64_32:
	case BPFSIM_R_BPF_64_ABS64: return 8;
	case BPFSIM_R_BPF_64_ABS32:
	case BPFSIM_R_BPF_64_NODYLD32: return 4;
	default: return 1;
	}
}

void bpfsim_elf_close(struct bpfsim_elf *e)
{
	if (!e)
		return;
	if (e->elf)
		elf_end(e->elf);
	free(e->secs);
	free(e->syms);
	free(e->rels);
	free(e->rel_start);
	free(e->image);
	free(e->name);
	free(e);
}

static int check_header(struct bpfsim_elf *e, struct bpfsim_err *err)
{
	const uint8_t *p = e->image;
	const char *n = e->name;

	if (memcmp(p, ELFMAG, e->len < SELFMAG ? e->len : SELFMAG) || e->len == 0)
		return bpfsim_errf(err, -EINVAL, "%s: not an ELF file (%s)", n, e->len ? "bad magic" : "empty");
	if (e->len < EI_NIDENT)
		return bpfsim_errf(err, -EINVAL, "%s: truncated ELF header (%zu of %zu bytes)", n, e->len,
				   sizeof(Elf64_Ehdr));
	if (p[EI_CLASS] != ELFCLASS64)
		return bpfsim_errf(err, -EINVAL, "%s: not a 64-bit ELF file (ELF class %u)", n, p[EI_CLASS]);
	if (p[EI_DATA] != ELFDATA2LSB && p[EI_DATA] != ELFDATA2MSB)
		return bpfsim_errf(err, -EINVAL, "%s: unknown ELF byte order %u", n, p[EI_DATA]);
	if (e->len < sizeof(Elf64_Ehdr))
		return bpfsim_errf(err, -EINVAL, "%s: truncated ELF header (%zu of %zu bytes)", n, e->len,
				   sizeof(Elf64_Ehdr));
	e->big_endian = p[EI_DATA] == ELFDATA2MSB;
	return 0;
}

static int load_sections(struct bpfsim_elf *e, const GElf_Ehdr *eh, struct bpfsim_err *err)
{
	const char *n = e->name;
	struct range *ranges = NULL;
	size_t nr = 0;
	int ret = 0;

	if (eh->e_shnum == 0)
		return bpfsim_errf(err, eh->e_shoff ? -ENOTSUP : -EINVAL,
				   eh->e_shoff ? "%s: extended section numbering is not supported"
					       : "%s: no section header table", n);
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		return bpfsim_errf(err, -EINVAL, "%s: section header size %u, expected %zu", n,
				   eh->e_shentsize, sizeof(Elf64_Shdr));
	if (eh->e_shoff > e->len || (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > e->len - eh->e_shoff)
		return bpfsim_errf(err, -EINVAL,
				   "%s: truncated: section header table (offset %llu, %u entries) ends past the end of the file (%zu bytes)",
				   n, (unsigned long long)eh->e_shoff, eh->e_shnum, e->len);
	if (eh->e_shstrndx == SHN_UNDEF || eh->e_shstrndx >= eh->e_shnum)
		return bpfsim_errf(err, -EINVAL, "%s: invalid section name table index %u", n, eh->e_shstrndx);

	e->nsecs = eh->e_shnum;
	e->secs = calloc(e->nsecs, sizeof(*e->secs));
	ranges = calloc(e->nsecs + 2, sizeof(*ranges));
	if (!e->secs || !ranges) {
		free(ranges);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", n);
	}
	for (size_t i = 0; i < e->nsecs; i++) {
		Elf_Scn *scn = elf_getscn(e->elf, i);
		GElf_Shdr sh;
		struct bpfsim_elf_sec *s = &e->secs[i];

		if (!scn || !gelf_getshdr(scn, &sh)) {
			ret = bpfsim_errf(err, -EINVAL, "%s: cannot read section header %zu: %s", n, i,
					  elf_errmsg(-1));
			goto out;
		}
		s->index = i;
		s->name = "";
		s->type = sh.sh_type;
		s->flags = sh.sh_flags;
		s->size = sh.sh_size;
		s->offset = sh.sh_offset;
		s->link = sh.sh_link;
		s->info = sh.sh_info;
		s->entsize = sh.sh_entsize;
		s->addralign = sh.sh_addralign;
		if (sh.sh_type == SHT_NOBITS || sh.sh_size == 0 || i == 0)
			continue;
		if (sh.sh_offset > e->len || sh.sh_size > e->len - sh.sh_offset) {
			ret = bpfsim_errf(err, -EINVAL,
					  "%s: truncated: section %zu (offset %llu, size %llu) ends past the end of the file (%zu bytes)",
					  n, i, (unsigned long long)sh.sh_offset, (unsigned long long)sh.sh_size, e->len);
			goto out;
		}
		if (sh.sh_flags & SHF_COMPRESSED) {
			ret = bpfsim_errf(err, -ENOTSUP, "%s: section %zu is compressed (not supported)", n, i);
			goto out;
		}
		s->data = e->image + sh.sh_offset;
		ranges[nr++] = (struct range){ sh.sh_offset, sh.sh_offset + sh.sh_size, i };
	}

	/* Section names. */
	const struct bpfsim_elf_sec *shstr = &e->secs[eh->e_shstrndx];

	if (shstr->type != SHT_STRTAB || !shstr->data) {
		ret = bpfsim_errf(err, -EINVAL, "%s: section name table (section %u) is not a string table", n,
				  eh->e_shstrndx);
		goto out;
	}
	for (size_t i = 1; i < e->nsecs; i++) {
		GElf_Shdr sh;

		gelf_getshdr(elf_getscn(e->elf, i), &sh);
		const char *nm = str_at(shstr->data, shstr->size, sh.sh_name);

		if (!nm) {
			ret = bpfsim_errf(err, -EINVAL, "%s: section %zu has an invalid name offset %u", n, i,
					  sh.sh_name);
			goto out;
		}
		e->secs[i].name = nm;
	}

	/* Overlaps. */
	ranges[nr++] = (struct range){ 0, sizeof(Elf64_Ehdr), SIZE_MAX };
	ranges[nr++] = (struct range){ eh->e_shoff, eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr),
				       SIZE_MAX - 1 };
	qsort(ranges, nr, sizeof(*ranges), cmp_range);
	for (size_t i = 1; i < nr; i++) {
		if (ranges[i].start < ranges[i - 1].end) {
			char b1[300], b2[300];

			ret = bpfsim_errf(err, -EINVAL, "%s: %s and %s overlap (file bytes %llu..%llu)", n,
					  range_name(e, &ranges[i - 1], b1, sizeof(b1)),
					  range_name(e, &ranges[i], b2, sizeof(b2)),
					  (unsigned long long)ranges[i].start,
					  (unsigned long long)(ranges[i - 1].end < ranges[i].end ? ranges[i - 1].end
												  : ranges[i].end));
			goto out;
		}
	}
out:
	free(ranges);
	return ret;
}

static int load_symbols(struct bpfsim_elf *e, struct bpfsim_err *err)
{
	const char *n = e->name;
	size_t symtab = 0;

	for (size_t i = 1; i < e->nsecs; i++) {
		if (e->secs[i].type != SHT_SYMTAB)
			continue;
		if (symtab)
			return bpfsim_errf(err, -EINVAL, "%s: more than one symbol table (sections %zu and %zu)", n,
					   symtab, i);
		symtab = i;
	}
	if (!symtab)
		return 0;
	const struct bpfsim_elf_sec *s = &e->secs[symtab];

	if (s->entsize != sizeof(Elf64_Sym) || s->size % sizeof(Elf64_Sym))
		return bpfsim_errf(err, -EINVAL, "%s: symbol table %s has entry size %llu and size %llu (expected multiples of %zu)",
				   n, s->name, (unsigned long long)s->entsize, (unsigned long long)s->size,
				   sizeof(Elf64_Sym));
	if (s->link == 0 || s->link >= e->nsecs || e->secs[s->link].type != SHT_STRTAB)
		return bpfsim_errf(err, -EINVAL, "%s: symbol table %s links to section %u, which is not a string table",
				   n, s->name, s->link);
	const struct bpfsim_elf_sec *strs = &e->secs[s->link];
	size_t count = s->size / sizeof(Elf64_Sym);

	e->symtab_idx = symtab;
	if (count == 0)
		return 0;
	Elf_Data *d = elf_getdata(elf_getscn(e->elf, symtab), NULL);

	if (!d || d->d_size < s->size)
		return bpfsim_errf(err, -EINVAL, "%s: cannot read symbol table: %s", n, elf_errmsg(-1));
	e->syms = calloc(count, sizeof(*e->syms));
	if (!e->syms)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", n);
	e->nsyms = count;
	for (size_t i = 0; i < count; i++) {
		GElf_Sym sym;
		struct bpfsim_elf_sym *o = &e->syms[i];

		if (!gelf_getsym(d, (int)i, &sym))
			return bpfsim_errf(err, -EINVAL, "%s: cannot read symbol %zu: %s", n, i, elf_errmsg(-1));
		o->index = i;
		o->name = str_at(strs->data, strs->size, sym.st_name);
		if (!o->name)
			return bpfsim_errf(err, -EINVAL, "%s: symbol %zu has an invalid name offset %u", n, i,
					   sym.st_name);
		if (sym.st_shndx == SHN_XINDEX)
			return bpfsim_errf(err, -ENOTSUP, "%s: symbol %zu (%s) uses extended section indices (not supported)",
					   n, i, o->name);
		if (sym.st_shndx != SHN_UNDEF && sym.st_shndx != SHN_ABS && sym.st_shndx != SHN_COMMON &&
		    sym.st_shndx >= e->nsecs)
			return bpfsim_errf(err, -EINVAL, "%s: symbol %zu (%s) refers to section %u, which does not exist",
					   n, i, o->name, sym.st_shndx);
		o->shndx = sym.st_shndx;
		o->value = sym.st_value;
		o->size = sym.st_size;
		o->type = GELF_ST_TYPE(sym.st_info);
		o->bind = GELF_ST_BIND(sym.st_info);
		o->visibility = GELF_ST_VISIBILITY(sym.st_other);
	}
	return 0;
}

static int load_relocs(struct bpfsim_elf *e, struct bpfsim_err *err)
{
	const char *n = e->name;
	size_t total = 0;

	e->rel_start = calloc(e->nsecs + 1, sizeof(*e->rel_start));
	if (!e->rel_start)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", n);
	/* Pass 1: validate relocation sections and count per target. */
	for (size_t i = 1; i < e->nsecs; i++) {
		const struct bpfsim_elf_sec *s = &e->secs[i];
		size_t esz = s->type == SHT_REL ? sizeof(Elf64_Rel) : sizeof(Elf64_Rela);

		if (s->type != SHT_REL && s->type != SHT_RELA)
			continue;
		if (s->entsize != esz || s->size % esz)
			return bpfsim_errf(err, -EINVAL, "%s: relocation section %s has entry size %llu and size %llu (expected multiples of %zu)",
					   n, s->name, (unsigned long long)s->entsize, (unsigned long long)s->size, esz);
		if (s->size == 0)
			continue;
		if (!e->symtab_idx || s->link != e->symtab_idx)
			return bpfsim_errf(err, -EINVAL, "%s: relocation section %s does not link to the symbol table", n,
					   s->name);
		if (s->info == 0 || s->info >= e->nsecs)
			return bpfsim_errf(err, -EINVAL, "%s: relocation section %s applies to section %u, which does not exist",
					   n, s->name, s->info);
		if (e->secs[s->info].type == SHT_NOBITS)
			return bpfsim_errf(err, -EINVAL, "%s: relocation section %s applies to %s, which has no file data",
					   n, s->name, e->secs[s->info].name);
		e->rel_start[s->info] += s->size / esz;
		total += s->size / esz;
	}
	/* Prefix sums: rel_start[i] = first slot of section i. */
	size_t acc = 0;

	for (size_t i = 0; i <= e->nsecs; i++) {
		size_t c = i < e->nsecs ? e->rel_start[i] : 0;

		e->rel_start[i] = acc;
		acc += c;
	}
	if (!total)
		return 0;
	e->rels = calloc(total, sizeof(*e->rels));
	size_t *fill = calloc(e->nsecs, sizeof(*fill));

	if (!e->rels || !fill) {
		free(fill);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", n);
	}
	int ret = 0;

	for (size_t i = 1; i < e->nsecs && !ret; i++) {
		const struct bpfsim_elf_sec *s = &e->secs[i];

		if ((s->type != SHT_REL && s->type != SHT_RELA) || s->size == 0)
			continue;
		const struct bpfsim_elf_sec *t = &e->secs[s->info];
		size_t count = s->size / (s->type == SHT_REL ? sizeof(Elf64_Rel) : sizeof(Elf64_Rela));
		Elf_Data *d = elf_getdata(elf_getscn(e->elf, i), NULL);

		if (!d || d->d_size < s->size) {
			ret = bpfsim_errf(err, -EINVAL, "%s: cannot read relocation section %s: %s", n, s->name,
					  elf_errmsg(-1));
			break;
		}
		for (size_t j = 0; j < count; j++) {
			struct bpfsim_elf_rel r = { .rel_sec = i };
			uint64_t info;

			if (s->type == SHT_REL) {
				GElf_Rel rel;

				if (!gelf_getrel(d, (int)j, &rel)) {
					ret = bpfsim_errf(err, -EINVAL, "%s: cannot read relocation %zu of %s", n, j, s->name);
					break;
				}
				r.offset = rel.r_offset;
				info = rel.r_info;
			} else {
				GElf_Rela rela;

				if (!gelf_getrela(d, (int)j, &rela)) {
					ret = bpfsim_errf(err, -EINVAL, "%s: cannot read relocation %zu of %s", n, j, s->name);
					break;
				}
				r.offset = rela.r_offset;
				info = rela.r_info;
				r.addend = rela.r_addend;
			}
			r.type = (uint32_t)GELF_R_TYPE(info);
			r.sym = (uint32_t)GELF_R_SYM(info);
			if (r.sym >= e->nsyms) {
				ret = bpfsim_errf(err, -EINVAL, "%s: relocation %zu of %s refers to symbol %u, which does not exist (%zu symbols)",
						  n, j, s->name, r.sym, e->nsyms);
				break;
			}
			uint64_t w = rel_width(r.type);

			if (t->size < w || r.offset > t->size - w) {
				ret = bpfsim_errf(err, -EINVAL, "%s: relocation %zu of %s at offset %llu (type %u, %llu bytes) is past the end of %s (%llu bytes)",
						  n, j, s->name, (unsigned long long)r.offset, r.type,
						  (unsigned long long)w, t->name, (unsigned long long)t->size);
				break;
			}
			e->rels[e->rel_start[s->info] + fill[s->info]++] = r;
		}
	}
	free(fill);
	if (ret)
		return ret;
	for (size_t i = 1; i < e->nsecs; i++) {
		size_t c = e->rel_start[i + 1] - e->rel_start[i];

		if (c > 1)
			qsort(e->rels + e->rel_start[i], c, sizeof(*e->rels), cmp_rel);
	}
	return 0;
}

int bpfsim_elf_open(const char *name, const void *buf, size_t len, struct bpfsim_elf **out,
		    struct bpfsim_err *err)
{
	struct bpfsim_elf *e;
	GElf_Ehdr eh;
	int ret;

	*out = NULL;
	if (!name)
		name = "<memory>";
	e = calloc(1, sizeof(*e));
	if (!e)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	e->name = strdup(name);
	e->image = malloc(len ? len : 1);
	if (!e->name || !e->image) {
		bpfsim_elf_close(e);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	}
	if (len)
		memcpy(e->image, buf, len);
	e->len = len;
	ret = check_header(e, err);
	if (ret)
		goto fail;
	if (elf_version(EV_CURRENT) == EV_NONE) {
		ret = bpfsim_errf(err, -EFAULT, "%s: libelf is too old", name);
		goto fail;
	}
	e->elf = elf_memory((char *)e->image, len);
	if (!e->elf || elf_kind(e->elf) != ELF_K_ELF || gelf_getclass(e->elf) != ELFCLASS64 ||
	    !gelf_getehdr(e->elf, &eh)) {
		ret = bpfsim_errf(err, -EINVAL, "%s: not a valid ELF64 file: %s", name, elf_errmsg(-1));
		goto fail;
	}
	if (eh.e_type != ET_REL) {
		ret = bpfsim_errf(err, -EINVAL, "%s: not a relocatable object (ELF type %u, expected ET_REL)", name,
				  eh.e_type);
		goto fail;
	}
	if (eh.e_machine != EM_BPF && eh.e_machine != EM_NONE) {
		ret = bpfsim_errf(err, -EINVAL, "%s: not an eBPF object: ELF machine %u, expected EM_BPF (247)", name,
				  eh.e_machine);
		goto fail;
	}
	ret = load_sections(e, &eh, err);
	if (!ret)
		ret = load_symbols(e, err);
	if (!ret)
		ret = load_relocs(e, err);
	if (ret)
		goto fail;
	*out = e;
	return 0;
fail:
	bpfsim_elf_close(e);
	return ret;
}

int bpfsim_elf_open_file(const char *path, struct bpfsim_elf **out, struct bpfsim_err *err)
{
	uint8_t *buf;
	size_t len;
	int ret;

	*out = NULL;
	ret = bpfsim_read_file(path, &buf, &len, err);
	if (ret)
		return ret;
	ret = bpfsim_elf_open(path, buf, len, out, err);
	free(buf);
	return ret;
}

const char *bpfsim_elf_name(const struct bpfsim_elf *e) { return e->name; }
bool bpfsim_elf_big_endian(const struct bpfsim_elf *e) { return e->big_endian; }

const uint8_t *bpfsim_elf_image(const struct bpfsim_elf *e, size_t *len)
{
	if (len)
		*len = e->len;
	return e->image;
}

size_t bpfsim_elf_nsecs(const struct bpfsim_elf *e) { return e->nsecs; }

const struct bpfsim_elf_sec *bpfsim_elf_sec(const struct bpfsim_elf *e, size_t index)
{
	return index < e->nsecs ? &e->secs[index] : NULL;
}

const struct bpfsim_elf_sec *bpfsim_elf_sec_by_name(const struct bpfsim_elf *e, const char *name)
{
	for (size_t i = 1; i < e->nsecs; i++)
		if (!strcmp(e->secs[i].name, name))
			return &e->secs[i];
	return NULL;
}

size_t bpfsim_elf_nsyms(const struct bpfsim_elf *e) { return e->nsyms; }

const struct bpfsim_elf_sym *bpfsim_elf_sym(const struct bpfsim_elf *e, size_t index)
{
	return index < e->nsyms ? &e->syms[index] : NULL;
}

const struct bpfsim_elf_sym *bpfsim_elf_sym_at(const struct bpfsim_elf *e, size_t shndx, uint64_t value,
					       int type)
{
	const struct bpfsim_elf_sym *best = NULL;

	for (size_t i = 1; i < e->nsyms; i++) {
		const struct bpfsim_elf_sym *s = &e->syms[i];

		if (s->shndx != shndx || s->value != value)
			continue;
		if (type >= 0 ? s->type != type : (s->type == STT_SECTION || s->type == STT_FILE))
			continue;
		if (!best || (best->bind == STB_LOCAL && s->bind != STB_LOCAL))
			best = s;
	}
	return best;
}

const struct bpfsim_elf_rel *bpfsim_elf_relocs(const struct bpfsim_elf *e, size_t index, size_t *n)
{
	*n = 0;
	if (index >= e->nsecs || !e->rel_start)
		return NULL;
	*n = e->rel_start[index + 1] - e->rel_start[index];
	return *n ? e->rels + e->rel_start[index] : NULL;
}
