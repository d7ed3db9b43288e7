/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/reloc.c: relocations and subprogram linking, producing each entry
 * program's final instructions in vector form.
 *
 * For each entry program ("main") separately, as libbpf's
 * bpf_object__relocate_calls does: copy main's instructions, then scan them in
 * order; at a bpf-to-bpf call (call with src_reg=1) or a subprogram address
 * (ld_imm64 relocated against .text, which becomes src_reg=4 BPF_PSEUDO_FUNC)
 * whose target subprogram is not yet part of main, append the whole
 * subprogram at the end and scan it right away (depth first, recursively),
 * then set the instruction's imm to (target position - this position - 1).
 * Each main gets its own copy of each subprogram it uses, so the same
 * subprogram can sit at different positions in different programs.
 *   Target of a call: with a relocation, symbol offset / 8 + imm + 1 inside
 *   .text (global functions: imm = -1; static: section symbol, imm = offset);
 *   without one, the call is relative to its own position in its section.
 * Map references: ld_imm64 relocated against a symbol of ".maps" or "maps"
 * becomes src_reg=1 (BPF_PSEUDO_MAP_FD); against global data, src_reg=2
 * (BPF_PSEUDO_MAP_VALUE) with the second slot's imm = the first slot's imm +
 * symbol offset. The first slot's imm is the map's index among the maps the
 * program uses, taken in object map order (vectors.md).
 * Worked example: xdp "prog" (20 insns) calls static sub() in .text at insn 7:
 * sub (9 insns) is appended at 20, call imm = 20 - 7 - 1 = 12.
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

struct origin {
	struct bpfsim_prog *fn;
	uint32_t idx;
	bool map_ref;
};

struct linker {
	struct bpfsim_object *obj;
	struct bpfsim_prog *main;
	struct bpfsim_insn *insns;
	struct origin *org;
	size_t n, cap;
	bool *used;
	struct bpfsim_prog **subs; /* appended subprograms, in order */
	size_t nsubs;
	int depth;
	struct bpfsim_err *err;
};

static int append(struct linker *L, struct bpfsim_prog *fn)
{
	const struct bpfsim_insn *code = L->obj->code[fn->sec_idx];

	if (L->n + fn->sec_insn_cnt > L->cap) {
		size_t ncap = L->cap ? L->cap : 64;

		while (ncap < L->n + fn->sec_insn_cnt)
			ncap *= 2;
		struct bpfsim_insn *ni = realloc(L->insns, ncap * sizeof(*ni));

		if (ni)
			L->insns = ni;
		struct origin *no = realloc(L->org, ncap * sizeof(*no));

		if (no)
			L->org = no;
		if (!ni || !no)
			return bpfsim_errf(L->err, -ENOMEM, "%s: out of memory", L->obj->name);
		L->cap = ncap;
	}
	fn->sub_insn_off = L->n;
	for (size_t i = 0; i < fn->sec_insn_cnt; i++) {
		L->insns[L->n + i] = code[fn->sec_insn_off + i];
		L->org[L->n + i] = (struct origin){ fn, (uint32_t)i, false };
	}
	L->n += fn->sec_insn_cnt;
	if (fn != L->main) {
		struct bpfsim_prog **ns = realloc(L->subs, (L->nsubs + 1) * sizeof(*ns));

		if (!ns)
			return bpfsim_errf(L->err, -ENOMEM, "%s: out of memory", L->obj->name);
		L->subs = ns;
		L->subs[L->nsubs++] = fn;
	}
	return 0;
}

