/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helpers_ext.c: the helpers that need a model of the world outside the
 * program: the probe_read memory model, bpf_snprintf, bpf_get_stack
 * (synthetic call chains), bpf_get_current_task, bpf_redirect_map.
 *
 * Probe memory model. The host registers ranges of "kernel" or "user"
 * memory with their contents (bpfsim_vm_add_probe_mem); addresses are the
 * program's view and are never dereferenced on the host. A probe read
 * succeeds when every byte lies in a range of an allowed kind (kernel reads
 * also accept the VM's own regions: stack, context, map values, which are
 * kernel memory in the kernel); otherwise it fails like a read of unmapped
 * memory: -EFAULT with the destination zeroed (kernel/trace/bpf_trace.c).
 * Reads are done byte range by byte range, so a read may span two adjacent
 * ranges.
 *
 * bpf_snprintf (165) validates the format as bpf_bprintf_prepare does
 * (kernel/bpf/helpers.c, read for behaviour): "%%", flags [0 +-], a width,
 * then %c, %s, %pks/%pus, %p/%pK/%px/%ps/%pS/%pB, %pI4/%pi4/%pI6/%pi6, or
 * [l[l]]{d,i,u,x,X}; anything else, a control character in the format, or
 * more conversions than arguments is -EINVAL; data_len must be a multiple
 * of 8 and at most 12 arguments. It returns the full length + 1 (like the
 * kernel's bstr_printf() + 1) and writes at most str_size bytes, NUL
 * terminated. Differences: %p and %pK print the raw address as %px does
 * (the kernel prints a hashed value) and %ps/%pS/%pB print it as 0x...
 * (no symbol table).
 *
 * bpf_get_stack (67): flags = skip (0..255) | BPF_F_USER_STACK (1 << 8) |
 * BPF_F_USER_BUILD_ID (1 << 11, user stack only: 32-byte entries with
 * status BPF_STACK_BUILD_ID_IP); returns the bytes written, zero-fills the
 * rest of buf; -EINVAL for bad flags or a size not a multiple of the entry
 * size, -EFAULT when skip is beyond the chain (buf zeroed).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm_internal.h"

/* ---- probe memory model ---- */

int bpfsim_vm_add_probe_mem(struct bpfsim_vm *vm, uint64_t addr, const void *data, size_t len, bool kernel,
			    struct bpfsim_err *err)
{
	struct vm_probe_mem *p;

	if (!len || (!data && len))
		return bpfsim_errf(err, -EINVAL, "vm: probe memory at 0x%" PRIx64 ": empty range", addr);
	if (addr + len - 1 < addr)
		return bpfsim_errf(err, -EINVAL, "vm: probe memory at 0x%" PRIx64 " wraps around", addr);
	for (size_t i = 0; i < vm->nprobe; i++) {
		p = &vm->probe[i];
		if (p->kernel == kernel && addr < p->addr + p->len && p->addr < addr + len)
			return bpfsim_errf(err, -EEXIST, "vm: probe memory at 0x%" PRIx64 " overlaps the range "
					   "at 0x%" PRIx64, addr, p->addr);
	}
	if (vm->nprobe == vm->cap_probe) {
		size_t cap = vm->cap_probe ? vm->cap_probe * 2 : 8;

		p = realloc(vm->probe, cap * sizeof(*p));
		if (!p)
			return bpfsim_errf(err, -ENOMEM, "vm: out of memory");
		vm->probe = p;
		vm->cap_probe = cap;
	}
	p = &vm->probe[vm->nprobe];
	p->data = malloc(len);
	if (!p->data)
		return bpfsim_errf(err, -ENOMEM, "vm: out of memory");
	memcpy(p->data, data, len);
	p->addr = addr;
	p->len = len;
	p->kernel = kernel;
	vm->nprobe++;
	return 0;
}

void bpfsim_vm_clear_probe_mem(struct bpfsim_vm *vm)
{
	for (size_t i = 0; i < vm->nprobe; i++)
		free(vm->probe[i].data);
	vm->nprobe = 0;
}

void vm_probe_free(struct bpfsim_vm *vm)
{
	bpfsim_vm_clear_probe_mem(vm);
	free(vm->probe);
	vm->probe = NULL;
	vm->cap_probe = 0;
	free(vm->kstack);
	free(vm->ustack);
}

bool vm_probe_copy(struct bpfsim_vm *vm, void *dst, uint64_t addr, size_t n, bool kernel, bool user)
{
	uint8_t *out = dst;

	while (n) {
		size_t chunk = 0;

		for (size_t i = 0; i < vm->nprobe && !chunk; i++) {
			const struct vm_probe_mem *p = &vm->probe[i];
			uint64_t d = addr - p->addr;

			if ((p->kernel ? !kernel : !user) || d >= p->len)
				continue;
			chunk = p->len - d < n ? p->len - d : n;
			memcpy(out, p->data + d, chunk);
		}
		if (!chunk && kernel) {
			/* the program's own memory, byte by byte across regions */
			if (!vm_region_ok(vm, addr, 1, false))
				return false;
			*out = *(const uint8_t *)(uintptr_t)addr;
			chunk = 1;
		}
		if (!chunk)
			return false;
		out += chunk;
		addr += chunk;
		n -= chunk;
	}
	return true;
}

/* probe_read{,_kernel,_user}(dst, size, src) and the _str variants. */
static int probe_read(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, bool str, bool kernel,
		      bool user)
{
	uint8_t *dst = (uint8_t *)(uintptr_t)a[0];
	uint64_t n = (uint32_t)a[1], src = a[2], i;

	if (bpfsim_vm_check(vm, a[0], n, true, "bpf_probe_read dst"))
		return -EFAULT;
	if (!str) {
		if (n && !vm_probe_copy(vm, dst, src, n, kernel, user)) {
			memset(dst, 0, n);
			*ret = (uint64_t)-EFAULT;
		} else {
			*ret = 0;
		}
		return 0;
	}
	if (n == 0) {
		*ret = 0;
		return 0;
	}
	for (i = 0; i + 1 < n; i++) {
		if (!vm_probe_copy(vm, dst + i, src + i, 1, kernel, user)) {
			memset(dst, 0, n);
			*ret = (uint64_t)-EFAULT;
			return 0;
		}
		if (!dst[i])
			break;
	}
	if (i + 1 == n)
		dst[i] = 0;
	*ret = i + 1; /* length including the NUL */
	return 0;
}

static int h_probe_read(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, false, true, true);
}

