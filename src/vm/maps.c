/* SPDX-License-Identifier: Apache-2.0 */
/*
 * maps.c: BPF maps with the kernel's semantics (kernel/bpf/arraymap.c,
 * hashtab.c, ringbuf.c read for behaviour only).
 *
 * Storage is allocated once, at creation, so that pointers handed to a
 * program (bpf_map_lookup_elem results, ring buffer records, direct value
 * addresses) stay inside a checked-mode region for the life of the map:
 *
 *   array, percpu_array  values[max_entries][ncpus or 1], each value rounded
 *                        up to 8 bytes (the kernel's round_up(value_size, 8))
 *   hash, percpu_hash    a preallocated element pool (key rounded up to 8,
 *                        then the value(s)), a free list and chained buckets
 *                        of element indices (FNV-1a of the key). Iteration
 *                        (next_key) walks buckets in order: the order is not
 *                        the kernel's (its hash is jhash with a random seed,
 *                        so no order is promised there either)
 *   lru_hash,            as hash; when full, an insert evicts the least
 *   lru_percpu_hash      recently used element (exact LRU by a use counter;
 *                        the kernel's LRU is approximate, per-CPU lists)
 *   queue, stack         a ring of max_entries values; push with BPF_EXIST
 *                        on a full map drops the oldest (the kernel's rule)
 *   perf_event_array     every index is an open "perf event" that collects
 *                        the records bpf_perf_event_output sends it, for the
 *                        host to consume (bpfsim_vm_perf_consume)
 *   prog_array           program pointers (values are program ids)
 *   ringbuf              a data area of 2 * max_entries bytes: records are
 *                        always contiguous (the kernel gets the same effect by
 *                        mapping the data pages twice); positions are 64-bit
 *                        counters, capacity is max_entries
 *
 *   lpm_trie             a preallocated pool of (key, value) elements searched
 *                        linearly: lookup is the longest stored prefix whose
 *                        prefixlen <= the key's and whose first prefixlen
 *                        bits match; update/delete need the exact prefix; a
 *                        full trie gives -ENOSPC; next_key follows the
 *                        kernel's post-order walk (a more specific prefix
 *                        before the prefix containing it, bit 0 before bit 1)
 *   array_of_maps,       the values are inner map fds (0 = empty slot, 4
 *   hash_of_maps         bytes); a program's lookup returns the inner map
 *                        itself (its pointer), as the kernel does, which the
 *                        map helpers accept; the host reads back the fd (the
 *                        kernel gives the map id). The inner map template is
 *                        not checked against the maps stored.
 *   devmap               array of ifindex values (4 or 8 bytes); a slot is
 *                        empty until the host updates it; bpf_redirect_map
 *                        gives XDP_REDIRECT for a filled slot, else flags & 3
 *
 * Checked mode: a map's storage is one region, read-only for the program
 * when the map has BPF_F_RDONLY_PROG (.rodata); a ring buffer exposes only
 * its records that are reserved and not yet submitted or discarded (one
 * region each), so a program cannot write anywhere else in the ring. (A run
 * that faults while holding a reservation leaves the record reserved, and
 * the consumer stops there, as a kernel ring would with a record never
 * submitted; the verifier makes that impossible in the kernel.)
 *
 * Known differences from the kernel: hash iteration order (see above);
 * BPF_F_LOCK is accepted and ignored (the VM has no BTF to find the value's
 * bpf_spin_lock, and one program runs at a time, so a copy is atomic
 * anyway; the kernel refuses it, -EINVAL, for a value without a lock).
 *
 * Flags: BPF_ANY, BPF_NOEXIST (-EEXIST if present; arrays: always -EEXIST),
 * BPF_EXIST (-ENOENT if absent), anything else -EINVAL. A full hash map
 * gives -E2BIG. Array elements cannot be deleted (-EINVAL).
 * Per-CPU maps: programs see the value of opts.cpu; the host reads and
 * writes all CPUs' values at once (ncpus consecutive rounded values).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm_internal.h"

#define RB_BUSY (1u << 31)
#define RB_DISCARD (1u << 30)
#define RB_HDR 8u

struct vm_map {
	struct bpfsim_vm_map_def def;
	char name[32];
	int fd;
	uint32_t vsz;      /* value size rounded up to 8 */
	uint32_t ksz;      /* key size rounded up to 8 (hash) */
	uint32_t ncpus;    /* copies of each value (1 unless per-CPU) */
	uint8_t *data;
	size_t data_len;
	/* hash */
	size_t esz;        /* element size */
	uint32_t nbuckets;
	uint32_t *buckets; /* element index + 1, 0 = empty */
	uint32_t *next;    /* chain: element index + 1 */
	uint8_t *used;
	uint32_t free_head; /* element index + 1 */
	uint32_t count;
	uint64_t *stamp;   /* lru: last use */
	uint64_t clock;
	/* queue, stack: ring of max_entries values */
	uint32_t q_head, q_count;
	/* perf_event_array: per index, records as [u32 len][data] */
	uint8_t **perf;
	size_t *perf_len, *perf_cap, *perf_pos;
	/* prog_array */
	struct vm_prog **progs;
	/* ringbuf */
	uint64_t prod, cons;
	uint64_t *rb_out;  /* offsets of reserved, uncommitted records (header) */
	size_t rb_nout, rb_capout;
};

#define F_RDONLY_PROG (1u << 7)
#define LPM_MAX_DATA 256u

static uint32_t round8(uint32_t x)
{
	return (x + 7u) & ~7u;
}