static const struct bpfsim_elf_rel *find_rel(const struct bpfsim_object *obj, const struct bpfsim_prog *fn,
					     size_t idx)
{
	size_t n;
	const struct bpfsim_elf_rel *r = bpfsim_elf_relocs(obj->elf, fn->sec_idx, &n);
	uint64_t off = (fn->sec_insn_off + idx) * BPFSIM_INSN_SIZE;
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (r[mid].offset < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && r[lo].offset == off ? &r[lo] : NULL;
}

static struct bpfsim_prog *find_subprog(struct bpfsim_object *obj, int64_t text_insn)
{
	size_t lo = 0, hi = obj->func_cnt;

	if (!obj->text_idx || text_insn < 0)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct bpfsim_prog *f = &obj->funcs[mid];

		if (f->sec_idx < obj->text_idx || (f->sec_idx == obj->text_idx && f->sec_insn_off < (uint64_t)text_insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < obj->func_cnt && obj->funcs[lo].sec_idx == obj->text_idx &&
	    obj->funcs[lo].sec_insn_off == (uint64_t)text_insn)
		return &obj->funcs[lo];
	return NULL;
}

/*
 * An ld_imm64 or call relocated against an undefined (extern) symbol, as
 * libbpf resolves them against the target (kernel) BTF:
 *   call   -> kfunc: src_reg 2 (BPF_PSEUDO_KFUNC_CALL), imm = BTF id of the
 *             kernel FUNC of that name, off 0 (vmlinux);
 *   ld_imm64 -> typed __ksym variable: src_reg 3 (BPF_PSEUDO_BTF_ID), imm =
 *             BTF id of the kernel VAR, second imm 0 (vmlinux).
 * .kconfig externs and untyped ksyms (addresses from kallsyms) are not
 * resolved: -ENOTSUP with the symbol named.
 */
static int resolve_extern(struct linker *L, struct bpfsim_prog *fn, size_t idx, size_t pos,
			  const struct bpfsim_elf_sym *sym, bool is_call)
{
	struct bpfsim_object *obj = L->obj;
	const char *on = obj->name;
	int local_kind = 0;
	const struct objkcfg *kc = is_call ? NULL : bpfsim_obj_find_kcfg(obj, sym->name);

	if (kc && obj->kconfig_map >= 0) {
		/* __kconfig: a value in the .kconfig map */
		L->insns[pos].src = 2; /* BPF_PSEUDO_MAP_VALUE */
		L->insns[pos].imm = (int32_t)obj->kconfig_map;
		L->insns[pos + 1].imm = (int32_t)kc->off;
		L->org[pos].map_ref = true;
		L->used[obj->kconfig_map] = true;
		return 0;
	}

	/* What the object's BTF says the extern is. */
	if (obj->btf) {
		uint32_t n = btf__type_cnt(obj->btf);

		for (uint32_t id = 1; id < n && !local_kind; id++) {
			const struct btf_type *t = btf__type_by_id(obj->btf, id);
			const char *nm = t ? btf__name_by_offset(obj->btf, t->name_off) : NULL;

			if (!nm || strcmp(nm, sym->name))
				continue;
			if (btf_is_func(t))
				local_kind = BTF_KIND_FUNC;
			else if (btf_is_var(t)) {
				const struct btf_type *vt = btf__type_by_id(obj->btf, t->type);

				while (vt && (btf_is_mod(vt) || btf_is_typedef(vt)))
					vt = btf__type_by_id(obj->btf, vt->type);
				local_kind = vt ? BTF_KIND_VAR : -1; /* -1: void (untyped ksym) */
			}
		}
	}
	if (local_kind == 0 || local_kind == -1 || (is_call && local_kind != BTF_KIND_FUNC) ||
	    (!is_call && local_kind != BTF_KIND_VAR))
		return bpfsim_errf(L->err, -ENOTSUP, "%s: %s uses extern '%s' (%s), which bpfsim does not resolve yet",
				   on, fn->name, sym->name,
				   local_kind == -1 ? "untyped ksym" : is_call ? "kfunc without BTF" : "kconfig or ksym");
	int ret = bpfsim_obj_target_btf(obj, L->err);

	if (ret)
		return ret;
	int want = is_call ? BTF_KIND_FUNC : BTF_KIND_VAR;
	int id = btf__find_by_name_kind(obj->target_btf, sym->name, (uint32_t)want);

	if (id <= 0)
		return bpfsim_errf(L->err, sym->bind == STB_WEAK ? -ENOTSUP : -EINVAL,
				   "%s: %s uses extern %s '%s', which the target kernel BTF does not have", on, fn->name,
				   is_call ? "kfunc" : "ksym", sym->name);
	struct bpfsim_insn *in = &L->insns[pos];

	if (is_call) {
		in->src = 2; /* BPF_PSEUDO_KFUNC_CALL */
		in->imm = id;
		in->off = 0;
	} else {
		in->src = 3; /* BPF_PSEUDO_BTF_ID */
		in->imm = id;
		L->insns[pos + 1].imm = 0;
	}
	(void)idx;
	return 0;
}

static int reloc_code(struct linker *L, struct bpfsim_prog *fn)
{
	struct bpfsim_object *obj = L->obj;
	const char *on = obj->name;

	if (++L->depth > 100000)
		return bpfsim_errf(L->err, -E2BIG, "%s: subprogram calls nest too deeply", on);
	for (size_t idx = 0; idx < fn->sec_insn_cnt; idx++) {
		size_t pos = fn->sub_insn_off + idx;
		struct bpfsim_insn *in = &L->insns[pos];
		const struct bpfsim_elf_rel *rel = find_rel(obj, fn, idx);
		bool is_call = in->code == 0x85 && in->src == 1;
		bool is_ld = in->code == 0x18;
		int64_t target;

		if (rel) {
			const struct bpfsim_elf_sym *sym = bpfsim_elf_sym(obj->elf, rel->sym);
			const struct bpfsim_elf_sec *ss = sym->shndx < bpfsim_elf_nsecs(obj->elf)
							  ? bpfsim_elf_sec(obj->elf, sym->shndx) : NULL;
			const char *sname = sym->name[0] ? sym->name : ss ? ss->name : "?";

			if (!is_call && !is_ld)
				return bpfsim_errf(L->err, -EINVAL, "%s: relocation against '%s' at instruction %zu of %s is on opcode 0x%02x, not on ld_imm64 or call",
						   on, sname, idx, fn->name, in->code);
			if (sym->shndx == SHN_UNDEF) {
				int r = resolve_extern(L, fn, idx, pos, sym, is_call);

				if (r < 0)
					return r;
				continue;
			}
			if (is_call) {
				if (!obj->text_idx || sym->shndx != obj->text_idx)
					return bpfsim_errf(L->err, -EINVAL, "%s: call at instruction %zu of %s targets '%s', which is not in .text",
							   on, idx, fn->name, sname);
				target = (int64_t)(sym->value / BPFSIM_INSN_SIZE) + in->imm + 1;
			} else {
				if (idx + 1 >= fn->sec_insn_cnt)
					return bpfsim_errf(L->err, -EINVAL, "%s: ld_imm64 at instruction %zu of %s has no second half",
							   on, idx, fn->name);
				if (obj->text_idx && sym->shndx == obj->text_idx) {
					int64_t b = (int64_t)sym->value + in->imm;

					if (b % BPFSIM_INSN_SIZE)
						return bpfsim_errf(L->err, -EINVAL, "%s: subprogram address '%s'%+d at instruction %zu of %s is not instruction aligned",
								   on, sname, in->imm, idx, fn->name);
					in->src = 4; /* BPF_PSEUDO_FUNC */
					target = b / BPFSIM_INSN_SIZE;
				} else {
					long m;

					if (sym->shndx && (sym->shndx == obj->maps_sec || sym->shndx == obj->legacy_maps_sec)) {
						m = bpfsim_obj_map_at(obj, sym->shndx, sym->value);
						if (m < 0)
							return bpfsim_errf(L->err, -EINVAL, "%s: relocation at instruction %zu of %s refers to '%s' at offset %llu of %s, where no map is defined",
									   on, idx, fn->name, sname, (unsigned long long)sym->value,
									   ss ? ss->name : "?");
						in->src = 1; /* BPF_PSEUDO_MAP_FD */
					} else {
						m = ss ? bpfsim_obj_data_map(obj, sym->shndx) : -1;
						if (m < 0)
							return bpfsim_errf(L->err, -EINVAL, "%s: relocation at instruction %zu of %s refers to '%s' in section %s, which is neither a map nor global data",
									   on, idx, fn->name, sname, ss ? ss->name : "?");
						in->src = 2; /* BPF_PSEUDO_MAP_VALUE */
						L->insns[pos + 1].imm = (int32_t)((uint32_t)in->imm + (uint32_t)sym->value);
					}
					in->imm = (int32_t)m;
					L->org[pos].map_ref = true;
					L->used[m] = true;
					continue;
				}
			}
		} else if (is_call) {
			target = (int64_t)(fn->sec_insn_off + idx) + in->imm + 1;
		} else if (is_ld && in->src != 0) {
			/* map, map value, BTF id or function pseudo loads only make
			 * sense with a relocation that says what they refer to */
			return bpfsim_errf(L->err, -EINVAL, "%s: ld_imm64 at instruction %zu of %s has src_reg %u but no relocation",
					   on, idx, fn->name, in->src);
		} else {
			continue;
		}
		struct bpfsim_prog *sub = find_subprog(obj, target);

		if (!sub)
			return bpfsim_errf(L->err, -EINVAL, "%s: call at instruction %zu of %s targets instruction %lld of .text, which is not the start of a function",
					   on, idx, fn->name, (long long)target);
		if (sub->sub_insn_off == 0) {
			int ret = append(L, sub);

			if (!ret)
				ret = reloc_code(L, sub);
			if (ret)
				return ret;
		}
		L->insns[pos].imm = (int32_t)((int64_t)sub->sub_insn_off - (int64_t)pos - 1);
	}
	L->depth--;
	return 0;
}

static const struct objline *find_line(const struct bpfsim_object *obj, size_t sec_idx, uint32_t insn)
{
	size_t lo = 0, hi = obj->line_cnt;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct objline *l = &obj->lines[mid];

		if (l->sec_idx < sec_idx || (l->sec_idx == sec_idx && l->insn < insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < obj->line_cnt && obj->lines[lo].sec_idx == sec_idx && obj->lines[lo].insn == insn)
		return &obj->lines[lo];
	return NULL;
}

static const struct objfunc *find_funcinfo(const struct bpfsim_object *obj, size_t sec_idx, uint32_t insn)
{
	size_t lo = 0, hi = obj->funcinfo_cnt;

	while (lo < hi) { /* funcinfo is sorted by (section, insn) */
		size_t mid = (lo + hi) / 2;
		const struct objfunc *f = &obj->funcinfo[mid];

		if (f->sec_idx < sec_idx || (f->sec_idx == sec_idx && f->insn < insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < obj->funcinfo_cnt && obj->funcinfo[lo].sec_idx == sec_idx && obj->funcinfo[lo].insn == insn)
		return &obj->funcinfo[lo];
	return NULL;
}

static int finish(struct linker *L)
{
	struct bpfsim_object *obj = L->obj;
	struct bpfsim_prog *p = L->main;
	size_t *local = calloc(obj->map_cnt ? obj->map_cnt : 1, sizeof(*local));

	p->maps = calloc(obj->map_cnt ? obj->map_cnt : 1, sizeof(*p->maps));
	p->lines = calloc(L->n ? L->n : 1, sizeof(*p->lines));
	p->func_info = calloc(L->nsubs + 1, sizeof(*p->func_info));
	p->line_info = calloc(L->n ? L->n : 1, sizeof(*p->line_info));
	if (!local || !p->maps || !p->lines || !p->func_info || !p->line_info) {
		free(local);
		return bpfsim_errf(L->err, -ENOMEM, "%s: out of memory", obj->name);
	}
	for (size_t i = 0; i < obj->map_cnt; i++)
		if (L->used[i]) {
			local[i] = p->map_cnt;
			p->maps[p->map_cnt++] = i;
		}
	for (size_t i = 0; i < L->n; i++) {
		const struct origin *o = &L->org[i];
		const struct objline *l = find_line(obj, o->fn->sec_idx, (uint32_t)(o->fn->sec_insn_off + o->idx));

		if (o->map_ref)
			L->insns[i].imm = (int32_t)local[L->insns[i].imm];
		if (l) {
			p->lines[i] = &l->line;
			p->line_info[p->line_info_cnt++] =
				(struct bpfsim_line_info){ (uint32_t)i, l->file_name_off, l->line_off, l->line_col };
		} else if (o->idx > 0) {
			p->lines[i] = p->lines[i - 1]; /* same statement as the previous instruction */
		}
	}
	free(local);
	for (size_t k = 0; k <= L->nsubs; k++) {
		struct bpfsim_prog *f = k ? L->subs[k - 1] : p;
		const struct objfunc *fi = find_funcinfo(obj, f->sec_idx, (uint32_t)f->sec_insn_off);

		if (fi)
			p->func_info[p->func_info_cnt++] = (struct bpfsim_func_info){ (uint32_t)f->sub_insn_off, fi->type_id };
	}
	p->insns = L->insns;
	p->insn_cnt = L->n;
	L->insns = NULL;
	return 0;
}

int bpfsim_obj_relocate(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	int ret = 0;

	for (size_t k = 0; k < obj->prog_cnt && !ret; k++) {
		struct linker L = { .obj = obj, .main = obj->progs[k], .err = err };

		for (size_t i = 0; i < obj->func_cnt; i++)
			obj->funcs[i].sub_insn_off = 0;
		L.used = calloc(obj->map_cnt ? obj->map_cnt : 1, sizeof(*L.used));
		if (!L.used)
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
		ret = append(&L, L.main);
		if (!ret)
			ret = reloc_code(&L, L.main);
		if (!ret)
			ret = finish(&L);
		free(L.insns);
		free(L.org);
		free(L.used);
		free(L.subs);
	}
	return ret;
}
