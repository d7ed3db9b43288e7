/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/kconfig.c: __kconfig externs (the BTF DATASEC ".kconfig"), as
 * libbpf handles them.
 *
 * Each extern variable gets a slot in one read-only single-entry array map
 * (".kconfig", created after the global data maps). Slots are laid out in
 * libbpf's order: by alignment (largest first), then size (smallest first),
 * then name; each at the next offset aligned for it. Values:
 *   CONFIG_*           from a kernel config file (opts->kconfig, else
 *                      /boot/config-$(uname -r), else /proc/config.gz; gzip
 *                      or plain): y/n/m for bool (m is an error), tristate
 *                      (enum libbpf_tristate: n 0, y 1, m 2) and char;
 *                      "string" for char arrays; numbers (strtoull base 0)
 *                      for ints, range-checked for the slot's size;
 *   LINUX_KERNEL_VERSION  KERNEL_VERSION(a, b, min(c, 255)) of uname -r;
 *   LINUX_HAS_BPF_COOKIE, LINUX_HAS_SYSCALL_WRAPPER  1 (bpfsim's profile is
 *                      Linux 6.18, which has both);
 * a __weak extern with no value is 0; a strong one is an error.
 * ld_imm64 references become BPF_PSEUDO_MAP_VALUE into the map at the slot's
 * offset (reloc.c), and the BTF DATASEC is rewritten with the slots' offsets
 * and allocated linkage so that the kernel accepts it.
 * Example: extern int CONFIG_HZ __kconfig; with CONFIG_HZ=250 -> slot 0,
 * 4 bytes = 250; "r1 = CONFIG_HZ ll" -> src_reg 2, imm = map j, offset 0.
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zlib.h>

enum { KT_UNKNOWN, KT_BOOL, KT_TRISTATE, KT_CHAR, KT_INT, KT_CHAR_ARR };