static bool is_percpu(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_PERCPU_ARRAY || m->def.type == BPFSIM_MAP_TYPE_PERCPU_HASH ||
	       m->def.type == BPFSIM_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_lru(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_LRU_HASH || m->def.type == BPFSIM_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_hash(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_HASH || m->def.type == BPFSIM_MAP_TYPE_PERCPU_HASH || is_lru(m) ||
	       m->def.type == BPFSIM_MAP_TYPE_HASH_OF_MAPS;
}

static bool is_mim(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_ARRAY_OF_MAPS || m->def.type == BPFSIM_MAP_TYPE_HASH_OF_MAPS;
}

static bool is_lpm(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_LPM_TRIE;
}

static bool is_qs(const struct vm_map *m)
{
	return m->def.type == BPFSIM_MAP_TYPE_QUEUE || m->def.type == BPFSIM_MAP_TYPE_STACK;
}

struct vm_map *vm_map_by_fd(struct bpfsim_vm *vm, int fd)
{
	if (fd < 1 || (size_t)fd > vm->nmaps)
		return NULL;
	return vm->maps[fd - 1];
}

struct vm_map *vm_map_by_ptr(struct bpfsim_vm *vm, uint64_t ptr)
{
	for (size_t i = 0; i < vm->nmaps; i++)
		if ((uint64_t)(uintptr_t)vm->maps[i] == ptr)
			return vm->maps[i];
	return NULL;
}

const struct bpfsim_vm_map_def *vm_map_get_def(const struct vm_map *m)
{
	return &m->def;
}

void vm_map_free(struct vm_map *m)
{
	if (!m)
		return;
	free(m->data);
	free(m->buckets);
	free(m->next);
	free(m->used);
	free(m->stamp);
	if (m->perf)
		for (uint32_t i = 0; i < m->def.max_entries; i++)
			free(m->perf[i]);
	free(m->perf);
	free(m->perf_len);
	free(m->perf_cap);
	free(m->perf_pos);
	free(m->progs);
	free(m->rb_out);
	free(m);
}

size_t vm_map_nregions(const struct vm_map *m)
{
	if (m->def.type == BPFSIM_MAP_TYPE_RINGBUF)
		return m->rb_nout;
	if (!m->data || !m->data_len || is_mim(m))
		return 0;
	return 1;
}

size_t vm_map_regions(struct vm_map *m, struct vm_region *out)
{
	if (m->def.type == BPFSIM_MAP_TYPE_RINGBUF) {
		for (size_t i = 0; i < m->rb_nout; i++) {
			uint32_t len;

			memcpy(&len, m->data + m->rb_out[i], 4);
			out[i].lo = (uintptr_t)(m->data + m->rb_out[i] + RB_HDR);
			out[i].len = len & ~(RB_BUSY | RB_DISCARD);
			out[i].writable = true;
			snprintf(out[i].name, sizeof(out[i].name), "ringbuf '%.24s' record", m->name);
		}
		return m->rb_nout;
	}
	if (!vm_map_nregions(m))
		return 0;
	out->lo = (uintptr_t)m->data;
	out->len = m->data_len;
	out->writable = !(m->def.flags & F_RDONLY_PROG);
	snprintf(out->name, sizeof(out->name), "map '%.20s' values%s", m->name,
		 out->writable ? "" : " (read-only)");
	return 1;
}

uint64_t vm_map_direct_value(struct vm_map *m, uint32_t off, bool *ok)
{
	*ok = m->def.type == BPFSIM_MAP_TYPE_ARRAY && off < m->def.value_size;
	return *ok ? (uint64_t)(uintptr_t)(m->data + off) : 0;
}

int bpfsim_vm_map_create(struct bpfsim_vm *vm, const struct bpfsim_vm_map_def *def, struct bpfsim_err *err)
{
	struct vm_map *m, **maps;
	const char *name = def->name && def->name[0] ? def->name : "map";
	uint64_t total;

	if (def->sz < offsetof(struct bpfsim_vm_map_def, name))
		return bpfsim_errf(err, -EINVAL, "map %s: bad definition size", name);
	m = calloc(1, sizeof(*m));
	if (!m)
		return bpfsim_errf(err, -ENOMEM, "map %s: out of memory", name);
	memcpy(&m->def, def, def->sz < sizeof(m->def) ? def->sz : sizeof(m->def));
	m->def.sz = sizeof(m->def);
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->def.name = m->name;
	m->vsz = round8(def->value_size);
	m->ncpus = 1;

#define FAIL(code, ...)                                            \
	do {                                                       \
		vm_map_free(m);                                    \
		return bpfsim_errf(err, code, __VA_ARGS__);        \
	} while (0)

	if (def->max_entries == 0)
		FAIL(-EINVAL, "map %s: max_entries must be > 0", name);
	switch (def->type) {
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
		m->ncpus = vm->opts.ncpus;
		/* fallthrough */
	case BPFSIM_MAP_TYPE_ARRAY:
		if (def->key_size != 4 || def->value_size == 0)
			FAIL(-EINVAL, "map %s: array maps need key_size 4 and value_size > 0", name);
		if (m->ncpus > 1 && def->value_size > 32768)
			FAIL(-E2BIG, "map %s: per-CPU value_size %u > 32768", name, def->value_size);
		total = (uint64_t)def->max_entries * m->vsz * m->ncpus;
		if (total > (1ull << 30))
			FAIL(-E2BIG, "map %s: %llu bytes is too large", name, (unsigned long long)total);
		m->data_len = (size_t)total;
		m->data = calloc(1, m->data_len);
		if (!m->data)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
	case BPFSIM_MAP_TYPE_DEVMAP:
		if (def->key_size != 4 || (def->type == BPFSIM_MAP_TYPE_ARRAY_OF_MAPS ? def->value_size != 4 :
					   def->value_size != 4 && def->value_size != 8))
			FAIL(-EINVAL, "map %s: %s needs key_size 4 and value_size 4%s", name,
			     def->type == BPFSIM_MAP_TYPE_DEVMAP ? "devmap" : "array_of_maps",
			     def->type == BPFSIM_MAP_TYPE_DEVMAP ? " or 8" : "");
		if (def->max_entries > (1u << 24))
			FAIL(-E2BIG, "map %s: max_entries %u is too large", name, def->max_entries);
		m->data_len = (size_t)def->max_entries * m->vsz;
		m->data = calloc(1, m->data_len);
		m->used = calloc(def->max_entries, 1);
		if (!m->data || !m->used)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		if (def->key_size <= 4 || def->key_size > 4 + LPM_MAX_DATA || def->value_size == 0 ||
		    !(def->flags & 1))
			FAIL(-EINVAL, "map %s: lpm_trie needs 4 < key_size <= %u, value_size > 0 and "
				      "BPF_F_NO_PREALLOC", name, 4 + LPM_MAX_DATA);
		/* fallthrough */
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
		if (def->type != BPFSIM_MAP_TYPE_LPM_TRIE)
			m->ncpus = vm->opts.ncpus;
		/* fallthrough */
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		if (def->key_size == 0 || def->value_size == 0 || def->key_size > 512)
			FAIL(-EINVAL, "map %s: hash maps need 0 < key_size <= 512 and value_size > 0", name);
		if (def->type == BPFSIM_MAP_TYPE_HASH_OF_MAPS && def->value_size != 4)
			FAIL(-EINVAL, "map %s: hash_of_maps needs value_size 4", name);
		if (def->max_entries > (1u << 24))
			FAIL(-E2BIG, "map %s: max_entries %u is too large", name, def->max_entries);
		m->ksz = round8(def->key_size);
		m->esz = m->ksz + (size_t)m->vsz * m->ncpus;
		total = (uint64_t)def->max_entries * m->esz;
		if (total > (1ull << 30))
			FAIL(-E2BIG, "map %s: %llu bytes is too large", name, (unsigned long long)total);
		m->data_len = (size_t)total;
		m->nbuckets = 1;
		while (m->nbuckets < def->max_entries && m->nbuckets < (1u << 24))
			m->nbuckets <<= 1;
		m->data = calloc(1, m->data_len);
		m->buckets = calloc(m->nbuckets, sizeof(uint32_t));
		m->next = calloc(def->max_entries, sizeof(uint32_t));
		m->used = calloc(def->max_entries, 1);
		m->stamp = calloc(def->max_entries, sizeof(uint64_t));
		if (!m->data || !m->buckets || !m->next || !m->used || !m->stamp)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		for (uint32_t i = 0; i < def->max_entries; i++)
			m->next[i] = i + 2 <= def->max_entries ? i + 2 : 0;
		m->free_head = 1;
		break;
	case BPFSIM_MAP_TYPE_QUEUE:
	case BPFSIM_MAP_TYPE_STACK:
		if (def->key_size != 0 || def->value_size == 0 || def->value_size > (1u << 20))
			FAIL(-EINVAL, "map %s: queue/stack maps need key_size 0 and value_size > 0", name);
		total = (uint64_t)def->max_entries * m->vsz;
		if (total > (1ull << 30))
			FAIL(-E2BIG, "map %s: %llu bytes is too large", name, (unsigned long long)total);
		m->data_len = (size_t)total;
		m->data = calloc(1, m->data_len);
		if (!m->data)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	case BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY:
		if (def->key_size != 4 || def->value_size != 4 || def->max_entries > 4096)
			FAIL(-EINVAL, "map %s: perf_event_array needs key_size 4, value_size 4", name);
		m->perf = calloc(def->max_entries, sizeof(*m->perf));
		m->perf_len = calloc(def->max_entries, sizeof(size_t));
		m->perf_cap = calloc(def->max_entries, sizeof(size_t));
		m->perf_pos = calloc(def->max_entries, sizeof(size_t));
		if (!m->perf || !m->perf_len || !m->perf_cap || !m->perf_pos)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	case BPFSIM_MAP_TYPE_PROG_ARRAY:
		if (def->key_size != 4 || def->value_size != 4)
			FAIL(-EINVAL, "map %s: prog_array needs key_size 4 and value_size 4", name);
		m->progs = calloc(def->max_entries, sizeof(*m->progs));
		if (!m->progs)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	case BPFSIM_MAP_TYPE_RINGBUF:
		if (def->key_size || def->value_size || def->max_entries < 4096 ||
		    (def->max_entries & (def->max_entries - 1)))
			FAIL(-EINVAL, "map %s: ringbuf needs key_size 0, value_size 0 and a power-of-2 "
				      "max_entries >= 4096", name);
		m->data_len = (size_t)def->max_entries * 2;
		m->data = calloc(1, m->data_len);
		if (!m->data)
			FAIL(-ENOMEM, "map %s: out of memory", name);
		break;
	default:
		FAIL(-ENOTSUP, "map %s: map type %u is not supported by the VM", name, def->type);
	}
#undef FAIL
	maps = realloc(vm->maps, (vm->nmaps + 1) * sizeof(*maps));
	if (!maps) {
		vm_map_free(m);
		return bpfsim_errf(err, -ENOMEM, "map %s: out of memory", name);
	}
	vm->maps = maps;
	vm->maps[vm->nmaps++] = m;
	m->fd = (int)vm->nmaps;
	if (vm_regions_rebuild(vm) < 0) {
		vm->nmaps--;
		vm_map_free(m);
		return bpfsim_errf(err, -ENOMEM, "map %s: out of memory", name);
	}
	return m->fd;
}

const struct bpfsim_vm_map_def *bpfsim_vm_map_def(struct bpfsim_vm *vm, int fd)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);

	return m ? &m->def : NULL;
}

