/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vectors.c: read and write program vectors (../shared/formats/vectors.md).
 *
 * Reading: the reader takes one line at a time (getline, so lines may be of
 * any length), skips blank lines, and hands the line to bpfsim_vector_parse,
 * which parses it with json-c in strict mode and then walks the object key by
 * key. Every check that fails produces one message naming the input
 * ("file.jsonl:7: maps[1].type: unknown map type \"hashh\"") and makes that
 * line invalid; the reader then goes on with the next line. Whatever was
 * read before the failure (in particular the name) stays in the vector so
 * the caller can name the line in its output.
 *
 * Invariants of a successfully parsed vector:
 *   - raw_len == nr_insns * 8 and nr_insns >= 1; insns[i] is raw[8i..8i+7]
 *     decoded with bpfsim_insn_decode (no further ISA validation: a vector
 *     may deliberately hold an invalid instruction, the verifier judges it);
 *   - prog_type and every map type are known values of names.h;
 *   - kernel.insns_processed is -1 when absent, kernel.err is the errno of
 *     kernel.errno_name when that name is known.
 * Unknown top-level keys are kept in `extra` (JSON text) and written back
 * after the known ones, so reading then writing a vector loses nothing.
 *
 * Writing builds a json-c object in the documented key order and prints it
 * in json-c's plain (no whitespace) style, one line per vector.
 */
#include "bpfsim/vectors.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#define MAX_INNER_DEPTH 4

/* ---------------------------------------------------------------- hex */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *bpfsim_hex_encode(const uint8_t *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(len * 2 + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		s[2 * i] = digits[data[i] >> 4];
		s[2 * i + 1] = digits[data[i] & 15];
	}
	s[len * 2] = 0;
	return s;
}

int bpfsim_hex_decode(const char *hex, size_t hexlen, uint8_t **out, size_t *len)
{
	uint8_t *buf;

	*out = NULL;
	*len = 0;
	if (hexlen % 2)
		return -EINVAL;
	for (size_t i = 0; i < hexlen; i++)
		if (hexval(hex[i]) < 0)
			return -EINVAL;
	if (!hexlen)
		return 0;
	buf = malloc(hexlen / 2);
	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < hexlen / 2; i++)
		buf[i] = (uint8_t)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
	*out = buf;
	*len = hexlen / 2;
	return 0;
}

/* Index of the first non-hex character, or hexlen. */
static size_t first_non_hex(const char *hex, size_t hexlen)
{
	size_t i = 0;

	while (i < hexlen && hexval(hex[i]) >= 0)
		i++;
	return i;
}

/* ------------------------------------------------------- init / free */

static const char *const verdict_names[] = {
	[BPFSIM_VEC_NONE] = NULL,
	[BPFSIM_VEC_ACCEPT] = "accept",
	[BPFSIM_VEC_REJECT] = "reject",
	[BPFSIM_VEC_UNSUPPORTED] = "unsupported",
	[BPFSIM_VEC_INVALID] = "invalid",
};

const char *bpfsim_vec_verdict_name(enum bpfsim_vec_verdict v)
{
	if ((unsigned)v >= sizeof(verdict_names) / sizeof(verdict_names[0]))
		return NULL;
	return verdict_names[v];
}

enum bpfsim_vec_verdict bpfsim_vec_verdict_from_name(const char *name)
{
	if (!name)
		return BPFSIM_VEC_NONE;
	for (size_t i = 1; i < sizeof(verdict_names) / sizeof(verdict_names[0]); i++)
		if (!strcmp(verdict_names[i], name))
			return (enum bpfsim_vec_verdict)i;
	return BPFSIM_VEC_NONE;
}

void bpfsim_vector_init(struct bpfsim_vector *v)
{
	memset(v, 0, sizeof(*v));
	v->expected_attach_type = -1;
	v->kernel.insns_processed = -1;
}

static void map_free(struct bpfsim_vec_map *m)
{
	if (!m)
		return;
	free(m->name);
	if (m->inner_map) {
		map_free(m->inner_map);
		free(m->inner_map);
	}
	memset(m, 0, sizeof(*m));
}

void bpfsim_vec_kernel_free(struct bpfsim_vec_kernel *k)
{
	free(k->release);
	free(k->errno_name);
	free(k->error);
	for (size_t i = 0; i < k->nr_runs; i++)
		free(k->runs[i].data);
	free(k->runs);
	memset(k, 0, sizeof(*k));
	k->insns_processed = -1;
}

