/* SPDX-License-Identifier: Apache-2.0 */
/*
 * state.c: register and stack state of one path, and memory access to the
 * regions this slice models (stack with a constant offset, socket_filter
 * context reads), following the Linux 6.18 verifier for a privileged
 * loader (allow_ptr_leaks, allow_uninit_stack, bpf_capable, bypass_spec_v1
 * and v4 all true).
 *
 * Stack writes (kernel: check_stack_write_fixed_off), at stack offset o
 * (negative, size-aligned; spi = (-o-1)/8):
 *   - a scalar register written at an 8-aligned o is a spill of `size`
 *     bytes: the register is copied into spilled[spi] (it gets an id first
 *     if its value fits, so the fill is linked to it), its bytes become
 *     STACK_SPILL, the others of the slot MISC unless ZERO or INVALID;
 *   - `*(u64 *)(r10 - 8) = imm` (BPF_ST) at an 8-aligned o spills a known
 *     constant the same way;
 *   - a pointer must be spilled whole ("invalid size of register spill");
 *   - anything else writes STACK_MISC bytes (STACK_ZERO when the value is a
 *     known 0) and destroys a spill in that slot.
 * Reads (check_stack_read_fixed_off): an 8-byte read of an 8-byte spill
 * restores the register (linked by id); a narrower read at the spill's low
 * address restores it too (the link kept only if the value fits); other
 * reads of spills, MISC, ZERO or INVALID bytes give an unknown scalar, or a
 * known 0 when every byte read is zero. Reads narrower than 8 bytes are then
 * zero- (or sign-) extended.
 *
 * Example: r1 = 5; *(u32 *)(r10 - 8) = r1; r2 = *(u32 *)(r10 - 8) gives
 * R2=5 (slot -8: bytes fp-8..fp-5 SPILL, fp-4..fp-1 INVALID).
 */
#include <errno.h>
#include <string.h>

#include "verifier/state.h"

void reg_mark_unknown(struct vreg *r)
{
	memset(r, 0, sizeof(*r));
	r->type = REG_SCALAR;
	scalar_mark_unknown(&r->s);
}

void reg_mark_known(struct vreg *r, uint64_t v)
{
	memset(r, 0, sizeof(*r));
	r->type = REG_SCALAR;
	scalar_mark_known(&r->s, v);
}

void vstate_init(struct venv *env, struct vstate *st)
{
	(void)env;
	memset(st, 0, sizeof(*st));
	st->regs[1].type = REG_PTR_CTX;
	scalar_mark_known(&st->regs[1].s, 0);
	st->regs[V_FP].type = REG_PTR_STACK;
	scalar_mark_known(&st->regs[V_FP].s, 0);
}

void reg_clear_id(struct vreg *r)
{
	r->id = 0;
	r->off = 0;
}

/* kernel: assign_scalar_id_before_mov (a register already linked with an
 * offset is unlinked first: one rX += K per link) */
void reg_assign_id(struct venv *env, struct vreg *r)
{
	if (r->type != REG_SCALAR)
		return;
	if (r->id & ID_ADD_CONST)
		reg_clear_id(r);
	if (!r->id && !tnum_is_const(r->s.var_off))
		r->id = ++env->id_gen;
}

/* kernel: get_reg_width (fls64 of umax) */
int reg_width(const struct vreg *r)
{
	return r->s.umax ? 64 - __builtin_clzll(r->s.umax) : 0;
}

int check_reg_arg(struct venv *env, int regno, int t)
{
	if (regno >= V_MAX_REG)
		return v_reject(env, -EINVAL, "R%d is invalid", regno);
	vlog_scratch_reg(env, regno);
	if (t == SRC_OP) {
		if (env->cur.regs[regno].type == REG_NOT_INIT)
			return v_reject(env, -EACCES, "R%d !read_ok", regno);
		return 0;
	}
	if (regno == V_FP)
		return v_reject(env, -EACCES, "frame pointer is read only");
	if (t == DST_OP)
		reg_mark_unknown(&env->cur.regs[regno]);
	return 0;
}

static uint8_t *stype_of(struct vstate *st, int spi)
{
	return &st->slot_type[spi * 8];
}

static void save_spill(struct vstate *st, int spi, const struct vreg *r, int size)
{
	uint8_t *t = stype_of(st, spi);
	int i;

	st->spilled[spi] = *r;
	for (i = 8; i > 8 - size; i--)
		t[i - 1] = STACK_SPILL;
	for (; i; i--)
		if (t[i - 1] != STACK_ZERO && t[i - 1] != STACK_INVALID)
			t[i - 1] = STACK_MISC;
}

static int stack_write(struct venv *env, int o, int size, int value_regno, bool is_st, int32_t imm)
{
	struct vstate *st = &env->cur;
	int slot = -o - 1, spi = slot / 8, i;
	struct vreg *reg = value_regno >= 0 ? &st->regs[value_regno] : NULL;
	uint8_t *t = stype_of(st, spi);

	vlog_scratch_slot(env, spi);
	if (reg && o % 8 == 0 && reg->type == REG_SCALAR) {
		bool fits = reg_width(reg) <= 8 * size;

		if (fits)
			reg_assign_id(env, reg);
		save_spill(st, spi, reg, size);
		if (!fits)
			reg_clear_id(&st->spilled[spi]);
	} else if (!reg && o % 8 == 0 && is_st) {
		struct vreg tmp;

		reg_mark_known(&tmp, (uint64_t)(int64_t)imm);
		save_spill(st, spi, &tmp, size);
	} else if (reg && reg->type != REG_SCALAR) {
		if (size != 8)
			return v_reject(env, -EACCES, "invalid size of register spill");
		save_spill(st, spi, reg, size);
	} else {
		uint8_t type = STACK_MISC;

		st->spilled[spi].type = REG_NOT_INIT;
		if (t[7] == STACK_SPILL)
			for (i = 0; i < 8; i++)
				if (t[i] != STACK_INVALID)
					t[i] = STACK_MISC;
		if ((reg && tnum_equals_const(reg->s.var_off, 0)) || (!reg && is_st && imm == 0))
			type = STACK_ZERO;
		for (i = 0; i < size; i++)
			t[(slot - i) % 8] = type;
	}
	return 0;
}

