/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interp.c: the eBPF interpreter.
 *
 * Algorithm. bpfsim_vm_load() (vm.c) has already turned the program into an
 * array of struct vm_insn: the form of each instruction (an index into
 * forms.def), its registers, its offset (for jumps: the distance in slots
 * from the next instruction) and its immediate (sign-extended; for ld_imm64
 * the resolved 64-bit value). Loading has checked every jump and call
 * target, so the loop trusts them. The loop is threaded: each handler ends
 * by jumping through a table indexed by the next instruction's form
 * (labels[] in interp_loop.h), which is the opcode switch of DESIGN.md
 * principle 10 written as a jump table. Executed slots are counted per
 * straight-line run (each taken jump, call and return adds the length of the
 * run it ends and checks the instruction budget), so counting costs nothing
 * on straight-line code and a runaway program still ends with a clear error.
 *
 * Semantics follow Linux (kernel/bpf/core.c ___bpf_prog_run, read for
 * behaviour only): 32-bit ALU results are zero-extended; shift counts are
 * masked (& 31, & 63); division by zero gives 0 and modulo by zero leaves
 * dst unchanged (zero-extended for 32-bit); INT_MIN / -1 = INT_MIN and
 * INT_MIN % -1 = 0; atomic fetch forms write the old value to src, cmpxchg
 * compares with and returns into r0; bpf-to-bpf calls save r6-r10 and give
 * the callee a fresh 512-byte frame (at most 8 frames); LD_ABS/LD_IND out of
 * the packet end the program with r0 = 0; may_goto has a budget of 8M.
 *
 * Worked example: "r0 = 7; r0 /= 0; exit" pre-decodes to forms MOV64_IMM,
 * DIV64_IMM, EXIT; DIV64_IMM calls div64(7, 0) = 0; EXIT at depth 0 stores
 * r0 = 0.
 *
 * Memory modes: the loop is compiled twice from interp_loop.h, once with
 * VM_CHECKED = 1 (each access goes through vm_region_ok(), and a miss stops
 * the run with an error naming the pc, the access and the nearest region)
 * and once with VM_CHECKED = 0 (direct host access).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "vm_internal.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the VM's byte-swap handlers assume a little-endian host"
#endif

static inline uint64_t div64(uint64_t a, uint64_t b)
{
	return b ? a / b : 0;
}

static inline uint64_t mod64(uint64_t a, uint64_t b)
{
	return b ? a % b : a;
}

static inline uint64_t sdiv64(uint64_t a, uint64_t b)
{
	if (!b)
		return 0;
	if ((int64_t)b == -1)
		return 0 - a; /* INT64_MIN / -1 = INT64_MIN, without overflow */
	return (uint64_t)((int64_t)a / (int64_t)b);
}

static inline uint64_t smod64(uint64_t a, uint64_t b)
{
	if (!b)
		return a;
	if ((int64_t)b == -1)
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}

static inline uint64_t div32(uint32_t a, uint32_t b)
{
	return b ? a / b : 0;
}

static inline uint64_t mod32(uint32_t a, uint32_t b)
{
	return b ? a % b : a;
}

static inline uint64_t sdiv32(uint32_t a, uint32_t b)
{
	if (!b)
		return 0;
	if ((int32_t)b == -1)
		return (uint32_t)(0u - a);
	return (uint32_t)((int32_t)a / (int32_t)b);
}

static inline uint64_t smod32(uint32_t a, uint32_t b)
{
	if (!b)
		return a;
	if ((int32_t)b == -1)
		return 0;
	return (uint32_t)((int32_t)a % (int32_t)b);
}

#define VM_CHECKED 1
#define VM_LOOP_NAME interp_checked
#include "interp_loop.h"
#undef VM_CHECKED
#undef VM_LOOP_NAME

#define VM_CHECKED 0
#define VM_LOOP_NAME interp_trusted
#include "interp_loop.h"
#undef VM_CHECKED
#undef VM_LOOP_NAME

int vm_interp(struct bpfsim_vm *vm, struct vm_prog *prog, uint64_t r1, uint64_t r2, uint64_t *r0)
{
	const uint64_t args[5] = { r1, r2, 0, 0, 0 };
	uint64_t fp = (uint64_t)(uintptr_t)(vm->stack + BPFSIM_VM_MAX_FRAMES * BPFSIM_VM_STACK_SIZE);

	if (vm->opts.mode == BPFSIM_VM_TRUSTED)
		return interp_trusted(vm, prog, prog->insns, args, fp, 0, vm->opts.insn_budget, r0);
	return interp_checked(vm, prog, prog->insns, args, fp, 0, vm->opts.insn_budget, r0);
}

int vm_interp_callback(struct bpfsim_vm *vm, const struct vm_insn *fn, const uint64_t args[5], uint64_t *r0)
{
	struct vm_prog *prog = vm->cur_prog;
	uintptr_t lo = (uintptr_t)prog->insns, hi = (uintptr_t)(prog->insns + prog->n);
	uint64_t fp = vm->cur_fp - BPFSIM_VM_STACK_SIZE, budget = vm->cur_budget;
	unsigned int depth = vm->cur_depth + 1;
	size_t pc = vm->cur_pc;
	uint64_t before, executed;
	int rc;

	if ((uintptr_t)fn < lo || (uintptr_t)fn >= hi || ((uintptr_t)fn - lo) % sizeof(*fn) ||
	    fn->form == VM_FORM_TRAP)
		return bpfsim_vm_fault(vm, -EINVAL, "pc %zu: callback 0x%" PRIxPTR " is not an instruction "
				       "of the program", pc, (uintptr_t)fn);
	if (depth >= BPFSIM_VM_MAX_FRAMES)
		return bpfsim_vm_fault(vm, -E2BIG, "pc %zu: call stack too deep (more than %d frames)", pc,
				       BPFSIM_VM_MAX_FRAMES);
	before = vm->insn_count;
	if (vm->opts.mode == BPFSIM_VM_TRUSTED)
		rc = interp_trusted(vm, prog, fn, args, fp, depth, budget, r0);
	else
		rc = interp_checked(vm, prog, fn, args, fp, depth, budget, r0);
	/* hand the callback's slots to the caller's count and budget */
	executed = vm->insn_count - before;
	vm->insn_count = before;
	vm->cb_count += executed;
	vm->cur_budget = budget > executed ? budget - executed : 0;
	if (rc == 0 && vm->cur_budget == 0)
		rc = bpfsim_vm_fault(vm, -E2BIG, "pc %zu: instruction budget of %" PRIu64
				     " exhausted (runaway loop?)", pc, vm->opts.insn_budget);
	/* the helper call in progress continues in the caller's frame */
	vm->cur_prog = prog;
	vm->cur_pc = pc;
	vm->cur_fp = fp + BPFSIM_VM_STACK_SIZE;
	vm->cur_depth = depth - 1;
	return rc;
}
