/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/btfext.c: .BTF.ext func_info and line_info, parsed by hand
 * (libbpf offers no public iterator over them).
 *
 * Layout: header {u16 magic 0xeB9F, u8 version, u8 flags, u32 hdr_len,
 * u32 func_info_off, func_info_len, line_info_off, line_info_len, ...}; each
 * info area (offsets relative to the end of the header) is u32 rec_size then
 * blocks {u32 sec_name_off, u32 num_info, num_info records of rec_size bytes}.
 * func_info record: {u32 insn_off (bytes), u32 type_id}; line_info record:
 * {u32 insn_off (bytes), u32 file_name_off, u32 line_off, u32 line_col
 * (line << 10 | col)}. Names are offsets into .BTF's string section.
 * Every record is bounds-checked; records for sections that hold no code are
 * ignored (as libbpf does). Result: obj->funcinfo / obj->lines sorted by
 * (section, instruction).
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static int cmp_line(const void *a, const void *b)
{
	const struct objline *x = a, *y = b;

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx ? -1 : 1;
	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static int cmp_func(const void *a, const void *b)
{
	const struct objfunc *x = a, *y = b;

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx ? -1 : 1;
	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static const char *btf_str(const struct bpfsim_object *obj, uint32_t off)
{
	const char *s = btf__name_by_offset(obj->btf, off);

	return s ? s : "";
}

/* Walk one info area; kind 0 = func_info, 1 = line_info, 2 = core_relo. */
static int walk(struct bpfsim_object *obj, const uint8_t *area, uint32_t len, int kind, struct bpfsim_err *err)
{
	const char *what = kind == 2 ? "core_relo" : kind ? "line_info" : "func_info";
	uint32_t min = kind ? 16 : 8;
	size_t cap = 0;

	if (len == 0)
		return 0;
	if (len < 4)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext %s is truncated", obj->name, what);
	uint32_t rec = rd32(area);

	if (rec < min || rec % 4)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext %s record size %u is invalid", obj->name, what, rec);
	size_t pos = 4;

	while (pos < len) {
		if (len - pos < 8)
			return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext %s is truncated at byte %zu", obj->name, what, pos);
		const char *secname = btf__name_by_offset(obj->btf, rd32(area + pos));
		uint32_t num = rd32(area + pos + 4);

		pos += 8;
		if (!secname || num == 0 || (uint64_t)num * rec > len - pos)
			return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext %s block at byte %zu is invalid (section name or %u records of %u bytes)",
					   obj->name, what, pos - 8, num, rec);
		const struct bpfsim_elf_sec *sec = bpfsim_elf_sec_by_name(obj->elf, secname);

		if (!sec || !(sec->flags & SHF_EXECINSTR) || sec->type != SHT_PROGBITS) {
			pos += (size_t)num * rec;
			continue;
		}
		for (uint32_t i = 0; i < num; i++, pos += rec) {
			const uint8_t *r = area + pos;
			uint32_t off = rd32(r);

			if (off % BPFSIM_INSN_SIZE || off >= sec->size)
				return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext %s record for %s at byte offset %u is outside its code",
						   obj->name, what, secname, off);
			if (kind == 2) {
				if (obj->core_cnt == cap) {
					size_t ncap = cap ? cap * 2 : 16;
					struct objcore *p = realloc(obj->cores, ncap * sizeof(*p));

					if (!p)
						return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
					obj->cores = p;
					cap = ncap;
				}
				obj->cores[obj->core_cnt++] =
					(struct objcore){ sec->index, off / 8, rd32(r + 4), rd32(r + 8), rd32(r + 12) };
			} else if (kind == 0) {
				if (obj->funcinfo_cnt == cap) {
					size_t ncap = cap ? cap * 2 : 16;
					struct objfunc *p = realloc(obj->funcinfo, ncap * sizeof(*p));

					if (!p)
						return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
					obj->funcinfo = p;
					cap = ncap;
				}
				obj->funcinfo[obj->funcinfo_cnt++] = (struct objfunc){ sec->index, off / 8, rd32(r + 4) };
			} else {
				if (obj->line_cnt == cap) {
					size_t ncap = cap ? cap * 2 : 64;
					struct objline *p = realloc(obj->lines, ncap * sizeof(*p));

					if (!p)
						return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
					obj->lines = p;
					cap = ncap;
				}
				struct objline *l = &obj->lines[obj->line_cnt++];

				l->sec_idx = sec->index;
				l->insn = off / 8;
				l->file_name_off = rd32(r + 4);
				l->line_off = rd32(r + 8);
				l->line_col = rd32(r + 12);
			}
		}
	}
	return 0;
}

int bpfsim_obj_load_btf_ext(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	const struct bpfsim_elf_sec *s = bpfsim_elf_sec_by_name(obj->elf, ".BTF.ext");
	int ret;

	if (!s || !s->data || !obj->btf)
		return 0;
	const uint8_t *d = s->data;
	uint64_t size = s->size;

	if (size < 24 || rd32(d) % 65536 != 0xeB9F)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext has a bad header (size %llu)", obj->name,
				   (unsigned long long)size);
	uint32_t hdr = rd32(d + 4);

	if (hdr < 24 || hdr > size)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext header length %u is invalid", obj->name, hdr);
	uint32_t foff = rd32(d + 8), flen = rd32(d + 12), loff = rd32(d + 16), llen = rd32(d + 20);
	uint64_t avail = size - hdr;

	if ((uint64_t)foff + flen > avail || (uint64_t)loff + llen > avail)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext func_info or line_info lies past the end of the section (its sizes lie)",
				   obj->name);
	ret = walk(obj, d + hdr + foff, flen, 0, err);
	if (!ret)
		ret = walk(obj, d + hdr + loff, llen, 1, err);
	if (!ret && hdr >= 32) {
		uint32_t coff = rd32(d + 24), clen = rd32(d + 28);

		if ((uint64_t)coff + clen > avail)
			return bpfsim_errf(err, -EINVAL, "%s: .BTF.ext core_relo lies past the end of the section (its sizes lie)",
					   obj->name);
		ret = walk(obj, d + hdr + coff, clen, 2, err);
	}
	if (ret)
		return ret;
	if (obj->funcinfo_cnt)
		qsort(obj->funcinfo, obj->funcinfo_cnt, sizeof(*obj->funcinfo), cmp_func);
	if (obj->line_cnt)
		qsort(obj->lines, obj->line_cnt, sizeof(*obj->lines), cmp_line);
	for (size_t i = 0; i < obj->line_cnt; i++) {
		struct objline *l = &obj->lines[i];

		l->line.file = btf_str(obj, l->file_name_off);
		l->line.text = btf_str(obj, l->line_off);
		l->line.line = l->line_col >> 10;
		l->line.col = l->line_col & 0x3ff;
	}
	return 0;
}
