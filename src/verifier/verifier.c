/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verifier.c: the env and the path-exploration loop (first slice of the
 * Linux 6.18 verifier: scalar programs, main subprogram only).
 *
 * Order, as in the kernel's bpf_check for a root loader:
 *   1. admission: what this slice cannot judge answers "unsupported" before
 *      anything else (program types other than those without a return-value
 *      check, expected_attach_type, prog_flags, subprograms, maps);
 *   2. cfg_check(): the static checks before exploration (cfg.c);
 *   3. do_check: from insn 0 with R1 = ctx, R10 = fp, the rest NOT_INIT,
 *      each instruction counts one "processed" insn and is checked at the
 *      point the kernel checks it (check_alu.c, check_jmp.c, state.c). A
 *      conditional jump whose outcome is unknown pushes a copy of the state
 *      for the taken edge; at exit, the most recently pushed state is
 *      popped ("from A to B:") until none is left: depth first,
 *      fall-through first.
 *
 * Log (log_level > 0): each insn records EV_INSN before it is checked and
 * the state the kernel prints (vlog_state: the registers and stack slots
 * the previous insn scratched, as check_reg_arg and the stack accesses in
 * state.c mark them); a level-1 branch pop rewinds the events to the push
 * (vlog_rewind), as the kernel rewinds its log; log.c renders the text.
 *
 * Print, then return: the first error records its line (EV_ERROR) and
 * errno and stops the verification; an unmodelled feature records the
 * reason (V_RC_UNSUPP). There is no state pruning: every path is walked, so
 * "processed" is at or above the kernel's, and an exploration that passes
 * 1,000,000 insns is unsupported (the kernel, pruning, may accept it, or
 * say "infinite loop detected").
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bpfsim/check.h"
#include "bpfsim/names.h"
#include "bpfsim/verifier.h"
#include "verifier/cfg.h"
#include "verifier/state.h"

void v_event(struct venv *env, enum vevent_kind k, int a, int b, const char *text)
{
	struct vevent *e;

	if (env->nr_ev == env->cap_ev) {
		int ncap = env->cap_ev ? env->cap_ev * 2 : 16;
		struct vevent *ne = realloc(env->ev, sizeof(*ne) * (size_t)ncap);

		if (!ne) {
			env->oom = true;
			return;
		}
		env->ev = ne;
		env->cap_ev = ncap;
	}
	e = &env->ev[env->nr_ev];
	e->kind = k;
	e->a = a;
	e->b = b;
	e->c = 0;
	e->text = NULL;
	if (k == EV_NOTE || k == EV_ERROR) {
		e->text = strdup(text ? text : "");
		if (!e->text) {
			env->oom = true;
			return;
		}
	}
	env->nr_ev++;
}

void v_events_drop(struct venv *env, int keep)
{
	while (env->nr_ev > keep)
		free(env->ev[--env->nr_ev].text);
}

int v_reject(struct venv *env, int err, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	v_event(env, EV_ERROR, err, 0, line);
	return err;
}

int v_unsupp(struct venv *env, const char *fmt, ...)
{
	va_list ap;
	char tmp[180];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	snprintf(env->unsupp, sizeof(env->unsupp), "insn %d: %s", env->insn_idx, tmp);
	return V_RC_UNSUPP;
}

int v_push(struct venv *env, int insn_idx, int prev_idx, const struct vstate *st)
{
	struct vpending *p;

	if (env->stack_size == env->stack_cap) {
		int ncap = env->stack_cap ? env->stack_cap * 2 : 8;
		struct vpending *ns = realloc(env->stack, sizeof(*ns) * (size_t)ncap);

		if (!ns) {
			env->oom = true;
			return -ENOMEM;
		}
		env->stack = ns;
		env->stack_cap = ncap;
	}
	if (env->log_level == 1)
		vlog_measure(env);
	p = &env->stack[env->stack_size++];
	p->st = *st;
	p->insn_idx = insn_idx;
	p->prev_idx = prev_idx;
	p->log_ev = env->nr_ev;
	p->log_items = env->nr_items;
	p->log_len = env->lg_len;
	if (env->stack_size > env->peak_stack)
		env->peak_stack = env->stack_size;
	/* The kernel rejects with "The sequence of %d jumps is too complex."
	 * (-E2BIG) past 8192 pending branches; without pruning bpfsim may
	 * have more pending than the kernel would, so it cannot tell. */
	if (env->stack_size > V_LIMIT_JMP_SEQ)
		return v_unsupp(env, "more than %d pending branches without state pruning (not modelled yet)",
				V_LIMIT_JMP_SEQ);
	return 0;
}

