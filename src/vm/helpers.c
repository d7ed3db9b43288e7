/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helpers.c: the built-in BPF helpers, by the kernel's numbers
 * (include/bpfsim/helpers.def), with the kernel's semantics.
 *
 * Every pointer argument is checked with bpfsim_vm_check() before use (a
 * no-op in trusted mode); a map argument must be a map of this VM in checked
 * mode. bpf_tail_call (12) is done by the interpreter itself, because it
 * changes the program being run.
 *
 *   1 map_lookup_elem   2 map_update_elem   3 map_delete_elem
 *   5 ktime_get_ns      6 trace_printk      7 get_prandom_u32
 *   8 get_smp_processor_id                  42 get_numa_node_id
 *   125 ktime_get_boot_ns                   160 ktime_get_coarse_ns
 *   130 ringbuf_output  131 ringbuf_reserve 132 ringbuf_submit
 *   133 ringbuf_discard 134 ringbuf_query
 *   14 get_current_pid_tgid  15 get_current_uid_gid  16 get_current_comm
 *   (values from the options: the VM models no tasks)
 *   28 csum_diff (one's complement sum folded to 16 bits, as 6.18 on x86 returns it)
 *   105 strtol  106 strtoul  118 jiffies64 (HZ = 250)
 *   (probe_read* and its memory model, snprintf, get_stack,
 *   get_current_task, redirect_map: helpers_ext.c)
 *   87/88/89 map_push/pop/peek_elem (queue, stack), 25 perf_event_output,
 *   93/94 spin_lock/unlock (no-ops: one program runs at a time)
 *   181 loop, 164 for_each_map_elem: the callback (a code address made by
 *   ld_imm64 src=4) runs in a new frame below the caller's (vm_interp_callback)
 * and, in ctx.c, the packet helpers (skb_load_bytes, skb_store_bytes,
 * redirect, xdp_adjust_head/meta/tail).
 *
 * get_prandom_u32 is xorshift64* seeded by opts.prandom_seed, so runs are
 * reproducible. ktime_get_ns returns CLOCK_MONOTONIC, or, when opts.ktime_ns
 * is set, that value plus 1000 ns per call (deterministic).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vm_internal.h"

static struct vm_map *map_arg(struct bpfsim_vm *vm, uint64_t p, const char *helper)
{
	struct vm_map *m = vm_map_by_ptr(vm, p);

	if (m)
		return m;
	if (vm->opts.mode == BPFSIM_VM_TRUSTED)
		return (struct vm_map *)(uintptr_t)p;
	bpfsim_vm_fault(vm, -EFAULT, "pc %zu: %s: r1 (0x%" PRIx64 ") is not a map", vm->cur_pc, helper, p);
	return NULL;
}

static int h_map_lookup(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_map_lookup_elem");
	const struct bpfsim_vm_map_def *d;

	if (!m)
		return -EFAULT;
	d = vm_map_get_def(m);
	if (bpfsim_vm_check(vm, a[1], d->key_size, false, "bpf_map_lookup_elem key"))
		return -EFAULT;
	*ret = (uint64_t)(uintptr_t)vm_map_prog_lookup(vm, m, (const void *)(uintptr_t)a[1]);
	return 0;
}

static int h_map_update(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_map_update_elem");
	const struct bpfsim_vm_map_def *d;

	if (!m)
		return -EFAULT;
	d = vm_map_get_def(m);
	if (bpfsim_vm_check(vm, a[1], d->key_size, false, "bpf_map_update_elem key") ||
	    bpfsim_vm_check(vm, a[2], d->value_size, false, "bpf_map_update_elem value"))
		return -EFAULT;
	*ret = (uint64_t)vm_map_prog_update(vm, m, (const void *)(uintptr_t)a[1],
					    (const void *)(uintptr_t)a[2], a[3]);
	return 0;
}

static int h_map_delete(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_map_delete_elem");

	if (!m)
		return -EFAULT;
	if (bpfsim_vm_check(vm, a[1], vm_map_get_def(m)->key_size, false, "bpf_map_delete_elem key"))
		return -EFAULT;
	*ret = (uint64_t)vm_map_prog_delete(vm, m, (const void *)(uintptr_t)a[1]);
	return 0;
}

static int h_ktime(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	if (vm->opts.ktime_ns) {
		*ret = vm->ktime_base;
		vm->ktime_base += 1000;
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		*ret = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	}
	return 0;
}

static int h_prandom(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t x = vm->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	vm->rng = x;
	*ret = (uint32_t)((x * 0x2545f4914f6cdd1dull) >> 32);
	return 0;
}

static int h_cpu(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	*ret = vm->opts.cpu;
	return 0;
}

static int h_zero(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	*ret = 0;
	return 0;
}

/* Copy a NUL-terminated string from kernel memory as the probe model sees
 * it (the program's regions and the host's kernel probe ranges), byte by
 * byte; trusted mode reads other addresses directly. */
static void read_str(struct bpfsim_vm *vm, uint64_t p, char *out, size_t cap)
{
	size_t i = 0;

	for (; i + 1 < cap; i++) {
		if (!vm_probe_copy(vm, &out[i], p + i, 1, true, false)) {
			if (vm->opts.mode != BPFSIM_VM_TRUSTED) {
				snprintf(out, cap, "(efault)");
				return;
			}
			out[i] = *(const char *)(uintptr_t)(p + i);
		}
		if (!out[i])
			return;
	}
	out[i] = 0;
}

/* bpf_trace_printk(fmt, fmt_size, a1, a2, a3): the kernel's subset of printf
 * (%d %i %u %x %X with l/ll, %p/%px/%pK, %s, %c, %%), at most 3 arguments. */
static int h_trace_printk(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	char fmt[512], out[1024];
	size_t o = 0, n = a[1];
	int argi = 0;

	if (n == 0 || n > sizeof(fmt)) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (bpfsim_vm_check(vm, a[0], n, false, "bpf_trace_printk fmt"))
		return -EFAULT;
	memcpy(fmt, (const void *)(uintptr_t)a[0], n);
	if (fmt[n - 1] != 0) {
		*ret = (uint64_t)-EINVAL; /* the format must be NUL-terminated */
		return 0;
	}
	for (size_t i = 0; fmt[i] && o < sizeof(out) - 1; i++) {
		char piece[256];
		int lmod = 0;
		uint64_t v;

		if (fmt[i] != '%') {
			out[o++] = fmt[i];
			continue;
		}
		i++;
		if (fmt[i] == '%') {
			out[o++] = '%';
			continue;
		}
		while (fmt[i] == 'l' && lmod < 2) {
			lmod++;
			i++;
		}
		if (argi >= 3 || !strchr("diuxXpsc", fmt[i]) || !fmt[i]) {
			*ret = (uint64_t)-EINVAL;
			return 0;
		}
		v = a[2 + argi++];
		switch (fmt[i]) {
		case 'd':
		case 'i':
			snprintf(piece, sizeof(piece), "%" PRId64, lmod ? (int64_t)v : (int64_t)(int32_t)v);
			break;
		case 'u':
			snprintf(piece, sizeof(piece), "%" PRIu64, lmod ? v : (uint32_t)v);
			break;
		case 'x':
		case 'X':
			if (fmt[i] == 'x')
				snprintf(piece, sizeof(piece), "%" PRIx64, lmod ? v : (uint32_t)v);
			else
				snprintf(piece, sizeof(piece), "%" PRIX64, lmod ? v : (uint32_t)v);
			break;
		case 'p':
			if (fmt[i + 1] == 'x' || fmt[i + 1] == 'K')
				i++;
			snprintf(piece, sizeof(piece), "0x%016" PRIx64, v);
			break;
		case 'c':
			snprintf(piece, sizeof(piece), "%c", (char)v);
			break;
		default: /* 's' */
			read_str(vm, v, piece, sizeof(piece));
			break;
		}
		for (size_t k = 0; piece[k] && o < sizeof(out) - 1; k++)
			out[o++] = piece[k];
	}
	*ret = o;
	if (o == 0 || out[o - 1] != '\n')
		out[o++] = '\n';
	vm_trace_append(vm, out, o);
	return 0;
}

static int h_rb_output(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_ringbuf_output");
	void *rec;

	if (!m)
		return -EFAULT;
	if (bpfsim_vm_check(vm, a[1], a[2], false, "bpf_ringbuf_output data"))
		return -EFAULT;
	rec = vm_ringbuf_reserve(vm, m, a[2]);
	if (!rec) {
		*ret = (uint64_t)-EAGAIN;
		return 0;
	}
	if (a[2])
		memcpy(rec, (const void *)(uintptr_t)a[1], a[2]);
	vm_ringbuf_commit(vm, (uint64_t)(uintptr_t)rec, false);
	*ret = 0;
	return 0;
}

static int h_rb_reserve(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_ringbuf_reserve");

	if (!m)
		return -EFAULT;
	*ret = a[2] ? 0 : (uint64_t)(uintptr_t)vm_ringbuf_reserve(vm, m, a[1]);
	return 0;
}

static int rb_commit(struct bpfsim_vm *vm, uint64_t p, bool discard)
{
	if (vm_ringbuf_commit(vm, p, discard) < 0)
		return bpfsim_vm_fault(vm, -EFAULT, "pc %zu: bpf_ringbuf_%s: 0x%" PRIx64
				       " is not a reserved ring buffer record", vm->cur_pc,
				       discard ? "discard" : "submit", p);
	return 0;
}

static int h_rb_submit(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return rb_commit(vm, a[0], false);
}

static int h_rb_discard(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return rb_commit(vm, a[0], true);
}

static int h_rb_query(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_ringbuf_query");

	if (!m)
		return -EFAULT;
	*ret = (uint64_t)vm_ringbuf_query(m, a[1]);
	return 0;
}

static int h_pid_tgid(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	*ret = vm->opts.pid_tgid;
	return 0;
}

static int h_uid_gid(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	*ret = vm->opts.uid_gid;
	return 0;
}

/* bpf_get_current_comm(buf, size): the name, truncated and NUL-padded */
static int h_comm(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	char *buf = (char *)(uintptr_t)a[0];

	if (a[1] == 0) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (bpfsim_vm_check(vm, a[0], a[1], true, "bpf_get_current_comm buf"))
		return -EFAULT;
	memset(buf, 0, a[1]);
	memcpy(buf, vm->comm, strnlen(vm->comm, a[1] - 1));
	*ret = 0;
	return 0;
}

/* bpf_csum_diff(from, from_size, to, to_size, seed) */
static int h_csum_diff(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t sum = (uint32_t)a[4];
	uint32_t w, lo, hi, r;

	if (((a[1] | a[3]) & 3) || a[1] + a[3] > 512) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (bpfsim_vm_check(vm, a[0], a[1], false, "bpf_csum_diff from") ||
	    bpfsim_vm_check(vm, a[2], a[3], false, "bpf_csum_diff to"))
		return -EFAULT;
	for (uint64_t i = 0; i < a[1]; i += 4) {
		memcpy(&w, (const uint8_t *)(uintptr_t)a[0] + i, 4);
		sum += (uint32_t)~w;
	}
	for (uint64_t i = 0; i < a[3]; i += 4) {
		memcpy(&w, (const uint8_t *)(uintptr_t)a[2] + i, 4);
		sum += w;
	}
	/* fold with end-around carries to 16 bits: what the running 6.18
	 * kernel returns (measured: a seed of 0x1234 plus 0x0a030008 and
	 * 0x261f1811 gives 0x5a6f) */
	hi = (uint32_t)(sum >> 32);
	lo = (uint32_t)sum;
	r = hi + lo;
	if (r < hi)
		r++;
	r = (r & 0xffff) + (r >> 16);
	r = (r & 0xffff) + (r >> 16);
	*ret = r;
	return 0;
}

/* bpf_strtol/bpf_strtoul(buf, buf_len, flags, res): returns the number of
 * characters consumed, -EINVAL (bad flags, no digits, a sign for strtoul) or
 * -ERANGE (overflow). */
static int strtox(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, bool is_signed)
{
	const char *buf = (const char *)(uintptr_t)a[0];
	uint64_t len = a[1], base = a[2] & 0x1f, val = 0, i = 0, digits = 0;
	bool neg = false, overflow = false;

	if (len == 0 || (a[2] & ~0x1full) || (base != 0 && base != 8 && base != 10 && base != 16)) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (bpfsim_vm_check(vm, a[0], len, false, "bpf_strtol buf") ||
	    bpfsim_vm_check(vm, a[3], 8, true, "bpf_strtol res"))
		return -EFAULT;
	while (i < len && buf[i] && strchr(" \t\n\v\f\r", buf[i]))
		i++;
	if (i < len && buf[i] == '-') {
		neg = true;
		i++;
	}
	if (base == 0 || base == 16) {
		if (i + 1 < len && buf[i] == '0' && (buf[i + 1] == 'x' || buf[i + 1] == 'X') &&
		    i + 2 < len && strchr("0123456789abcdefABCDEF", buf[i + 2]) && buf[i + 2]) {
			base = 16;
			i += 2;
		} else if (base == 0) {
			base = (i < len && buf[i] == '0') ? 8 : 10;
		}
	}
	for (; i < len && buf[i]; i++, digits++) {
		char c = buf[i];
		uint64_t d;

		if (c >= '0' && c <= '9')
			d = (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint64_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint64_t)(c - 'A' + 10);
		else
			break;
		if (d >= base)
			break;
		if (val > (UINT64_MAX - d) / base)
			overflow = true;
		val = val * base + d;
	}
	if (!digits || (neg && !is_signed)) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (overflow || (is_signed && (neg ? val > (uint64_t)INT64_MAX + 1 : val > (uint64_t)INT64_MAX))) {
		*ret = (uint64_t)-ERANGE;
		return 0;
	}
	val = neg ? 0 - val : val;
	memcpy((void *)(uintptr_t)a[3], &val, 8);
	*ret = i;
	return 0;
}

static int h_strtol(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return strtox(vm, a, ret, true);
}

static int h_strtoul(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return strtox(vm, a, ret, false);
}

static int h_jiffies(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t ns;

	h_ktime(vm, a, &ns, u);
	*ret = ns / 4000000; /* HZ = 250 */
	return 0;
}

static int h_qs_push(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_map_push_elem");

	if (!m)
		return -EFAULT;
	if (bpfsim_vm_check(vm, a[1], vm_map_get_def(m)->value_size, false, "bpf_map_push_elem value"))
		return -EFAULT;
	*ret = (uint64_t)vm_map_qs_push(m, (const void *)(uintptr_t)a[1], a[2]);
	return 0;
}

static int qs_pop(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, bool remove)
{
	struct vm_map *m = map_arg(vm, a[0], remove ? "bpf_map_pop_elem" : "bpf_map_peek_elem");

	if (!m)
		return -EFAULT;
	if (bpfsim_vm_check(vm, a[1], vm_map_get_def(m)->value_size, true, "bpf_map_pop_elem value"))
		return -EFAULT;
	*ret = (uint64_t)vm_map_qs_pop(m, (void *)(uintptr_t)a[1], remove);
	return 0;
}

static int h_qs_pop(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return qs_pop(vm, a, ret, true);
}

static int h_qs_peek(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return qs_pop(vm, a, ret, false);
}

/* bpf_perf_event_output(ctx, map, flags, data, size): flags bits 0-31 are
 * the index (BPF_F_CURRENT_CPU: this CPU), bits 32-51 (BPF_F_CTXLEN_MASK)
 * ask for that many packet bytes to be appended (skb programs) */
static int h_perf_output(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[1], "bpf_perf_event_output");
	uint64_t ctxlen = (a[2] >> 32) & 0xfffff;

	if (!m)
		return -EFAULT;
	if (bpfsim_vm_check(vm, a[3], a[4], false, "bpf_perf_event_output data"))
		return -EFAULT;
	if (a[2] >> 52) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (ctxlen > vm->pkt_len) {
		*ret = (uint64_t)-EFAULT;
		return 0;
	}
	*ret = (uint64_t)vm_perf_output(vm, m, a[2], (const void *)(uintptr_t)a[3], a[4], vm->pkt, ctxlen);
	return 0;
}