int bpfsim_vm_map_value_size(struct bpfsim_vm *vm, int fd)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);

	if (!m)
		return -EBADF;
	if (is_percpu(m))
		return (int)(m->vsz * m->ncpus);
	return (int)m->def.value_size;
}

/* ---- hash internals ---- */

static uint32_t hash_key(const struct vm_map *m, const void *key)
{
	const uint8_t *p = key;
	uint32_t h = 2166136261u;

	for (uint32_t i = 0; i < m->def.key_size; i++)
		h = (h ^ p[i]) * 16777619u;
	return h & (m->nbuckets - 1);
}

static uint8_t *elem(const struct vm_map *m, uint32_t idx)
{
	return m->data + (size_t)idx * m->esz;
}

/* Index + 1 of the element holding key, or 0. */
static uint32_t hash_find(const struct vm_map *m, const void *key)
{
	for (uint32_t e = m->buckets[hash_key(m, key)]; e; e = m->next[e - 1])
		if (!memcmp(elem(m, e - 1), key, m->def.key_size))
			return e;
	return 0;
}

static int check_flags(uint64_t flags)
{
	return (flags & ~4ull) > BPFSIM_VM_EXIST ? -EINVAL : 0; /* 4 = BPF_F_LOCK */
}

static int hash_delete(struct vm_map *m, const void *key);

