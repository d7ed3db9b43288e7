/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check.c: per-instruction static validation in the kernel's words.
 *
 * The order of the tests inside each function follows the kernel's order
 * (Linux 6.18 verifier), because when an instruction is wrong in two ways the
 * first test that fails decides the message. Example: ALU64 add with
 * src_reg=1 and off=1 (0x07, K): the kernel tests "src_reg != 0 || off not
 * in {0, 1} || off == 1 && op not div/mod" as one condition, so the message
 * is "BPF_ALU uses reserved fields" before the later "div by zero".
 *
 * Valid opcodes are the forms of forms.def except callx (0x8d), which the
 * ISA defines but Linux does not accept ("unknown opcode 8d").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "bpfsim/check.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (msg && len) {
		va_start(ap, fmt);
		vsnprintf(msg, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

bool bpfsim_opcode_valid(uint8_t code)
{
	if (code == 0x8d)
		return false;
	return bpfsim_opcode_form(code) != BPFSIM_FORM_INVALID;
}

int bpfsim_insn_check_prescan(const struct bpfsim_insn *insns, size_t n, size_t i, char *msg, size_t len)
{
	const struct bpfsim_insn *in = &insns[i];
	uint8_t mode = BPFSIM_MODE(in->code);

	if (msg && len)
		msg[0] = '\0';
	if (BPFSIM_CLASS(in->code) == BPFSIM_CLASS_LDX && ((mode != 0x60 && mode != 0x80) || in->imm != 0))
		return fail(msg, len, "BPF_LDX uses reserved fields");
	if (in->code == 0x18) {
		const struct bpfsim_insn *hi = i + 1 < n ? &insns[i + 1] : NULL;
		if (!hi || hi->code || hi->dst || hi->src || hi->off)
			return fail(msg, len, "invalid bpf_ld_imm64 insn");
		/* Pseudo forms (map fd/idx, BTF id, func) are resolved by the
		 * loader; their own errors are not static. */
		return 2;
	}
	if (!bpfsim_opcode_valid(in->code))
		return fail(msg, len, "unknown opcode %02x", in->code);
	return 1;
}

static int check_alu(const struct bpfsim_insn *in, char *msg, size_t len)
{
	uint8_t op = BPFSIM_OP(in->code);
	bool x = BPFSIM_SRCBIT(in->code), alu64 = BPFSIM_CLASS(in->code) == BPFSIM_CLASS_ALU64;

	if (op == 0x80) { /* NEG */
		if (x || in->src || in->off || in->imm)
			return fail(msg, len, "BPF_NEG uses reserved fields");
		return 0; /* then: R%d !read_ok, R%d pointer arithmetic prohibited */
	}
	if (op == 0xd0) { /* END */
		if (in->src || in->off || (in->imm != 16 && in->imm != 32 && in->imm != 64) || (alu64 && x))
			return fail(msg, len, "BPF_END uses reserved fields");
		return 0;
	}
	if (op == 0xb0) { /* MOV */
		if (x) {
			if (!alu64) {
				if ((in->off != 0 && in->off != 8 && in->off != 16) || in->imm)
					return fail(msg, len, "BPF_MOV uses reserved fields");
			} else if (in->off == 1) {
				if (in->imm != 1 && in->imm != 1 << 16)
					return fail(msg, len, "addr_space_cast insn can only convert between address space 1 and 0");
				/* then: "... has an associated arena" (program-level) */
			} else if ((in->off != 0 && in->off != 8 && in->off != 16 && in->off != 32) || in->imm) {
				return fail(msg, len, "BPF_MOV uses reserved fields");
			}
		} else if (in->src || in->off) {
			return fail(msg, len, "BPF_MOV uses reserved fields");
		}
		return 0;
	}
	if (op > 0xd0)
		return fail(msg, len, "invalid BPF_ALU opcode %x", op);
	if (x) {
		if (in->imm || (in->off != 0 && in->off != 1) || (in->off == 1 && op != 0x90 && op != 0x30))
			return fail(msg, len, "BPF_ALU uses reserved fields");
		return 0;
	}
	if (in->src || (in->off != 0 && in->off != 1) || (in->off == 1 && op != 0x90 && op != 0x30))
		return fail(msg, len, "BPF_ALU uses reserved fields");
	/* The kernel checks R%d !read_ok of dst here, then: */
	if ((op == 0x90 || op == 0x30) && in->imm == 0)
		return fail(msg, len, "div by zero");
	if ((op == 0x60 || op == 0x70 || op == 0xc0) && (uint32_t)in->imm >= (alu64 ? 64u : 32u))
		return fail(msg, len, "invalid shift %d", in->imm);
	return 0;
}

static int check_jmp(const struct bpfsim_insn *in, char *msg, size_t len)
{
	uint8_t op = BPFSIM_OP(in->code), cls = BPFSIM_CLASS(in->code);
	bool x = BPFSIM_SRCBIT(in->code);

	if (op == 0x80) {
		if (x || (in->src != BPFSIM_PSEUDO_KFUNC_CALL && in->off) ||
		    (in->src != 0 && in->src != BPFSIM_PSEUDO_CALL && in->src != BPFSIM_PSEUDO_KFUNC_CALL) ||
		    in->dst || cls == BPFSIM_CLASS_JMP32)
			return fail(msg, len, "BPF_CALL uses reserved fields");
		return 0;
	}
	if (op == 0x00) {
		if (x || in->src || in->dst || (cls == BPFSIM_CLASS_JMP && in->imm) ||
		    (cls == BPFSIM_CLASS_JMP32 && in->off))
			return fail(msg, len, "BPF_JA uses reserved fields");
		return 0;
	}
	if (op == 0x90) {
		if (x || in->imm || in->src || in->dst || cls == BPFSIM_CLASS_JMP32)
			return fail(msg, len, "BPF_EXIT uses reserved fields");
		return 0;
	}
	/* check_cond_jmp_op */
	if (op > 0xe0)
		return fail(msg, len, "invalid BPF_JMP/JMP32 opcode %x", op);
	if (op == 0xe0) {
		/* 6.18: off 0 is allowed (6.12 rejected it as "invalid may_goto off %d imm %d") */
		if (in->code != 0xe5 || in->src != 0 || in->dst || in->imm)
			return fail(msg, len, "invalid may_goto imm %d", in->imm);
		return 0;
	}
	/* The kernel checks R%d !read_ok of dst here, then: */
	if (x ? in->imm != 0 : in->src != 0)
		return fail(msg, len, "BPF_JMP/JMP32 uses reserved fields");
	return 0;
}

static int check_atomic(const struct bpfsim_insn *in, char *msg, size_t len)
{
	uint8_t sz = BPFSIM_SIZE(in->code);

	switch (in->imm) {
	case 0x00: case 0x01: case 0x40: case 0x41: case 0x50: case 0x51: case 0xa0: case 0xa1:
	case 0xe1: case 0xf1:
		if (sz != 0x00 && sz != 0x18)
			return fail(msg, len, "invalid atomic operand size");
		return 0;
	case 0x100: /* load-acquire, store-release: any size */
	case 0x110:
		return 0;
	default:
		return fail(msg, len, "BPF_ATOMIC uses invalid atomic opcode %02x", in->imm);
	}
}

int bpfsim_insn_check(const struct bpfsim_insn *insns, size_t n, size_t i, char *msg, size_t len)
{
	const struct bpfsim_insn *in = &insns[i];
	uint8_t mode = BPFSIM_MODE(in->code);

	if (msg && len)
		msg[0] = '\0';
	switch (BPFSIM_CLASS(in->code)) {
	case BPFSIM_CLASS_ALU:
	case BPFSIM_CLASS_ALU64:
		return check_alu(in, msg, len);
	case BPFSIM_CLASS_LDX:
		return 0; /* done by the prescan */
	case BPFSIM_CLASS_STX:
		if (mode == 0xc0)
			return check_atomic(in, msg, len);
		if (mode != 0x60 || in->imm)
			return fail(msg, len, "BPF_STX uses reserved fields");
		return 0;
	case BPFSIM_CLASS_ST:
		if (mode != 0x60 || in->src)
			return fail(msg, len, "BPF_ST uses reserved fields");
		return 0;
	case BPFSIM_CLASS_JMP:
	case BPFSIM_CLASS_JMP32:
		return check_jmp(in, msg, len);
	case BPFSIM_CLASS_LD:
		if (mode == 0x20 || mode == 0x40) {
			/* The kernel first rejects program types without skb
			 * access and use inside callbacks. */
			if (in->dst || in->off || BPFSIM_SIZE(in->code) == 0x18 || (mode == 0x20 && in->src))
				return fail(msg, len, "BPF_LD_[ABS|IND] uses reserved fields");
			return 0;
		}
		if (mode == 0x00) {
			if (BPFSIM_SIZE(in->code) != 0x18)
				return fail(msg, len, "invalid BPF_LD_IMM insn");
			if (in->off)
				return fail(msg, len, "BPF_LD_IMM64 uses reserved fields");
			return 0;
		}
		return fail(msg, len, "invalid BPF_LD mode");
	}
	return 0;
}
