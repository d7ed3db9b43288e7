/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_alu.c: ALU/ALU64 and ld_imm64 for the path being explored, in the
 * order of the Linux 6.18 check_alu_op (root loader):
 *
 *   NEG/END: reserved fields, R dst !read_ok; NEG on a scalar goes through
 *            the transfer function, END (and NEG of a pointer) makes dst an
 *            unknown scalar.
 *   MOV:     reserved fields, R src !read_ok (X), "frame pointer is read
 *            only"; then copy (the copy shares the source's id, which is
 *            created first, so a later branch on either refines both),
 *            sign-extending move, or constant.
 *   others:  reserved fields, R src !read_ok (X), R dst !read_ok, "div by
 *            zero" / "invalid shift %d" (K), "frame pointer is read only",
 *            then scalar_alu() (range.c) and the kernel's sanity check.
 *
 * Example: r1 = r2 (r2 unknown) gives r2 and r1 the same new id; r1 += 1
 * then keeps r1 linked as "r2 + 1" (id | ID_ADD_CONST, off 1), so a branch
 * on r2 also bounds r1 (check_jmp.c); r1 *= 2 would unlink it.
 *
 * Pointer arithmetic other than "stack pointer +/- known constant" (64-bit)
 * is not modelled and answers unsupported.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "bpfsim/check.h"
#include "verifier/state.h"

static int ins_check(struct venv *env, char *msg, size_t len)
{
	return bpfsim_insn_check(env->insns, (size_t)env->n, (size_t)env->insn_idx, msg, len);
}

static void sanity(struct venv *env, struct vreg *r, const char *ctx)
{
	char buf[256] = "";
	size_t l;

	if (scalar_sanity(&r->s, ctx, buf, sizeof(buf))) {
		l = strlen(buf);
		if (l && buf[l - 1] == '\n')
			buf[l - 1] = '\0';
		v_event(env, EV_NOTE, 0, 0, buf);
	}
}

static int check_mov(struct venv *env, const struct bpfsim_insn *insn, bool alu64)
{
	struct vreg *regs = env->cur.regs;
	bool x = BPFSIM_SRCBIT(insn->code);
	struct vreg *dst, *src;
	int err;

	if (x && (err = check_reg_arg(env, insn->src, SRC_OP)))
		return err;
	if ((err = check_reg_arg(env, insn->dst, DST_OP_NO_MARK)))
		return err;
	dst = &regs[insn->dst];
	if (!x) {
		reg_mark_known(dst, alu64 ? (uint64_t)(int64_t)insn->imm : (uint64_t)(uint32_t)insn->imm);
		return 0;
	}
	src = &regs[insn->src];
	if (alu64) {
		if (insn->off == 1)
			return v_unsupp(env, "addr_space_cast (arena) not modelled");
		if (insn->off == 0) {
			reg_assign_id(env, src);
			*dst = *src;
			return 0;
		}
		if (src->type != REG_SCALAR)
			return v_unsupp(env, "sign-extending move of a pointer not modelled");
		{
			bool no_sext = src->s.umax < (1ULL << (insn->off - 1));

			if (no_sext)
				reg_assign_id(env, src);
			*dst = *src;
			if (!no_sext)
				reg_clear_id(dst);
			scalar_coerce_sx(&dst->s, insn->off >> 3);
		}
		return 0;
	}
	if (src->type != REG_SCALAR)
		return v_unsupp(env, "32-bit move of a pointer not modelled");
	if (insn->off == 0) {
		bool u32 = reg_width(src) <= 32;

		if (u32)
			reg_assign_id(env, src);
		*dst = *src;
		if (!u32)
			reg_clear_id(dst);
	} else {
		bool no_sext = src->s.umax < (1ULL << (insn->off - 1));

		if (no_sext)
			reg_assign_id(env, src);
		*dst = *src;
		if (!no_sext)
			reg_clear_id(dst);
		scalar_coerce_subreg_sx(&dst->s, insn->off >> 3);
	}
	scalar_zext32(&dst->s);
	scalar_sync(&dst->s);
	return 0;
}

/* Byte swap of a scalar, as 6.18 does it: the tnum's value and mask are
 * truncated to the width (le on a little-endian host) and, for be and
 * bswap, byte-swapped (an exact permutation of the known bits); the bounds
 * are then derived from the tnum alone. Worked example: var_off (0x0; 0xff)
 * through be16 gives var_off (0x0; 0xff00), umax = smax = 0xff00. */
static uint64_t bswap_width(uint64_t x, int bits)
{
	switch (bits) {
	case 16: return __builtin_bswap16((uint16_t)x);
	case 32: return __builtin_bswap32((uint32_t)x);
	default: return __builtin_bswap64(x);
	}
}

static void end_scalar(struct scalar *r, int32_t bits, bool swap)
{
	uint64_t keep = bits == 64 ? ~0ULL : (1ULL << bits) - 1;
	struct tnum t = { r->var_off.value & keep, r->var_off.mask & keep };

	if (swap) {
		t.value = bswap_width(t.value, bits);
		t.mask = bswap_width(t.mask, bits);
	}
	scalar_mark_unknown(r);
	r->var_off = t;
	scalar_sync(r);
}

