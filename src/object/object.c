/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/object.c: bpfsim_object__open and the getters of the public
 * object API. See object_priv.h for the whole pipeline.
 *
 * Programs follow libbpf: every STT_FUNC symbol of a non-empty executable
 * PROGBITS section is a function; those of .text are subprograms, all others
 * are entry programs whose section name selects the program type through the
 * SEC() table (tables.c). A static (STB_LOCAL) function outside .text is
 * refused as libbpf refuses it. Functions are sorted by (section, offset).
 * Example: SEC("xdp") int prog(...) at xdp+0, size 160 -> entry program
 * "prog", xdp, instructions 0..19 of section "xdp".
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/insn.h"
#include "bpfsim/names.h"

static int cmp_func(const void *a, const void *b)
{
	const struct bpfsim_prog *x = a, *y = b;

	if (x->sec_idx != y->sec_idx)
		return x->sec_idx < y->sec_idx ? -1 : 1;
	return x->sec_insn_off < y->sec_insn_off ? -1 : x->sec_insn_off > y->sec_insn_off;
}

static char *make_short_name(const char *path)
{
	const char *b = strrchr(path, '/');
	char *s = strdup(b ? b + 1 : path);
	char *dot;

	if (!s)
		return NULL;
	/* libbpf: object name is the file's basename up to the first '.' */
	dot = strchr(s, '.');
	if (dot)
		*dot = 0;
	return s;
}

static int load_license_version(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	const struct bpfsim_elf_sec *s = bpfsim_elf_sec_by_name(obj->elf, "license");

	if (s && s->data) {
		size_t n = s->size < sizeof(obj->license) - 1 ? s->size : sizeof(obj->license) - 1;

		memcpy(obj->license, s->data, n);
		obj->license[n] = 0;
	}
	s = bpfsim_elf_sec_by_name(obj->elf, "version");
	if (s && s->data) {
		if (s->size != 4)
			return bpfsim_errf(err, -EINVAL, "%s: section \"version\" has size %llu, expected 4", obj->name,
					   (unsigned long long)s->size);
		memcpy(&obj->kern_version, s->data, 4);
	}
	return 0;
}

/*
 * clang leaves each DATASEC's size and its variables' offsets at 0 for the
 * loader to fill in from the ELF section and symbols (as libbpf's
 * btf_fixup_datasec does); the kernel needs them right. Fixed in place in the
 * BTF libbpf parsed (its types point into its copy of the raw data).
 */
static void fixup_datasecs(struct bpfsim_object *obj)
{
	uint32_t n = btf__type_cnt(obj->btf);

	for (uint32_t id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(obj->btf, id);
		const char *nm = t ? btf__name_by_offset(obj->btf, t->name_off) : NULL;
		const struct bpfsim_elf_sec *sec;

		if (!t || !btf_is_datasec(t) || !nm || !(sec = bpfsim_elf_sec_by_name(obj->elf, nm)))
			continue;
		if (sec->size <= UINT32_MAX)
			t->size = (uint32_t)sec->size;
		struct btf_var_secinfo *vi = btf_var_secinfos(t);

		for (int i = 0; i < btf_vlen(t); i++, vi++) {
			const struct btf_type *v = btf__type_by_id(obj->btf, vi->type);
			const char *vn = v && btf_is_var(v) ? btf__name_by_offset(obj->btf, v->name_off) : NULL;

			if (!vn)
				continue;
			for (size_t k = 1; k < bpfsim_elf_nsyms(obj->elf); k++) {
				const struct bpfsim_elf_sym *y = bpfsim_elf_sym(obj->elf, k);

				if (y->shndx == sec->index && y->type == STT_OBJECT && !strcmp(y->name, vn) &&
				    y->value <= UINT32_MAX) {
					vi->offset = (uint32_t)y->value;
					break;
				}
			}
		}
	}
}

/*
 * The kernel refuses a DATASEC that lists functions or extern variables, so
 * (as libbpf does) every entry of ".ksyms" becomes a 4-byte slot: kfunc
 * entries point at one added "dummy_ksym" int variable (their FUNC gets
 * global linkage, unnamed parameters borrow its name), ksym variables become
 * allocated ints.
 */