/* bpf_spin_lock/unlock: the VM runs one program at a time, so they only
 * check that the lock is program memory */
static int h_spin(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	if (bpfsim_vm_check(vm, a[0], 4, true, "bpf_spin_lock lock"))
		return -EFAULT;
	*ret = 0;
	return 0;
}

/* bpf_loop(nr_loops, callback_fn, callback_ctx, flags): callback(i, ctx)
 * for i < nr_loops until it returns nonzero; returns the iterations run. */
static int h_loop(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t i;

	if (a[3]) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (a[0] > (1u << 23)) { /* BPF_MAX_LOOPS */
		*ret = (uint64_t)-E2BIG;
		return 0;
	}
	for (i = 0; i < a[0]; i++) {
		const uint64_t args[5] = { i, a[2], 0, 0, 0 };
		uint64_t r0 = 0;
		int rc = vm_interp_callback(vm, (const struct vm_insn *)(uintptr_t)a[1], args, &r0);

		if (rc < 0)
			return rc;
		if (r0) {
			i++;
			break;
		}
	}
	*ret = i;
	return 0;
}

/* bpf_for_each_map_elem(map, callback_fn, callback_ctx, flags):
 * callback(map, &key, &value, ctx) per element (array, percpu_array: every
 * index; hash maps: every element) until it returns 1; returns the count. */
