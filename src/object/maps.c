/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/maps.c: map definitions, in libbpf's order: the legacy "maps"
 * section, BTF-defined ".maps", then global data sections in ELF order.
 *
 * Legacy "maps": struct bpf_map_def records {u32 type, key_size, value_size,
 * max_entries, map_flags, ...}. The record size is the section size divided by
 * the number of map symbols in it (old libbpf's rule), so larger iproute2
 * records (bpf_elf_map: ..., id, pinning, inner_id, inner_idx) load too; fields
 * a record is too short for are 0.
 *
 * BTF ".maps": the DATASEC ".maps" lists one VAR per map; the VAR's type is a
 * struct whose members encode the definition: integers as a pointer to an
 * array whose element count is the value (__uint(max_entries, 8) =
 * "int (*max_entries)[8]"), key/value as a pointer to the type
 * (__type(key, u32)), and the map-in-map inner definition as
 * "values": an array of pointers to such a struct (__array(values, ...)).
 * Example: struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32);
 * __type(value, u64); __uint(max_entries, 16); } m SEC(".maps") ->
 * hash, key 4, value 8, max_entries 16.
 *
 * Global data: .data/.data.* (array, 1 entry, value = section size),
 * .rodata/.rodata.* (plus BPF_F_RDONLY_PROG), .bss/.bss.* (zero-filled);
 * BPF_F_MMAPABLE when the section holds a non-static variable (BTF DATASEC),
 * and names as libbpf makes them ("objname.rodata", ".rodata.custom").
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <ctype.h>
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAP_ARRAY 2
#define MAP_PROG_ARRAY 3
#define MAP_ARRAY_OF_MAPS 12
#define MAP_HASH_OF_MAPS 13
#define F_RDONLY_PROG (1u << 7)
#define F_MMAPABLE (1u << 10)

static struct objmap *new_map(struct bpfsim_object *obj, size_t *cap, struct bpfsim_err *err)
{
	if (obj->map_cnt == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		struct objmap *p = realloc(obj->maps, ncap * sizeof(*p));

		if (!p) {
			bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
			return NULL;
		}
		obj->maps = p;
		*cap = ncap;
	}
	struct objmap *m = &obj->maps[obj->map_cnt++];

	memset(m, 0, sizeof(*m));
	return m;
}

static int set_name(struct bpfsim_object *obj, struct objmap *m, const char *name, struct bpfsim_err *err)
{
	m->name = strdup(name);
	if (!m->name)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	m->def.name = m->name;
	return 0;
}