static int fixup_ksyms(struct bpfsim_object *obj)
{
	int sec_id = btf__find_by_name_kind(obj->btf, ".ksyms", BTF_KIND_DATASEC);
	int int_id = 0, dummy_id = 0;

	if (sec_id <= 0)
		return 0;
	uint32_t n = btf__type_cnt(obj->btf);

	for (uint32_t id = 1; id < n && !int_id; id++) {
		const struct btf_type *t = btf__type_by_id(obj->btf, id);

		if (btf_is_int(t) && btf_int_bits(t) == 32)
			int_id = (int)id;
	}
	const struct btf_type *sec = btf__type_by_id(obj->btf, (uint32_t)sec_id);
	const struct btf_var_secinfo *cvs = btf_var_secinfos(sec);

	for (int i = 0; i < btf_vlen(sec); i++)
		if (btf_is_func(btf__type_by_id(obj->btf, cvs[i].type))) {
			dummy_id = btf__add_var(obj->btf, "dummy_ksym", BTF_VAR_GLOBAL_ALLOCATED, int_id);
			if (dummy_id < 0)
				return dummy_id;
			break;
		}
	/* btf__add_var may have moved the types: look everything up again. */
	struct btf_type *ms = (struct btf_type *)btf__type_by_id(obj->btf, (uint32_t)sec_id);
	const struct btf_type *dummy = dummy_id ? btf__type_by_id(obj->btf, (uint32_t)dummy_id) : NULL;
	uint32_t off = 0;

	for (int i = 0; i < btf_vlen(ms); i++, off += 4) {
		struct btf_var_secinfo *vs = btf_var_secinfos(ms) + i;
		struct btf_type *vt = (struct btf_type *)btf__type_by_id(obj->btf, vs->type);

		if (!vt)
			continue;
		if (btf_is_func(vt) && dummy) {
			const struct btf_type *fp = btf__type_by_id(obj->btf, vt->type);
			struct btf_param *pa = fp && btf_is_func_proto(fp) ? btf_params(fp) : NULL;

			for (int j = 0; pa && j < btf_vlen(fp); j++)
				if (pa[j].type && !pa[j].name_off)
					pa[j].name_off = dummy->name_off;
			vs->type = (uint32_t)dummy_id;
			vt->info = (vt->info & ~0xffffu) | BTF_FUNC_GLOBAL;
		} else if (btf_is_var(vt)) {
			btf_var(vt)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
			vt->type = (uint32_t)int_id;
		}
		vs->offset = off;
		vs->size = 4;
	}
	ms->size = off;
	return 0;
}