void bpfsim_vector_free(struct bpfsim_vector *v)
{
	if (!v)
		return;
	free(v->name);
	for (size_t i = 0; i < v->nr_maps; i++)
		map_free(&v->maps[i]);
	free(v->maps);
	free(v->map_refs);
	free(v->raw);
	free(v->insns);
	bpfsim_vec_kernel_free(&v->kernel);
	free(v->extra);
	bpfsim_vector_init(v);
}

int bpfsim_vector_set_insns(struct bpfsim_vector *v, const uint8_t *raw, size_t len,
			    struct bpfsim_err *err)
{
	uint8_t *r;
	struct bpfsim_insn *in;
	size_t n = len / BPFSIM_INSN_SIZE;

	if (len % BPFSIM_INSN_SIZE)
		return bpfsim_errf(err, -EINVAL, "instructions: %zu bytes is not a multiple of 8", len);
	r = malloc(len ? len : 1);
	in = calloc(n ? n : 1, sizeof(*in));
	if (!r || !in) {
		free(r);
		free(in);
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	}
	if (len)
		memcpy(r, raw, len);
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_decode(r + i * BPFSIM_INSN_SIZE, &in[i]);
	free(v->raw);
	free(v->insns);
	v->raw = r;
	v->raw_len = len;
	v->insns = in;
	v->nr_insns = n;
	return 0;
}

int bpfsim_vector_compute_map_refs(struct bpfsim_vector *v, struct bpfsim_err *err)
{
	struct bpfsim_vec_map_ref *refs = NULL;
	size_t n = 0;

	for (size_t i = 0; i < v->nr_insns; i++) {
		const struct bpfsim_insn *in = &v->insns[i];

		if (in->code != 0x18)
			continue;
		if (in->src == BPFSIM_PSEUDO_MAP_FD || in->src == BPFSIM_PSEUDO_MAP_VALUE) {
			struct bpfsim_vec_map_ref *p = realloc(refs, (n + 1) * sizeof(*refs));

			if (!p) {
				free(refs);
				return bpfsim_errf(err, -ENOMEM, "out of memory");
			}
			refs = p;
			refs[n].insn = (uint32_t)i;
			refs[n].map = (uint32_t)in->imm;
			n++;
		}
		i++; /* skip the second slot */
	}
	free(v->map_refs);
	v->map_refs = refs;
	v->nr_map_refs = n;
	return 0;
}

/* ------------------------------------------------------------ parsing */

struct pctx {
	const char *label;
	struct bpfsim_err *err;
};

__attribute__((format(printf, 2, 3)))
static int bad(struct pctx *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->label)
		return bpfsim_errf(p->err, -EINVAL, "%s: %s", p->label, msg);
	return bpfsim_errf(p->err, -EINVAL, "%s", msg);
}

