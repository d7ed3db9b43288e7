/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_jmp.c: JMP/JMP32 for the path being explored (Linux 6.18
 * check_cond_jmp_op, root loader), and the exit of the main program.
 *
 * A conditional jump on scalars: R dst !read_ok, reserved fields, R src
 * !read_ok (X); then scalar_branch_taken() decides: always taken -> go to
 * the target, never -> fall through, unknown -> the current state is copied
 * and pushed with the target as its next instruction (explored later,
 * depth-first: the fall-through goes first, as in the kernel), the copy is
 * refined with the condition, the current state with its negation
 * (scalar_refine), and every register or spilled slot sharing the id of a
 * refined register gets the refined value too (sync_linked_regs).
 *
 * Example: r1 unknown; r2 = r1; if r1 > 10 goto L: on the fall-through r1
 * and r2 are both [0, 10].
 *
 * `if rX op rX` refines one register through two aliases, as the kernel
 * does. Comparisons involving pointers, calls and may_goto are not
 * modelled (unsupported).
 */
#include <errno.h>
#include <string.h>

#include "bpfsim/check.h"
#include "verifier/state.h"

static int ins_check(struct venv *env, char *msg, size_t len)
{
	return bpfsim_insn_check(env->insns, (size_t)env->n, (size_t)env->insn_idx, msg, len);
}

/* r = known + delta, bounds added as the kernel's scalar(32)_min_max_add
 * do, without the synchronisation scalar_alu() would add (the kernel's
 * sync_linked_regs does not synchronise) */
static void add_delta(struct scalar *d, int32_t delta)
{
	int64_t k = delta, a, b;
	int32_t k32 = delta, a32, b32;
	uint64_t uk = (uint64_t)k, ua, ub;
	uint32_t uk32 = (uint32_t)k32, ua32, ub32;
	bool o1, o2;

	if (__builtin_add_overflow(d->s32_min, k32, &a32) || __builtin_add_overflow(d->s32_max, k32, &b32)) {
		d->s32_min = INT32_MIN;
		d->s32_max = INT32_MAX;
	} else {
		d->s32_min = a32;
		d->s32_max = b32;
	}
	o1 = __builtin_add_overflow(d->u32_min, uk32, &ua32);
	o2 = __builtin_add_overflow(d->u32_max, uk32, &ub32);
	if (!o1 && o2) {
		d->u32_min = 0;
		d->u32_max = UINT32_MAX;
	} else {
		d->u32_min = ua32;
		d->u32_max = ub32;
	}
	if (__builtin_add_overflow(d->smin, k, &a) || __builtin_add_overflow(d->smax, k, &b)) {
		d->smin = INT64_MIN;
		d->smax = INT64_MAX;
	} else {
		d->smin = a;
		d->smax = b;
	}
	o1 = __builtin_add_overflow(d->umin, uk, &ua);
	o2 = __builtin_add_overflow(d->umax, uk, &ub);
	if (!o1 && o2) {
		d->umin = 0;
		d->umax = UINT64_MAX;
	} else {
		d->umin = ua;
		d->umax = ub;
	}
	d->var_off = tnum_add(d->var_off, tnum_const(uk));
}

static void sync_one(struct vreg *r, const struct vreg *known)
{
	if (r == known || r->type != REG_SCALAR || (r->id & ~ID_ADD_CONST) != (known->id & ~ID_ADD_CONST))
		return;
	if ((!(r->id & ID_ADD_CONST) && !(known->id & ID_ADD_CONST)) || r->off == known->off) {
		*r = *known;
	} else {
		int32_t off = r->off;
		uint32_t id = r->id;
		int32_t delta = (int32_t)((uint32_t)r->off - (uint32_t)known->off);

		*r = *known;
		r->off = off;
		r->id = id;
		add_delta(&r->s, delta);
	}
}

/* kernel: sync_linked_regs: every register and spilled scalar linked to
 * known (same base id) learns known's refined value (plus its offset) */
static void sync_linked(struct vstate *st, const struct vreg *known)
{
	int i;

	if (known->type != REG_SCALAR || !known->id)
		return;
	for (i = 0; i < V_MAX_REG; i++)
		sync_one(&st->regs[i], known);
	for (i = 0; i < V_SLOTS; i++)
		if (st->slot_type[i * 8 + 7] == STACK_SPILL)
			sync_one(&st->spilled[i], known);
}

static void add_notes(struct venv *env, char *log)
{
	char *line = log, *nl;

	while (*line) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (*line)
			v_event(env, EV_NOTE, 0, 0, line);
		if (!nl)
			break;
		line = nl + 1;
	}
}