static int cmp_vsi(const void *a, const void *b)
{
	const struct btf_var_secinfo *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* libbpf leaves every DATASEC's variables sorted by offset; so do we. */
static void sort_datasecs(struct bpfsim_object *obj)
{
	uint32_t n = btf__type_cnt(obj->btf);

	for (uint32_t id = 1; id < n; id++) {
		struct btf_type *t = (struct btf_type *)btf__type_by_id(obj->btf, id);

		if (t && btf_is_datasec(t) && btf_vlen(t) > 1)
			qsort(btf_var_secinfos(t), btf_vlen(t), sizeof(struct btf_var_secinfo), cmp_vsi);
	}
}

static int load_btf(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	const struct bpfsim_elf_sec *s = bpfsim_elf_sec_by_name(obj->elf, ".BTF");

	if (!s)
		return 0;
	if (s->type != SHT_PROGBITS || !s->data || s->size > UINT32_MAX)
		return bpfsim_errf(err, -EINVAL, "%s: .BTF section is not valid BTF data", obj->name);
	errno = 0;
	obj->btf = btf__new(s->data, (uint32_t)s->size);
	if (!obj->btf) {
		int e = errno ? errno : EINVAL;

		return bpfsim_errf(err, -EINVAL, "%s: .BTF is invalid (%s): a header or type size does not match the data",
				   obj->name, strerror(e));
	}
	const char *why;
	uint32_t bad;
	int ret = bpfsim_btf_check(obj->btf, &why, &bad);

	if (ret)
		return bpfsim_errf(err, ret, "%s: .BTF is invalid: type %u %s", obj->name, bad, why);
	fixup_datasecs(obj);
	ret = bpfsim_obj_kconfig(obj, err);

	if (ret)
		return ret;
	if (fixup_ksyms(obj) < 0)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	sort_datasecs(obj);
	uint32_t sz = 0;

	obj->btf_raw = btf__raw_data(obj->btf, &sz);
	obj->btf_size = sz;
	return 0;
}

static int collect_funcs(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	const struct bpfsim_elf *e = obj->elf;
	size_t cap = 0;

	for (size_t i = 1; i < bpfsim_elf_nsecs(e); i++) {
		const struct bpfsim_elf_sec *s = bpfsim_elf_sec(e, i);

		if (s->type != SHT_PROGBITS || !(s->flags & SHF_EXECINSTR) || s->size == 0)
			continue;
		if (!strcmp(s->name, ".text"))
			obj->text_idx = i;
		if (s->size % BPFSIM_INSN_SIZE)
			return bpfsim_errf(err, -EINVAL, "%s: code section %s has size %llu, not a multiple of %d",
					   obj->name, s->name, (unsigned long long)s->size, BPFSIM_INSN_SIZE);
	}
	for (size_t k = 1; k < bpfsim_elf_nsyms(e); k++) {
		const struct bpfsim_elf_sym *sym = bpfsim_elf_sym(e, k);
		const struct bpfsim_elf_sec *s;

		if (sym->type != STT_FUNC || sym->shndx == SHN_UNDEF || sym->shndx >= bpfsim_elf_nsecs(e))
			continue;
		s = bpfsim_elf_sec(e, sym->shndx);
		if (s->type != SHT_PROGBITS || !(s->flags & SHF_EXECINSTR) || s->size == 0)
			continue;
		if (sym->value % BPFSIM_INSN_SIZE || sym->size % BPFSIM_INSN_SIZE || sym->value > s->size ||
		    sym->size > s->size - sym->value)
			return bpfsim_errf(err, -EINVAL, "%s: function %s (offset %llu, size %llu) does not fit section %s (%llu bytes)",
					   obj->name, sym->name, (unsigned long long)sym->value,
					   (unsigned long long)sym->size, s->name, (unsigned long long)s->size);
		if (sym->shndx != obj->text_idx && sym->bind == STB_LOCAL)
			return bpfsim_errf(err, -ENOTSUP, "%s: program '%s' in section '%s' is static, which libbpf does not support",
					   obj->name, sym->name, s->name);
		if (obj->func_cnt == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct bpfsim_prog *p = realloc(obj->funcs, ncap * sizeof(*p));

			if (!p)
				return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
			obj->funcs = p;
			cap = ncap;
		}
		struct bpfsim_prog *p = &obj->funcs[obj->func_cnt];

		memset(p, 0, sizeof(*p));
		p->name = strdup(sym->name);
		if (!p->name)
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
		obj->func_cnt++;
		p->sec_name = s->name;
		p->sec_idx = sym->shndx;
		p->sec_insn_off = sym->value / BPFSIM_INSN_SIZE;
		p->sec_insn_cnt = sym->size / BPFSIM_INSN_SIZE;
		p->subprog = sym->shndx == obj->text_idx;
	}
	if (obj->func_cnt)
		qsort(obj->funcs, obj->func_cnt, sizeof(*obj->funcs), cmp_func);
	for (size_t i = 1; i < obj->func_cnt; i++) {
		const struct bpfsim_prog *a = &obj->funcs[i - 1], *b = &obj->funcs[i];

		if (a->sec_idx == b->sec_idx && a->sec_insn_off + a->sec_insn_cnt > b->sec_insn_off)
			return bpfsim_errf(err, -EINVAL, "%s: functions %s and %s overlap in section %s", obj->name,
					   a->name, b->name, a->sec_name);
	}
	obj->progs = calloc(obj->func_cnt ? obj->func_cnt : 1, sizeof(*obj->progs));
	if (!obj->progs)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	for (size_t i = 0; i < obj->func_cnt; i++) {
		struct bpfsim_prog *p = &obj->funcs[i];

		p->obj = obj;
		if (p->subprog)
			continue;
		p->def = bpfsim_secdef_find(p->sec_name);
		p->obj = obj;
		obj->progs[obj->prog_cnt++] = p;
	}
	return 0;
}

/* Decode every code section once; CO-RE patches these copies. */
static int decode_code(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	size_t n = bpfsim_elf_nsecs(obj->elf);

	obj->code = calloc(n, sizeof(*obj->code));
	if (!obj->code)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	for (size_t i = 1; i < n; i++) {
		const struct bpfsim_elf_sec *s = bpfsim_elf_sec(obj->elf, i);
		size_t cnt = s->size / BPFSIM_INSN_SIZE;

		if (s->type != SHT_PROGBITS || !(s->flags & SHF_EXECINSTR) || !s->data || !cnt)
			continue;
		obj->code[i] = malloc(cnt * sizeof(**obj->code));
		if (!obj->code[i])
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
		for (size_t k = 0; k < cnt; k++)
			bpfsim_insn_decode(s->data + k * BPFSIM_INSN_SIZE, &obj->code[i][k]);
	}
	return 0;
}

/* attach_btf_id of BTF-attached programs, as libbpf finds it at load time.
 * Best effort: without a readable target BTF the ids stay 0. */
static void resolve_attach_btf_ids(struct bpfsim_object *obj)
{
	for (size_t i = 0; i < obj->prog_cnt; i++) {
		struct bpfsim_prog *p = obj->progs[i];
		const char *target = bpfsim_prog__attach_target(p);
		const char *pfx = "";
		uint32_t kind = BTF_KIND_FUNC;
		char name[512];

		if (!p->def || !(p->def->flags & SECDEF_ATTACH_BTF) || !target ||
		    p->def->prog_type == BPFSIM_PROG_TYPE_EXT)
			continue;
		if (!obj->target_btf && bpfsim_obj_target_btf(obj, NULL))
			return;
		if (p->def->attach_type == BPFSIM_ATTACH_TRACE_RAW_TP) {
			pfx = "btf_trace_";
			kind = BTF_KIND_TYPEDEF;
		} else if (p->def->attach_type == BPFSIM_ATTACH_LSM_MAC || p->def->attach_type == BPFSIM_ATTACH_LSM_CGROUP) {
			pfx = "bpf_lsm_";
		} else if (p->def->attach_type == BPFSIM_ATTACH_TRACE_ITER) {
			pfx = "bpf_iter_";
		}
		snprintf(name, sizeof(name), "%s%s", pfx, target);
		int id = btf__find_by_name_kind(obj->target_btf, name, kind);

		p->attach_btf_id = id > 0 ? (uint32_t)id : 0;
	}
}

int bpfsim_object__open_mem(const void *buf, size_t len, const struct bpfsim_object_opts *opts,
			    struct bpfsim_object **out, struct bpfsim_err *err)
{
	const char *name = opts && opts->sz >= offsetof(struct bpfsim_object_opts, name) + sizeof(char *) &&
					   opts->name ? opts->name : "<memory>";
	struct bpfsim_object *obj;
	int ret;

	*out = NULL;
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	obj->name = strdup(name);
	obj->short_name = make_short_name(name);
	obj->kconfig_map = -1;
	if (opts && opts->sz >= offsetof(struct bpfsim_object_opts, kconfig) + sizeof(char *) && opts->kconfig) {
		obj->kconfig_path = strdup(opts->kconfig);
		if (!obj->kconfig_path) {
			bpfsim_object__close(obj);
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
		}
	}
	if (opts && opts->sz >= offsetof(struct bpfsim_object_opts, btf_path) + sizeof(char *) && opts->btf_path) {
		obj->btf_path = strdup(opts->btf_path);
		if (!obj->btf_path) {
			bpfsim_object__close(obj);
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
		}
	}
	if (!obj->name || !obj->short_name) {
		bpfsim_object__close(obj);
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", name);
	}
	ret = bpfsim_elf_open(name, buf, len, &obj->elf, err);
	if (!ret && bpfsim_elf_big_endian(obj->elf) != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__))
		ret = bpfsim_errf(err, -ENOTSUP, "%s: object byte order (%s-endian) differs from the host's; not supported",
				  name, bpfsim_elf_big_endian(obj->elf) ? "big" : "little");
	if (!ret)
		ret = load_license_version(obj, err);
	if (!ret)
		ret = load_btf(obj, err);
	if (!ret)
		ret = collect_funcs(obj, err);
	if (!ret)
		ret = bpfsim_obj_load_btf_ext(obj, err);
	if (!ret)
		ret = decode_code(obj, err);
	if (!ret)
		ret = bpfsim_obj_core_relocate(obj, err);
	if (!ret)
		ret = bpfsim_obj_init_maps(obj, err);
	if (!ret)
		ret = bpfsim_obj_relocate(obj, err);
	if (!ret)
		resolve_attach_btf_ids(obj);
	if (ret) {
		bpfsim_object__close(obj);
		return ret;
	}
	*out = obj;
	return 0;
}

