/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interp_loop.h: the body of the dispatch loop, included twice by interp.c:
 * with VM_CHECKED 1 (every access checked against the regions) and with
 * VM_CHECKED 0 (trusted: no checks), so that each copy is compiled with the
 * mode as a constant. See interp.c for the algorithm.
 */
/* Run prog from start with r1..r5 = args, r10 = fp, depth0 frames already in
 * use (callbacks run below their caller's frame), at most budget slots. */
static int VM_LOOP_NAME(struct bpfsim_vm *vm, struct vm_prog *prog, const struct vm_insn *start,
			const uint64_t args[5], uint64_t fp, unsigned int depth0, uint64_t budget,
			uint64_t *r0_out)
{
	/* One label per form of forms.def: adding a form without a handler
	 * fails to compile. */
	static const void *const labels[VM_FORM_TRAP + 1] = {
		[BPFSIM_FORM_INVALID] = &&L_TRAP,
#define X(id, code, disc, dv, fmt, size, name, sym) [BPFSIM_FORM_##id] = &&L_##id,
#include "bpfsim/forms.def"
#undef X
		[VM_FORM_TRAP] = &&L_TRAP,
	};
	uint64_t reg[11] = { 0 };
	struct vm_frame frames[BPFSIM_VM_MAX_FRAMES];
	unsigned int depth = 0;
	const struct vm_insn *ip = start;
	const struct vm_insn *blk = ip; /* first slot of the straight-line run being executed */
	uint64_t count = 0;             /* slots executed before blk */
	uint64_t may_goto_cnt = 8 * 1024 * 1024; /* BPF_MAX_LOOPS */
	uint64_t id;  /* helper id of the call in progress */
	const struct vm_insn *t; /* callee of a local call */
	int rc = 0;

	memcpy(&reg[1], args, 5 * sizeof(uint64_t));
	reg[10] = fp;

#define PC ((size_t)(ip - prog->insns))
#define DST reg[ip->dst]
#define SRC reg[ip->src]
#define IMM ((uint64_t)ip->imm)
/* Executed slots are counted per straight-line run: a control transfer adds
 * the length of the run it ends, and checks the budget. Straight-line code
 * is bounded by the program's length, so the budget can be exceeded by at
 * most that much. */
#define DISPATCH() goto *labels[ip->form]
#define ENDRUN() (count += (uint64_t)(ip - blk) + 1)
#define GOTO(target)                                                  \
	do {                                                          \
		ENDRUN();                                             \
		ip = (target);                                        \
		blk = ip;                                             \
		if (__builtin_expect(count > budget, 0))              \
			goto out_budget;                              \
		DISPATCH();                                           \
	} while (0)
#define NEXT()            \
	do {              \
		ip++;     \
		DISPATCH(); \
	} while (0)
#define CHECK(addr, size, write)                                                            \
	do {                                                                                \
		if (VM_CHECKED && !vm_region_ok(vm, (addr), (size), (write))) {             \
			rc = vm_fault_access(vm, PC, bpfsim_form_info(ip->form)->name, (addr), \
					     (size), (write));                              \
			goto out;                                                           \
		}                                                                           \
	} while (0)

#define ALU64_IMM(op) DST = DST op IMM; NEXT()
#define ALU64_REG(op) DST = DST op SRC; NEXT()
#define ALU32_IMM(op) DST = (uint32_t)((uint32_t)DST op (uint32_t)IMM); NEXT()
#define ALU32_REG(op) DST = (uint32_t)((uint32_t)DST op (uint32_t)SRC); NEXT()
#define JMP(cond)                                   \
	do {                                        \
		if (cond)                           \
			GOTO(ip + ip->off + 1);     \
		NEXT();                             \
	} while (0)
#define LDX(T, size)                                                  \
	do {                                                          \
		uint64_t a_ = SRC + (uint64_t)(int64_t)ip->off;       \
		T v_;                                                 \
		CHECK(a_, size, false);                               \
		memcpy(&v_, (const void *)(uintptr_t)a_, size);       \
		DST = (uint64_t)v_;                                   \
		NEXT();                                               \
	} while (0)
#define LDXS(T, size)                                                 \
	do {                                                          \
		uint64_t a_ = SRC + (uint64_t)(int64_t)ip->off;       \
		T v_;                                                 \
		CHECK(a_, size, false);                               \
		memcpy(&v_, (const void *)(uintptr_t)a_, size);       \
		DST = (uint64_t)(int64_t)v_;                          \
		NEXT();                                               \
	} while (0)
#define STORE(T, size, val)                                           \
	do {                                                          \
		uint64_t a_ = DST + (uint64_t)(int64_t)ip->off;       \
		T v_ = (T)(val);                                      \
		CHECK(a_, size, true);                                \
		memcpy((void *)(uintptr_t)a_, &v_, size);             \
		NEXT();                                               \
	} while (0)
#define ATOMIC_ADDR(size) ATOMIC_ADDR_OF(DST, size, true)
#define ATOMIC_ADDR_OF(base, size, write)                                                \
	uint64_t a_ = (base) + (uint64_t)(int64_t)ip->off;                               \
	CHECK(a_, size, write);                                                          \
	if (VM_CHECKED && (a_ & ((size) - 1))) {                                         \
		rc = bpfsim_vm_fault(vm, -EFAULT, "pc %zu (%s): misaligned atomic access at 0x%" PRIx64, \
				     PC, bpfsim_form_info(ip->form)->name, a_);          \
		goto out;                                                                \
	}
#define ATOMIC(T, size, fn, fetch)                                                       \
	do {                                                                             \
		ATOMIC_ADDR(size)                                                        \
		T old_ = fn((T *)(uintptr_t)a_, (T)SRC, __ATOMIC_SEQ_CST);               \
		if (fetch)                                                               \
			SRC = (uint64_t)old_;                                            \
		NEXT();                                                                  \
	} while (0)
#define LOAD_ACQ(T, size)                                                                \
	do {                                                                             \
		ATOMIC_ADDR_OF(SRC, size, false)                                         \
		DST = (uint64_t)__atomic_load_n((T *)(uintptr_t)a_, __ATOMIC_ACQUIRE);   \
		NEXT();                                                                  \
	} while (0)
#define STORE_REL(T, size)                                                               \
	do {                                                                             \
		ATOMIC_ADDR(size)                                                        \
		__atomic_store_n((T *)(uintptr_t)a_, (T)SRC, __ATOMIC_RELEASE);          \
		NEXT();                                                                  \
	} while (0)

	DISPATCH();

	/* ---- ALU (32-bit: operate on the low halves, zero-extend) ---- */
L_ADD32_IMM: ALU32_IMM(+);
L_ADD32_REG: ALU32_REG(+);
L_SUB32_IMM: ALU32_IMM(-);
L_SUB32_REG: ALU32_REG(-);
L_MUL32_IMM: ALU32_IMM(*);
L_MUL32_REG: ALU32_REG(*);
L_OR32_IMM: ALU32_IMM(|);
L_OR32_REG: ALU32_REG(|);
L_AND32_IMM: ALU32_IMM(&);
L_AND32_REG: ALU32_REG(&);
L_XOR32_IMM: ALU32_IMM(^);
L_XOR32_REG: ALU32_REG(^);
L_LSH32_IMM: DST = (uint32_t)((uint32_t)DST << (IMM & 31)); NEXT();
L_LSH32_REG: DST = (uint32_t)((uint32_t)DST << (SRC & 31)); NEXT();
L_RSH32_IMM: DST = (uint32_t)DST >> (IMM & 31); NEXT();
L_RSH32_REG: DST = (uint32_t)DST >> (SRC & 31); NEXT();
L_ARSH32_IMM: DST = (uint32_t)((int32_t)DST >> (IMM & 31)); NEXT();
L_ARSH32_REG: DST = (uint32_t)((int32_t)DST >> (SRC & 31)); NEXT();
L_NEG32: DST = (uint32_t)(0u - (uint32_t)DST); NEXT();
L_MOV32_IMM: DST = (uint32_t)IMM; NEXT();
L_MOV32_REG: DST = (uint32_t)SRC; NEXT();
L_MOVSX8_32: DST = (uint32_t)(int32_t)(int8_t)SRC; NEXT();
L_MOVSX16_32: DST = (uint32_t)(int32_t)(int16_t)SRC; NEXT();
L_DIV32_IMM: DST = div32((uint32_t)DST, (uint32_t)IMM); NEXT();
L_DIV32_REG: DST = div32((uint32_t)DST, (uint32_t)SRC); NEXT();
L_SDIV32_IMM: DST = sdiv32((uint32_t)DST, (uint32_t)IMM); NEXT();
L_SDIV32_REG: DST = sdiv32((uint32_t)DST, (uint32_t)SRC); NEXT();
L_MOD32_IMM: DST = mod32((uint32_t)DST, (uint32_t)IMM); NEXT();
L_MOD32_REG: DST = mod32((uint32_t)DST, (uint32_t)SRC); NEXT();
L_SMOD32_IMM: DST = smod32((uint32_t)DST, (uint32_t)IMM); NEXT();
L_SMOD32_REG: DST = smod32((uint32_t)DST, (uint32_t)SRC); NEXT();

	/* ---- ALU64 ---- */
L_ADD64_IMM: ALU64_IMM(+);
L_ADD64_REG: ALU64_REG(+);
L_SUB64_IMM: ALU64_IMM(-);
L_SUB64_REG: ALU64_REG(-);
L_MUL64_IMM: ALU64_IMM(*);
L_MUL64_REG: ALU64_REG(*);
L_OR64_IMM: ALU64_IMM(|);
L_OR64_REG: ALU64_REG(|);
L_AND64_IMM: ALU64_IMM(&);
L_AND64_REG: ALU64_REG(&);
L_XOR64_IMM: ALU64_IMM(^);
L_XOR64_REG: ALU64_REG(^);
L_LSH64_IMM: DST <<= (IMM & 63); NEXT();
L_LSH64_REG: DST <<= (SRC & 63); NEXT();
L_RSH64_IMM: DST >>= (IMM & 63); NEXT();
L_RSH64_REG: DST >>= (SRC & 63); NEXT();
L_ARSH64_IMM: DST = (uint64_t)((int64_t)DST >> (IMM & 63)); NEXT();
L_ARSH64_REG: DST = (uint64_t)((int64_t)DST >> (SRC & 63)); NEXT();
L_NEG64: DST = 0 - DST; NEXT();
L_MOV64_IMM: DST = IMM; NEXT();
L_MOV64_REG: DST = SRC; NEXT();
L_MOVSX8_64: DST = (uint64_t)(int64_t)(int8_t)SRC; NEXT();
L_MOVSX16_64: DST = (uint64_t)(int64_t)(int16_t)SRC; NEXT();
L_MOVSX32_64: DST = (uint64_t)(int64_t)(int32_t)SRC; NEXT();
L_DIV64_IMM: DST = div64(DST, IMM); NEXT();
L_DIV64_REG: DST = div64(DST, SRC); NEXT();
L_SDIV64_IMM: DST = sdiv64(DST, IMM); NEXT();
L_SDIV64_REG: DST = sdiv64(DST, SRC); NEXT();
L_MOD64_IMM: DST = mod64(DST, IMM); NEXT();
L_MOD64_REG: DST = mod64(DST, SRC); NEXT();
L_SMOD64_IMM: DST = smod64(DST, IMM); NEXT();
L_SMOD64_REG: DST = smod64(DST, SRC); NEXT();

	/* ---- byte order (the host is little-endian: checked in interp.c) ---- */
L_LE16: DST = (uint16_t)DST; NEXT();
L_LE32: DST = (uint32_t)DST; NEXT();
L_LE64: NEXT();
L_BE16:
L_BSWAP16: DST = __builtin_bswap16((uint16_t)DST); NEXT();
L_BE32:
L_BSWAP32: DST = __builtin_bswap32((uint32_t)DST); NEXT();
L_BE64:
L_BSWAP64: DST = __builtin_bswap64(DST); NEXT();

	/* ---- jumps (off is relative to the next instruction) ---- */
L_JA:
L_JA32: GOTO(ip + ip->off + 1);
L_JEQ_IMM: JMP(DST == IMM);
L_JEQ_REG: JMP(DST == SRC);
L_JGT_IMM: JMP(DST > IMM);
L_JGT_REG: JMP(DST > SRC);
L_JGE_IMM: JMP(DST >= IMM);
L_JGE_REG: JMP(DST >= SRC);
L_JSET_IMM: JMP(DST & IMM);
L_JSET_REG: JMP(DST & SRC);
L_JNE_IMM: JMP(DST != IMM);
L_JNE_REG: JMP(DST != SRC);
L_JSGT_IMM: JMP((int64_t)DST > (int64_t)IMM);
L_JSGT_REG: JMP((int64_t)DST > (int64_t)SRC);
L_JSGE_IMM: JMP((int64_t)DST >= (int64_t)IMM);
L_JSGE_REG: JMP((int64_t)DST >= (int64_t)SRC);
L_JLT_IMM: JMP(DST < IMM);
L_JLT_REG: JMP(DST < SRC);
L_JLE_IMM: JMP(DST <= IMM);
L_JLE_REG: JMP(DST <= SRC);
L_JSLT_IMM: JMP((int64_t)DST < (int64_t)IMM);
L_JSLT_REG: JMP((int64_t)DST < (int64_t)SRC);
L_JSLE_IMM: JMP((int64_t)DST <= (int64_t)IMM);
L_JSLE_REG: JMP((int64_t)DST <= (int64_t)SRC);
L_JEQ32_IMM: JMP((uint32_t)DST == (uint32_t)IMM);
L_JEQ32_REG: JMP((uint32_t)DST == (uint32_t)SRC);
L_JGT32_IMM: JMP((uint32_t)DST > (uint32_t)IMM);
L_JGT32_REG: JMP((uint32_t)DST > (uint32_t)SRC);
L_JGE32_IMM: JMP((uint32_t)DST >= (uint32_t)IMM);
L_JGE32_REG: JMP((uint32_t)DST >= (uint32_t)SRC);
L_JSET32_IMM: JMP((uint32_t)DST & (uint32_t)IMM);
L_JSET32_REG: JMP((uint32_t)DST & (uint32_t)SRC);
L_JNE32_IMM: JMP((uint32_t)DST != (uint32_t)IMM);
L_JNE32_REG: JMP((uint32_t)DST != (uint32_t)SRC);
L_JSGT32_IMM: JMP((int32_t)DST > (int32_t)IMM);
L_JSGT32_REG: JMP((int32_t)DST > (int32_t)SRC);
L_JSGE32_IMM: JMP((int32_t)DST >= (int32_t)IMM);
L_JSGE32_REG: JMP((int32_t)DST >= (int32_t)SRC);
L_JLT32_IMM: JMP((uint32_t)DST < (uint32_t)IMM);
L_JLT32_REG: JMP((uint32_t)DST < (uint32_t)SRC);
L_JLE32_IMM: JMP((uint32_t)DST <= (uint32_t)IMM);
L_JLE32_REG: JMP((uint32_t)DST <= (uint32_t)SRC);
L_JSLT32_IMM: JMP((int32_t)DST < (int32_t)IMM);
L_JSLT32_REG: JMP((int32_t)DST < (int32_t)SRC);
L_JSLE32_IMM: JMP((int32_t)DST <= (int32_t)IMM);
L_JSLE32_REG: JMP((int32_t)DST <= (int32_t)SRC);
L_MAY_GOTO:
	/* Linux: a per-run loop counter; when it is used up the jump is taken. */
	if (may_goto_cnt == 0)
		GOTO(ip + ip->off + 1);
	may_goto_cnt--;
	NEXT();

	/* ---- calls ---- */
L_CALL_HELPER: {
	id = IMM;
call_helper:
	if (id == 12 /* tail_call */ && !vm->helpers[12].fn) {
		/* bpf_tail_call(ctx, prog_array, index): on success the
		 * current frame continues in the target program from its
		 * first instruction; on failure execution falls through. */
		struct vm_map *m = vm_map_by_ptr(vm, reg[2]);
		struct vm_prog *tp;

		if (VM_CHECKED && !m) {
			rc = bpfsim_vm_fault(vm, -EFAULT, "pc %zu: bpf_tail_call: r2 (0x%" PRIx64
					     ") is not a map", PC, reg[2]);
			goto out;
		}
		if (!m)
			m = (struct vm_map *)(uintptr_t)reg[2];
		tp = vm_map_prog_array_get(vm, m, (uint32_t)reg[3]);
		if (tp && vm->tail_calls < BPFSIM_VM_MAX_TAIL_CALLS) {
			vm->tail_calls++;
			prog = tp;
			GOTO(prog->insns);
		}
		NEXT();
	}
	if (id >= BPFSIM_VM_MAX_HELPERS || !vm->helpers[id].fn) {
		rc = bpfsim_vm_fault(vm, -ENOENT, "pc %zu: call to helper %" PRIu64
				     ", which is not available in the VM", PC, id);
		goto out;
	}
	{
		struct vm_helper *h = &vm->helpers[id];
		uint64_t ret = 0;

		vm->cur_pc = PC;
		vm->cur_prog = prog;
		vm->cur_fp = reg[10];
		vm->cur_depth = depth0 + depth;
		vm->cur_budget = budget > count + (uint64_t)(ip - blk) ? budget - count - (uint64_t)(ip - blk) : 1;
		rc = h->fn(vm, &reg[1], &ret, h->user);
		if (rc < 0 || vm->faulted) {
			if (!vm->faulted)
				rc = bpfsim_vm_fault(vm, rc, "pc %zu: helper %s (%" PRIu64 ") failed",
						     PC, h->name, id);
			if (rc >= 0)
				rc = -EFAULT;
			goto out;
		}
		reg[0] = ret;
		if (vm->cb_count) { /* slots run by callbacks (bpf_loop) count here */
			count += vm->cb_count;
			vm->cb_count = 0;
			if (count > budget)
				goto out_budget;
		}
	}
	NEXT();
}
L_CALLX: {
	/* call via register: a helper id (as uBPF and the conformance suite
	 * use it), or a code address made by ld_imm64 src=4. */
	uint64_t v = DST;
	uintptr_t lo = (uintptr_t)prog->insns, hi = (uintptr_t)(prog->insns + prog->n);

	if (v >= lo && v < hi && (v - lo) % sizeof(struct vm_insn) == 0) {
		t = (const struct vm_insn *)(uintptr_t)v;
		if (t->form == VM_FORM_TRAP) {
			rc = bpfsim_vm_fault(vm, -EINVAL, "pc %zu: callx into the middle of an instruction", PC);
			goto out;
		}
		goto local_call;
	}
	id = v;
	goto call_helper;
	}
L_CALL_LOCAL:
	t = ip + ip->off + 1;
local_call: {
	if (depth0 + depth + 1 >= BPFSIM_VM_MAX_FRAMES) {
		rc = bpfsim_vm_fault(vm, -E2BIG, "pc %zu: call stack too deep (more than %d frames)",
				     PC, BPFSIM_VM_MAX_FRAMES);
		goto out;
	}
	frames[depth].prog = prog;
	frames[depth].ret = ip + 1;
	memcpy(frames[depth].saved, &reg[6], 5 * sizeof(uint64_t));
	depth++;
	reg[10] -= BPFSIM_VM_STACK_SIZE;
	GOTO(t);
}
L_EXIT:
	if (depth == 0) {
		*r0_out = reg[0];
		goto out;
	}
	depth--;
	memcpy(&reg[6], frames[depth].saved, 5 * sizeof(uint64_t));
	prog = frames[depth].prog;
	GOTO(frames[depth].ret);

	/* ---- 64-bit immediates (resolved at load) ---- */
L_LDDW:
L_LDDW_MAP_FD:
L_LDDW_MAP_VALUE:
L_LDDW_FUNC:
L_LDDW_MAP_IDX:
L_LDDW_MAP_IDX_VALUE:
	DST = IMM;
	ip++;
	NEXT();

	/* ---- legacy packet loads: out of bounds ends the program with r0 = 0 ---- */
L_LDABSB:
L_LDABSH:
L_LDABSW:
L_LDINDB:
L_LDINDH:
L_LDINDW: {
	const struct bpfsim_form_info *fi = bpfsim_form_info(ip->form);
	int64_t off = ip->imm;
	uint8_t b[4];

	if (fi->fmt == F_LDIND)
		off = (int32_t)((uint32_t)SRC + (uint32_t)ip->imm);
	if (off < 0 || (uint64_t)off + fi->size > vm->pkt_len || !vm->pkt) {
		reg[0] = 0;
		*r0_out = 0;
		goto out;
	}
	memcpy(b, (const uint8_t *)vm->pkt + off, fi->size);
	if (fi->size == 1)
		reg[0] = b[0];
	else if (fi->size == 2)
		reg[0] = (uint64_t)b[0] << 8 | b[1];
	else
		reg[0] = (uint64_t)b[0] << 24 | (uint64_t)b[1] << 16 | (uint64_t)b[2] << 8 | b[3];
	NEXT();
}

	/* ---- loads and stores ---- */
L_LDXB: LDX(uint8_t, 1);
L_LDXH: LDX(uint16_t, 2);
L_LDXW: LDX(uint32_t, 4);
L_LDXDW: LDX(uint64_t, 8);
L_LDXSB: LDXS(int8_t, 1);
L_LDXSH: LDXS(int16_t, 2);
L_LDXSW: LDXS(int32_t, 4);
L_STB: STORE(uint8_t, 1, IMM);
L_STH: STORE(uint16_t, 2, IMM);
L_STW: STORE(uint32_t, 4, IMM);
L_STDW: STORE(uint64_t, 8, IMM);
L_STXB: STORE(uint8_t, 1, SRC);
L_STXH: STORE(uint16_t, 2, SRC);
L_STXW: STORE(uint32_t, 4, SRC);
L_STXDW: STORE(uint64_t, 8, SRC);

	/* ---- atomics (the fetch forms write the old value to src) ---- */
L_AADD32: ATOMIC(uint32_t, 4, __atomic_fetch_add, 0);
L_AFADD32: ATOMIC(uint32_t, 4, __atomic_fetch_add, 1);
L_AOR32: ATOMIC(uint32_t, 4, __atomic_fetch_or, 0);
L_AFOR32: ATOMIC(uint32_t, 4, __atomic_fetch_or, 1);
L_AAND32: ATOMIC(uint32_t, 4, __atomic_fetch_and, 0);
L_AFAND32: ATOMIC(uint32_t, 4, __atomic_fetch_and, 1);
L_AXOR32: ATOMIC(uint32_t, 4, __atomic_fetch_xor, 0);
L_AFXOR32: ATOMIC(uint32_t, 4, __atomic_fetch_xor, 1);
L_AXCHG32: ATOMIC(uint32_t, 4, __atomic_exchange_n, 1);
L_AADD64: ATOMIC(uint64_t, 8, __atomic_fetch_add, 0);
L_AFADD64: ATOMIC(uint64_t, 8, __atomic_fetch_add, 1);
L_AOR64: ATOMIC(uint64_t, 8, __atomic_fetch_or, 0);
L_AFOR64: ATOMIC(uint64_t, 8, __atomic_fetch_or, 1);
L_AAND64: ATOMIC(uint64_t, 8, __atomic_fetch_and, 0);
L_AFAND64: ATOMIC(uint64_t, 8, __atomic_fetch_and, 1);
L_AXOR64: ATOMIC(uint64_t, 8, __atomic_fetch_xor, 0);
L_AFXOR64: ATOMIC(uint64_t, 8, __atomic_fetch_xor, 1);
L_AXCHG64: ATOMIC(uint64_t, 8, __atomic_exchange_n, 1);
L_ACMPXCHG32: {
	ATOMIC_ADDR(4)
	uint32_t expected = (uint32_t)reg[0];

	__atomic_compare_exchange_n((uint32_t *)(uintptr_t)a_, &expected, (uint32_t)SRC, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[0] = expected; /* the old value, zero-extended */
	NEXT();
}
L_ACMPXCHG64: {
	ATOMIC_ADDR(8)
	uint64_t expected = reg[0];

	__atomic_compare_exchange_n((uint64_t *)(uintptr_t)a_, &expected, SRC, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	reg[0] = expected;
	NEXT();
}
L_LOAD_ACQ_B: LOAD_ACQ(uint8_t, 1);
L_LOAD_ACQ_H: LOAD_ACQ(uint16_t, 2);
L_LOAD_ACQ_W: LOAD_ACQ(uint32_t, 4);
L_LOAD_ACQ_DW: LOAD_ACQ(uint64_t, 8);
L_STORE_REL_B: STORE_REL(uint8_t, 1);
L_STORE_REL_H: STORE_REL(uint16_t, 2);
L_STORE_REL_W: STORE_REL(uint32_t, 4);
L_STORE_REL_DW: STORE_REL(uint64_t, 8);

	/* ---- rejected at load; reaching them is a bpfsim bug ---- */
L_ADDR_SPACE_CAST:
L_CALL_KFUNC:
L_LDDW_BTF_ID:
L_TRAP:
	if (ip == prog->insns + prog->n)
		rc = bpfsim_vm_fault(vm, -EINVAL, "pc %zu: execution fell off the end of the program", PC);
	else
		rc = bpfsim_vm_fault(vm, -EFAULT, "pc %zu: bpfsim bug: executing an unexecutable slot", PC);
	goto out;

out_budget:
	vm->insn_count += count;
	return bpfsim_vm_fault(vm, -E2BIG, "pc %zu: instruction budget of %" PRIu64
			       " exhausted (runaway loop?)", PC, vm->opts.insn_budget);
out:
	ENDRUN();
	vm->insn_count += count;
	return rc;

#undef PC
#undef DST
#undef SRC
#undef IMM
#undef DISPATCH
#undef ENDRUN
#undef GOTO
#undef NEXT
#undef CHECK
#undef ALU64_IMM
#undef ALU64_REG
#undef ALU32_IMM
#undef ALU32_REG
#undef JMP
#undef LDX
#undef LDXS
#undef STORE
#undef ATOMIC_ADDR
#undef ATOMIC_ADDR_OF
#undef ATOMIC
#undef LOAD_ACQ
#undef STORE_REL
}