static int init_legacy(struct bpfsim_object *obj, size_t *cap, struct bpfsim_err *err)
{
	const struct bpfsim_elf *e = obj->elf;
	const struct bpfsim_elf_sec *s = bpfsim_elf_sec_by_name(e, "maps");
	size_t nr = 0;

	if (!s)
		return 0;
	obj->legacy_maps_sec = s->index;
	for (size_t i = 1; i < bpfsim_elf_nsyms(e); i++) {
		const struct bpfsim_elf_sym *y = bpfsim_elf_sym(e, i);

		if (y->shndx == s->index && y->type != STT_SECTION && y->type != STT_FILE)
			nr++;
	}
	if (nr == 0)
		return 0;
	if (!s->data || s->size % nr)
		return bpfsim_errf(err, -EINVAL, "%s: legacy \"maps\" section (%llu bytes) cannot hold %zu map definitions of equal size",
				   obj->name, (unsigned long long)s->size, nr);
	uint64_t rec = s->size / nr;

	if (rec < 4)
		return bpfsim_errf(err, -EINVAL, "%s: legacy \"maps\" records are %llu bytes, too small for a map definition",
				   obj->name, (unsigned long long)rec);
	size_t first = obj->map_cnt;

	for (size_t i = 1; i < bpfsim_elf_nsyms(e); i++) {
		const struct bpfsim_elf_sym *y = bpfsim_elf_sym(e, i);
		uint32_t f[9] = { 0 };

		if (y->shndx != s->index || y->type == STT_SECTION || y->type == STT_FILE)
			continue;
		if (y->value % rec || y->value > s->size - rec)
			return bpfsim_errf(err, -EINVAL, "%s: legacy map '%s' at offset %llu is not at a %llu-byte record boundary inside \"maps\"",
					   obj->name, y->name, (unsigned long long)y->value, (unsigned long long)rec);
		memcpy(f, s->data + y->value, rec < sizeof(f) ? rec : sizeof(f));
		struct objmap *m = new_map(obj, cap, err);

		if (!m || set_name(obj, m, y->name, err))
			return -ENOMEM;
		m->sec_idx = s->index;
		m->off = y->value;
		m->def.section = s->name;
		m->def.kind = BPFSIM_MAP_LEGACY;
		m->def.type = f[0];
		m->def.key_size = f[1];
		m->def.value_size = f[2];
		m->def.max_entries = f[3];
		m->def.map_flags = f[4];
		m->def.pinning = f[6]; /* iproute2's struct bpf_elf_map */
		if (m->def.type == 0)
			return bpfsim_errf(err, -EINVAL, "%s: legacy map '%s' has no map type", obj->name, y->name);
	}
	/* By offset, as old libbpf sorted them. */
	for (size_t i = first + 1; i < obj->map_cnt; i++)
		for (size_t j = i; j > first && obj->maps[j - 1].off > obj->maps[j].off; j--) {
			struct objmap t = obj->maps[j];

			obj->maps[j] = obj->maps[j - 1];
			obj->maps[j - 1] = t;
		}
	for (size_t i = first; i < obj->map_cnt; i++)
		obj->maps[i].def.name = obj->maps[i].name;
	return 0;
}