int bpfsim_object__open(const char *path, const struct bpfsim_object_opts *opts, struct bpfsim_object **out,
			struct bpfsim_err *err)
{
	struct bpfsim_object_opts o = { .sz = sizeof(o), .name = path };
	uint8_t *buf;
	size_t len;
	int ret;

	*out = NULL;
	if (opts && opts->sz) {
		size_t n = opts->sz < sizeof(o) ? opts->sz : sizeof(o);

		memcpy(&o, opts, n);
		o.sz = sizeof(o);
		if (!o.name)
			o.name = path;
	}
	ret = bpfsim_read_file(path, &buf, &len, err);
	if (ret)
		return ret;
	ret = bpfsim_object__open_mem(buf, len, &o, out, err);
	free(buf);
	return ret;
}

void bpfsim_object__close(struct bpfsim_object *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < obj->func_cnt; i++) {
		struct bpfsim_prog *p = &obj->funcs[i];

		free(p->name);
		free(p->insns);
		free(p->maps);
		free(p->lines);
		free(p->func_info);
		free(p->line_info);
	}
	free(obj->funcs);
	free(obj->progs);
	for (size_t i = 0; i < obj->map_cnt; i++) {
		free(obj->maps[i].name);
		free(obj->maps[i].slots);
		if (obj->maps[i].inner) {
			free(obj->maps[i].inner->name);
			free(obj->maps[i].inner);
		}
	}
	free(obj->maps);
	free(obj->lines);
	free(obj->funcinfo);
	free(obj->cores);
	free(obj->kcfg);
	free(obj->kcfg_data);
	free(obj->kconfig_path);
	if (obj->code) {
		for (size_t i = 0; i < bpfsim_elf_nsecs(obj->elf); i++)
			free(obj->code[i]);
		free(obj->code);
	}
	if (obj->target_btf)
		btf__free(obj->target_btf);
	free(obj->btf_path);
	if (obj->btf)
		btf__free(obj->btf);
	bpfsim_elf_close(obj->elf);
	free(obj->short_name);
	free(obj->name);
	free(obj);
}