/* Insert or update; value has ncpus values when all_cpus, else one (for
 * opts.cpu; the other CPUs of a new element are zeroed). */
static int hash_update(struct bpfsim_vm *vm, struct vm_map *m, const void *key, const void *value,
		       uint64_t flags, bool all_cpus)
{
	uint32_t e = hash_find(m, key);
	uint8_t *v;

	if (check_flags(flags))
		return -EINVAL;
	if (e && (flags & 3) == BPFSIM_VM_NOEXIST)
		return -EEXIST;
	if (!e && (flags & 3) == BPFSIM_VM_EXIST)
		return -ENOENT;
	if (!e) {
		uint32_t b = hash_key(m, key);

		if (!m->free_head && is_lru(m)) {
			uint32_t victim = 0;

			for (uint32_t i = 1; i < m->def.max_entries; i++)
				if (m->stamp[i] < m->stamp[victim])
					victim = i;
			hash_delete(m, elem(m, victim));
		}
		if (!m->free_head)
			return -E2BIG;
		e = m->free_head;
		m->free_head = m->next[e - 1];
		m->used[e - 1] = 1;
		memset(elem(m, e - 1), 0, m->esz);
		memcpy(elem(m, e - 1), key, m->def.key_size);
		m->next[e - 1] = m->buckets[b];
		m->buckets[b] = e;
		m->count++;
	}
	m->stamp[e - 1] = ++m->clock;
	v = elem(m, e - 1) + m->ksz;
	if (!is_percpu(m)) {
		memcpy(v, value, m->def.value_size);
	} else if (all_cpus) {
		for (uint32_t c = 0; c < m->ncpus; c++)
			memcpy(v + (size_t)c * m->vsz, (const uint8_t *)value + (size_t)c * m->vsz,
			       m->def.value_size);
	} else {
		memcpy(v + (size_t)vm->opts.cpu * m->vsz, value, m->def.value_size);
	}
	return 0;
}

static int hash_delete(struct vm_map *m, const void *key)
{
	uint32_t b = hash_key(m, key), *link = &m->buckets[b];


	while (*link) {
		uint32_t e = *link;

		if (!memcmp(elem(m, e - 1), key, m->def.key_size)) {
			*link = m->next[e - 1];
			m->used[e - 1] = 0;
			m->next[e - 1] = m->free_head;
			m->free_head = e;
			m->count--;
			return 0;
		}
		link = &m->next[e - 1];
	}
	return -ENOENT;
}

/* ---- lpm_trie internals (elements in the hash pool, searched linearly) ---- */

static uint32_t lpm_plen(const uint8_t *key)
{
	uint32_t p;

	memcpy(&p, key, 4);
	return p;
}

static uint32_t lpm_max(const struct vm_map *m)
{
	return (m->def.key_size - 4) * 8;
}

/* Do the first n bits of a's and b's data agree? */
static bool lpm_bits_eq(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	uint32_t bytes = n / 8, rest = n % 8;

	if (memcmp(a + 4, b + 4, bytes))
		return false;
	return !rest || !((a[4 + bytes] ^ b[4 + bytes]) & (uint8_t)(0xff00u >> rest));
}

/* Longest-prefix match: index + 1 of the element, or 0. */
static uint32_t lpm_match(const struct vm_map *m, const uint8_t *key)
{
	uint32_t best = 0, plen = lpm_plen(key), bestlen = 0;

	if (plen > lpm_max(m))
		plen = lpm_max(m);
	for (uint32_t i = 0; i < m->def.max_entries; i++) {
		const uint8_t *e = elem(m, i);
		uint32_t el;

		if (!m->used[i])
			continue;
		el = lpm_plen(e);
		if (el <= plen && (!best || el > bestlen) && lpm_bits_eq(e, key, el)) {
			best = i + 1;
			bestlen = el;
		}
	}
	return best;
}

/* Exact prefix: index + 1, or 0. */
static uint32_t lpm_exact(const struct vm_map *m, const uint8_t *key)
{
	for (uint32_t i = 0; i < m->def.max_entries; i++)
		if (m->used[i] && lpm_plen(elem(m, i)) == lpm_plen(key) && lpm_bits_eq(elem(m, i), key, lpm_plen(key)))
			return i + 1;
	return 0;
}