static const int size_bytes[4] = { 4, 2, 1, 8 }; /* BPF_W, BPF_H, BPF_B, BPF_DW */

static int do_check(struct venv *env)
{
	char msg[160];
	int err, next, rc;

	vstate_init(env, &env->cur);
	env->insn_idx = 0;
	env->prev_idx = -1;
	env->scratch_regs = (1U << V_MAX_REG) - 1;
	env->scratch_stack = ~0ULL;
	for (;;) {
		const struct bpfsim_insn *insn;
		uint8_t cls, mode;
		int size;

		if (env->oom)
			return -ENOMEM;
		if (env->insn_idx < 0 || env->insn_idx >= env->n) {
			snprintf(env->unsupp, sizeof(env->unsupp), "bpfsim bug: insn index %d out of range",
				 env->insn_idx);
			return V_RC_UNSUPP;
		}
		if (++env->processed > V_LIMIT_INSNS)
			return v_unsupp(env, "more than %d insns processed without state pruning (not modelled yet)",
					V_LIMIT_INSNS);
		if (env->log_level) {
			vlog_state(env, false);
			v_event(env, EV_INSN, env->insn_idx, 0, NULL);
		}
		insn = &env->insns[env->insn_idx];
		cls = BPFSIM_CLASS(insn->code);
		mode = BPFSIM_MODE(insn->code);
		size = size_bytes[BPFSIM_SIZE(insn->code) >> 3];
		next = env->insn_idx + 1;
		switch (cls) {
		case BPFSIM_CLASS_ALU:
		case BPFSIM_CLASS_ALU64:
			err = check_alu(env, insn);
			break;
		case BPFSIM_CLASS_LDX:
			err = check_reg_arg(env, insn->src, SRC_OP);
			if (!err)
				err = check_reg_arg(env, insn->dst, DST_OP_NO_MARK);
			if (!err)
				err = check_mem(env, env->insn_idx, insn->src, insn->off, size, false, insn->dst,
						mode == 0x80, false, 0);
			break;
		case BPFSIM_CLASS_STX:
			rc = bpfsim_insn_check(env->insns, (size_t)env->n, (size_t)env->insn_idx, msg, sizeof(msg));
			if (rc) {
				err = v_reject(env, rc, "%s", msg);
				break;
			}
			if (mode == 0xc0) {
				err = v_unsupp(env, "atomic instructions not modelled");
				break;
			}
			err = check_reg_arg(env, insn->src, SRC_OP);
			if (!err)
				err = check_reg_arg(env, insn->dst, SRC_OP);
			if (!err)
				err = check_mem(env, env->insn_idx, insn->dst, insn->off, size, true, insn->src,
						false, false, 0);
			break;
		case BPFSIM_CLASS_ST:
			rc = bpfsim_insn_check(env->insns, (size_t)env->n, (size_t)env->insn_idx, msg, sizeof(msg));
			if (rc) {
				err = v_reject(env, rc, "%s", msg);
				break;
			}
			err = check_reg_arg(env, insn->dst, SRC_OP);
			if (!err)
				err = check_mem(env, env->insn_idx, insn->dst, insn->off, size, true, -1, false,
						true, insn->imm);
			break;
		case BPFSIM_CLASS_LD:
			if (mode == 0x00) {
				err = check_ld_imm64(env, insn);
				next = env->insn_idx + 2;
			} else {
				err = v_unsupp(env, "LD_ABS/LD_IND not modelled");
			}
			break;
		default: /* JMP, JMP32 */
			if (BPFSIM_OP(insn->code) == 0x90 && cls == BPFSIM_CLASS_JMP) {
				err = check_exit(env);
				if (err)
					break;
				if (!env->stack_size)
					return 0;
				env->stack_size--;
				env->cur = env->stack[env->stack_size].st;
				env->prev_idx = env->stack[env->stack_size].prev_idx;
				next = env->stack[env->stack_size].insn_idx;
				if (env->log_level == 1) /* the kernel rewinds the log */
					vlog_rewind(env, env->stack[env->stack_size].log_ev,
						    env->stack[env->stack_size].log_items,
						    env->stack[env->stack_size].log_len);
				v_event(env, EV_BRANCH_POP, env->prev_idx, next, NULL);
				env->scratch_regs = (1U << V_MAX_REG) - 1;
				env->scratch_stack = ~0ULL;
				if (env->log_level >= 2) {
					int save = env->insn_idx;

					env->insn_idx = next;
					vlog_state(env, true);
					env->insn_idx = save;
				}
				/* the pop "continues" without the stats of the exit:
				 * the next insn index is the popped one */
				env->insn_idx = next;
				continue;
			}
			err = check_jmp(env, insn, &next);
			break;
		}
		if (err)
			return err;
		env->prev_idx = env->insn_idx;
		env->insn_idx = next;
	}
}