static int ptr_alu(struct venv *env, const struct bpfsim_insn *insn, struct vreg *dst,
		   const struct vreg *src, bool alu64)
{
	uint8_t op = BPFSIM_OP(insn->code);
	int64_t v, off;

	if (dst->type == REG_PTR_STACK && src->type == REG_SCALAR && alu64 &&
	    (op == SCALAR_ADD || op == SCALAR_SUB) && tnum_is_const(src->s.var_off)) {
		v = (int64_t)src->s.var_off.value;
		if (v < -(1LL << 29) || v > (1LL << 29))
			return v_unsupp(env, "large stack pointer offset not modelled");
		/* kernel (adjust_ptr_min_max_vals): the JITs may not
		 * address r10 directly, so BPF_SUB on a stack pointer is
		 * refused, whatever the constant */
		if (op == SCALAR_SUB)
			return v_reject(env, -EACCES, "R%d subtraction from stack pointer prohibited",
					insn->dst);
		off = dst->off + v;
		if (off <= -(1LL << 29) || off >= (1LL << 29))
			return v_unsupp(env, "large stack pointer offset not modelled");
		dst->off = (int32_t)off;
		return 0;
	}
	return v_unsupp(env, "pointer arithmetic not modelled (R%d)", insn->dst);
}

int check_alu(struct venv *env, const struct bpfsim_insn *insn)
{
	struct vreg *regs = env->cur.regs;
	uint8_t op = BPFSIM_OP(insn->code);
	bool alu64 = BPFSIM_CLASS(insn->code) == BPFSIM_CLASS_ALU64;
	bool x = BPFSIM_SRCBIT(insn->code);
	char msg[160];
	int rc, err;
	struct vreg *dst, srcv;

	rc = ins_check(env, msg, sizeof(msg));
	if (op == SCALAR_NEG || op == SCALAR_END) {
		if (rc)
			return v_reject(env, rc, "%s", msg);
		if ((err = check_reg_arg(env, insn->dst, SRC_OP)))
			return err;
		dst = &regs[insn->dst];
		if (op == SCALAR_END && dst->type == REG_SCALAR) {
			if ((err = check_reg_arg(env, insn->dst, DST_OP_NO_MARK)))
				return err;
			end_scalar(&dst->s, insn->imm, alu64 || BPFSIM_SRCBIT(insn->code));
			reg_clear_id(dst);
			sanity(env, dst, "alu");
			return 0;
		}
		if (op == SCALAR_NEG && dst->type == REG_SCALAR) {
			if ((err = check_reg_arg(env, insn->dst, DST_OP_NO_MARK)))
				return err;
			scalar_alu(&dst->s, NULL, SCALAR_NEG, !alu64);
			/* the value changed: a link to its old copies would be
			 * unsound, so it is dropped (never more precise than
			 * the kernel) */
			reg_clear_id(dst);
			sanity(env, dst, "alu");
			return 0;
		}
		return check_reg_arg(env, insn->dst, DST_OP);
	}
	if (op == SCALAR_MOV) {
		if (rc)
			return v_reject(env, rc, "%s", msg);
		return check_mov(env, insn, alu64);
	}
	if (rc && strcmp(msg, "div by zero") && strncmp(msg, "invalid shift", 13))
		return v_reject(env, rc, "%s", msg);
	if (x && (err = check_reg_arg(env, insn->src, SRC_OP)))
		return err;
	if ((err = check_reg_arg(env, insn->dst, SRC_OP)))
		return err;
	if (rc)
		return v_reject(env, rc, "%s", msg);
	if ((err = check_reg_arg(env, insn->dst, DST_OP_NO_MARK)))
		return err;
	dst = &regs[insn->dst];
	if (x) {
		srcv = regs[insn->src];
	} else {
		memset(&srcv, 0, sizeof(srcv));
		reg_mark_known(&srcv, (uint64_t)(int64_t)insn->imm);
	}
	if (dst->type != REG_SCALAR || srcv.type != REG_SCALAR)
		return ptr_alu(env, insn, dst, &srcv, alu64);
	if (scalar_alu_fork_width(&dst->s, &srcv.s, op))
		return v_unsupp(env, "the kernel's state fork on and/or of {-1, 0} not modelled");
	scalar_alu(&dst->s, &srcv.s, op, !alu64);
	/* kernel (adjust_reg_min_max_vals): after r1 = r2, `r1 += K` (64-bit,
	 * 0 <= K <= S32_MAX, once) keeps r1 linked to r2 as r2 + K; any
	 * other operation unlinks dst */
	if (op == SCALAR_ADD && alu64 && dst->id && tnum_is_const(srcv.s.var_off) &&
	    !(x && insn->src == insn->dst)) {
		uint64_t val = srcv.s.var_off.value;

		if ((dst->id & ID_ADD_CONST) || val > (uint64_t)INT32_MAX) {
			reg_clear_id(dst);
		} else {
			dst->id |= ID_ADD_CONST;
			dst->off = (int32_t)val;
		}
	} else {
		reg_clear_id(dst);
	}
	sanity(env, dst, "alu");
	return 0;
}

int check_ld_imm64(struct venv *env, const struct bpfsim_insn *insn)
{
	char msg[160];
	int rc, err;

	rc = ins_check(env, msg, sizeof(msg));
	if (rc)
		return v_reject(env, rc, "%s", msg);
	if ((err = check_reg_arg(env, insn->dst, DST_OP)))
		return err;
	if (insn->src)
		return v_unsupp(env, "ld_imm64 with src_reg %d (maps, BTF ids, functions) not modelled", insn->src);
	reg_mark_known(&env->cur.regs[insn->dst], bpfsim_insn_imm64(insn, insn + 1));
	return 0;
}