static const struct btf_type *skip_mods(const struct btf *btf, uint32_t id, uint32_t *res_id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	int guard = 0;

	while (t && (btf_is_mod(t) || btf_is_typedef(t)) && guard++ < 64) {
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return guard >= 64 ? NULL : t;
}

/* __uint(name, N): pointer to array of N elements. */
static int field_int(const struct btf *btf, const struct btf_member *m, uint32_t *val)
{
	const struct btf_type *t = skip_mods(btf, m->type, NULL);

	if (!t || !btf_is_ptr(t))
		return -1;
	const struct btf_type *a = skip_mods(btf, t->type, NULL);

	if (!a || !btf_is_array(a))
		return -1;
	*val = btf_array(a)->nelems;
	return 0;
}

static int parse_btf_def(struct bpfsim_object *obj, const char *mname, const struct btf_type *st,
			 struct bpfsim_map_def *d, bool is_inner, struct objmap **inner_out, int64_t *values_off,
			 struct bpfsim_err *err)
{
	const struct btf *btf = obj->btf;
	const struct btf_member *mem = btf_members(st);
	bool have_type = false;

	for (int i = 0; i < btf_vlen(st); i++, mem++) {
		const char *fn = btf__name_by_offset(btf, mem->name_off);
		uint32_t v = 0;

		if (!fn || !*fn)
			return bpfsim_errf(err, -EINVAL, "%s: map '%s': member %d has no name", obj->name, mname, i);
		if (!strcmp(fn, "key") || !strcmp(fn, "value")) {
			const struct btf_type *p = skip_mods(btf, mem->type, NULL);

			if (!p || !btf_is_ptr(p))
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': %s must be a pointer to the %s type", obj->name,
						   mname, fn, fn);
			long long sz = btf__resolve_size(btf, p->type);

			if (sz < 0 || sz > UINT32_MAX)
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': cannot size the %s type (BTF type %u): its size is invalid",
						   obj->name, mname, fn, p->type);
			uint32_t *size = fn[0] == 'k' ? &d->key_size : &d->value_size;
			uint32_t *tid = fn[0] == 'k' ? &d->btf_key_type_id : &d->btf_value_type_id;

			if (*size && *size != sz)
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': conflicting %s size %u != %lld", obj->name, mname,
						   fn, *size, sz);
			*size = (uint32_t)sz;
			*tid = p->type;
			continue;
		}
		if (!strcmp(fn, "values")) {
			const struct btf_type *a = skip_mods(btf, mem->type, NULL);

			if (values_off)
				*values_off = btf_member_bit_offset(st, (uint32_t)i) / 8;

			if (is_inner)
				return bpfsim_errf(err, -ENOTSUP, "%s: map '%s': nested map-in-map is not supported", obj->name,
						   mname);
			if (!a || !btf_is_array(a))
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': values must be an array", obj->name, mname);
			const struct btf_type *p = skip_mods(btf, btf_array(a)->type, NULL);

			if (!p || !btf_is_ptr(p))
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': values must be an array of pointers", obj->name,
						   mname);
			const struct btf_type *it = skip_mods(btf, p->type, NULL);

			if (it && btf_is_func_proto(it)) {
				/* prog array: slots are programs (init_slots) */
				if (!d->value_size)
					d->value_size = 4;
				continue;
			}
			if (!it || !btf_is_struct(it))
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': values must point to a map definition struct",
						   obj->name, mname);
			struct objmap *in = calloc(1, sizeof(*in));

			if (!in)
				return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
			*inner_out = in;
			char nm[300];

			snprintf(nm, sizeof(nm), "%s.inner", mname);
			in->name = strdup(nm);
			if (!in->name)
				return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
			in->def.name = in->name;
			in->def.section = d->section;
			in->def.kind = BPFSIM_MAP_BTF;
			int ret = parse_btf_def(obj, nm, it, &in->def, true, NULL, NULL, err);

			if (ret)
				return ret;
			d->inner = &in->def;
			continue;
		}
		if (field_int(btf, mem, &v))
			return bpfsim_errf(err, -EINVAL, "%s: map '%s': field '%s' is not an __uint() (pointer to array)",
					   obj->name, mname, fn);
		if (!strcmp(fn, "type")) {
			d->type = v;
			have_type = true;
		} else if (!strcmp(fn, "max_entries")) {
			d->max_entries = v;
		} else if (!strcmp(fn, "map_flags")) {
			d->map_flags = v;
		} else if (!strcmp(fn, "numa_node")) {
			d->numa_node = v;
		} else if (!strcmp(fn, "key_size") || !strcmp(fn, "value_size")) {
			uint32_t *size = fn[0] == 'k' ? &d->key_size : &d->value_size;

			if (*size && *size != v)
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': conflicting %s %u != %u", obj->name, mname, fn,
						   *size, v);
			*size = v;
		} else if (!strcmp(fn, "pinning")) {
			d->pinning = v;
		} else if (!strcmp(fn, "map_extra")) {
			d->map_extra = v;
		} else {
			return bpfsim_errf(err, -ENOTSUP, "%s: map '%s': unknown field '%s'", obj->name, mname, fn);
		}
	}
	if (!have_type)
		return bpfsim_errf(err, -EINVAL, "%s: map '%s': map type isn't specified", obj->name, mname);
	if ((d->type == MAP_ARRAY_OF_MAPS || d->type == MAP_HASH_OF_MAPS) && !d->inner && !is_inner)
		return bpfsim_errf(err, -EINVAL, "%s: map '%s': map-in-map without an inner map definition (__array(values, ...))",
				   obj->name, mname);
	if ((d->type == MAP_ARRAY_OF_MAPS || d->type == MAP_HASH_OF_MAPS) && !d->value_size)
		d->value_size = 4; /* the inner map fd */
	return 0;
}