static int stack_read(struct venv *env, int o, int size, int dst)
{
	struct vstate *st = &env->cur;
	int slot = -o - 1, spi = slot / 8, i;
	uint8_t *t = stype_of(st, spi);
	struct vreg *sreg = &st->spilled[spi];

	vlog_scratch_slot(env, spi);
	if (t[7] == STACK_SPILL) {
		int spill_size = 1;

		for (i = 7; i > 0 && t[i - 1] == STACK_SPILL; i--)
			spill_size++;
		if (size != 8 || spill_size != 8) {
			if (sreg->type != REG_SCALAR)
				return v_reject(env, -EACCES, "invalid size of register fill");
			if (size <= spill_size && o % 8 == 0) {
				if (size == 4 && spill_size == 4 && reg_width(sreg) <= 32)
					reg_assign_id(env, sreg);
				st->regs[dst] = *sreg;
				if (reg_width(sreg) > size * 8)
					reg_clear_id(&st->regs[dst]);
			} else {
				int spill_cnt = 0, zero_cnt = 0;

				for (i = 0; i < size; i++) {
					uint8_t ty = t[(slot - i) % 8];

					if (ty == STACK_SPILL)
						spill_cnt++;
					else if (ty == STACK_ZERO)
						zero_cnt++;
				}
				if ((spill_cnt == size && tnum_equals_const(sreg->s.var_off, 0)) || zero_cnt == size)
					reg_mark_known(&st->regs[dst], 0);
				else
					reg_mark_unknown(&st->regs[dst]);
			}
		} else {
			reg_assign_id(env, sreg);
			st->regs[dst] = *sreg;
		}
		return 0;
	}
	/* MISC, ZERO, and INVALID (allow_uninit_stack) are all readable */
	for (i = 0; i < size; i++)
		if (t[(slot - i) % 8] != STACK_ZERO)
			break;
	if (i == size)
		reg_mark_known(&st->regs[dst], 0);
	else
		reg_mark_unknown(&st->regs[dst]);
	return 0;
}

/* socket_filter __sk_buff: len, pkt_type, mark, queue_mapping, protocol
 * (u32 each, readable, narrow reads allowed at any size-aligned offset). */
static int ctx_read(struct venv *env, int o, int size, int dst, bool ldsx)
{
	if (env->v->prog_type != BPFSIM_PROG_TYPE_SOCKET_FILTER || ldsx)
		return v_unsupp(env, "context access not modelled for this program type or load");
	if (o < 0 || o >= 20 || size > 4 || o % size)
		return v_unsupp(env, "context access off=%d size=%d not modelled", o, size);
	reg_mark_unknown(&env->cur.regs[dst]);
	return 0;
}

int check_mem(struct venv *env, int insn_idx, int regno, int off, int size, bool write,
	      int value_regno, bool ldsx, bool is_st, int32_t st_imm)
{
	struct vreg *reg = &env->cur.regs[regno];
	int err, o;

	(void)insn_idx;
	switch (reg->type) {
	case REG_PTR_STACK:
		if (size > 1 && (reg->off + off) % size) {
			return v_reject(env, -EACCES, "misaligned stack access off 0+%d+%d size %d",
					reg->off, off, size);
		}
		o = off + reg->off;
		if (o < -V_STACK || o > -1 || o + size > 0) {
			return v_reject(env, (o < -V_STACK || o > -1) ? -EACCES : -EINVAL,
					"invalid %s stack R%d off=%d size=%d",
					write ? "write to" : "read from", regno, o, size);
		}
		if (-o > env->cur.allocated_stack)
			env->cur.allocated_stack = (-o + 7) & ~7;
		if (env->cur.allocated_stack > env->max_stack_depth)
			env->max_stack_depth = env->cur.allocated_stack;
		if (write)
			return stack_write(env, o, size, value_regno, is_st, st_imm);
		err = stack_read(env, o, size, value_regno);
		break;
	case REG_PTR_CTX:
		if (write)
			return v_unsupp(env, "writes to the context are not modelled");
		err = ctx_read(env, off + reg->off, size, value_regno, ldsx);
		break;
	case REG_SCALAR:
		return v_reject(env, -EACCES, "R%d invalid mem access 'scalar'", regno);
	default:
		return v_unsupp(env, "memory access through R%d of an unmodelled type", regno);
	}
	if (err)
		return err;
	if (size < 8 && env->cur.regs[value_regno].type == REG_SCALAR) {
		if (ldsx)
			scalar_coerce_sx(&env->cur.regs[value_regno].s, size);
		else
			scalar_coerce(&env->cur.regs[value_regno].s, size);
	}
	return 0;
}
