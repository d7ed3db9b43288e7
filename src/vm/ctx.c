/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx.c: program contexts as BPF_PROG_TEST_RUN builds them.
 *
 * The kernel rewrites a program's loads of __sk_buff.data / xdp_md.data
 * (32-bit fields in the uapi struct) into 64-bit pointer loads. The VM does
 * not rewrite instructions; instead the context and the packet live in an
 * arena mapped below 4 GiB (MAP_32BIT), so the 32-bit field values are the
 * pointers themselves and a program's 32-bit load yields a usable pointer.
 *
 * Tracing programs (kprobe, tracepoint, perf_event, raw_tracepoint) get the
 * caller's bytes as their read-only context (a pt_regs, a tracepoint record,
 * raw_tracepoint's u64 arguments), at the start of the arena.
 *
 * Arena layout (allocated once per VM):
 *   [0, 256)            the context struct (__sk_buff: 192 bytes, xdp_md: 24)
 *   [4096, 4096 + 256)  headroom (XDP_PACKET_HEADROOM)
 *   [4352, ...)         the packet, as given in data_in
 *
 * Field values were checked against the running 6.18 kernel with
 * BPF_PROG_TEST_RUN (a 64-byte IPv4 frame to 02:01:02:03:04:05):
 * socket_filter len = 50 (the Ethernet header pulled), sched_cls len = 64,
 * pkt_type 3 (PACKET_OTHERHOST: the loopback device's address is zero;
 * a multicast or broadcast destination gives 2, a zero one 0),
 * protocol = h_proto as stored (0x0008 for IPv4), ifindex 1,
 * ingress_ifindex 0, data_meta = data, other fields 0; xdp: data_meta =
 * data, ingress_ifindex 1, rx_queue_index 0.
 *
 * cgroup_skb is built like socket_filter (data after the Ethernet header),
 * and every skb type gets the fields of the socket the kernel's test run
 * attaches: family (AF_INET/AF_INET6 from the EtherType), local_ip4/6 = the
 * IP source, remote_ip4/6 = the IP destination (checked against 6.18 by
 * tests/corpus/vm_runs2.jsonl and test_vm_live).
 *
 * Packet helpers (the kernel's checks, net/core/filter.c read for behaviour):
 * skb_load_bytes/skb_store_bytes on [data, data + len); l3/l4_csum_replace
 * (incremental checksum updates; the test-run skb is CHECKSUM_NONE); redirect (tc:
 * TC_ACT_REDIRECT, xdp: XDP_REDIRECT; bad flags: TC_ACT_SHOT / XDP_ABORTED);
 * xdp_adjust_head/meta/tail move data, data_meta and data_end within the
 * frame the kernel's test run builds: a 4096-byte frame whose first 40 bytes
 * hold struct xdp_frame, 256 bytes of headroom, and 320 bytes of tailroom
 * (struct skb_shared_info) at the end.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "vm_internal.h"

#define ARENA_LEN (256u * 1024u)
#define PKT_OFF 4096u
#define HEADROOM 256u
#define ETH_HLEN 14u
#define FRAME_SZ 4096u
#define XDP_FRAME_HDR 40u   /* sizeof(struct xdp_frame) */
#define TAILROOM 320u       /* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */

/* __sk_buff and xdp_md field offsets (uapi) */
enum {
	SKB_LEN = 0, SKB_PKT_TYPE = 4, SKB_PROTOCOL = 16, SKB_IFINDEX = 40, SKB_DATA = 76,
	SKB_DATA_END = 80, SKB_HASH = 68, SKB_FAMILY = 88, SKB_REMOTE_IP4 = 92, SKB_LOCAL_IP4 = 96,
	SKB_REMOTE_IP6 = 100, SKB_LOCAL_IP6 = 116, SKB_DATA_META = 140, SKB_SIZE = 192,
	XDP_DATA = 0, XDP_DATA_END = 4, XDP_DATA_META = 8, XDP_INGRESS_IFINDEX = 12, XDP_SIZE = 24,
};

void vm_ctx_free(struct bpfsim_vm *vm)
{
	if (vm->arena)
		munmap(vm->arena, vm->arena_len);
	vm->arena = NULL;
}

static void put32(uint8_t *ctx, size_t off, uint32_t v)
{
	memcpy(ctx + off, &v, 4);
}

static int arena(struct bpfsim_vm *vm, struct bpfsim_err *err)
{
	void *p;

	if (vm->arena)
		return 0;
#ifdef MAP_32BIT
	p = mmap(NULL, ARENA_LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
#else
	p = MAP_FAILED;
#endif
	if (p == MAP_FAILED || (uintptr_t)p + ARENA_LEN > 0xffffffffu)
		return bpfsim_errf(err, -ENOTSUP, "vm: cannot map packet memory below 4 GiB on this host");
	vm->arena = p;
	vm->arena_len = ARENA_LEN;
	return 0;
}

int bpfsim_vm_run_test(struct bpfsim_vm *vm, int prog, int prog_type, const void *data, size_t len,
		       uint32_t *retval, struct bpfsim_err *err)
{
	uint8_t *ctx, *pkt;
	uint64_t r0 = 0;
	size_t ctx_len;
	uint32_t vis_off = 0;
	int rc;

	bool tracing = prog_type == BPFSIM_PROG_TYPE_KPROBE || prog_type == BPFSIM_PROG_TYPE_TRACEPOINT ||
		       prog_type == BPFSIM_PROG_TYPE_PERF_EVENT || prog_type == BPFSIM_PROG_TYPE_RAW_TRACEPOINT;

	if (prog_type != BPFSIM_PROG_TYPE_SOCKET_FILTER && prog_type != BPFSIM_PROG_TYPE_SCHED_CLS &&
	    prog_type != BPFSIM_PROG_TYPE_SCHED_ACT && prog_type != BPFSIM_PROG_TYPE_CGROUP_SKB &&
	    prog_type != BPFSIM_PROG_TYPE_XDP && !tracing)
		return bpfsim_errf(err, -ENOTSUP, "vm: test runs of %s programs are not supported",
				   bpfsim_prog_type_name(prog_type) ? bpfsim_prog_type_name(prog_type) : "these");
	rc = arena(vm, err);
	if (rc < 0)
		return rc;
	if (tracing) {
		/* the context is the given bytes (pt_regs, tracepoint record,
		 * bpf_perf_event_data, raw_tracepoint u64 args), read-only */
		if (len > PKT_OFF)
			return bpfsim_errf(err, -E2BIG, "vm: context of %zu bytes is too large (at most %u)", len,
					   PKT_OFF);
		memset(vm->arena, 0, PKT_OFF);
		if (len)
			memcpy(vm->arena, data, len);
		vm->prog_type = prog_type;
		vm->ctx_ro = true;
		bpfsim_vm_set_packet(vm, NULL, 0);
		rc = bpfsim_vm_run_mem(vm, prog, vm->arena, len, &r0, err);
		vm->ctx_ro = false;
		vm->prog_type = -1;
		if (rc < 0)
			return rc;
		*retval = (uint32_t)r0;
		return 0;
	}
	if (len > FRAME_SZ - HEADROOM - TAILROOM)
		return bpfsim_errf(err, -E2BIG, "vm: test run data of %zu bytes is too large (at most %u)",
				   len, FRAME_SZ - HEADROOM - TAILROOM);
	ctx = vm->arena;
	pkt = vm->arena + PKT_OFF + HEADROOM;
	memset(ctx, 0, 256);
	memset(vm->arena + PKT_OFF, 0, FRAME_SZ); /* headroom and tailroom read as zero */
	if (len)
		memcpy(pkt, data, len);
	if (prog_type == BPFSIM_PROG_TYPE_XDP) {
		uint32_t d = (uint32_t)(uintptr_t)pkt;

		put32(ctx, XDP_DATA, d);
		put32(ctx, XDP_DATA_END, d + (uint32_t)len);
		put32(ctx, XDP_DATA_META, d);
		put32(ctx, XDP_INGRESS_IFINDEX, 1);
		ctx_len = XDP_SIZE;
	} else {
		static const uint8_t zero[6] = { 0 };
		uint16_t proto;
		uint32_t d, pkt_type;

		if (len < ETH_HLEN)
			return bpfsim_errf(err, -EINVAL, "vm: test run data of %zu bytes is shorter than an "
					   "Ethernet header", len);
		/* the kernel refuses an IPv4/IPv6 frame too short for its IP
		 * header (-EINVAL; measured: 34 and 54 bytes are the minimum) */
		if ((pkt[12] == 0x08 && pkt[13] == 0x00 && len < ETH_HLEN + 20) ||
		    (pkt[12] == 0x86 && pkt[13] == 0xdd && len < ETH_HLEN + 40))
			return bpfsim_errf(err, -EINVAL, "vm: test run data of %zu bytes is too short for "
					   "its IP header", len);
		/* eth_type_trans() on the loopback device: its address and its
		 * broadcast address are both zero, so ff:ff:ff:ff:ff:ff is
		 * PACKET_MULTICAST too (checked against the running kernel) */
		if (pkt[0] & 1)
			pkt_type = 2; /* PACKET_MULTICAST */
		else if (!memcmp(pkt, zero, 6))
			pkt_type = 0; /* PACKET_HOST */
		else
			pkt_type = 3; /* PACKET_OTHERHOST */
		if (((uint32_t)pkt[12] << 8 | pkt[13]) >= 0x600)
			memcpy(&proto, pkt + 12, 2);
		else if (len >= 16 && pkt[14] == 0xff && pkt[15] == 0xff)
			proto = 0x0100; /* htons(ETH_P_802_3) */
		else
			proto = 0x0400; /* htons(ETH_P_802_2) */
		/* socket filters and cgroup_skb see the packet after the
		 * Ethernet header; tc sees it whole */
		if (prog_type == BPFSIM_PROG_TYPE_SOCKET_FILTER || prog_type == BPFSIM_PROG_TYPE_CGROUP_SKB)
			vis_off = ETH_HLEN;
		/* the socket the test run attaches to the skb: its family and
		 * addresses come from the IP header (local = source) */
		if (proto == 0x0008) {
			put32(ctx, SKB_FAMILY, 2); /* AF_INET */
			memcpy(ctx + SKB_LOCAL_IP4, pkt + ETH_HLEN + 12, 4);
			memcpy(ctx + SKB_REMOTE_IP4, pkt + ETH_HLEN + 16, 4);
		} else if (proto == 0xdd86) {
			put32(ctx, SKB_FAMILY, 10); /* AF_INET6 */
			memcpy(ctx + SKB_LOCAL_IP6, pkt + ETH_HLEN + 8, 16);
			memcpy(ctx + SKB_REMOTE_IP6, pkt + ETH_HLEN + 24, 16);
		}
		d = (uint32_t)(uintptr_t)(pkt + vis_off);
		put32(ctx, SKB_LEN, (uint32_t)len - vis_off);
		put32(ctx, SKB_PKT_TYPE, pkt_type);
		put32(ctx, SKB_PROTOCOL, proto);
		put32(ctx, SKB_IFINDEX, 1);
		put32(ctx, SKB_DATA, d);
		put32(ctx, SKB_DATA_END, d + (uint32_t)len - vis_off);
		put32(ctx, SKB_DATA_META, d);
		ctx_len = SKB_SIZE;
	}
	/* LD_ABS/LD_IND and direct packet access see [data, data_end) */
	bpfsim_vm_set_packet(vm, pkt + vis_off, len - vis_off);
	vm->prog_type = prog_type;
	rc = bpfsim_vm_run_mem(vm, prog, ctx, ctx_len, &r0, err);
	vm->prog_type = -1;
	bpfsim_vm_set_packet(vm, NULL, 0);
	if (rc < 0)
		return rc;
	*retval = (uint32_t)r0;
	return 0;
}

/* ---- packet helpers ---- */

static bool is_skb_type(int t)
{
	return t == BPFSIM_PROG_TYPE_SOCKET_FILTER || t == BPFSIM_PROG_TYPE_SCHED_CLS ||
	       t == BPFSIM_PROG_TYPE_SCHED_ACT || t == BPFSIM_PROG_TYPE_CGROUP_SKB;
}

/* r1 must be the context of the current test run of the right kind. */
static int ctx_arg(struct bpfsim_vm *vm, uint64_t r1, bool xdp, const char *helper)
{
	bool ok = vm->arena && r1 == (uint64_t)(uintptr_t)vm->arena &&
		  (xdp ? vm->prog_type == BPFSIM_PROG_TYPE_XDP : is_skb_type(vm->prog_type));

	if (ok || vm->opts.mode == BPFSIM_VM_TRUSTED)
		return ok ? 0 : -EINVAL;
	return bpfsim_vm_fault(vm, -EFAULT, "pc %zu: %s: r1 is not the %s context of a test run", vm->cur_pc,
			       helper, xdp ? "xdp_md" : "__sk_buff");
}

static int h_skb_load_bytes(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t off = (uint32_t)a[1], n = a[3];

	if (ctx_arg(vm, a[0], false, "bpf_skb_load_bytes") < 0)
		return vm->faulted ? -EFAULT : 0;
	if (bpfsim_vm_check(vm, a[2], n, true, "bpf_skb_load_bytes to"))
		return -EFAULT;
	if (off > 0xffff || off + n > vm->pkt_len || !vm->pkt) {
		if (n)
			memset((void *)(uintptr_t)a[2], 0, n);
		*ret = (uint64_t)-EFAULT;
		return 0;
	}
	if (n)
		memcpy((void *)(uintptr_t)a[2], (const uint8_t *)vm->pkt + off, n);
	*ret = 0;
	return 0;
}

static int h_skb_store_bytes(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	uint64_t off = (uint32_t)a[1], n = a[3];

	if (ctx_arg(vm, a[0], false, "bpf_skb_store_bytes") < 0)
		return vm->faulted ? -EFAULT : 0;
	if (bpfsim_vm_check(vm, a[2], n, false, "bpf_skb_store_bytes from"))
		return -EFAULT;
	if (a[4] & ~3ull) { /* BPF_F_RECOMPUTE_CSUM | BPF_F_INVALIDATE_HASH */
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (off > 0xffff || off + n > vm->pkt_len || !vm->pkt) {
		*ret = (uint64_t)-EFAULT;
		return 0;
	}
	if (n)
		memmove((uint8_t *)vm->pkt + off, (const void *)(uintptr_t)a[2], n);
	*ret = 0;
	return 0;
}

static int h_redirect(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	if (vm->prog_type == BPFSIM_PROG_TYPE_XDP)
		*ret = a[1] ? 0 /* XDP_ABORTED */ : 4 /* XDP_REDIRECT */;
	else
		*ret = (a[1] & ~1ull) ? 2 /* TC_ACT_SHOT */ : 7 /* TC_ACT_REDIRECT */;
	return 0;
}

static uint32_t get32(const uint8_t *ctx, size_t off)
{
	uint32_t v;

	memcpy(&v, ctx + off, 4);
	return v;
}

/* After an adjust: the packet region is [data_meta, data_end). */
static void xdp_sync(struct bpfsim_vm *vm)
{
	uint32_t meta = get32(vm->arena, XDP_DATA_META), data = get32(vm->arena, XDP_DATA);
	uint32_t end = get32(vm->arena, XDP_DATA_END);

	vm->pkt = (void *)(uintptr_t)data;
	vm->pkt_len = end - data;
	vm->regions[2].lo = meta;
	vm->regions[2].len = end - meta;
}

static int h_xdp_adjust_head_do(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret)
{
	uint8_t *x = vm->arena;
	uint32_t hard = (uint32_t)(uintptr_t)(vm->arena + PKT_OFF);
	uint32_t data = get32(x, XDP_DATA), meta = get32(x, XDP_DATA_META), end = get32(x, XDP_DATA_END);
	int64_t nd = (int64_t)data + (int32_t)a[1];
	uint32_t metalen = data - meta;

	if (nd < (int64_t)metalen + hard + XDP_FRAME_HDR || nd > (int64_t)end - ETH_HLEN) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (metalen)
		memmove((void *)(uintptr_t)(meta + (int32_t)a[1]), (void *)(uintptr_t)meta, metalen);
	put32(x, XDP_DATA_META, meta + (uint32_t)(int32_t)a[1]);
	put32(x, XDP_DATA, (uint32_t)nd);
	xdp_sync(vm);
	*ret = 0;
	return 0;
}

static int h_xdp_adjust_head(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	/* before touching the arena: it exists only during a test run */
	if (ctx_arg(vm, a[0], true, "bpf_xdp_adjust_head") < 0)
		return vm->faulted ? -EFAULT : 0;
	return h_xdp_adjust_head_do(vm, a, ret);
}

static int h_xdp_adjust_meta_do(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret)
{
	uint8_t *x = vm->arena;
	uint32_t hard = (uint32_t)(uintptr_t)(vm->arena + PKT_OFF);
	uint32_t data = get32(x, XDP_DATA), meta = get32(x, XDP_DATA_META);
	int64_t nm = (int64_t)meta + (int32_t)a[1];

	if (nm < (int64_t)hard + XDP_FRAME_HDR || nm > (int64_t)data) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	/* 6.18 allows up to 255 bytes of metadata (measured: 128 is accepted) */
	if (((int64_t)data - nm) % 4 || (int64_t)data - nm > 255) {
		*ret = (uint64_t)-EACCES;
		return 0;
	}
	put32(x, XDP_DATA_META, (uint32_t)nm);
	xdp_sync(vm);
	*ret = 0;
	return 0;
}

static int h_xdp_adjust_meta(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	/* before touching the arena: it exists only during a test run */
	if (ctx_arg(vm, a[0], true, "bpf_xdp_adjust_meta") < 0)
		return vm->faulted ? -EFAULT : 0;
	return h_xdp_adjust_meta_do(vm, a, ret);
}

static int h_xdp_adjust_tail_do(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret)
{
	uint8_t *x = vm->arena;
	uint32_t hard_end = (uint32_t)(uintptr_t)(vm->arena + PKT_OFF + FRAME_SZ - TAILROOM);
	uint32_t data = get32(x, XDP_DATA), end = get32(x, XDP_DATA_END);
	int64_t ne = (int64_t)end + (int32_t)a[1];

	if (ne > (int64_t)hard_end || ne < (int64_t)data + ETH_HLEN) {
		*ret = (uint64_t)-EINVAL;
		return 0;
	}
	if (ne > (int64_t)end)
		memset((void *)(uintptr_t)end, 0, (size_t)(ne - end));
	put32(x, XDP_DATA_END, (uint32_t)ne);
	xdp_sync(vm);
	*ret = 0;
	return 0;
}

static int h_xdp_adjust_tail(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	/* before touching the arena: it exists only during a test run */
	if (ctx_arg(vm, a[0], true, "bpf_xdp_adjust_tail") < 0)
		return vm->faulted ? -EFAULT : 0;
	return h_xdp_adjust_tail_do(vm, a, ret);
}

/* ---- checksum helpers (RFC 1624 incremental updates, as the kernel's
 * csum_replace*: the skb of a test run is CHECKSUM_NONE) ---- */

static uint32_t csum_add(uint32_t a, uint32_t b)
{
	uint32_t r = a + b;

	return r + (r < b);
}

static uint16_t csum_fold(uint32_t x)
{
	x = (x & 0xffff) + (x >> 16);
	x = (x & 0xffff) + (x >> 16);
	return (uint16_t)~x;
}

/* Apply a replacement to the 16-bit checksum at pkt[off]: field 0 (from must
 * be 0: to is a csum diff), 2 or 4 bytes. Returns 0 or a negative errno. */
static long csum_replace(struct bpfsim_vm *vm, uint64_t off, uint64_t from, uint64_t to, unsigned int field,
			 bool mmzero)
{
	uint16_t sum;
	uint32_t acc;

	if (off > 0xffff || (off & 1) || off + 2 > vm->pkt_len)
		return -EFAULT;
	memcpy(&sum, (uint8_t *)vm->pkt + off, 2);
	if (mmzero && !sum)
		return 0;
	switch (field) {
	case 0:
		if (from)
			return -EINVAL;
		acc = csum_add((uint32_t)to, (uint32_t)(uint16_t)~sum);
		break;
	case 2:
		acc = csum_add(csum_add((uint32_t)(uint16_t)~sum, ~(uint32_t)(uint16_t)from), (uint16_t)to);
		break;
	case 4:
		acc = csum_add(csum_add((uint32_t)(uint16_t)~sum, ~(uint32_t)from), (uint32_t)to);
		break;
	default:
		return -EINVAL;
	}
	sum = csum_fold(acc);
	if (mmzero && !sum)
		sum = 0xffff; /* CSUM_MANGLED_0 */
	memcpy((uint8_t *)vm->pkt + off, &sum, 2);
	return 0;
}

/* bpf_l3_csum_replace(skb, offset, from, to, flags) */
static int h_l3_csum(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	if (ctx_arg(vm, a[0], false, "bpf_l3_csum_replace") < 0)
		return vm->faulted ? -EFAULT : 0;
	if (a[4] & ~0xfull)
		*ret = (uint64_t)-EINVAL;
	else
		*ret = (uint64_t)csum_replace(vm, (uint32_t)a[1], a[2], a[3], a[4] & 0xf, false);
	return 0;
}

/* bpf_l4_csum_replace(skb, offset, from, to, flags): BPF_F_PSEUDO_HDR does
 * not change the result on a CHECKSUM_NONE skb; BPF_F_MARK_MANGLED_0 keeps
 * a zero (UDP "no checksum") and writes 0xffff for a zero result. */
static int h_l4_csum(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	bool mmzero = (a[4] & 0x20) && !(a[4] & 0x40);

	if (ctx_arg(vm, a[0], false, "bpf_l4_csum_replace") < 0)
		return vm->faulted ? -EFAULT : 0;
	if (a[4] & ~(0x20ull | 0x40 | 0x10 | 0xf | 0x80))
		*ret = (uint64_t)-EINVAL;
	else
		*ret = (uint64_t)csum_replace(vm, (uint32_t)a[1], a[2], a[3], a[4] & 0xf, mmzero);
	return 0;
}

/* bpf_get_hash_recalc(skb): the kernel computes the flow hash with a
 * per-boot random key, so no value can match it; the VM's is FNV-1a of
 * the L3 protocol, the IPv4/IPv6 addresses and the first 4 bytes after a
 * 20-byte IPv4 header (ports), never 0 (the kernel maps 0 to 1 too), and
 * is stored in __sk_buff.hash. A hash already there is returned as is. */
static int h_get_hash_recalc(struct bpfsim_vm *vm, const uint64_t a[5], uint64_t *ret, void *u)
{
	const uint8_t *pkt = vm->arena + PKT_OFF + HEADROOM;
	uint32_t h = get32(vm->arena, SKB_HASH), len = get32(vm->arena, SKB_LEN);
	uint16_t proto;

	if (ctx_arg(vm, a[0], false, "bpf_get_hash_recalc") < 0)
		return vm->faulted ? -EFAULT : 0;
	if (!h) {
		size_t n = 0, off = 0;

		memcpy(&proto, vm->arena + SKB_PROTOCOL, 2);
		h = 2166136261u;
		if (proto == 0x0008) {
			off = ETH_HLEN + 12;
			n = 12;
		} else if (proto == 0xdd86) {
			off = ETH_HLEN + 8;
			n = 32;
		}
		if (vm->prog_type == BPFSIM_PROG_TYPE_SOCKET_FILTER || vm->prog_type == BPFSIM_PROG_TYPE_CGROUP_SKB)
			len += ETH_HLEN;
		if (off + n > len)
			n = 0;
		h = (h ^ proto) * 16777619u;
		for (size_t i = 0; i < n; i++)
			h = (h ^ pkt[off + i]) * 16777619u;
		if (!h)
			h = 1;
		put32(vm->arena, SKB_HASH, h);
	}
	*ret = h;
	return 0;
}

void vm_register_ctx_helpers(struct bpfsim_vm *vm)
{
	bpfsim_vm_register_helper(vm, 34, NULL, h_get_hash_recalc, NULL, NULL);
	bpfsim_vm_register_helper(vm, 26, NULL, h_skb_load_bytes, NULL, NULL);
	bpfsim_vm_register_helper(vm, 9, NULL, h_skb_store_bytes, NULL, NULL);
	bpfsim_vm_register_helper(vm, 23, NULL, h_redirect, NULL, NULL);
	bpfsim_vm_register_helper(vm, 44, NULL, h_xdp_adjust_head, NULL, NULL);
	bpfsim_vm_register_helper(vm, 54, NULL, h_xdp_adjust_meta, NULL, NULL);
	bpfsim_vm_register_helper(vm, 65, NULL, h_xdp_adjust_tail, NULL, NULL);
	bpfsim_vm_register_helper(vm, 10, NULL, h_l3_csum, NULL, NULL);
	bpfsim_vm_register_helper(vm, 11, NULL, h_l4_csum, NULL, NULL);
}