static int init_btf_maps(struct bpfsim_object *obj, size_t *cap, struct bpfsim_err *err)
{
	const struct bpfsim_elf_sec *s = bpfsim_elf_sec_by_name(obj->elf, ".maps");

	if (!s)
		return 0;
	obj->maps_sec = s->index;
	if (!obj->btf)
		return bpfsim_errf(err, -EINVAL, "%s: section .maps needs BTF, but the object has no .BTF", obj->name);
	const struct btf *btf = obj->btf;
	const struct btf_type *sec = NULL;
	uint32_t n = btf__type_cnt(btf);

	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const char *nm = t ? btf__name_by_offset(btf, t->name_off) : NULL;

		if (t && btf_is_datasec(t) && nm && !strcmp(nm, ".maps")) {
			sec = t;
			break;
		}
	}
	if (!sec)
		return bpfsim_errf(err, -EINVAL, "%s: .maps section has no DATASEC '.maps' in BTF", obj->name);
	const struct btf_var_secinfo *vi = btf_var_secinfos(sec);

	for (int i = 0; i < btf_vlen(sec); i++, vi++) {
		const struct btf_type *var = btf__type_by_id(btf, vi->type);
		const char *vname = var ? btf__name_by_offset(btf, var->name_off) : NULL;

		if (!var || !btf_is_var(var) || !vname)
			return bpfsim_errf(err, -EINVAL, "%s: .maps entry %d is not a named variable in BTF", obj->name, i);
		/* clang leaves DATASEC offsets for the loader to fill in (libbpf
		 * takes them from the ELF symbols): so do we. */
		const struct bpfsim_elf_sym *sym = NULL;

		for (size_t k = 1; k < bpfsim_elf_nsyms(obj->elf) && !sym; k++) {
			const struct bpfsim_elf_sym *y = bpfsim_elf_sym(obj->elf, k);

			if (y->shndx == s->index && y->type != STT_SECTION && !strcmp(y->name, vname))
				sym = y;
		}
		if (!sym)
			return bpfsim_errf(err, -EINVAL, "%s: map '%s' is in the .maps BTF but has no ELF symbol in .maps",
					   obj->name, vname);
		if (s->type == SHT_NOBITS || sym->value > s->size || sym->size > s->size - sym->value)
			return bpfsim_errf(err, -EINVAL, "%s: map '%s' at offset %llu size %llu lies past the end of .maps (%llu bytes)",
					   obj->name, vname, (unsigned long long)sym->value, (unsigned long long)sym->size,
					   (unsigned long long)s->size);
		const struct btf_type *st = skip_mods(btf, var->type, NULL);

		if (!st || !btf_is_struct(st))
			return bpfsim_errf(err, -EINVAL, "%s: map '%s': definition is not a struct", obj->name, vname);
		struct objmap *m = new_map(obj, cap, err);

		if (!m)
			return -ENOMEM;
		if (set_name(obj, m, vname, err))
			return -ENOMEM;
		m->sec_idx = s->index;
		m->off = sym->value;
		m->size = sym->size;
		m->def.section = s->name;
		m->def.kind = BPFSIM_MAP_BTF;
		m->values_off = -1;
		int ret = parse_btf_def(obj, vname, st, &m->def, false, &m->inner, &m->values_off, err);

		if (ret)
			return ret;
	}
	return 0;
}

/* Does the DATASEC for this section hold a non-static variable? */
static bool datasec_mmapable(const struct bpfsim_object *obj, const char *secname, uint32_t *tid)
{
	*tid = 0;
	if (!obj->btf)
		return false;
	uint32_t n = btf__type_cnt(obj->btf);

	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, id);
		const char *nm = t ? btf__name_by_offset(obj->btf, t->name_off) : NULL;

		if (!t || !btf_is_datasec(t) || !nm || strcmp(nm, secname))
			continue;
		*tid = id;
		const struct btf_var_secinfo *vi = btf_var_secinfos(t);

		for (int i = 0; i < btf_vlen(t); i++, vi++) {
			const struct btf_type *v = btf__type_by_id(obj->btf, vi->type);

			if (v && btf_is_var(v) && btf_var(v)->linkage != BTF_VAR_STATIC)
				return true;
		}
		return false;
	}
	return false;
}

