/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vector.c: a loaded program as a program vector (../shared/formats/vectors.md):
 * its type, expected attach type, flags, the maps it refers to (index j of
 * its own map list, as its ld_imm64 references carry) and its final
 * instructions. Used by `bpfsim export`, and wherever an object's program is
 * handed to a vectors consumer (verifier, oracle, VM).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/object.h"
#include "bpfsim/vectors.h"

/* Fill m from d (and its inner map, recursively). 0 or -ENOMEM. */
static int copy_map(const struct bpfsim_map_def *d, struct bpfsim_vec_map *m)
{
	memset(m, 0, sizeof(*m));
	m->name = strdup(d->name ? d->name : "");
	if (!m->name)
		return -ENOMEM;
	m->type = (int)d->type;
	m->key_size = d->key_size;
	m->value_size = d->value_size;
	m->max_entries = d->max_entries;
	m->flags = d->map_flags;
	if (d->inner) {
		m->inner_map = calloc(1, sizeof(*m->inner_map));
		if (!m->inner_map || copy_map(d->inner, m->inner_map))
			return -ENOMEM;
	}
	return 0;
}

int bpfsim_prog__to_vector(const struct bpfsim_prog *p, struct bpfsim_vector *v, struct bpfsim_err *err)
{
	size_t n = 0;
	const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);
	uint8_t *raw = malloc(n ? n * 8 : 1);
	int ret = 0;

	bpfsim_vector_init(v);
	if (!raw)
		return bpfsim_errf(err, -ENOMEM, "%s: out of memory", bpfsim_prog__name(p));
	v->name = strdup(bpfsim_prog__name(p));
	v->prog_type = (int)bpfsim_prog__type(p);
	v->expected_attach_type = bpfsim_prog__has_attach_type(p) ? (int)bpfsim_prog__expected_attach_type(p) : -1;
	v->prog_flags = bpfsim_prog__flags(p);
	v->nr_maps = bpfsim_prog__map_cnt(p);
	v->maps = calloc(v->nr_maps ? v->nr_maps : 1, sizeof(*v->maps));
	if (!v->name || !v->maps)
		ret = -ENOMEM;
	for (size_t j = 0; !ret && j < v->nr_maps; j++)
		ret = copy_map(bpfsim_prog__map(p, j), &v->maps[j]);
	if (ret) {
		free(raw);
		bpfsim_vector_free(v);
		return bpfsim_errf(err, ret, "%s: out of memory", bpfsim_prog__name(p));
	}
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_encode(&in[i], raw + i * 8);
	ret = bpfsim_vector_set_insns(v, raw, n * 8, err);
	if (!ret)
		ret = bpfsim_vector_compute_map_refs(v, err);
	free(raw);
	if (ret)
		bpfsim_vector_free(v);
	return ret;
}