static int lpm_update(struct vm_map *m, const uint8_t *key, const void *value, uint64_t flags)
{
	uint32_t e, plen = lpm_plen(key);
	uint8_t *k;

	if ((flags & ~3ull) || (flags & 3) == 3 || plen > lpm_max(m))
		return -EINVAL;
	e = lpm_exact(m, key);
	if (e && (flags & 3) == BPFSIM_VM_NOEXIST)
		return -EEXIST;
	if (!e && (flags & 3) == BPFSIM_VM_EXIST)
		return -ENOENT;
	if (!e) {
		if (!m->free_head)
			return -ENOSPC;
		e = m->free_head;
		m->free_head = m->next[e - 1];
		m->used[e - 1] = 1;
		m->count++;
	}
	k = elem(m, e - 1);
	memset(k, 0, m->esz);
	/* the kernel keeps only the prefix bits of the key's data */
	memcpy(k, key, 4);
	memcpy(k + 4, key + 4, (plen + 7) / 8);
	if (plen % 8)
		k[4 + plen / 8] &= (uint8_t)(0xff00u >> (plen % 8));
	memcpy(k + m->ksz, value, m->def.value_size);
	return 0;
}

static int lpm_delete(struct vm_map *m, const uint8_t *key)
{
	uint32_t e = lpm_plen(key) <= lpm_max(m) ? lpm_exact(m, key) : 0;

	if (!e)
		return -ENOENT;
	m->used[e - 1] = 0;
	m->next[e - 1] = m->free_head;
	m->free_head = e;
	m->count--;
	return 0;
}

/* The kernel's iteration order (post-order over the trie): < 0 if a comes
 * before b. Of two prefixes where one contains the other, the longer
 * (more specific) comes first; otherwise the first differing bit decides. */
static int lpm_order(const uint8_t *a, const uint8_t *b)
{
	uint32_t la = lpm_plen(a), lb = lpm_plen(b), n = la < lb ? la : lb;

	for (uint32_t i = 0; i < n; i++) {
		int ba = (a[4 + i / 8] >> (7 - i % 8)) & 1, bb = (b[4 + i / 8] >> (7 - i % 8)) & 1;

		if (ba != bb)
			return ba - bb;
	}
	return la > lb ? -1 : la < lb;
}

static int lpm_next_key(const struct vm_map *m, const uint8_t *key, void *next)
{
	uint32_t cur = key && lpm_plen(key) <= lpm_max(m) ? lpm_exact(m, key) : 0, best = 0;

	for (uint32_t i = 0; i < m->def.max_entries; i++) {
		const uint8_t *e = elem(m, i);

		if (!m->used[i] || (cur && lpm_order(e, elem(m, cur - 1)) <= 0))
			continue;
		if (!best || lpm_order(e, elem(m, best - 1)) < 0)
			best = i + 1;
	}
	if (!best)
		return -ENOENT;
	memcpy(next, elem(m, best - 1), m->def.key_size);
	return 0;
}

/* ---- map-in-map, devmap ---- */

static uint32_t mim_slot_fd(const struct vm_map *m, const void *key)
{
	uint32_t idx, e, fd = 0;

	if (m->def.type == BPFSIM_MAP_TYPE_ARRAY_OF_MAPS) {
		memcpy(&idx, key, 4);
		if (idx < m->def.max_entries && m->used[idx])
			memcpy(&fd, m->data + (size_t)idx * m->vsz, 4);
		return fd;
	}
	e = hash_find(m, key);
	if (e)
		memcpy(&fd, elem(m, e - 1) + m->ksz, 4);
	return fd;
}

/* An fd the host stores in a map-in-map: a map of this VM that is not a
 * map-in-map itself (the kernel's rule). */
static int mim_check_inner(struct bpfsim_vm *vm, struct vm_map *outer, const void *value)
{
	uint32_t fd;
	struct vm_map *in;

	memcpy(&fd, value, 4);
	in = vm_map_by_fd(vm, (int)fd);
	if (!in)
		return -EBADF;
	if (is_mim(in) || in == outer || in->def.type == BPFSIM_MAP_TYPE_PROG_ARRAY)
		return -EINVAL;
	return 0;
}

/* Array-like maps whose slots can be empty (array_of_maps, devmap). */
static int slot_update(struct vm_map *m, const void *key, const void *value, uint64_t flags)
{
	uint32_t idx;

	if (check_flags(flags) || (flags & 4))
		return -EINVAL;
	memcpy(&idx, key, 4);
	if (idx >= m->def.max_entries)
		return -E2BIG;
	if ((flags & 3) == BPFSIM_VM_NOEXIST)
		return -EEXIST; /* as fd arrays and devmap: every slot "exists" */
	memcpy(m->data + (size_t)idx * m->vsz, value, m->def.value_size);
	m->used[idx] = 1;
	return 0;
}

static int slot_delete(struct vm_map *m, const void *key)
{
	uint32_t idx;

	memcpy(&idx, key, 4);
	if (idx >= m->def.max_entries)
		return -E2BIG;
	if (!m->used[idx])
		return -ENOENT;
	m->used[idx] = 0;
	memset(m->data + (size_t)idx * m->vsz, 0, m->vsz);
	return 0;
}

long vm_map_redirect(struct vm_map *m, uint32_t key, uint64_t flags)
{
	if (flags & ~(3ull | (1u << 3) | (1u << 4))) /* action mask, BROADCAST, EXCLUDE_INGRESS */
		return 0;                            /* XDP_ABORTED */
	if (m->def.type == BPFSIM_MAP_TYPE_DEVMAP && key < m->def.max_entries && m->used[key])
		return 4; /* XDP_REDIRECT */
	if (flags & (1u << 3))
		return 4;
	return (long)(flags & 3);
}

/* ---- program side ---- */