const char *bpfsim_object__name(const struct bpfsim_object *obj) { return obj->name; }
const char *bpfsim_object__license(const struct bpfsim_object *obj) { return obj->license; }
uint32_t bpfsim_object__kern_version(const struct bpfsim_object *obj) { return obj->kern_version; }

/* The kernel's list (include/linux/license.h), compared exactly. */
bool bpfsim_object__gpl_compatible(const struct bpfsim_object *obj)
{
	static const char *const gpl[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL",
	};

	for (size_t i = 0; i < sizeof(gpl) / sizeof(gpl[0]); i++)
		if (!strcmp(obj->license, gpl[i]))
			return true;
	return false;
}

bool bpfsim_prog__autoload(const struct bpfsim_prog *prog)
{
	return !(prog->sec_name && prog->sec_name[0] == '?');
}

const void *bpfsim_object__btf_raw(const struct bpfsim_object *obj, size_t *size)
{
	if (size)
		*size = obj->btf_size;
	return obj->btf_raw;
}

size_t bpfsim_object__prog_cnt(const struct bpfsim_object *obj) { return obj->prog_cnt; }

const struct bpfsim_prog *bpfsim_object__prog(const struct bpfsim_object *obj, size_t i)
{
	return i < obj->prog_cnt ? obj->progs[i] : NULL;
}