static int h_probe_read_str(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, true, true, true);
}

static int h_probe_read_kernel(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, false, true, false);
}

static int h_probe_read_kernel_str(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, true, true, false);
}

static int h_probe_read_user(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, false, false, true);
}

static int h_probe_read_user_str(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	return probe_read(vm, a, ret, true, false, true);
}

/* ---- bpf_snprintf ---- */

struct sbuf {
	char *p;
	size_t cap, len; /* len counts everything, written or not */
};

static void sput(struct sbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, b->len++)
		if (b->len < b->cap)
			b->p[b->len] = s[i];
}

/* A NUL-terminated string at addr through the probe model (kernel or user). */
static void probe_str(struct bpfsim_vm *vm, uint64_t addr, bool user, char *out, size_t cap)
{
	size_t i;

	for (i = 0; i + 1 < cap; i++) {
		if (!vm_probe_copy(vm, out + i, addr + i, 1, !user, user)) {
			out[0] = 0; /* the kernel prints "" for an unreadable string */
			return;
		}
		if (!out[i])
			return;
	}
	out[i] = 0;
}

static bool is_punct_space_or_nul(char c)
{
	return c == 0 || (c > 0 && c < 0x7f && ((c >= 0x09 && c <= 0x0d) || c == ' ' ||
						   (c > ' ' && !(c >= '0' && c <= '9') &&
						    !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z'))));
}

/* One conversion's output: flags [0 +-], width; sign/zero padding only
 * for numbers (the kernel's vsnprintf rules). */
struct spec {
	bool left, zero, plus, space;
	unsigned int width;
};

static void emit(struct sbuf *b, const struct spec *sp, const char *body, bool num, bool neg)
{
	size_t len = strlen(body);
	char sign = neg ? '-' : num && sp->plus ? '+' : num && sp->space ? ' ' : 0;
	size_t total = len + (sign ? 1 : 0), pad = sp->width > total ? sp->width - total : 0;

	if (!sp->left && !(num && sp->zero))
		for (size_t k = 0; k < pad; k++)
			sput(b, " ", 1);
	if (sign)
		sput(b, &sign, 1);
	if (!sp->left && num && sp->zero)
		for (size_t k = 0; k < pad; k++)
			sput(b, "0", 1);
	sput(b, body, len);
	if (sp->left)
		for (size_t k = 0; k < pad; k++)
			sput(b, " ", 1);
}

/* Format fmt with args; returns the full length, or a negative errno. */
static long bprintf(struct bpfsim_vm *vm, const char *fmt, const uint64_t *args, unsigned int nargs,
		    struct sbuf *b)
{
	unsigned int spec = 0;

	for (size_t i = 0; fmt[i]; i++) {
		unsigned char c = (unsigned char)fmt[i];
		struct spec sp = { 0 };
		char tmp[160];

		if ((c < 0x20 && !(c >= 0x09 && c <= 0x0d)) || c == 0x7f)
			return -EINVAL;
		if (c != '%') {
			sput(b, fmt + i, 1);
			continue;
		}
		if (fmt[i + 1] == '%') {
			sput(b, "%", 1);
			i++;
			continue;
		}
		if (spec >= nargs)
			return -EINVAL;
		i++;
		if ((unsigned char)fmt[i] >= 0x80)
			return -EINVAL;
		for (;; i++) {
			if (fmt[i] == '0')
				sp.zero = true;
			else if (fmt[i] == '+')
				sp.plus = true;
			else if (fmt[i] == '-')
				sp.left = true;
			else if (fmt[i] == ' ')
				sp.space = true;
			else
				break;
		}
		if (fmt[i] >= '1' && fmt[i] <= '9')
			while (fmt[i] >= '0' && fmt[i] <= '9') {
				if (sp.width < 4096)
					sp.width = sp.width * 10 + (unsigned int)(fmt[i] - '0');
				i++;
			}
		if (fmt[i] == 'p') {
			char nx = fmt[i + 1];
			uint64_t v = args[spec];

			if (is_punct_space_or_nul(nx) || nx == 'K' || nx == 'x' || nx == 's' || nx == 'S' ||
			    nx == 'B') {
				if (!is_punct_space_or_nul(nx))
					i++;
				if (nx == 's' || nx == 'S' || nx == 'B')
					snprintf(tmp, sizeof(tmp), "0x%" PRIx64, v);
				else
					snprintf(tmp, sizeof(tmp), "%016" PRIx64, v);
			} else if ((nx == 'k' || nx == 'u') && fmt[i + 2] == 's') {
				i += 2;
				if (!is_punct_space_or_nul(fmt[i + 1]))
					return -EINVAL;
				probe_str(vm, v, nx == 'u', tmp, sizeof(tmp));
			} else if ((nx == 'i' || nx == 'I') && (fmt[i + 2] == '4' || fmt[i + 2] == '6')) {
				uint8_t ip[16];
				size_t len = fmt[i + 2] == '4' ? 4 : 16, o = 0;

				i += 2;
				if (!vm_probe_copy(vm, ip, v, len, true, false))
					memset(ip, 0, len);
				for (size_t k = 0; k < len; k++) {
					const char *sep = k && (len == 4 || (nx == 'I' && !(k & 1))) ?
								  (len == 4 ? "." : ":") : "";

					if (len == 4 && nx == 'i')
						o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%s%03u", sep, ip[k]);
					else if (len == 4)
						o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%s%u", sep, ip[k]);
					else
						o += (size_t)snprintf(tmp + o, sizeof(tmp) - o, "%s%02x", sep, ip[k]);
				}
			} else {
				return -EINVAL;
			}
			emit(b, &sp, tmp, false, false);
			spec++;
			continue;
		}
		if (fmt[i] == 's') {
			if (!is_punct_space_or_nul(fmt[i + 1]))
				return -EINVAL;
			probe_str(vm, args[spec], false, tmp, sizeof(tmp));
			emit(b, &sp, tmp, false, false);
			spec++;
			continue;
		}
		if (fmt[i] == 'c') {
			tmp[0] = (char)args[spec];
			tmp[1] = 0;
			if (!tmp[0]) { /* a NUL character is still one character */
				struct spec sp0 = sp;

				sp0.width = sp.width ? sp.width - 1 : 0;
				if (!sp.left)
					emit(b, &sp0, "", false, false);
				sput(b, "", 1);
				if (sp.left)
					emit(b, &sp0, "", false, false);
			} else {
				emit(b, &sp, tmp, false, false);
			}
			spec++;
			continue;
		}
		{
			int longs = 0;
			char conv;
			uint64_t v;
			bool neg = false;

			if (fmt[i] == 'l') {
				longs++;
				i++;
			}
			if (fmt[i] == 'l') {
				longs++;
				i++;
			}
			conv = fmt[i];
			if (conv != 'i' && conv != 'd' && conv != 'u' && conv != 'x' && conv != 'X')
				return -EINVAL;
			v = longs ? args[spec] : (uint32_t)args[spec];
			if (conv == 'd' || conv == 'i') {
				int64_t sv = longs ? (int64_t)v : (int64_t)(int32_t)v;

				neg = sv < 0;
				v = neg ? 0 - (uint64_t)sv : (uint64_t)sv;
				snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
				emit(b, &sp, tmp, true, neg);
			} else {
				snprintf(tmp, sizeof(tmp), conv == 'u' ? "%" PRIu64 : conv == 'x' ? "%" PRIx64 : "%" PRIX64,
					 v);
				sp.plus = sp.space = false; /* no sign for unsigned conversions */
				emit(b, &sp, tmp, true, false);
			}
			spec++;
		}
	}
	return (long)b->len;
}

/* bpf_snprintf(str, str_size, fmt, data, data_len) */
static int h_snprintf(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint32_t size = (uint32_t)a[1], dlen = (uint32_t)a[4];
	uint64_t args[12];
	char fmt[1024];
	struct sbuf b;
	long n;
	size_t i;

	if (dlen % 8 || dlen > sizeof(args) || (dlen && !a[3])) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (bpfsim_vm_check(vm, a[0], size, true, "bpf_snprintf str") ||
	    bpfsim_vm_check(vm, a[3], dlen, false, "bpf_snprintf data"))
		return -EFAULT;
	for (i = 0; i < sizeof(fmt); i++) {
		if (bpfsim_vm_check(vm, a[2] + i, 1, false, "bpf_snprintf fmt"))
			return -EFAULT;
		fmt[i] = *(const char *)(uintptr_t)(a[2] + i);
		if (!fmt[i])
			break;
	}
	if (i == sizeof(fmt))
		return bpfsim_vm_fault(vm, -E2BIG, "pc %zu: bpf_snprintf: format longer than %zu bytes",
				       vm->cur_pc, sizeof(fmt) - 1);
	if (dlen)
		memcpy(args, (const void *)(uintptr_t)a[3], dlen);
	b = (struct sbuf){ .p = (char *)(uintptr_t)a[0], .cap = size ? size - 1 : 0 };
	n = bprintf(vm, fmt, args, dlen / 8, &b);
	if (n < 0) {
		*ret = (uint64_t)n;
		return 0;
	}
	if (size)
		b.p[(size_t)n < b.cap ? (size_t)n : b.cap] = 0;
	*ret = (uint64_t)n + 1;
	return 0;
}

/* ---- bpf_get_stack, bpf_get_current_task, bpf_redirect_map ---- */

static int h_get_stack(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	static const uint64_t synth[BPFSIM_VM_SYNTH_KSTACK_N] = {
		0xffffffff81000100ull, 0xffffffff81000200ull, 0xffffffff81000300ull, 0xffffffff81000400ull,
	};
	uint8_t *buf = (uint8_t *)(uintptr_t)a[1];
	uint32_t size = (uint32_t)a[2];
	uint64_t flags = a[3], skip = flags & 0xff;
	bool user = flags & (1u << 8), build_id = flags & (1u << 11);
	const uint64_t *chain;
	size_t n, esz = build_id ? 32 : 8, k;

	if (bpfsim_vm_check(vm, a[1], size, true, "bpf_get_stack buf"))
		return -EFAULT;
	if ((flags & ~(0xffull | (1u << 8) | (1u << 11))) || (build_id && !user) || size % esz) {
		memset(buf, 0, size);
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (user) {
		chain = vm->ustack;
		n = vm->ustack_len;
	} else if (vm->kstack) {
		chain = vm->kstack;
		n = vm->kstack_len;
	} else {
		chain = synth;
		n = BPFSIM_VM_SYNTH_KSTACK_N;
	}
	if (n > BPFSIM_VM_MAX_STACK)
		n = BPFSIM_VM_MAX_STACK;
	if (n < skip) {
		memset(buf, 0, size);
		*ret = (uint64_t)-EFAULT;
		return 0;
	}
	n -= skip;
	if (n > size / esz)
		n = size / esz;
	memset(buf, 0, size);
	for (k = 0; k < n; k++) {
		uint64_t ip = chain[skip + k];

		if (build_id) {
			int32_t status = 2; /* BPF_STACK_BUILD_ID_IP */

			memcpy(buf + k * 32, &status, 4);
			memcpy(buf + k * 32 + 24, &ip, 8);
		} else {
			memcpy(buf + k * 8, &ip, 8);
		}
	}
	*ret = n * esz;
	return 0;
}

static int h_current_task(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	*ret = vm->opts.task;
	return 0;
}

static int h_redirect_map(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	struct vm_map *m = vm_map_by_ptr(vm, a[0]);

	if (!m && vm->opts.mode == BPFSIM_VM_TRUSTED)
		m = (struct vm_map *)(uintptr_t)a[0];
	if (!m)
		return bpfsim_vm_fault(vm, -EFAULT, "pc %zu: bpf_redirect_map: r1 (0x%" PRIx64 ") is not a map",
				       vm->cur_pc, a[0]);
	*ret = (uint64_t)vm_map_redirect(m, (uint32_t)a[1], a[2]);
	return 0;
}

int vm_ext_init(struct bpfsim_vm *vm)
{
	const struct bpfsim_vm_opts *o = &vm->opts;

	if (o->kstack && o->kstack_len) {
		vm->kstack = malloc(o->kstack_len * sizeof(uint64_t));
		if (!vm->kstack)
			return -ENOMEM;
		memcpy(vm->kstack, o->kstack, o->kstack_len * sizeof(uint64_t));
		vm->kstack_len = o->kstack_len;
	}
	if (o->ustack && o->ustack_len) {
		vm->ustack = malloc(o->ustack_len * sizeof(uint64_t));
		if (!vm->ustack)
			return -ENOMEM;
		memcpy(vm->ustack, o->ustack, o->ustack_len * sizeof(uint64_t));
		vm->ustack_len = o->ustack_len;
	}
	vm->opts.kstack = vm->opts.ustack = NULL; /* copied */
	return 0;
}

void vm_register_ext_helpers(struct bpfsim_vm *vm)
{
	static const struct {
		int id;
		bpfsim_helper_fn fn;
	} ext[] = {
		{ 4, h_probe_read },          { 45, h_probe_read_str },
		{ 112, h_probe_read_user },   { 113, h_probe_read_kernel },
		{ 114, h_probe_read_user_str }, { 115, h_probe_read_kernel_str },
		{ 165, h_snprintf },          { 67, h_get_stack },
		{ 35, h_current_task },       { 158, h_current_task },
		{ 51, h_redirect_map },
	};

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		bpfsim_vm_register_helper(vm, ext[i].id, NULL, ext[i].fn, NULL, NULL);
}