void *vm_map_prog_lookup(struct bpfsim_vm *vm, struct vm_map *m, const void *key)
{
	uint32_t idx, e;

	switch (m->def.type) {
	case BPFSIM_MAP_TYPE_ARRAY:
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries)
			return NULL;
		return m->data + ((size_t)idx * m->ncpus + (is_percpu(m) ? vm->opts.cpu : 0)) * m->vsz;
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
		e = hash_find(m, key);
		if (!e)
			return NULL;
		m->stamp[e - 1] = ++m->clock;
		return elem(m, e - 1) + m->ksz + (is_percpu(m) ? (size_t)vm->opts.cpu * m->vsz : 0);
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		e = lpm_match(m, key);
		return e ? elem(m, e - 1) + m->ksz : NULL;
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		return vm_map_by_fd(vm, (int)mim_slot_fd(m, key)); /* the inner map itself */
	case BPFSIM_MAP_TYPE_DEVMAP:
		memcpy(&idx, key, 4);
		return idx < m->def.max_entries && m->used[idx] ? m->data + (size_t)idx * m->vsz : NULL;
	default:
		return NULL;
	}
}

long vm_map_prog_update(struct bpfsim_vm *vm, struct vm_map *m, const void *key, const void *value,
			uint64_t flags)
{
	uint32_t idx;

	switch (m->def.type) {
	case BPFSIM_MAP_TYPE_ARRAY:
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
		if (check_flags(flags))
			return -EINVAL;
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries)
			return -E2BIG;
		if ((flags & 3) == BPFSIM_VM_NOEXIST)
			return -EEXIST;
		memcpy(vm_map_prog_lookup(vm, m, key), value, m->def.value_size);
		return 0;
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
		return hash_update(vm, m, key, value, flags, false);
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		return lpm_update(m, key, value, flags);
	default:
		return -EINVAL; /* map-in-map and devmap: not from programs */
	}
}

long vm_map_prog_delete(struct bpfsim_vm *vm, struct vm_map *m, const void *key)
{
	if (is_lpm(m))
		return lpm_delete(m, key);
	if (is_hash(m))
		return hash_delete(m, key);
	return -EINVAL;
}

struct vm_prog *vm_map_prog_array_get(struct bpfsim_vm *vm, struct vm_map *m, uint32_t idx)
{
	if (m->def.type != BPFSIM_MAP_TYPE_PROG_ARRAY || idx >= m->def.max_entries)
		return NULL;
	return m->progs[idx];
}

/* ---- host side ---- */

int bpfsim_vm_map_lookup(struct bpfsim_vm *vm, int fd, const void *key, void *value)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);
	uint32_t idx, e;

	if (!m)
		return -EBADF;
	switch (m->def.type) {
	case BPFSIM_MAP_TYPE_ARRAY:
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries)
			return -ENOENT;
		if (is_percpu(m))
			memcpy(value, m->data + (size_t)idx * m->ncpus * m->vsz, (size_t)m->ncpus * m->vsz);
		else
			memcpy(value, m->data + (size_t)idx * m->vsz, m->def.value_size);
		return 0;
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
		e = hash_find(m, key);
		if (!e)
			return -ENOENT;
		memcpy(value, elem(m, e - 1) + m->ksz,
		       is_percpu(m) ? (size_t)m->ncpus * m->vsz : m->def.value_size);
		return 0;
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		e = lpm_match(m, key);
		if (!e)
			return -ENOENT;
		memcpy(value, elem(m, e - 1) + m->ksz, m->def.value_size);
		return 0;
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		idx = mim_slot_fd(m, key);
		if (!idx)
			return -ENOENT;
		memcpy(value, &idx, 4);
		return 0;
	case BPFSIM_MAP_TYPE_DEVMAP:
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries || !m->used[idx])
			return -ENOENT;
		memcpy(value, m->data + (size_t)idx * m->vsz, m->def.value_size);
		return 0;
	case BPFSIM_MAP_TYPE_QUEUE:
	case BPFSIM_MAP_TYPE_STACK:
		return vm_map_qs_pop(m, value, false); /* bpf(2) lookup = peek */
	case BPFSIM_MAP_TYPE_PROG_ARRAY:
		return -ENOTSUP; /* as bpf(2): lookup of a prog_array from userspace */
	default:
		return -ENOTSUP;
	}
}

int bpfsim_vm_map_update(struct bpfsim_vm *vm, int fd, const void *key, const void *value, uint64_t flags)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);
	uint32_t idx, v;

	if (!m)
		return -EBADF;
	switch (m->def.type) {
	case BPFSIM_MAP_TYPE_ARRAY:
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
		if (check_flags(flags))
			return -EINVAL;
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries)
			return -E2BIG;
		if ((flags & 3) == BPFSIM_VM_NOEXIST)
			return -EEXIST;
		if (is_percpu(m)) {
			for (uint32_t c = 0; c < m->ncpus; c++)
				memcpy(m->data + ((size_t)idx * m->ncpus + c) * m->vsz,
				       (const uint8_t *)value + (size_t)c * m->vsz, m->def.value_size);
		} else {
			memcpy(m->data + (size_t)idx * m->vsz, value, m->def.value_size);
		}
		return 0;
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
		return hash_update(vm, m, key, value, flags, true);
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		if (mim_check_inner(vm, m, value) < 0)
			return mim_check_inner(vm, m, value);
		return hash_update(vm, m, key, value, flags & ~4ull, true);
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
		if (mim_check_inner(vm, m, value) < 0)
			return mim_check_inner(vm, m, value);
		return slot_update(m, key, value, flags);
	case BPFSIM_MAP_TYPE_DEVMAP:
		memcpy(&v, value, 4);
		if (!v)
			return -EINVAL; /* no such device (ifindex 0) */
		return slot_update(m, key, value, flags);
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		return lpm_update(m, key, value, flags);
	case BPFSIM_MAP_TYPE_QUEUE:
	case BPFSIM_MAP_TYPE_STACK:
		return vm_map_qs_push(m, value, flags); /* bpf(2) update = push */
	case BPFSIM_MAP_TYPE_PROG_ARRAY:
		memcpy(&v, value, 4);
		return bpfsim_vm_map_set_prog(vm, fd, *(const uint32_t *)key, (int)v);
	default:
		return -ENOTSUP;
	}
}