static bool has_pfx(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static int init_data_maps(struct bpfsim_object *obj, size_t *cap, struct bpfsim_err *err)
{
	const struct bpfsim_elf *e = obj->elf;

	for (size_t i = 1; i < bpfsim_elf_nsecs(e); i++) {
		const struct bpfsim_elf_sec *s = bpfsim_elf_sec(e, i);
		enum bpfsim_map_kind kind;

		if (s->size == 0 || (s->flags & SHF_EXECINSTR))
			continue;
		if (s->type == SHT_PROGBITS && (!strcmp(s->name, ".data") || has_pfx(s->name, ".data.")))
			kind = BPFSIM_MAP_DATA;
		else if (s->type == SHT_PROGBITS && (!strcmp(s->name, ".rodata") || has_pfx(s->name, ".rodata.")))
			kind = BPFSIM_MAP_RODATA;
		else if (s->type == SHT_NOBITS && (!strcmp(s->name, ".bss") || has_pfx(s->name, ".bss.")))
			kind = BPFSIM_MAP_BSS;
		else
			continue;
		if (s->size > UINT32_MAX)
			return bpfsim_errf(err, -E2BIG, "%s: section %s is too large for a map", obj->name, s->name);
		/* libbpf's internal map name (see its internal_map_name()). */
		char nm[16];
		size_t sfx = strlen(s->name) > 7 ? strlen(s->name) : 7, pfx;

		if (sfx > 15)
			sfx = 15;
		pfx = strchr(s->name + 1, '.') ? 0 : 16 - sfx - 1;
		if (pfx > strlen(obj->short_name))
			pfx = strlen(obj->short_name);
		snprintf(nm, sizeof(nm), "%.*s%.*s", (int)pfx, obj->short_name, (int)sfx, s->name);
		for (char *p = nm; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
				*p = '_';
		struct objmap *m = new_map(obj, cap, err);

		if (!m || set_name(obj, m, nm, err))
			return -ENOMEM;
		uint32_t tid;

		m->sec_idx = i;
		m->def.section = s->name;
		m->def.kind = kind;
		m->def.type = MAP_ARRAY;
		m->def.key_size = 4;
		m->def.value_size = (uint32_t)s->size;
		m->def.max_entries = 1;
		m->def.map_flags = kind == BPFSIM_MAP_RODATA ? F_RDONLY_PROG : 0;
		if (datasec_mmapable(obj, s->name, &tid))
			m->def.map_flags |= F_MMAPABLE;
		m->def.btf_value_type_id = tid;
		m->def.initial_value = s->data;
		m->def.initial_size = s->data ? s->size : 0;
	}
	return 0;
}

static int init_kconfig_map(struct bpfsim_object *obj, size_t *cap, struct bpfsim_err *err)
{
	char nm[16];
	size_t pfx = strlen(obj->short_name) < 7 ? strlen(obj->short_name) : 7;
	uint32_t tid;

	snprintf(nm, sizeof(nm), "%.*s.kconfig", (int)pfx, obj->short_name);
	for (char *p = nm; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
	struct objmap *m = new_map(obj, cap, err);

	if (!m || set_name(obj, m, nm, err))
		return -ENOMEM;
	obj->kconfig_map = (long)(obj->map_cnt - 1);
	m->def.section = ".kconfig";
	m->def.kind = BPFSIM_MAP_KCONFIG;
	m->def.type = MAP_ARRAY;
	m->def.key_size = 4;
	m->def.value_size = obj->kcfg_size;
	m->def.max_entries = 1;
	m->def.map_flags = F_RDONLY_PROG;
	if (datasec_mmapable(obj, ".kconfig", &tid))
		m->def.map_flags |= F_MMAPABLE;
	m->def.btf_value_type_id = tid;
	m->def.initial_value = obj->kcfg_data;
	m->def.initial_size = obj->kcfg_size;
	return 0;
}

/*
 * Initial slots of prog arrays and map-in-map outer maps declared with
 * __array(values, ...) = { [i] = &prog_or_map }: clang writes them as
 * R_BPF_64_ABS64 relocations in .maps at the "values" member's offset + 8 * i.
 */
static int init_slots(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	size_t nr;
	const struct bpfsim_elf_rel *r = obj->maps_sec ? bpfsim_elf_relocs(obj->elf, obj->maps_sec, &nr) : NULL;

	for (size_t k = 0; r && k < nr; k++) {
		struct objmap *m = NULL;

		for (size_t i = 0; i < obj->map_cnt && !m; i++) {
			struct objmap *c = &obj->maps[i];

			if (c->def.kind == BPFSIM_MAP_BTF && c->values_off >= 0 &&
			    r[k].offset >= c->off + (uint64_t)c->values_off && r[k].offset < c->off + c->size)
				m = c;
		}
		const struct bpfsim_elf_sym *sym = bpfsim_elf_sym(obj->elf, r[k].sym);

		if (!m || (r[k].offset - m->off - (uint64_t)m->values_off) % 8)
			return bpfsim_errf(err, -EINVAL, "%s: relocation against '%s' at offset %llu of .maps is not in a map's values",
					   obj->name, sym->name, (unsigned long long)r[k].offset);
		uint32_t idx = (uint32_t)((r[k].offset - m->off - (uint64_t)m->values_off) / 8);
		struct bpfsim_map_slot slot = { .index = idx, .map = -1 };

		if (idx >= m->def.max_entries)
			return bpfsim_errf(err, -EINVAL, "%s: map '%s': initial value for slot %u is past max_entries %u",
					   obj->name, m->name, idx, m->def.max_entries);
		if (m->def.type == MAP_PROG_ARRAY) {
			for (size_t i = 0; i < obj->prog_cnt && !slot.prog; i++)
				if (obj->progs[i]->sec_idx == sym->shndx &&
				    obj->progs[i]->sec_insn_off * BPFSIM_INSN_SIZE == sym->value)
					slot.prog = obj->progs[i]->name;
			if (!slot.prog)
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': slot %u refers to '%s', which is not a program",
						   obj->name, m->name, idx, sym->name);
		} else if (m->def.type == MAP_ARRAY_OF_MAPS || m->def.type == MAP_HASH_OF_MAPS) {
			slot.map = bpfsim_obj_map_at(obj, sym->shndx, sym->value);
			if (slot.map < 0)
				return bpfsim_errf(err, -EINVAL, "%s: map '%s': slot %u refers to '%s', which is not a map",
						   obj->name, m->name, idx, sym->name);
		} else {
			return bpfsim_errf(err, -EINVAL, "%s: map '%s' of type %u cannot have initial values", obj->name,
					   m->name, m->def.type);
		}
		struct bpfsim_map_slot *ns = realloc(m->slots, (m->def.init_slot_cnt + 1) * sizeof(*ns));

		if (!ns)
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
		m->slots = ns;
		m->slots[m->def.init_slot_cnt++] = slot;
	}
	for (size_t i = 0; i < obj->map_cnt; i++)
		obj->maps[i].def.init_slots = obj->maps[i].slots;
	return 0;
}

int bpfsim_obj_init_maps(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	size_t cap = 0;
	int ret = init_legacy(obj, &cap, err);

	if (!ret)
		ret = init_btf_maps(obj, &cap, err);
	if (!ret)
		ret = init_data_maps(obj, &cap, err);
	if (!ret && obj->kcfg_cnt)
		ret = init_kconfig_map(obj, &cap, err);
	if (ret)
		return ret;
	for (size_t i = 0; i < obj->map_cnt; i++) {
		obj->maps[i].def.index = i;
		obj->maps[i].def.name = obj->maps[i].name;
	}
	return init_slots(obj, err);
}

long bpfsim_obj_map_at(const struct bpfsim_object *obj, size_t sec_idx, uint64_t offset)
{
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (obj->maps[i].sec_idx == sec_idx && obj->maps[i].off == offset &&
		    (obj->maps[i].def.kind == BPFSIM_MAP_BTF || obj->maps[i].def.kind == BPFSIM_MAP_LEGACY))
			return (long)i;
	return -1;
}

long bpfsim_obj_data_map(const struct bpfsim_object *obj, size_t sec_idx)
{
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (obj->maps[i].sec_idx == sec_idx && obj->maps[i].def.kind >= BPFSIM_MAP_DATA)
			return (long)i;
	return -1;
}