static bool prog_type_modelled(int t)
{
	switch (t) {
	case BPFSIM_PROG_TYPE_SOCKET_FILTER:
	case BPFSIM_PROG_TYPE_SCHED_CLS:
	case BPFSIM_PROG_TYPE_SCHED_ACT:
	case BPFSIM_PROG_TYPE_XDP:
	case BPFSIM_PROG_TYPE_KPROBE:
	case BPFSIM_PROG_TYPE_TRACEPOINT:
	case BPFSIM_PROG_TYPE_PERF_EVENT:
	case BPFSIM_PROG_TYPE_RAW_TRACEPOINT:
		return true;
	default:
		return false;
	}
}

static int map_ref_hook(void *ctx, int insn_idx, const struct bpfsim_insn *lo, const struct bpfsim_insn *hi,
			char *msg, size_t msgsz)
{
	(void)lo;
	(void)hi;
	*(int *)ctx = insn_idx + 1;
	snprintf(msg, msgsz, "map references not modelled");
	return -EOPNOTSUPP;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int set_str(char **dst, const char *s)
{
	*dst = strdup(s);
	return *dst ? 0 : -ENOMEM;
}

void bpfsim_verify_result_free(struct bpfsim_verify_result *res)
{
	if (!res)
		return;
	free(res->error);
	free(res->log);
	memset(res, 0, sizeof(*res));
}

BPFSIM_API int bpfsim_verify_vector(const struct bpfsim_vector *v, const struct bpfsim_verify_opts *opts,
				    struct bpfsim_verify_result *res, struct bpfsim_err *err)
{
	struct cfg_opts co = { .sz = sizeof(co) };
	struct cfg_result *cr = NULL;
	struct venv *env = NULL;
	int64_t t0 = now_ns();
	int map_seen = 0, rc, ret = 0;
	uint32_t level = opts && opts->sz >= offsetof(struct bpfsim_verify_opts, log_buf) ? opts->log_level : 0;
	bool has_buf = opts && opts->sz >= sizeof(*opts);
	char *ubuf = has_buf ? opts->log_buf : NULL;
	uint32_t usize = has_buf ? opts->log_size : 0;
	int i;

	if (!res)
		return bpfsim_errf(err, -EINVAL, "bpfsim_verify_vector: no result");
	memset(res, 0, sizeof(*res));
	if (!v)
		return bpfsim_errf(err, -EINVAL, "bpfsim_verify_vector: no vector");
	/* the kernel's bpf_verifier_log_attr_valid */
	if (!!ubuf != !!usize || (ubuf && !level) || level > 2 || usize > (UINT32_MAX >> 2))
		return bpfsim_errf(err, -EINVAL,
				   "bpfsim_verify_vector: invalid log options (level %u, buffer %s, size %u)", level,
				   ubuf ? "set" : "NULL", usize);
	res->insns_processed = -1;
	if (!prog_type_modelled(v->prog_type)) {
		res->verdict = BPFSIM_VEC_UNSUPPORTED;
		ret = set_str(&res->error, "program type not modelled yet");
		goto out_time;
	}
	if (v->expected_attach_type != -1 || v->prog_flags) {
		res->verdict = BPFSIM_VEC_UNSUPPORTED;
		ret = set_str(&res->error, "expected_attach_type / prog_flags not modelled yet");
		goto out_time;
	}
	cr = calloc(1, sizeof(*cr));
	env = calloc(1, sizeof(*env));
	if (!cr || !env) {
		ret = -ENOMEM;
		goto out;
	}
	co.map_ref = map_ref_hook;
	co.map_ref_ctx = &map_seen;
	co.has_fd_array = false;
	rc = cfg_check(v->insns, (int)v->nr_insns, &co, cr);
	if (rc < 0) {
		ret = rc;
		goto out;
	}
	env->v = v;
	env->cfg = cr;
	env->log_level = level;
	env->lg_size = usize;
	env->insns = v->insns;
	env->n = (int)v->nr_insns;
	if (cr->status == CFG_UNSUPPORTED || (cr->status == CFG_REJECT && map_seen)) {
		snprintf(env->unsupp, sizeof(env->unsupp), "%s", cr->msg);
		rc = V_RC_UNSUPP;
	} else if (cr->status == CFG_REJECT) {
		if (cr->msg[0])
			v_event(env, EV_ERROR, cr->err, 0, cr->msg);
		rc = cr->err;
	} else if (cr->nr_subprogs > 1) {
		snprintf(env->unsupp, sizeof(env->unsupp), "bpf-to-bpf calls (%d subprograms) not modelled",
			 cr->nr_subprogs);
		rc = V_RC_UNSUPP;
	} else {
		rc = do_check(env);
	}
	if (env->oom || rc == -ENOMEM) {
		ret = -ENOMEM;
		goto out;
	}
	res->insns_processed = env->processed;
	if (rc == V_RC_UNSUPP) {
		res->verdict = BPFSIM_VEC_UNSUPPORTED;
		ret = set_str(&res->error, env->unsupp);
	} else if (rc < 0) {
		res->verdict = BPFSIM_VEC_REJECT;
		res->err = -rc;
		res->errno_name = bpfsim_errno_name(-rc);
		for (i = env->nr_ev - 1; i >= 0; i--)
			if (env->ev[i].kind == EV_ERROR || env->ev[i].kind == EV_NOTE)
				break;
		if (i >= 0)
			ret = set_str(&res->error, env->ev[i].text);
	} else {
		res->verdict = BPFSIM_VEC_ACCEPT;
	}
	if (!ret && level && res->verdict != BPFSIM_VEC_UNSUPPORTED) {
		res->log = vlog_render(env, level, &res->log_len);
		if (!res->log)
			ret = -ENOMEM;
		else
			res->log_true_size = (uint32_t)(env->lg_peak + 1);
		if (res->log && ubuf) {
			/* the rotating window is [lg_start, len); fixed: the head */
			size_t from = 0, n = res->log_len;

			if (has_buf && opts->log_fixed) {
				if (n > usize - 1)
					n = usize - 1;
			} else {
				from = (size_t)env->lg_start;
				if (from > n)
					from = n;
				n -= from;
				if (n > usize - 1) {
					from += n - (usize - 1);
					n = usize - 1;
				}
			}
			memcpy(ubuf, res->log + from, n);
			ubuf[n] = 0;
			if (env->lg_peak + 1 > (int64_t)usize)
				res->log_err = ENOSPC;
			free(res->log);
			res->log = NULL;
			res->log_len = n;
		}
	}
out:
	if (env) {
		free(env->stack);
		v_events_drop(env, 0);
		free(env->ev);
		free(env->items);
	}
	free(env);
	free(cr);
out_time:
	res->time_ns = now_ns() - t0;
	if (ret < 0) {
		bpfsim_verify_result_free(res);
		return bpfsim_errf(err, ret, "bpfsim_verify_vector: %s", ret == -ENOMEM ? "out of memory" : "error");
	}
	return 0;
}