int bpfsim_vm_map_delete(struct bpfsim_vm *vm, int fd, const void *key)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);
	uint32_t idx;

	if (!m)
		return -EBADF;
	if (is_lpm(m))
		return lpm_delete(m, key);
	if (is_hash(m))
		return hash_delete(m, key);
	if (m->def.type == BPFSIM_MAP_TYPE_ARRAY_OF_MAPS || m->def.type == BPFSIM_MAP_TYPE_DEVMAP)
		return slot_delete(m, key);
	if (m->def.type == BPFSIM_MAP_TYPE_PROG_ARRAY) {
		memcpy(&idx, key, 4);
		if (idx >= m->def.max_entries)
			return -E2BIG;
		if (!m->progs[idx])
			return -ENOENT;
		m->progs[idx] = NULL;
		return 0;
	}
	return -EINVAL;
}

int bpfsim_vm_map_next_key(struct bpfsim_vm *vm, int fd, const void *key, void *next)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);
	uint32_t idx, e, b;

	if (!m)
		return -EBADF;
	switch (m->def.type) {
	case BPFSIM_MAP_TYPE_LPM_TRIE:
		return lpm_next_key(m, key, next);
	case BPFSIM_MAP_TYPE_ARRAY:
	case BPFSIM_MAP_TYPE_PERCPU_ARRAY:
	case BPFSIM_MAP_TYPE_PROG_ARRAY:
	case BPFSIM_MAP_TYPE_ARRAY_OF_MAPS:
	case BPFSIM_MAP_TYPE_DEVMAP:
		if (!key) {
			idx = 0;
		} else {
			memcpy(&idx, key, 4);
			idx = idx >= m->def.max_entries ? 0 : idx + 1;
		}
		if (idx >= m->def.max_entries)
			return -ENOENT;
		memcpy(next, &idx, 4);
		return 0;
	case BPFSIM_MAP_TYPE_HASH:
	case BPFSIM_MAP_TYPE_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_LRU_HASH:
	case BPFSIM_MAP_TYPE_LRU_PERCPU_HASH:
	case BPFSIM_MAP_TYPE_HASH_OF_MAPS:
		e = key ? hash_find(m, key) : 0;
		if (e) {
			if (m->next[e - 1]) {
				memcpy(next, elem(m, m->next[e - 1] - 1), m->def.key_size);
				return 0;
			}
			b = hash_key(m, key) + 1;
		} else {
			b = 0; /* missing key: start from the first, as the kernel does */
		}
		for (; b < m->nbuckets; b++) {
			if (m->buckets[b]) {
				memcpy(next, elem(m, m->buckets[b] - 1), m->def.key_size);
				return 0;
			}
		}
		return -ENOENT;
	default:
		return -ENOTSUP;
	}
}

int bpfsim_vm_map_set_prog(struct bpfsim_vm *vm, int fd, uint32_t key, int prog)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);

	if (!m)
		return -EBADF;
	if (m->def.type != BPFSIM_MAP_TYPE_PROG_ARRAY)
		return -EINVAL;
	if (key >= m->def.max_entries)
		return -E2BIG;
	if (prog < 0 || (size_t)prog >= vm->nprogs)
		return -EBADF;
	m->progs[key] = vm->progs[prog];
	return 0;
}

/* ---- ring buffer ---- */

void *vm_ringbuf_reserve(struct bpfsim_vm *vm, struct vm_map *m, uint64_t size)
{
	uint64_t cap = m->def.max_entries, total;
	uint8_t *hdr;
	uint32_t len;

	if (m->def.type != BPFSIM_MAP_TYPE_RINGBUF || size > cap - RB_HDR || size > (RB_DISCARD - 1))
		return NULL;
	total = round8((uint32_t)size + RB_HDR);
	if (m->prod - m->cons + total > cap)
		return NULL;
	if (m->rb_nout == m->rb_capout) {
		size_t c = m->rb_capout ? m->rb_capout * 2 : 8;
		uint64_t *o = realloc(m->rb_out, c * sizeof(*o));

		if (!o)
			return NULL;
		m->rb_out = o;
		m->rb_capout = c;
	}
	hdr = m->data + (m->prod & (cap - 1));
	len = (uint32_t)size | RB_BUSY;
	memcpy(hdr, &len, 4);
	memset(hdr + 4, 0, 4);
	m->rb_out[m->rb_nout++] = (uint64_t)(hdr - m->data);
	if (vm_regions_rebuild(vm) < 0) {
		m->rb_nout--;
		return NULL; /* the record was not published: reserve fails */
	}
	m->prod += total;
	return hdr + RB_HDR;
}

int vm_ringbuf_commit(struct bpfsim_vm *vm, uint64_t ptr, bool discard)
{
	for (size_t i = 0; i < vm->nmaps; i++) {
		struct vm_map *m = vm->maps[i];
		uint8_t *hdr = (uint8_t *)(uintptr_t)ptr - RB_HDR;
		uint32_t len;

		if (m->def.type != BPFSIM_MAP_TYPE_RINGBUF || ptr < (uintptr_t)m->data + RB_HDR ||
		    ptr >= (uintptr_t)m->data + m->data_len)
			continue;
		size_t k;

		for (k = 0; k < m->rb_nout; k++)
			if (m->rb_out[k] == ptr - RB_HDR - (uintptr_t)m->data)
				break;
		if (k == m->rb_nout)
			return -EINVAL; /* not a record that is reserved now */
		memcpy(&len, hdr, 4);
		len = (len & ~(RB_BUSY | RB_DISCARD)) | (discard ? RB_DISCARD : 0);
		memcpy(hdr, &len, 4);
		m->rb_out[k] = m->rb_out[--m->rb_nout];
		return vm_regions_rebuild(vm) < 0 ? -ENOMEM : 0;
	}
	return -EINVAL;
}