static int cond_jmp(struct venv *env, const struct bpfsim_insn *insn, int *next)
{
	struct vstate *st = &env->cur;
	uint8_t op = BPFSIM_OP(insn->code);
	bool x = BPFSIM_SRCBIT(insn->code), jmp32 = BPFSIM_CLASS(insn->code) == BPFSIM_CLASS_JMP32;
	char msg[160], log[1024] = "";
	struct scalar t1, t2, f1, f2, k;
	struct vstate *other;
	struct vreg *dst, *src = NULL;
	int rc, err, pred, target = env->insn_idx + insn->off + 1;

	rc = ins_check(env, msg, sizeof(msg));
	if (rc && strcmp(msg, "BPF_JMP/JMP32 uses reserved fields"))
		return v_reject(env, rc, "%s", msg);
	if ((err = check_reg_arg(env, insn->dst, SRC_OP)))
		return err;
	if (rc)
		return v_reject(env, rc, "%s", msg);
	if (x && (err = check_reg_arg(env, insn->src, SRC_OP)))
		return err;
	dst = &st->regs[insn->dst];
	if (x) {
		src = &st->regs[insn->src];
	}
	if (dst->type != REG_SCALAR || (src && src->type != REG_SCALAR))
		return v_unsupp(env, "comparison involving a pointer not modelled");
	k = src ? src->s : scalar_const((uint64_t)(int64_t)insn->imm);
	pred = scalar_branch_taken(&dst->s, &k, op, jmp32);
	if (pred == 1) {
		*next = target;
		vlog_state(env, false); /* the kernel's print_insn_state */
		return 0;
	}
	if (pred == 0) {
		*next = env->insn_idx + 1;
		vlog_state(env, false);
		return 0;
	}
	if ((err = v_push(env, target, env->insn_idx, st)))
		return err;
	other = &env->stack[env->stack_size - 1].st;
	t1 = f1 = dst->s;
	t2 = f2 = k;
	if (src == dst) /* the kernel refines one register through two aliases */
		scalar_refine(&t1, &t1, &f1, &f1, op, jmp32, log, sizeof(log));
	else
		scalar_refine(&t1, &t2, &f1, &f2, op, jmp32, log, sizeof(log));
	add_notes(env, log);
	other->regs[insn->dst].s = t1;
	dst->s = f1;
	if (src && src == dst) {
		other->regs[insn->dst].s = t1;
		sync_linked(st, dst);
		sync_linked(other, &other->regs[insn->dst]);
		*next = env->insn_idx + 1;
		vlog_state(env, false);
		return 0;
	}
	if (src) {
		other->regs[insn->src].s = t2;
		src->s = f2;
		sync_linked(st, src);
		sync_linked(other, &other->regs[insn->src]);
	}
	sync_linked(st, dst);
	sync_linked(other, &other->regs[insn->dst]);
	*next = env->insn_idx + 1;
	vlog_state(env, false);
	return 0;
}

int check_jmp(struct venv *env, const struct bpfsim_insn *insn, int *next)
{
	uint8_t op = BPFSIM_OP(insn->code);
	char msg[160];
	int rc;

	switch (op) {
	case 0x00: /* ja */
		rc = ins_check(env, msg, sizeof(msg));
		if (rc)
			return v_reject(env, rc, "%s", msg);
		*next = env->insn_idx + 1 +
			(BPFSIM_CLASS(insn->code) == BPFSIM_CLASS_JMP ? insn->off : insn->imm);
		return 0;
	case 0x80: /* call */
		rc = ins_check(env, msg, sizeof(msg));
		if (rc)
			return v_reject(env, rc, "%s", msg);
		return v_unsupp(env, "calls (helpers, kfuncs, bpf-to-bpf) not modelled");
	case 0xe0: /* may_goto */
		rc = ins_check(env, msg, sizeof(msg));
		if (rc)
			return v_reject(env, rc, "%s", msg);
		return v_unsupp(env, "may_goto not modelled");
	default:
		return cond_jmp(env, insn, next);
	}
}

int check_exit(struct venv *env)
{
	char msg[160];
	int rc = ins_check(env, msg, sizeof(msg));

	if (rc)
		return v_reject(env, rc, "%s", msg);
	/* The program types admitted by verifier.c have no return-value range
	 * check in 6.18 (check_return_code: "default: return 0"), and a root
	 * loader may return a pointer. */
	return check_reg_arg(env, 0, SRC_OP);
}
