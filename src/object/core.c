/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/core.c: CO-RE relocations (.BTF.ext core_relo records) computed
 * against a target BTF (the running kernel's /sys/kernel/btf/vmlinux unless
 * the options name another file), with libbpf's semantics:
 *
 *  1. Local spec. The access string "0:1:2" of record (type_id, access,
 *     kind) is walked over the LOCAL type: the first index addresses the
 *     root as an array (offset = i * sizeof(root)); then a struct/union
 *     member index adds the member's bit offset and, when the member is
 *     named, records a named accessor; an array index adds i * sizeof(elem)
 *     and records an index accessor. Enum-value relocations: the index is an
 *     enumerator. Type relocations: the access string must be "0".
 *  2. Candidates: every target type of the same kind (enum/enum64 mixed)
 *     whose essential name (name without a "___flavor" suffix) equals the
 *     local root's.
 *  3. Match each candidate: named accessors are found by name in the target
 *     struct (searching anonymous members recursively), the field types must
 *     be compatible (composites with composites, ints with ints, pointers
 *     with pointers, arrays by element, enums by name); index accessors need
 *     an array with enough elements (or a flexible last member).
 *  4. Value for the kind (byte offset, byte size, exists, signed, bitfield
 *     shifts; type id, exists, size, matches; enum value exists/value) from
 *     the local spec (expected value, checked against the instruction) and
 *     the target spec (new value). All matching candidates must agree.
 *  5. Patch the instruction: ALU imm, LDX/ST/STX off (and the access size if
 *     the field's size changed and that is safe), or the ld_imm64 value. If
 *     nothing matched where a value is needed, the instruction is "poisoned"
 *     into call 0xbad2310 so that the verifier rejects it only if reachable.
 * Worked example: BPF_CORE_READ(task, pid) with a local "struct task_struct
 * { int pid; }" gives access "0:0", local offset 0; in vmlinux pid is at
 * byte 2464 (say), so the LDX off 0 becomes off 2464.
 *
 * Relocations are applied to the per-section instruction copies
 * (obj->code[]) before subprograms are appended, as libbpf does.
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SPEC_MAX 64

enum {
	K_FIELD_BYTE_OFFSET = 0, K_FIELD_BYTE_SIZE, K_FIELD_EXISTS, K_FIELD_SIGNED, K_FIELD_LSHIFT_U64,
	K_FIELD_RSHIFT_U64, K_TYPE_ID_LOCAL, K_TYPE_ID_TARGET, K_TYPE_EXISTS, K_TYPE_SIZE,
	K_ENUMVAL_EXISTS, K_ENUMVAL_VALUE, K_TYPE_MATCHES,
};

static const char *const kind_names[] = {
	"byte_off", "byte_sz", "field_exists", "signed", "lshift_u64", "rshift_u64", "local_type_id",
	"target_type_id", "type_exists", "type_size", "enumval_exists", "enumval_value", "type_matches",
};

struct acc {
	uint32_t type_id; /* type the access applies to (after modifiers) */
	uint32_t idx;
	const char *name; /* member or enumerator name; NULL for an index access */
};

struct spec {
	const struct btf *btf;
	uint32_t root;
	struct acc a[SPEC_MAX];
	int len;
	uint64_t bit_off;
};

struct res {
	uint64_t orig, val;
	uint32_t orig_sz, new_sz, orig_tid, new_tid;
	bool poison, validate, bad_memsz;
};

static bool is_field(uint32_t k) { return k <= K_FIELD_RSHIFT_U64; }
static bool is_type(uint32_t k)
{
	return k == K_TYPE_ID_LOCAL || k == K_TYPE_ID_TARGET || k == K_TYPE_EXISTS || k == K_TYPE_SIZE ||
	       k == K_TYPE_MATCHES;
}
static bool is_enumval(uint32_t k) { return k == K_ENUMVAL_EXISTS || k == K_ENUMVAL_VALUE; }

static const struct btf_type *skip(const struct btf *btf, uint32_t id, uint32_t *out)
{
	const struct btf_type *t = btf__type_by_id(btf, id);

	if (out)
		*out = id;
	for (int g = 0; t && (btf_is_mod(t) || btf_is_typedef(t)); g++) {
		if (g > 64)
			return NULL;
		id = t->type;
		t = btf__type_by_id(btf, id);
	}
	if (out)
		*out = id;
	return t;
}

static bool is_any_enum(const struct btf_type *t) { return btf_is_enum(t) || btf_is_enum64(t); }

static bool kinds_compat(const struct btf_type *a, const struct btf_type *b)
{
	return btf_kind(a) == btf_kind(b) || (is_any_enum(a) && is_any_enum(b));
}

/* Length of a name without its "___flavor" suffix. */
static size_t essential_len(const char *n)
{
	size_t len = strlen(n);

	for (long i = (long)len - 5; i >= 0; i--)
		if (n[i] != '_' && n[i + 1] == '_' && n[i + 2] == '_' && n[i + 3] == '_' && n[i + 4] != '_')
			return (size_t)i + 1;
	return len;
}

static const char *name_of(const struct btf *btf, uint32_t off)
{
	const char *s = btf__name_by_offset(btf, off);

	return s ? s : "";
}

static int parse_local(const struct btf *btf, uint32_t type_id, const char *acc_str, uint32_t kind,
		       struct spec *sp)
{
	uint32_t raw[SPEC_MAX], nraw = 0, id;
	const struct btf_type *t;
	const char *p = acc_str;

	memset(sp, 0, sizeof(*sp));
	sp->btf = btf;
	sp->root = type_id;
	if (!*p || *p == ':')
		return -EINVAL;
	if (is_type(kind))
		return strcmp(acc_str, "0") ? -EINVAL : 0;
	while (*p) {
		char *end;
		unsigned long v;

		if (*p == ':')
			p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = strtoul(p, &end, 10);
		if (v > INT32_MAX || nraw == SPEC_MAX)
			return -E2BIG;
		raw[nraw++] = (uint32_t)v;
		p = end;
	}
	t = skip(btf, type_id, &id);
	if (!t)
		return -EINVAL;
	sp->a[0] = (struct acc){ id, raw[0], NULL };
	sp->len = 1;
	if (is_enumval(kind)) {
		if (!is_any_enum(t) || nraw > 1 || raw[0] >= btf_vlen(t))
			return -EINVAL;
		sp->a[0].name = name_of(btf, btf_is_enum(t) ? btf_enum(t)[raw[0]].name_off
							     : btf_enum64(t)[raw[0]].name_off);
		return 0;
	}
	if (!is_field(kind))
		return -EINVAL;
	long long sz = btf__resolve_size(btf, id);

	if (sz < 0)
		return -EINVAL;
	sp->bit_off = (uint64_t)raw[0] * (uint64_t)sz * 8;
	for (uint32_t i = 1; i < nraw; i++) {
		t = skip(btf, id, &id);
		if (!t)
			return -EINVAL;
		if (btf_is_composite(t)) {
			if (raw[i] >= btf_vlen(t))
				return -EINVAL;
			const struct btf_member *m = btf_members(t) + raw[i];

			sp->bit_off += btf_member_bit_offset(t, raw[i]);
			if (m->name_off) {
				if (!*name_of(btf, m->name_off))
					return -EINVAL;
				sp->a[sp->len++] = (struct acc){ id, raw[i], name_of(btf, m->name_off) };
			}
			id = m->type;
		} else if (btf_is_array(t)) {
			const struct btf_array *arr = btf_array(t);
			const struct acc *prev = &sp->a[sp->len - 1];
			bool flex = prev->name && arr->nelems == 0 &&
				    prev->idx + 1 == btf_vlen(btf__type_by_id(btf, prev->type_id));

			if (!skip(btf, arr->type, &id))
				return -EINVAL;
			if (!flex && raw[i] >= arr->nelems)
				return -EINVAL;
			sp->a[sp->len++] = (struct acc){ id, raw[i], NULL };
			sz = btf__resolve_size(btf, id);
			if (sz < 0)
				return -EINVAL;
			sp->bit_off += (uint64_t)raw[i] * (uint64_t)sz * 8;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static int types_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid, int level)
{
	const struct btf_type *lt = btf__type_by_id(lb, lid), *tt = btf__type_by_id(tb, tid);

	if (!lt || !tt || !kinds_compat(lt, tt))
		return 0;
	for (int depth = 0; depth < 32; depth++) {
		lt = skip(lb, lid, &lid);
		tt = skip(tb, tid, &tid);
		if (!lt || !tt)
			return -EINVAL;
		if (!kinds_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN: case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM:
		case BTF_KIND_FWD: case BTF_KIND_ENUM64:
			return 1;
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_PTR:
			lid = lt->type;
			tid = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);

			if (btf_vlen(lt) != btf_vlen(tt))
				return 0;
			for (int i = 0; i < btf_vlen(lt); i++) {
				uint32_t a, b;

				if (level <= 0)
					return -EINVAL;
				if (!skip(lb, lp[i].type, &a) || !skip(tb, tp[i].type, &b))
					return 0; /* a dangling or over-deep chain */
				int r = types_compat(lb, a, tb, b, level - 1);

				if (r <= 0)
					return r;
			}
			skip(lb, lt->type, &lid);
			skip(tb, tt->type, &tid);
			continue;
		}
		default:
			return 0;
		}
	}
	return -EINVAL;
}

static int fields_compat(const struct btf *lb, uint32_t lid, const struct btf *tb, uint32_t tid)
{
	for (int depth = 0; depth < 32; depth++) {
		const struct btf_type *lt = skip(lb, lid, &lid), *tt = skip(tb, tid, &tid);

		if (!lt || !tt)
			return -EINVAL;
		if (btf_is_composite(lt) && btf_is_composite(tt))
			return 1;
		if (!kinds_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_PTR: case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: {
			const char *ln = name_of(lb, lt->name_off), *tn = name_of(tb, tt->name_off);
			size_t ll = essential_len(ln), tl = essential_len(tn);

			return ll == 0 || tl == 0 || (ll == tl && !strncmp(ln, tn, ll));
		}
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			lid = btf_array(lt)->type;
			tid = btf_array(tt)->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

/* Find the member named like local accessor la inside target composite tid. */
static int match_member(const struct spec *ls, const struct acc *la, const struct btf *tb, uint32_t tid,
			struct spec *ts, uint32_t *next, int depth)
{
	const struct btf_type *tt = skip(tb, tid, &tid);

	if (!tt)
		return -EINVAL;
	if (!btf_is_composite(tt) || depth > 32)
		return 0;
	const struct btf_type *lt = btf__type_by_id(ls->btf, la->type_id);
	const struct btf_member *lm = btf_members(lt) + la->idx;
	const struct btf_member *m = btf_members(tt);

	for (int i = 0; i < btf_vlen(tt); i++, m++) {
		uint32_t bo = btf_member_bit_offset(tt, (uint32_t)i);
		const char *tn = name_of(tb, m->name_off);

		ts->bit_off += bo;
		if (!*tn) {
			int f = match_member(ls, la, tb, m->type, ts, next, depth + 1);

			if (f)
				return f;
		} else if (!strcmp(la->name, tn)) {
			if (ts->len == SPEC_MAX)
				return -E2BIG;
			ts->a[ts->len++] = (struct acc){ tid, (uint32_t)i, tn };
			*next = m->type;
			int f = fields_compat(ls->btf, lm->type, tb, m->type);

			if (f <= 0)
				ts->len--;
			return f;
		}
		ts->bit_off -= bo;
	}
	return 0;
}

static int enum_count_match(const struct spec *ls, const struct btf *tb, uint32_t tid, struct spec *ts)
{
	const struct btf_type *tt = skip(tb, tid, &tid);
	size_t ll = essential_len(ls->a[0].name);

	if (!tt || !is_any_enum(tt))
		return 0;
	for (int i = 0; i < btf_vlen(tt); i++) {
		const char *tn = name_of(tb, btf_is_enum(tt) ? btf_enum(tt)[i].name_off : btf_enum64(tt)[i].name_off);

		if (essential_len(tn) == ll && !strncmp(ls->a[0].name, tn, ll)) {
			ts->a[0] = (struct acc){ tid, (uint32_t)i, tn };
			ts->len = 1;
			return 1;
		}
	}
	return 0;
}

static int spec_match(const struct spec *ls, uint32_t kind, const struct btf *tb, uint32_t tid, struct spec *ts)
{
	memset(ts, 0, sizeof(*ts));
	ts->btf = tb;
	ts->root = tid;
	if (is_type(kind))
		return types_compat(ls->btf, ls->root, tb, tid, 32); /* TYPE_MATCHES: compat (approximation) */
	if (is_enumval(kind))
		return enum_count_match(ls, tb, tid, ts);
	for (int i = 0; i < ls->len; i++) {
		const struct acc *la = &ls->a[i];
		const struct btf_type *tt = skip(tb, tid, &tid);

		if (!tt)
			return -EINVAL;
		if (la->name) {
			int m = match_member(ls, la, tb, tid, ts, &tid, 0);

			if (m <= 0)
				return m;
			continue;
		}
		if (i > 0) {
			if (!btf_is_array(tt))
				return 0;
			const struct btf_array *arr = btf_array(tt);
			const struct acc *prev = &ts->a[ts->len - 1];
			bool flex = prev->name && arr->nelems == 0 &&
				    prev->idx + 1 == btf_vlen(btf__type_by_id(tb, prev->type_id));

			if (!flex && la->idx >= arr->nelems)
				return 0;
			if (!skip(tb, arr->type, &tid))
				return -EINVAL;
		}
		if (ts->len == SPEC_MAX)
			return -E2BIG;
		ts->a[ts->len++] = (struct acc){ tid, la->idx, NULL };
		long long sz = btf__resolve_size(tb, tid);

		if (sz < 0)
			return -EINVAL;
		ts->bit_off += (uint64_t)la->idx * (uint64_t)sz * 8;
	}
	return 1;
}

#define POISON 1

static int field_value(uint32_t kind, const struct spec *sp, uint64_t *val, uint32_t *fsz, uint32_t *tid,
		       bool *validate)
{
	*fsz = 0;
	if (kind == K_FIELD_EXISTS) {
		*val = sp ? 1 : 0;
		return 0;
	}
	if (!sp)
		return POISON;
	const struct acc *a = &sp->a[sp->len - 1];
	const struct btf_type *t = btf__type_by_id(sp->btf, a->type_id);

	if (!a->name) {
		long long sz = btf__resolve_size(sp->btf, a->type_id);

		if (sz < 0)
			return -EINVAL;
		if (kind == K_FIELD_BYTE_OFFSET) {
			*val = sp->bit_off / 8;
			*fsz = (uint32_t)sz;
			*tid = a->type_id;
		} else if (kind == K_FIELD_BYTE_SIZE) {
			*val = (uint64_t)sz;
		} else {
			return -EINVAL;
		}
		if (validate)
			*validate = true;
		return 0;
	}
	const struct btf_member *m = btf_members(t) + a->idx;
	uint32_t ftid;
	const struct btf_type *mt = skip(sp->btf, m->type, &ftid);
	uint64_t bit_off = sp->bit_off, bit_sz = btf_member_bitfield_size(t, a->idx), byte_sz, byte_off;
	bool bitfield = bit_sz > 0;

	if (!mt)
		return -EINVAL;
	if (bitfield) {
		byte_sz = mt->size;
		if (!byte_sz)
			return -EINVAL;
		byte_off = bit_off / 8 / byte_sz * byte_sz;
		while (bit_off + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return -E2BIG;
			byte_sz *= 2;
			byte_off = bit_off / 8 / byte_sz * byte_sz;
		}
	} else {
		long long sz = btf__resolve_size(sp->btf, ftid);

		if (sz < 0)
			return -EINVAL;
		byte_sz = (uint64_t)sz;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	if (validate)
		*validate = !bitfield;
	switch (kind) {
	case K_FIELD_BYTE_OFFSET:
		*val = byte_off;
		if (!bitfield) {
			*fsz = (uint32_t)byte_sz;
			*tid = ftid;
		}
		break;
	case K_FIELD_BYTE_SIZE:
		*val = byte_sz;
		break;
	case K_FIELD_SIGNED:
		*val = (is_any_enum(mt) && btf_kflag(mt)) || (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		if (validate)
			*validate = true;
		break;
	case K_FIELD_LSHIFT_U64:
		*val = 64 - (bit_off + bit_sz - byte_off * 8);
		break;
	case K_FIELD_RSHIFT_U64:
		*val = 64 - bit_sz;
		if (validate)
			*validate = true;
		break;
	default:
		return -ENOTSUP;
	}
	return 0;
}

static int type_value(uint32_t kind, const struct spec *sp, uint64_t *val, bool *validate)
{
	if (validate)
		*validate = true;
	if (!sp) {
		*val = 0;
		return 0;
	}
	switch (kind) {
	case K_TYPE_ID_TARGET:
		*val = sp->root;
		if (validate)
			*validate = false;
		return 0;
	case K_TYPE_EXISTS: case K_TYPE_MATCHES:
		*val = 1;
		return 0;
	case K_TYPE_SIZE: {
		long long sz = btf__resolve_size(sp->btf, sp->root);

		if (sz < 0)
			return -EINVAL;
		*val = (uint64_t)sz;
		return 0;
	}
	default:
		return -ENOTSUP;
	}
}

static int enum_value(uint32_t kind, const struct spec *sp, uint64_t *val)
{
	if (kind == K_ENUMVAL_EXISTS) {
		*val = sp ? 1 : 0;
		return 0;
	}
	if (!sp)
		return POISON;
	const struct btf_type *t = btf__type_by_id(sp->btf, sp->a[0].type_id);

	if (btf_is_enum(t))
		*val = (uint64_t)(int64_t)btf_enum(t)[sp->a[0].idx].val;
	else
		*val = btf_enum64_value(btf_enum64(t) + sp->a[0].idx);
	return 0;
}

static int calc(uint32_t kind, const struct spec *ls, const struct spec *ts, struct res *r)
{
	int e;

	memset(r, 0, sizeof(*r));
	r->validate = true;
	if (is_field(kind)) {
		e = field_value(kind, ls, &r->orig, &r->orig_sz, &r->orig_tid, &r->validate);
		if (!e)
			e = field_value(kind, ts, &r->val, &r->new_sz, &r->new_tid, NULL);
		if (!e && r->orig_sz != r->new_sz) {
			const struct btf_type *ot = btf__type_by_id(ls->btf, r->orig_tid);
			const struct btf_type *nt = btf__type_by_id(ts->btf, r->new_tid);

			if (!(ot && nt && btf_is_ptr(ot) && btf_is_ptr(nt)) &&
			    !(ot && nt && btf_is_int(ot) && btf_is_int(nt) && btf_int_encoding(ot) != BTF_INT_SIGNED &&
			      btf_int_encoding(nt) != BTF_INT_SIGNED))
				r->bad_memsz = true;
		}
	} else if (is_type(kind)) {
		e = type_value(kind, ls, &r->orig, &r->validate);
		if (!e)
			e = type_value(kind, ts, &r->val, NULL);
	} else {
		e = enum_value(kind, ls, &r->orig);
		if (!e)
			e = enum_value(kind, ts, &r->val);
	}
	if (e == POISON) {
		r->poison = true;
		e = 0;
	}
	return e;
}

static void poison(struct bpfsim_insn *in, int n)
{
	for (int i = 0; i < n; i++)
		in[i] = (struct bpfsim_insn){ 0x85, 0, 0, 0, 195896080 }; /* call 0xbad2310 */
}

static int size_code(uint32_t bytes)
{
	switch (bytes) {
	case 8: return 0x18;
	case 4: return 0x00;
	case 2: return 0x08;
	case 1: return 0x10;
	default: return -1;
	}
}

static uint32_t size_bytes(uint8_t code)
{
	switch (code & 0x18) {
	case 0x18: return 8;
	case 0x00: return 4;
	case 0x08: return 2;
	default: return 1;
	}
}

/* Patch in[0] (n slots available). Returns 0 or a message via err. */
static int patch(struct bpfsim_insn *in, size_t avail, const struct res *r, const char **why)
{
	uint8_t cls = in->code & 7;

	switch (cls) {
	case 4: case 7: /* ALU, ALU64 */
		if (in->code & 0x08) {
			*why = "not an ALU instruction with an immediate";
			return -EINVAL;
		}
		if (r->poison) {
			poison(in, 1);
			return 0;
		}
		if (r->validate && (uint64_t)(uint32_t)in->imm != (r->orig & 0xffffffffu)) {
			*why = "the instruction's immediate is not the value the object's own BTF gives";
			return -EINVAL;
		}
		in->imm = (int32_t)r->val;
		return 0;
	case 1: case 2: case 3: /* LDX, ST, STX */
		if (r->poison) {
			poison(in, 1);
			return 0;
		}
		if (r->validate && (int64_t)in->off != (int64_t)r->orig) {
			*why = "the instruction's offset is not the value the object's own BTF gives";
			return -EINVAL;
		}
		if (r->val > INT16_MAX) {
			*why = "the new offset does not fit an instruction";
			return -ERANGE;
		}
		if (r->bad_memsz) {
			poison(in, 1);
			return 0;
		}
		in->off = (int16_t)r->val;
		if (r->new_sz != r->orig_sz) {
			int sc = size_code(r->new_sz);

			if (size_bytes(in->code) != r->orig_sz || sc < 0) {
				*why = "the access size cannot be adjusted to the target field's size";
				return -EINVAL;
			}
			in->code = (uint8_t)((in->code & 0xe7) | sc);
		}
		return 0;
	case 0: /* ld_imm64 */
		if (in->code != 0x18 || avail < 2 || in->src || in->off || in[1].code || in[1].dst || in[1].src ||
		    in[1].off) {
			*why = "ld_imm64 has an unexpected form";
			return -EINVAL;
		}
		if (r->poison) {
			poison(in, 2);
			return 0;
		}
		if (r->validate && bpfsim_insn_imm64(&in[0], &in[1]) != r->orig) {
			*why = "the instruction's 64-bit value is not the value the object's own BTF gives";
			return -EINVAL;
		}
		in[0].imm = (int32_t)(uint32_t)r->val;
		in[1].imm = (int32_t)(uint32_t)(r->val >> 32);
		return 0;
	default:
		*why = "CO-RE relocation on an instruction that cannot carry one";
		return -EINVAL;
	}
}

static int relo_one(struct bpfsim_object *obj, const struct objcore *c, size_t k, struct bpfsim_err *err)
{
	const struct btf *lb = obj->btf, *tb = obj->target_btf;
	const struct bpfsim_elf_sec *sec = bpfsim_elf_sec(obj->elf, c->sec_idx);
	const char *acc = btf__name_by_offset(lb, c->access_str_off);
	const struct btf_type *lt = btf__type_by_id(lb, c->type_id);
	const char *lname = lt ? name_of(lb, lt->name_off) : "";
	const char *kname = c->kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[c->kind] : "unknown";
	struct spec *ls = calloc(3, sizeof(*ls)), *cs = ls + 1, *ts = ls + 2;
	struct res r = { 0 }, cr;
	int ret = 0, matches = 0;
	const char *why = NULL;

#define FAIL(code, ...) do { ret = bpfsim_errf(err, code, __VA_ARGS__); goto out; } while (0)
	if (!ls)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", obj->name);
	if (!lt || !acc)
		FAIL(-EINVAL, "%s: CO-RE relocation #%zu in %s: invalid local type %u or access string", obj->name, k,
		     sec->name, c->type_id);
	if (c->kind > K_TYPE_MATCHES)
		FAIL(-ENOTSUP, "%s: CO-RE relocation #%zu in %s: unknown kind %u", obj->name, k, sec->name, c->kind);
	if (parse_local(lb, c->type_id, acc, c->kind, ls))
		FAIL(-EINVAL, "%s: CO-RE relocation #%zu (%s) in %s: access \"%s\" does not fit local type [%u] %s",
		     obj->name, k, kname, sec->name, acc, c->type_id, lname);
	if (c->kind == K_TYPE_ID_LOCAL) {
		r.orig = r.val = c->type_id;
		r.validate = false;
	} else {
		if (!*lname)
			FAIL(-ENOTSUP, "%s: CO-RE relocation #%zu (%s) in %s: anonymous local type [%u] (libbpf refuses these too)",
			     obj->name, k, kname, sec->name, c->type_id);
		size_t el = essential_len(lname);
		uint32_t n = btf__type_cnt(tb);

		for (uint32_t id = 1; id < n; id++) {
			const struct btf_type *tt = btf__type_by_id(tb, id);
			const char *tn;

			if (!kinds_compat(lt, tt))
				continue;
			tn = name_of(tb, tt->name_off);
			if (!*tn || essential_len(tn) != el || strncmp(tn, lname, el))
				continue;
			int m = spec_match(ls, c->kind, tb, id, cs);

			if (m < 0)
				FAIL(-EINVAL, "%s: CO-RE relocation #%zu (%s) in %s: error matching target type [%u] %s",
				     obj->name, k, kname, sec->name, id, tn);
			if (m == 0)
				continue;
			int e = calc(c->kind, ls, cs, &cr);

			if (e)
				FAIL(e, "%s: CO-RE relocation #%zu (%s) in %s for %s \"%s\": cannot compute it", obj->name, k,
				     kname, sec->name, lname, acc);
			if (matches == 0) {
				r = cr;
				*ts = *cs;
			} else if (cs->bit_off != ts->bit_off || cr.poison != r.poison || cr.val != r.val) {
				FAIL(-EINVAL, "%s: CO-RE relocation #%zu (%s) in %s for %s \"%s\": target types disagree (ambiguous)",
				     obj->name, k, kname, sec->name, lname, acc);
			}
			matches++;
		}
		if (matches == 0) {
			int e = calc(c->kind, ls, NULL, &r);

			if (e)
				FAIL(e, "%s: CO-RE relocation #%zu (%s) in %s for %s \"%s\": cannot compute it", obj->name, k,
				     kname, sec->name, lname, acc);
		}
	}
	size_t nins = sec->size / BPFSIM_INSN_SIZE;

	if (c->insn >= nins)
		FAIL(-EINVAL, "%s: CO-RE relocation #%zu in %s is past the end of the section", obj->name, k, sec->name);
	ret = patch(&obj->code[c->sec_idx][c->insn], nins - c->insn, &r, &why);
	if (ret)
		FAIL(ret, "%s: CO-RE relocation #%zu (%s) at instruction %u of %s for %s \"%s\": %s", obj->name, k, kname,
		     c->insn, sec->name, lname, acc, why ? why : "cannot patch");
out:
#undef FAIL
	free(ls);
	return ret;
}

int bpfsim_obj_target_btf(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	if (obj->target_btf)
		return 0;
	const char *path = obj->btf_path ? obj->btf_path : "/sys/kernel/btf/vmlinux";

	errno = 0;
	obj->target_btf = btf__parse(path, NULL);
	if (!obj->target_btf) {
		int e = errno ? errno : EINVAL;

		obj->target_btf = NULL;
		return bpfsim_errf(err, obj->btf_path ? -EINVAL : -ENOTSUP,
				   "%s: needs the target kernel's BTF (CO-RE relocations or externs) but %s cannot be read (%s)%s",
				   obj->name, path, strerror(e), obj->btf_path ? "" : "; name one with --btf FILE");
	}
	const char *why;
	uint32_t bad;

	if (bpfsim_btf_check(obj->target_btf, &why, &bad)) {
		btf__free(obj->target_btf);
		obj->target_btf = NULL;
		return bpfsim_errf(err, -EINVAL, "%s: target BTF %s is invalid: type %u %s", obj->name, path, bad, why);
	}
	return 0;
}

int bpfsim_obj_core_relocate(struct bpfsim_object *obj, struct bpfsim_err *err)
{
	if (!obj->core_cnt)
		return 0;
	int ret = bpfsim_obj_target_btf(obj, err);

	if (ret)
		return ret;
	for (size_t k = 0; k < obj->core_cnt; k++) {
		ret = relo_one(obj, &obj->cores[k], k, err);
		if (ret)
			return ret;
	}
	return 0;
}