long vm_ringbuf_query(struct vm_map *m, uint64_t flags)
{
	switch (flags) {
	case 0: return (long)(m->prod - m->cons);     /* BPF_RB_AVAIL_DATA */
	case 1: return (long)m->def.max_entries;     /* BPF_RB_RING_SIZE */
	case 2: return (long)m->cons;                /* BPF_RB_CONS_POS */
	case 3: return (long)m->prod;                /* BPF_RB_PROD_POS */
	default: return 0;
	}
}

long bpfsim_vm_ringbuf_consume(struct bpfsim_vm *vm, int fd, void *buf, size_t cap)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);

	if (!m)
		return -EBADF;
	if (m->def.type != BPFSIM_MAP_TYPE_RINGBUF)
		return -EINVAL;
	while (m->cons < m->prod) {
		uint8_t *hdr = m->data + (m->cons & (m->def.max_entries - 1));
		uint32_t len, size;

		memcpy(&len, hdr, 4);
		if (len & RB_BUSY)
			return 0; /* not committed yet */
		size = len & ~(RB_BUSY | RB_DISCARD);
		if ((m->cons & (m->def.max_entries - 1)) + RB_HDR + (uint64_t)size > m->data_len)
			return -EFAULT; /* a header the program overwrote */
		if (!(len & RB_DISCARD) && size > cap)
			return -ENOSPC;
		m->cons += round8(size + RB_HDR);
		if (len & RB_DISCARD)
			continue;
		memcpy(buf, hdr + RB_HDR, size);
		return size;
	}
	return 0;
}

/* ---- queue and stack ---- */

long vm_map_qs_push(struct vm_map *m, const void *value, uint64_t flags)
{
	uint32_t max = m->def.max_entries, slot;

	if (!is_qs(m))
		return -EINVAL;
	if (flags & ~(uint64_t)BPFSIM_VM_EXIST)
		return -EINVAL;
	if (m->q_count == max) {
		if (!(flags & BPFSIM_VM_EXIST))
			return -E2BIG;
		m->q_head = (m->q_head + 1) % max; /* drop the oldest */
		m->q_count--;
	}
	slot = (m->q_head + m->q_count) % max;
	memcpy(m->data + (size_t)slot * m->vsz, value, m->def.value_size);
	m->q_count++;
	return 0;
}

/* Queue: the oldest; stack: the newest. */
long vm_map_qs_pop(struct vm_map *m, void *value, bool remove)
{
	uint32_t max = m->def.max_entries, slot;

	if (!is_qs(m))
		return -EINVAL;
	if (!m->q_count)
		return -ENOENT;
	if (m->def.type == BPFSIM_MAP_TYPE_QUEUE)
		slot = m->q_head;
	else
		slot = (m->q_head + m->q_count - 1) % max;
	memcpy(value, m->data + (size_t)slot * m->vsz, m->def.value_size);
	if (remove) {
		if (m->def.type == BPFSIM_MAP_TYPE_QUEUE)
			m->q_head = (m->q_head + 1) % max;
		m->q_count--;
	}
	return 0;
}

int bpfsim_vm_map_pop(struct bpfsim_vm *vm, int fd, void *value)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);

	if (!m)
		return -EBADF;
	return (int)vm_map_qs_pop(m, value, true);
}

/* ---- perf_event_array ---- */

long vm_perf_output(struct bpfsim_vm *vm, struct vm_map *m, uint64_t flags, const void *data, uint64_t size,
		    const void *extra, uint64_t extra_len)
{
	uint64_t idx = flags & 0xffffffffull;
	size_t need;
	uint32_t len;

	if (m->def.type != BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY)
		return -EINVAL;
	if (idx == 0xffffffffull) /* BPF_F_CURRENT_CPU */
		idx = vm->opts.cpu;
	if (idx >= m->def.max_entries)
		return -E2BIG;
	if (size + extra_len > 0xffff)
		return -E2BIG;
	need = m->perf_len[idx] + 4 + size + extra_len;
	if (need > (16u << 20))
		return -ENOSPC; /* the "perf ring" is full */
	if (need > m->perf_cap[idx]) {
		size_t cap = m->perf_cap[idx] ? m->perf_cap[idx] : 4096;
		uint8_t *b;

		while (cap < need)
			cap *= 2;
		b = realloc(m->perf[idx], cap);
		if (!b)
			return -ENOMEM;
		m->perf[idx] = b;
		m->perf_cap[idx] = cap;
	}
	len = (uint32_t)(size + extra_len);
	memcpy(m->perf[idx] + m->perf_len[idx], &len, 4);
	if (size)
		memcpy(m->perf[idx] + m->perf_len[idx] + 4, data, size);
	if (extra_len)
		memcpy(m->perf[idx] + m->perf_len[idx] + 4 + size, extra, extra_len);
	m->perf_len[idx] += 4 + size + extra_len;
	return 0;
}

long bpfsim_vm_perf_consume(struct bpfsim_vm *vm, int fd, uint32_t idx, void *buf, size_t cap)
{
	struct vm_map *m = vm_map_by_fd(vm, fd);
	uint32_t len;

	if (!m)
		return -EBADF;
	if (m->def.type != BPFSIM_MAP_TYPE_PERF_EVENT_ARRAY || idx >= m->def.max_entries)
		return -EINVAL;
	if (m->perf_pos[idx] >= m->perf_len[idx])
		return 0;
	memcpy(&len, m->perf[idx] + m->perf_pos[idx], 4);
	if (len > cap)
		return -ENOSPC;
	memcpy(buf, m->perf[idx] + m->perf_pos[idx] + 4, len);
	m->perf_pos[idx] += 4 + len;
	if (m->perf_pos[idx] == m->perf_len[idx])
		m->perf_pos[idx] = m->perf_len[idx] = 0;
	return len;
}