static const char *type_word(struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a fractional number";
	case json_type_int: return "an integer";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

/* Integer in [lo, hi]; a JSON number with a fraction or exponent is refused. */
static int get_int(struct pctx *p, struct json_object *o, const char *what, int64_t lo, int64_t hi,
		   int64_t *out)
{
	int64_t v;

	if (!json_object_is_type(o, json_type_int))
		return bad(p, "%s: expected an integer, got %s", what, type_word(o));
	errno = 0;
	v = json_object_get_int64(o);
	if (v == INT64_MAX && json_object_get_uint64(o) > (uint64_t)INT64_MAX)
		return bad(p, "%s: %" PRIu64 " is out of range", what, json_object_get_uint64(o));
	if (v < lo || v > hi)
		return bad(p, "%s: %" PRId64 " is out of range [%" PRId64 ", %" PRId64 "]", what, v, lo, hi);
	*out = v;
	return 0;
}

static int get_u32(struct pctx *p, struct json_object *o, const char *what, uint32_t *out)
{
	int64_t v;
	int rc = get_int(p, o, what, 0, UINT32_MAX, &v);

	if (!rc)
		*out = (uint32_t)v;
	return rc;
}

/* A string, or NULL when the value is JSON null and null_ok. */
static int get_str(struct pctx *p, struct json_object *o, const char *what, bool null_ok, char **out)
{
	*out = NULL;
	if (null_ok && json_object_is_type(o, json_type_null))
		return 0;
	if (!json_object_is_type(o, json_type_string))
		return bad(p, "%s: expected a string%s, got %s", what, null_ok ? " or null" : "",
			   type_word(o));
	*out = strdup(json_object_get_string(o));
	if (!*out)
		return bpfsim_errf(p->err, -ENOMEM, "out of memory");
	return 0;
}

static int parse_map(struct pctx *p, struct json_object *o, const char *what, int depth,
		     struct bpfsim_vec_map *m)
{
	char sub[96];
	struct json_object *t;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, "%s: expected an object, got %s", what, type_word(o));
	if (!json_object_object_get_ex(o, "type", &t))
		return bad(p, "%s: missing \"type\"", what);
	snprintf(sub, sizeof(sub), "%s.type", what);
	if (!json_object_is_type(t, json_type_string))
		return bad(p, "%s: expected a string, got %s", sub, type_word(t));
	m->type = bpfsim_map_type_from_name(json_object_get_string(t));
	if (m->type < 0)
		return bad(p, "%s: unknown map type \"%.64s\"", sub, json_object_get_string(t));

	json_object_object_foreach(o, key, val) {
		snprintf(sub, sizeof(sub), "%s.%.32s", what, key);
		if (!strcmp(key, "key_size"))
			rc = get_u32(p, val, sub, &m->key_size);
		else if (!strcmp(key, "value_size"))
			rc = get_u32(p, val, sub, &m->value_size);
		else if (!strcmp(key, "max_entries"))
			rc = get_u32(p, val, sub, &m->max_entries);
		else if (!strcmp(key, "flags"))
			rc = get_u32(p, val, sub, &m->flags);
		else if (!strcmp(key, "name")) {
			free(m->name);
			rc = get_str(p, val, sub, true, &m->name);
		} else if (!strcmp(key, "inner_map")) {
			if (json_object_is_type(val, json_type_null))
				continue;
			if (depth >= MAX_INNER_DEPTH)
				return bad(p, "%s: map-in-map nested deeper than %d", sub, MAX_INNER_DEPTH);
			if (m->inner_map)
				continue;
			m->inner_map = calloc(1, sizeof(*m->inner_map));
			if (!m->inner_map)
				return bpfsim_errf(p->err, -ENOMEM, "out of memory");
			rc = parse_map(p, val, sub, depth + 1, m->inner_map);
		} else
			continue; /* "type" (done above) and unknown keys */
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_maps(struct pctx *p, struct json_object *a, struct bpfsim_vector *v)
{
	size_t n;

	if (!json_object_is_type(a, json_type_array))
		return bad(p, "maps: expected an array, got %s", type_word(a));
	n = json_object_array_length(a);
	if (!n)
		return 0;
	v->maps = calloc(n, sizeof(*v->maps));
	if (!v->maps)
		return bpfsim_errf(p->err, -ENOMEM, "out of memory");
	v->nr_maps = n;
	for (size_t i = 0; i < n; i++) {
		char what[32];
		int rc;

		snprintf(what, sizeof(what), "maps[%zu]", i);
		rc = parse_map(p, json_object_array_get_idx(a, i), what, 0, &v->maps[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_map_refs(struct pctx *p, struct json_object *a, struct bpfsim_vector *v)
{
	size_t n;

	if (!json_object_is_type(a, json_type_array))
		return bad(p, "map_refs: expected an array, got %s", type_word(a));
	n = json_object_array_length(a);
	if (!n)
		return 0;
	v->map_refs = calloc(n, sizeof(*v->map_refs));
	if (!v->map_refs)
		return bpfsim_errf(p->err, -ENOMEM, "out of memory");
	v->nr_map_refs = n;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i), *f;
		char what[48];
		int rc;

		if (!json_object_is_type(e, json_type_object))
			return bad(p, "map_refs[%zu]: expected an object, got %s", i, type_word(e));
		snprintf(what, sizeof(what), "map_refs[%zu].insn", i);
		if (!json_object_object_get_ex(e, "insn", &f))
			return bad(p, "%s: missing", what);
		rc = get_u32(p, f, what, &v->map_refs[i].insn);
		if (rc)
			return rc;
		snprintf(what, sizeof(what), "map_refs[%zu].map", i);
		if (!json_object_object_get_ex(e, "map", &f))
			return bad(p, "%s: missing", what);
		rc = get_u32(p, f, what, &v->map_refs[i].map);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_insns(struct pctx *p, struct json_object *o, struct bpfsim_vector *v)
{
	const char *hex;
	size_t len, at;
	uint8_t *raw;
	size_t rawlen;
	int rc;

	if (!json_object_is_type(o, json_type_string))
		return bad(p, "insns: expected a hex string, got %s", type_word(o));
	hex = json_object_get_string(o);
	len = (size_t)json_object_get_string_len(o);
	if (!len)
		return bad(p, "insns: empty (a program has at least one instruction)");
	at = first_non_hex(hex, len);
	if (at < len)
		return bad(p, "insns: not a hex digit at offset %zu", at);
	if (len % 16)
		return bad(p, "insns: %zu hex digits is not a multiple of 16 (8 bytes per instruction)", len);
	rc = bpfsim_hex_decode(hex, len, &raw, &rawlen);
	if (rc)
		return bpfsim_errf(p->err, rc, "out of memory");
	rc = bpfsim_vector_set_insns(v, raw, rawlen, p->err);
	free(raw);
	return rc;
}

static int parse_runs(struct pctx *p, struct json_object *a, struct bpfsim_vec_kernel *k)
{
	size_t n;

	if (!json_object_is_type(a, json_type_array))
		return bad(p, "kernel.runs: expected an array, got %s", type_word(a));
	k->has_runs = true;
	n = json_object_array_length(a);
	if (!n)
		return 0;
	k->runs = calloc(n, sizeof(*k->runs));
	if (!k->runs)
		return bpfsim_errf(p->err, -ENOMEM, "out of memory");
	k->nr_runs = n;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i), *f;
		char what[48];
		const char *hex;
		size_t len;
		int rc;

		if (!json_object_is_type(e, json_type_object))
			return bad(p, "kernel.runs[%zu]: expected an object, got %s", i, type_word(e));
		snprintf(what, sizeof(what), "kernel.runs[%zu].data", i);
		if (!json_object_object_get_ex(e, "data", &f))
			return bad(p, "%s: missing", what);
		if (!json_object_is_type(f, json_type_string))
			return bad(p, "%s: expected a hex string, got %s", what, type_word(f));
		hex = json_object_get_string(f);
		len = (size_t)json_object_get_string_len(f);
		if (first_non_hex(hex, len) < len)
			return bad(p, "%s: not a hex digit at offset %zu", what, first_non_hex(hex, len));
		if (len % 2)
			return bad(p, "%s: odd number of hex digits (%zu)", what, len);
		rc = bpfsim_hex_decode(hex, len, &k->runs[i].data, &k->runs[i].data_len);
		if (rc)
			return bpfsim_errf(p->err, rc, "out of memory");
		snprintf(what, sizeof(what), "kernel.runs[%zu].retval", i);
		if (!json_object_object_get_ex(e, "retval", &f))
			return bad(p, "%s: missing", what);
		rc = get_int(p, f, what, INT64_MIN, INT64_MAX, &k->runs[i].retval);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_kernel(struct pctx *p, struct json_object *o, struct bpfsim_vec_kernel *k)
{
	int rc = 0;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, "kernel: expected an object, got %s", type_word(o));
	k->present = true;
	json_object_object_foreach(o, key, val) {
		if (!strcmp(key, "release")) {
			free(k->release);
			rc = get_str(p, val, "kernel.release", true, &k->release);
		} else if (!strcmp(key, "verdict")) {
			const char *s;

			if (!json_object_is_type(val, json_type_string))
				return bad(p, "kernel.verdict: expected a string, got %s", type_word(val));
			s = json_object_get_string(val);
			k->verdict = bpfsim_vec_verdict_from_name(s);
			if (k->verdict != BPFSIM_VEC_ACCEPT && k->verdict != BPFSIM_VEC_REJECT)
				return bad(p, "kernel.verdict: \"%.32s\" is not \"accept\" or \"reject\"", s);
		} else if (!strcmp(key, "errno")) {
			free(k->errno_name);
			rc = get_str(p, val, "kernel.errno", true, &k->errno_name);
			k->err = 0;
			if (!rc && k->errno_name) {
				int e = bpfsim_errno_from_name(k->errno_name);

				k->err = e > 0 ? e : 0;
			}
		} else if (!strcmp(key, "error")) {
			free(k->error);
			rc = get_str(p, val, "kernel.error", true, &k->error);
		} else if (!strcmp(key, "insns_processed")) {
			if (json_object_is_type(val, json_type_null))
				k->insns_processed = -1;
			else
				rc = get_int(p, val, "kernel.insns_processed", 0, INT64_MAX, &k->insns_processed);
		} else if (!strcmp(key, "runs")) {
			if (k->has_runs)
				continue;
			rc = parse_runs(p, val, k);
		}
		if (rc)
			return rc;
	}
	return 0;
}

static const char *const known_keys[] = {
	"name", "prog_type", "expected_attach_type", "prog_flags", "maps", "map_refs", "insns", "kernel",
};

static bool is_known_key(const char *key)
{
	for (size_t i = 0; i < sizeof(known_keys) / sizeof(known_keys[0]); i++)
		if (!strcmp(known_keys[i], key))
			return true;
	return false;
}

static int parse_object(struct pctx *p, struct json_object *o, struct bpfsim_vector *v)
{
	struct json_object *f, *extra = NULL;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, "expected a JSON object, got %s", type_word(o));

	/* The name first, so that every later failure can be attributed. */
	if (!json_object_object_get_ex(o, "name", &f))
		return bad(p, "missing \"name\"");
	rc = get_str(p, f, "name", false, &v->name);
	if (rc)
		return rc;

	if (!json_object_object_get_ex(o, "prog_type", &f))
		return bad(p, "missing \"prog_type\"");
	if (!json_object_is_type(f, json_type_string))
		return bad(p, "prog_type: expected a string, got %s", type_word(f));
	v->prog_type = bpfsim_prog_type_from_name(json_object_get_string(f));
	if (v->prog_type < 0)
		return bad(p, "prog_type: unknown program type \"%.64s\"", json_object_get_string(f));

	if (json_object_object_get_ex(o, "expected_attach_type", &f) &&
	    !json_object_is_type(f, json_type_null)) {
		if (!json_object_is_type(f, json_type_string))
			return bad(p, "expected_attach_type: expected a string or null, got %s", type_word(f));
		v->expected_attach_type = bpfsim_attach_type_from_name(json_object_get_string(f));
		if (v->expected_attach_type < 0)
			return bad(p, "expected_attach_type: unknown attach type \"%.64s\"",
				   json_object_get_string(f));
	}

	if (json_object_object_get_ex(o, "prog_flags", &f)) {
		rc = get_u32(p, f, "prog_flags", &v->prog_flags);
		if (rc)
			return rc;
	}
	if (json_object_object_get_ex(o, "maps", &f)) {
		rc = parse_maps(p, f, v);
		if (rc)
			return rc;
	}
	if (json_object_object_get_ex(o, "map_refs", &f)) {
		rc = parse_map_refs(p, f, v);
		if (rc)
			return rc;
	}
	if (!json_object_object_get_ex(o, "insns", &f))
		return bad(p, "missing \"insns\"");
	rc = parse_insns(p, f, v);
	if (rc)
		return rc;
	if (json_object_object_get_ex(o, "kernel", &f) && !json_object_is_type(f, json_type_null)) {
		rc = parse_kernel(p, f, &v->kernel);
		if (rc)
			return rc;
	}

	/* Keep unknown keys for the writer. */
	json_object_object_foreach(o, key, val) {
		if (is_known_key(key))
			continue;
		if (!extra) {
			extra = json_object_new_object();
			if (!extra)
				return bpfsim_errf(p->err, -ENOMEM, "out of memory");
		}
		json_object_object_add(extra, key, json_object_get(val));
	}
	if (extra) {
		const char *s = json_object_to_json_string_ext(extra, JSON_C_TO_STRING_PLAIN |
							       JSON_C_TO_STRING_NOSLASHESCAPE);

		v->extra = s ? strdup(s) : NULL;
		json_object_put(extra);
		if (!v->extra)
			return bpfsim_errf(p->err, -ENOMEM, "out of memory");
	}
	return 0;
}

int bpfsim_vector_parse(const char *json, size_t len, const char *label, struct bpfsim_vector *out,
			struct bpfsim_err *err)
{
	struct pctx p = { label, err };
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error jerr;
	size_t end;
	int rc;

	bpfsim_vector_init(out);
	if (len > INT32_MAX)
		return bad(&p, "line too long (%zu bytes)", len);
	if (memchr(json, 0, len))
		return bad(&p, "NUL byte in line at offset %zu", (size_t)((const char *)memchr(json, 0, len) - json));
	tok = json_tokener_new();
	if (!tok)
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, json, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (jerr == json_tokener_continue) {
		json_tokener_free(tok);
		return bad(&p, "bad JSON: unexpected end of line (unterminated object or string)");
	}
	if (jerr != json_tokener_success || !o) {
		rc = bad(&p, "bad JSON at column %zu: %s", end + 1, json_tokener_error_desc(jerr));
		json_tokener_free(tok);
		json_object_put(o);
		return rc;
	}
	json_tokener_free(tok);
	while (end < len && (json[end] == ' ' || json[end] == '\t' || json[end] == '\r' || json[end] == '\n'))
		end++;
	if (end < len) {
		json_object_put(o);
		return bad(&p, "bad JSON: trailing characters at column %zu", end + 1);
	}
	rc = parse_object(&p, o, out);
	json_object_put(o);
	return rc;
}

/* ------------------------------------------------------------ reader */

/* Names seen so far (open addressing, FNV-1a), for "unique within the
 * file". */
struct name_slot {
	char *name;
	size_t line;
};

struct bpfsim_vec_reader {
	FILE *f;
	bool own;
	char *path;
	char *buf;
	size_t cap;
	size_t line;
	bool eof;
	struct name_slot *names;
	size_t nr_names, names_cap; /* names_cap: 0 or a power of two */
};

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return h;
}

/* Remember name (seen on line); returns the line of an earlier vector with
 * the same name, 0 if none, or (size_t)-1 on ENOMEM. */
static size_t names_add(struct bpfsim_vec_reader *r, const char *name, size_t line)
{
	size_t mask, i;

	if ((r->nr_names + 1) * 2 > r->names_cap) {
		size_t ncap = r->names_cap ? r->names_cap * 2 : 64;
		struct name_slot *n = calloc(ncap, sizeof(*n));

		if (!n)
			return (size_t)-1;
		for (size_t k = 0; k < r->names_cap; k++) {
			if (!r->names[k].name)
				continue;
			for (i = fnv1a(r->names[k].name) & (ncap - 1); n[i].name; i = (i + 1) & (ncap - 1))
				;
			n[i] = r->names[k];
		}
		free(r->names);
		r->names = n;
		r->names_cap = ncap;
	}
	mask = r->names_cap - 1;
	for (i = fnv1a(name) & mask; r->names[i].name; i = (i + 1) & mask)
		if (!strcmp(r->names[i].name, name))
			return r->names[i].line;
	r->names[i].name = strdup(name);
	if (!r->names[i].name)
		return (size_t)-1;
	r->names[i].line = line;
	r->nr_names++;
	return 0;
}

int bpfsim_vec_reader_open(struct bpfsim_vec_reader **out, const char *path, FILE *f,
			   struct bpfsim_err *err)
{
	struct bpfsim_vec_reader *r;

	*out = NULL;
	if (!path)
		path = f ? "<stream>" : "-";
	r = calloc(1, sizeof(*r));
	if (!r)
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	r->path = strdup(path);
	if (!r->path) {
		free(r);
		return bpfsim_errf(err, -ENOMEM, "out of memory");
	}
	if (f) {
		r->f = f;
	} else if (!strcmp(path, "-")) {
		r->f = stdin;
	} else {
		r->f = fopen(path, "r");
		if (!r->f) {
			int e = errno;

			free(r->path);
			free(r);
			return bpfsim_errf(err, -e, "%s: %s", path, strerror(e));
		}
		r->own = true;
	}
	*out = r;
	return 0;
}

size_t bpfsim_vec_reader_line(const struct bpfsim_vec_reader *r)
{
	return r->line;
}

void bpfsim_vec_reader_close(struct bpfsim_vec_reader *r)
{
	if (!r)
		return;
	if (r->own)
		fclose(r->f);
	for (size_t i = 0; i < r->names_cap; i++)
		free(r->names[i].name);
	free(r->names);
	free(r->buf);
	free(r->path);
	free(r);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

int bpfsim_vec_reader_next(struct bpfsim_vec_reader *r, struct bpfsim_vector *v, struct bpfsim_err *err)
{
	bpfsim_vector_init(v);
	for (;;) {
		ssize_t n;
		char label[300];
		size_t first;
		int rc;

		if (r->eof)
			return 0;
		errno = 0;
		n = getline(&r->buf, &r->cap, r->f);
		if (n < 0) {
			if (ferror(r->f)) {
				int e = errno ? errno : EIO;

				r->eof = true;
				return bpfsim_errf(err, -e, "%s:%zu: read error: %s", r->path, r->line + 1,
						   strerror(e));
			}
			r->eof = true;
			return 0;
		}
		r->line++;
		if (blank(r->buf, (size_t)n))
			continue;
		snprintf(label, sizeof(label), "%s:%zu", r->path, r->line);
		rc = bpfsim_vector_parse(r->buf, (size_t)n, label, v, err);
		v->line = r->line;
		if (rc == -ENOMEM)
			return rc;
		if (rc)
			return -EINVAL;
		first = names_add(r, v->name, r->line);
		if (first == (size_t)-1)
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory", label);
		if (first)
			return bpfsim_errf(err, -EINVAL, "%s: name \"%.200s\" is already used on line %zu", label,
					   v->name, first);
		return 1;
	}
}

int bpfsim_vectors_read(const char *path, FILE *f, bpfsim_vec_cb cb, void *ctx, struct bpfsim_err *err)
{
	struct bpfsim_vec_reader *r;
	struct bpfsim_vector v;
	struct bpfsim_err lerr = { 0 };
	int rc, invalid = 0;

	rc = bpfsim_vec_reader_open(&r, path, f, err);
	if (rc)
		return rc;
	for (;;) {
		int cbrc;

		rc = bpfsim_vec_reader_next(r, &v, &lerr);
		if (rc == 0)
			break;
		if (rc < 0 && rc != -EINVAL) {
			bpfsim_vector_free(&v);
			if (err)
				*err = lerr;
			break;
		}
		if (rc == -EINVAL)
			invalid++;
		cbrc = cb(&v, rc == -EINVAL ? &lerr : NULL, ctx);
		bpfsim_vector_free(&v);
		if (cbrc) {
			rc = cbrc < 0 ? cbrc : 0;
			break;
		}
		rc = 0;
	}
	bpfsim_vec_reader_close(r);
	return rc < 0 ? rc : invalid;
}

/* ------------------------------------------------------------ writer */

static struct json_object *map_to_json(const struct bpfsim_vec_map *m, struct bpfsim_err *err)
{
	struct json_object *o = json_object_new_object();
	const char *tn = bpfsim_map_type_name(m->type);

	if (!o)
		return NULL;
	if (!tn) {
		bpfsim_errf(err, -EINVAL, "map type %d has no name", m->type);
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "type", json_object_new_string(tn));
	json_object_object_add(o, "key_size", json_object_new_int64(m->key_size));
	json_object_object_add(o, "value_size", json_object_new_int64(m->value_size));
	json_object_object_add(o, "max_entries", json_object_new_int64(m->max_entries));
	json_object_object_add(o, "flags", json_object_new_int64(m->flags));
	if (m->name)
		json_object_object_add(o, "name", json_object_new_string(m->name));
	if (m->inner_map) {
		struct json_object *in = map_to_json(m->inner_map, err);

		if (!in) {
			json_object_put(o);
			return NULL;
		}
		json_object_object_add(o, "inner_map", in);
	}
	return o;
}

static struct json_object *hex_string(const uint8_t *data, size_t len)
{
	char *s = bpfsim_hex_encode(data, len);
	struct json_object *o;

	if (!s)
		return NULL;
	o = json_object_new_string(s);
	free(s);
	return o;
}

static struct json_object *kernel_to_json(const struct bpfsim_vec_kernel *k)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	json_object_object_add(o, "release", k->release ? json_object_new_string(k->release) : NULL);
	if (bpfsim_vec_verdict_name(k->verdict))
		json_object_object_add(o, "verdict", json_object_new_string(bpfsim_vec_verdict_name(k->verdict)));
	if (k->errno_name)
		json_object_object_add(o, "errno", json_object_new_string(k->errno_name));
	if (k->error)
		json_object_object_add(o, "error", json_object_new_string(k->error));
	if (k->insns_processed >= 0)
		json_object_object_add(o, "insns_processed", json_object_new_int64(k->insns_processed));
	if (k->has_runs || k->nr_runs) {
		struct json_object *a = json_object_new_array();

		for (size_t i = 0; a && i < k->nr_runs; i++) {
			struct json_object *r = json_object_new_object();

			if (!r)
				break;
			json_object_object_add(r, "data", hex_string(k->runs[i].data, k->runs[i].data_len));
			json_object_object_add(r, "retval", json_object_new_int64(k->runs[i].retval));
			json_object_array_add(a, r);
		}
		json_object_object_add(o, "runs", a);
	}
	return o;
}

char *bpfsim_vector_to_json(const struct bpfsim_vector *v, struct bpfsim_err *err)
{
	struct json_object *o, *a;
	const char *s, *pt;
	char *out = NULL;

	pt = bpfsim_prog_type_name(v->prog_type);
	if (!pt) {
		bpfsim_errf(err, -EINVAL, "%s: program type %d has no name", v->name ? v->name : "vector",
			    v->prog_type);
		return NULL;
	}
	if (v->expected_attach_type >= 0 && !bpfsim_attach_type_name(v->expected_attach_type)) {
		bpfsim_errf(err, -EINVAL, "%s: attach type %d has no name", v->name ? v->name : "vector",
			    v->expected_attach_type);
		return NULL;
	}
	o = json_object_new_object();
	if (!o)
		goto nomem;
	json_object_object_add(o, "name", json_object_new_string(v->name ? v->name : ""));
	json_object_object_add(o, "prog_type", json_object_new_string(pt));
	json_object_object_add(o, "expected_attach_type",
			       v->expected_attach_type >= 0
				       ? json_object_new_string(bpfsim_attach_type_name(v->expected_attach_type))
				       : NULL);
	json_object_object_add(o, "prog_flags", json_object_new_int64(v->prog_flags));
	a = json_object_new_array();
	for (size_t i = 0; a && i < v->nr_maps; i++) {
		struct json_object *m = map_to_json(&v->maps[i], err);

		if (!m) {
			json_object_put(a);
			json_object_put(o);
			return NULL;
		}
		json_object_array_add(a, m);
	}
	json_object_object_add(o, "maps", a);
	a = json_object_new_array();
	for (size_t i = 0; a && i < v->nr_map_refs; i++) {
		struct json_object *r = json_object_new_object();

		if (!r)
			break;
		json_object_object_add(r, "insn", json_object_new_int64(v->map_refs[i].insn));
		json_object_object_add(r, "map", json_object_new_int64(v->map_refs[i].map));
		json_object_array_add(a, r);
	}
	json_object_object_add(o, "map_refs", a);
	json_object_object_add(o, "insns", hex_string(v->raw, v->raw_len));
	if (v->kernel.present)
		json_object_object_add(o, "kernel", kernel_to_json(&v->kernel));
	if (v->extra) {
		struct json_object *x = json_tokener_parse(v->extra);

		if (x && json_object_is_type(x, json_type_object)) {
			json_object_object_foreach(x, key, val) {
				if (!is_known_key(key))
					json_object_object_add(o, key, json_object_get(val));
			}
		}
		json_object_put(x);
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s)
		out = strdup(s);
	json_object_put(o);
	if (out)
		return out;
nomem:
	bpfsim_errf(err, -ENOMEM, "out of memory");
	return NULL;
}

int bpfsim_vector_write(FILE *f, const struct bpfsim_vector *v, struct bpfsim_err *err)
{
	char *s = bpfsim_vector_to_json(v, err);

	if (!s)
		return err ? err->code : -EINVAL;
	if (fputs(s, f) == EOF || fputc('\n', f) == EOF) {
		int e = errno ? errno : EIO;

		free(s);
		return bpfsim_errf(err, -e, "write error: %s", strerror(e));
	}
	free(s);
	return 0;
}

int bpfsim_vec_result_write(FILE *f, const struct bpfsim_vec_result *res)
{
	struct json_object *o = json_object_new_object();
	const char *s;
	int rc = 0;

	if (!o)
		return -ENOMEM;
	if (res->name)
		json_object_object_add(o, "name", json_object_new_string(res->name));
	else
		json_object_object_add(o, "line", json_object_new_int64((int64_t)res->line));
	json_object_object_add(o, "verdict", json_object_new_string(
		bpfsim_vec_verdict_name(res->verdict) ? bpfsim_vec_verdict_name(res->verdict) : "invalid"));
	if (res->errno_name)
		json_object_object_add(o, "errno", json_object_new_string(res->errno_name));
	if (res->error)
		json_object_object_add(o, "error", json_object_new_string(res->error));
	if (res->insns_processed >= 0)
		json_object_object_add(o, "insns_processed", json_object_new_int64(res->insns_processed));
	if (res->time_ns >= 0)
		json_object_object_add(o, "time_ns", json_object_new_int64(res->time_ns));
	if (res->log)
		json_object_object_add(o, "log", json_object_new_string(res->log));
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s || fprintf(f, "%s\n", s) < 0)
		rc = -EIO;
	json_object_put(o);
	return rc;
}
