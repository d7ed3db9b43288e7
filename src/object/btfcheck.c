/* SPDX-License-Identifier: Apache-2.0 */
/*
 * src/object/btfcheck.c: structural checks on BTF that libbpf 1.1's
 * btf__new() does not do, so that its helpers (btf__resolve_size,
 * btf__align_of, ...) and ours never follow a dangling type id or loop:
 *
 *   - every type id a type refers to (pointee, typedef/modifier target,
 *     array element and index, member, parameter and return types, VAR and
 *     DATASEC entries, tags) exists;
 *   - DATASEC entries are VARs or FUNCs, FUNCs point at FUNC_PROTOs;
 *   - "by value" containment (typedef/modifier/tag -> target, array ->
 *     element, struct/union -> members, VAR -> type, DATASEC -> VARs) has no
 *     cycle and no chain deeper than MAX_DEPTH (libbpf recurses along it).
 *
 * Algorithm: one pass for the references, then an iterative depth-first
 * search over containment edges with three colours (white, on stack, done)
 * and the depth of the longest chain below each type memoised.
 * Example: "typedef A A;" (type 1 -> 1) is a cycle: rejected, where
 * btf__align_of() would recurse forever.
 */
#include "object/object_priv.h"

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>

#define MAX_DEPTH 256

static bool id_ok(uint32_t id, uint32_t n) { return id < n; }

/* Containment children of t, through a callback-free small iterator. */
struct kids {
	const struct btf_type *t;
	int i;
};

static bool next_kid(struct kids *k, uint32_t *out)
{
	const struct btf_type *t = k->t;

	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST: case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR:
		if (k->i++)
			return false;
		*out = t->type;
		return true;
	case BTF_KIND_ARRAY:
		if (k->i++)
			return false;
		*out = btf_array(t)->type;
		return true;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		if (k->i >= btf_vlen(t))
			return false;
		*out = btf_members(t)[k->i++].type;
		return true;
	case BTF_KIND_DATASEC:
		if (k->i >= btf_vlen(t))
			return false;
		*out = btf_var_secinfos(t)[k->i++].type;
		return true;
	default:
		return false;
	}
}

int bpfsim_btf_check(const struct btf *btf, const char **why, uint32_t *bad)
{
	uint32_t n = btf__type_cnt(btf);

	*why = NULL;
	*bad = 0;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		bool ok = true;

		*bad = id;
		if (!t) {
			*why = "type missing";
			return -EINVAL;
		}
		switch (btf_kind(t)) {
		case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG: case BTF_KIND_VAR: case BTF_KIND_DECL_TAG:
			ok = id_ok(t->type, n);
			break;
		case BTF_KIND_FUNC: {
			const struct btf_type *p = id_ok(t->type, n) ? btf__type_by_id(btf, t->type) : NULL;

			ok = p && btf_is_func_proto(p);
			break;
		}
		case BTF_KIND_ARRAY:
			ok = id_ok(btf_array(t)->type, n) && id_ok(btf_array(t)->index_type, n);
			break;
		case BTF_KIND_STRUCT: case BTF_KIND_UNION:
			for (int i = 0; i < btf_vlen(t) && ok; i++)
				ok = id_ok(btf_members(t)[i].type, n);
			break;
		case BTF_KIND_FUNC_PROTO:
			ok = id_ok(t->type, n);
			for (int i = 0; i < btf_vlen(t) && ok; i++)
				ok = id_ok(btf_params(t)[i].type, n);
			break;
		case BTF_KIND_DATASEC:
			for (int i = 0; i < btf_vlen(t) && ok; i++) {
				uint32_t v = btf_var_secinfos(t)[i].type;
				const struct btf_type *vt = id_ok(v, n) ? btf__type_by_id(btf, v) : NULL;

				ok = vt && (btf_is_var(vt) || btf_is_func(vt));
			}
			break;
		default:
			break;
		}
		if (!ok) {
			*why = "refers to a type that does not exist or has the wrong kind";
			return -EINVAL;
		}
	}
	/* Cycles and depth along containment edges. */
	uint8_t *color = calloc(n, 1);
	uint16_t *depth = calloc(n, sizeof(*depth));
	struct kids *stack = calloc(MAX_DEPTH + 2, sizeof(*stack));
	uint32_t *ids = calloc(MAX_DEPTH + 2, sizeof(*ids));
	int ret = 0;

	if (!color || !depth || !stack || !ids) {
		ret = -ENOMEM;
		*why = "out of memory";
		goto out;
	}
	for (uint32_t root = 1; root < n && !ret; root++) {
		int sp = 0;

		if (color[root])
			continue;
		color[root] = 1;
		stack[0] = (struct kids){ btf__type_by_id(btf, root), 0 };
		ids[0] = root;
		while (sp >= 0) {
			uint32_t c;

			if (next_kid(&stack[sp], &c)) {
				if (c == 0)
					continue;
				if (color[c] == 1) {
					*bad = c;
					*why = "contains itself (a type cycle)";
					ret = -EINVAL;
					break;
				}
				if (color[c] == 2) {
					if (depth[c] + 1 > depth[ids[sp]])
						depth[ids[sp]] = depth[c] + 1;
					continue;
				}
				if (sp + 1 > MAX_DEPTH) {
					*bad = c;
					*why = "nests types too deeply";
					ret = -EINVAL;
					break;
				}
				color[c] = 1;
				sp++;
				stack[sp] = (struct kids){ btf__type_by_id(btf, c), 0 };
				ids[sp] = c;
				continue;
			}
			uint32_t done = ids[sp];

			color[done] = 2;
			if (depth[done] > MAX_DEPTH) {
				*bad = done;
				*why = "nests types too deeply";
				ret = -EINVAL;
				break;
			}
			if (--sp >= 0 && depth[done] + 1 > depth[ids[sp]])
				depth[ids[sp]] = depth[done] + 1;
		}
	}
out:
	free(color);
	free(depth);
	free(stack);
	free(ids);
	return ret;
}