const struct bpfsim_prog *bpfsim_object__find_prog(const struct bpfsim_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->prog_cnt; i++)
		if (!strcmp(obj->progs[i]->name, name))
			return obj->progs[i];
	return NULL;
}

size_t bpfsim_object__map_cnt(const struct bpfsim_object *obj) { return obj->map_cnt; }

const struct bpfsim_map_def *bpfsim_object__map(const struct bpfsim_object *obj, size_t i)
{
	return i < obj->map_cnt ? &obj->maps[i].def : NULL;
}

const char *bpfsim_prog__name(const struct bpfsim_prog *prog) { return prog->name; }
const char *bpfsim_prog__section(const struct bpfsim_prog *prog) { return prog->sec_name; }
uint32_t bpfsim_prog__type(const struct bpfsim_prog *prog) { return prog->def ? prog->def->prog_type : 0; }

uint32_t bpfsim_prog__expected_attach_type(const struct bpfsim_prog *prog)
{
	return prog->def ? prog->def->attach_type : 0;
}

bool bpfsim_prog__has_attach_type(const struct bpfsim_prog *prog)
{
	return prog->def && (prog->def->flags & SECDEF_HAS_ATTACH_TYPE);
}

uint32_t bpfsim_prog__flags(const struct bpfsim_prog *prog)
{
	uint32_t f = 0;

	if (prog->def && (prog->def->flags & SECDEF_SLEEPABLE))
		f |= 1u << 4; /* BPF_F_SLEEPABLE */
	if (prog->def && (prog->def->flags & SECDEF_XDP_FRAGS))
		f |= 1u << 5; /* BPF_F_XDP_HAS_FRAGS */
	return f;
}

const char *bpfsim_prog__attach_target(const struct bpfsim_prog *prog)
{
	const char *slash = strchr(prog->sec_name, '/');

	return slash && slash[1] ? slash + 1 : NULL;
}

uint32_t bpfsim_prog__attach_btf_id(const struct bpfsim_prog *prog) { return prog->attach_btf_id; }

const struct bpfsim_insn *bpfsim_prog__insns(const struct bpfsim_prog *prog, size_t *n)
{
	*n = prog->insn_cnt;
	return prog->insns;
}

size_t bpfsim_prog__map_cnt(const struct bpfsim_prog *prog) { return prog->map_cnt; }

const struct bpfsim_map_def *bpfsim_prog__map(const struct bpfsim_prog *prog, size_t j)
{
	return j < prog->map_cnt ? &prog->obj->maps[prog->maps[j]].def : NULL;
}

const struct bpfsim_line *bpfsim_prog__line(const struct bpfsim_prog *prog, size_t i)
{
	return i < prog->insn_cnt && prog->lines ? prog->lines[i] : NULL;
}

const char *bpfsim_prog__source_file(const struct bpfsim_prog *prog)
{
	for (size_t i = 0; i < prog->insn_cnt && prog->lines; i++)
		if (prog->lines[i])
			return prog->lines[i]->file;
	return NULL;
}

const struct bpfsim_func_info *bpfsim_prog__func_info(const struct bpfsim_prog *prog, size_t *n)
{
	*n = prog->func_info_cnt;
	return prog->func_info;
}

const struct bpfsim_line_info *bpfsim_prog__line_info(const struct bpfsim_prog *prog, size_t *n)
{
	*n = prog->line_info_cnt;
	return prog->line_info;
}