static int h_for_each(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = map_arg(vm, a[0], "bpf_for_each_map_elem");
	const struct bpfsim_vm_map_def *d;
	uint64_t n = 0;
	uint8_t key[512];
	int fd = -1, rc;

	if (!m)
		return -EFAULT;
	if (a[3]) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	d = vm_map_get_def(m);
	for (size_t i = 0; i < vm->nmaps; i++)
		if (vm->maps[i] == m)
			fd = (int)i + 1;
	if (d->key_size > sizeof(key) - 8 || fd < 0) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	for (rc = bpfsim_vm_map_next_key(vm, fd, NULL, key); rc == 0;
	     rc = bpfsim_vm_map_next_key(vm, fd, key, key)) {
		void *v = vm_map_prog_lookup(vm, m, key);
		uint64_t r0 = 0, args[5];
		int crc;

		if (!v)
			continue;
		/* the key the callback sees lives in the VM's scratch region */
		memcpy(vm->scratch, key, d->key_size);
		args[0] = a[0];
		args[1] = (uint64_t)(uintptr_t)vm->scratch;
		args[2] = (uint64_t)(uintptr_t)v;
		args[3] = a[2];
		args[4] = 0;
		crc = vm_interp_callback(vm, (const struct vm_insn *)(uintptr_t)a[1], args, &r0);
		if (crc < 0)
			return crc;
		n++;
		if (r0)
			break;
	}
	*ret = n;
	return 0;
}