static int kcfg_type(const struct btf *btf, uint32_t id, bool *is_signed)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	while (t && (btf_is_mod(t) || btf_is_typedef(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t)
		return KT_UNKNOWN;
	const char *name = btf__name_by_offset(btf, t->name_off);

	if (is_signed)
		*is_signed = false;
	if (btf_is_int(t)) {
		uint8_t enc = btf_int_encoding(t);

		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? KT_BOOL : KT_UNKNOWN;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return KT_CHAR;
		if (t->size < 1 || t->size > 8 || (t->size & (t->size - 1)))
			return KT_UNKNOWN;
		return KT_INT;
	}
	if (btf_is_enum(t) || btf_is_enum64(t))
		return name && !strcmp(name, "libbpf_tristate") && (btf_is_enum64(t) || t->size == 4) ? KT_TRISTATE
												       : KT_UNKNOWN;
	if (btf_is_array(t))
		return btf_array(t)->nelems && kcfg_type(btf, btf_array(t)->type, NULL) == KT_CHAR ? KT_CHAR_ARR
												     : KT_UNKNOWN;
	return KT_UNKNOWN;
}

static int cmp_kcfg(const void *a, const void *b)
{
	const struct objkcfg *x = a, *y = b;

	if (x->align != y->align)
		return x->align > y->align ? -1 : 1;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int set_num(const struct objkcfg *k, uint8_t *slot, uint64_t v)
{
	if (k->type != KT_INT && k->type != KT_CHAR && k->type != KT_BOOL)
		return -EINVAL;
	if (k->type == KT_BOOL && v > 1)
		return -EINVAL;
	if (k->size < 8) {
		unsigned bits = k->size * 8;

		if (k->is_signed ? v + (1ull << (bits - 1)) >= (1ull << bits) : (v >> bits) != 0)
			return -ERANGE;
	}
	switch (k->size) {
	case 1: { uint8_t x = (uint8_t)v; memcpy(slot, &x, 1); break; }
	case 2: { uint16_t x = (uint16_t)v; memcpy(slot, &x, 2); break; }
	case 4: { uint32_t x = (uint32_t)v; memcpy(slot, &x, 4); break; }
	case 8: memcpy(slot, &v, 8); break;
	default: return -EINVAL;
	}
	return 0;
}

static int set_from_config(struct bpfsim_object *obj, struct objkcfg *k, const char *value, struct bpfsim_err *err)
{
	uint8_t *slot = obj->kcfg_data + k->off;
	int r = 0;

	switch (value[0]) {
	case 'y': case 'n': case 'm':
		if (k->type == KT_BOOL) {
			if (value[0] == 'm')
				r = -EINVAL;
			else
				slot[0] = value[0] == 'y';
		} else if (k->type == KT_TRISTATE) {
			uint32_t v = value[0] == 'y' ? 1 : value[0] == 'm' ? 2 : 0;

			memcpy(slot, &v, 4);
		} else if (k->type == KT_CHAR) {
			slot[0] = (uint8_t)value[0];
		} else {
			r = -EINVAL;
		}
		break;
	case '"': {
		size_t len = strlen(value);

		if (k->type != KT_CHAR_ARR || len < 2 || value[len - 1] != '"') {
			r = -EINVAL;
			break;
		}
		len -= 2;
		if (len >= k->size)
			len = k->size - 1;
		memcpy(slot, value + 1, len);
		slot[len] = 0;
		break;
	}
	default: {
		char *end;

		errno = 0;
		uint64_t v = strtoull(value, &end, 0);

		if (errno || *end || (k->type != KT_INT && k->type != KT_CHAR))
			r = -EINVAL;
		else
			r = set_num(k, slot, v);
	}
	}
	if (r)
		return bpfsim_errf(err, r, "%s: extern (kconfig) '%s': value '%s' does not fit its type", obj->name,
				   k->name, value);
	k->set = true;
	return 0;
}

static int read_config(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	char path[300], line[4096];
	struct utsname u;
	const char *p = obj->kconfig_path;

	if (!p) {
		uname(&u);
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		p = access(path, R_OK) ? "/proc/config.gz" : path;
	}
	gzFile f = gzopen(p, "r");

	if (!f)
		return bpfsim_errf(err, obj->kconfig_path ? -EINVAL : -ENOTSUP,
				   "%s: has __kconfig externs but the kernel config %s cannot be read", obj->name, p);
	while (gzgets(f, line, sizeof(line))) {
		size_t len = strlen(line);
		char *eq;

		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (strncmp(line, "CONFIG_", 7) || !(eq = strchr(line, '=')) || !eq[1])
			continue;
		*eq = 0;
		for (size_t i = 0; i < obj->kcfg_cnt; i++) {
			struct objkcfg *k = &obj->kcfg[i];

			if (!k->set && !strcmp(k->name, line)) {
				int r = set_from_config(obj, k, eq + 1, err);

				if (r) {
					gzclose(f);
					return r;
				}
			}
		}
	}
	gzclose(f);
	return 0;
}

int bpfsim_obj_kconfig(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	int sec_id = obj->btf ? btf__find_by_name_kind(obj->btf, ".kconfig", BTF_KIND_DATASEC) : -1;

	if (sec_id <= 0)
		return 0;
	const struct btf_type *sec = btf__type_by_id(obj->btf, (uint32_t)sec_id);
	const struct btf_var_secinfo *vs = btf_var_secinfos(sec);

	obj->kcfg = calloc(btf_vlen(sec) ? btf_vlen(sec) : 1, sizeof(*obj->kcfg));
	if (!obj->kcfg)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	for (int i = 0; i < btf_vlen(sec); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(obj->btf, vs->type);
		struct objkcfg *k = &obj->kcfg[obj->kcfg_cnt];

		if (!v || !btf_is_var(v))
			return bpfsim_errf(err, -EINVAL, "%s: .kconfig entry %d is not a variable", obj->name, i);
		k->name = btf__name_by_offset(obj->btf, v->name_off);
		long long sz = btf__resolve_size(obj->btf, v->type);
		int al = btf__align_of(obj->btf, v->type);

		k->type = kcfg_type(obj->btf, v->type, &k->is_signed);
		if (!k->name || sz <= 0 || sz > 4096 || al <= 0 || k->type == KT_UNKNOWN)
			return bpfsim_errf(err, -ENOTSUP, "%s: extern (kconfig) '%s': type is not supported", obj->name,
					   k->name ? k->name : "?");
		k->size = (uint32_t)sz;
		k->align = (uint32_t)al;
		k->btf_var = vs->type;
		for (size_t s = 1; s < bpfsim_elf_nsyms(obj->elf); s++) {
			const struct bpfsim_elf_sym *y = bpfsim_elf_sym(obj->elf, s);

			if (y->shndx == SHN_UNDEF && !strcmp(y->name, k->name))
				k->weak = y->bind == STB_WEAK;
		}
		obj->kcfg_cnt++;
	}
	if (!obj->kcfg_cnt)
		return 0;
	qsort(obj->kcfg, obj->kcfg_cnt, sizeof(*obj->kcfg), cmp_kcfg);
	uint32_t off = 0;

	for (size_t i = 0; i < obj->kcfg_cnt; i++) {
		obj->kcfg[i].off = (off + obj->kcfg[i].align - 1) / obj->kcfg[i].align * obj->kcfg[i].align;
		off = obj->kcfg[i].off + obj->kcfg[i].size;
	}
	obj->kcfg_size = off;
	obj->kcfg_data = calloc(1, off ? off : 1);
	if (!obj->kcfg_data)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	bool need_config = false;

	for (size_t i = 0; i < obj->kcfg_cnt; i++) {
		struct objkcfg *k = &obj->kcfg[i];
		uint64_t v;

		if (!strncmp(k->name, "CONFIG_", 7)) {
			need_config = true;
			continue;
		}
		if (!strcmp(k->name, "LINUX_KERNEL_VERSION")) {
			struct utsname u;
			unsigned a, b, c;

			uname(&u);
			if (sscanf(u.release, "%u.%u.%u", &a, &b, &c) != 3)
				return bpfsim_errf(err, -EINVAL, "%s: cannot parse the kernel release '%s'", obj->name,
						   u.release);
			v = ((uint64_t)a << 16) + ((uint64_t)b << 8) + (c > 255 ? 255 : c);
		} else if (!strcmp(k->name, "LINUX_HAS_BPF_COOKIE") || !strcmp(k->name, "LINUX_HAS_SYSCALL_WRAPPER")) {
			v = 1;
		} else if (strncmp(k->name, "LINUX_", 6) || !k->weak) {
			return bpfsim_errf(err, -EINVAL, "%s: extern (kconfig) '%s' is neither CONFIG_* nor a known LINUX_* value",
					   obj->name, k->name);
		} else {
			continue;
		}
		int r = set_num(k, obj->kcfg_data + k->off, v);

		if (r)
			return bpfsim_errf(err, r, "%s: extern (kconfig) '%s': value does not fit its type", obj->name,
					   k->name);
		k->set = true;
	}
	if (need_config) {
		int r = read_config(obj, err);

		if (r)
			return r;
	}
	for (size_t i = 0; i < obj->kcfg_cnt; i++)
		if (!obj->kcfg[i].set && !obj->kcfg[i].weak)
			return bpfsim_errf(err, -ESRCH, "%s: extern (kconfig) '%s' (strong): no value in the kernel config",
					   obj->name, obj->kcfg[i].name);
	/* The DATASEC as the kernel must see it. */
	struct btf_type *ms = (struct btf_type *)btf__type_by_id(obj->btf, (uint32_t)sec_id);
	struct btf_var_secinfo *mv = btf_var_secinfos(ms);

	ms->size = off;
	for (int i = 0; i < btf_vlen(ms); i++, mv++) {
		struct btf_type *v = (struct btf_type *)btf__type_by_id(obj->btf, mv->type);

		for (size_t j = 0; j < obj->kcfg_cnt; j++)
			if (obj->kcfg[j].btf_var == mv->type) {
				btf_var(v)->linkage = BTF_VAR_GLOBAL_ALLOCATED;
				mv->offset = obj->kcfg[j].off;
			}
	}
	return 0;
}

const struct objkcfg *bpfsim_obj_find_kcfg(const struct bpfsim_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->kcfg_cnt; i++)
		if (!strcmp(obj->kcfg[i].name, name))
			return &obj->kcfg[i];
	return NULL;
}