void vm_register_builtin_helpers(struct bpfsim_vm *vm)
{
	static const struct {
		int id;
		bpfsim_helper_fn fn;
	} builtin[] = {
		{ 1, h_map_lookup }, { 2, h_map_update }, { 3, h_map_delete },
		{ 5, h_ktime }, { 6, h_trace_printk }, { 7, h_prandom },
		{ 8, h_cpu }, { 42, h_zero }, { 125, h_ktime }, { 160, h_ktime },
		{ 130, h_rb_output }, { 131, h_rb_reserve }, { 132, h_rb_submit },
		{ 133, h_rb_discard }, { 134, h_rb_query },
		{ 14, h_pid_tgid }, { 15, h_uid_gid }, { 16, h_comm }, { 28, h_csum_diff },
		{ 105, h_strtol }, { 106, h_strtoul }, { 118, h_jiffies },
		{ 87, h_qs_push }, { 88, h_qs_pop }, { 89, h_qs_peek }, { 25, h_perf_output },
		{ 93, h_spin }, { 94, h_spin }, { 181, h_loop }, { 164, h_for_each },
	};

	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		bpfsim_vm_register_helper(vm, builtin[i].id, NULL, builtin[i].fn, NULL, NULL);
	vm_register_ctx_helpers(vm);
	vm_register_ext_helpers(vm);
}
