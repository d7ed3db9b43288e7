/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c: renders the verification's structured events as the Linux 6.18
 * verifier log (level 1 and 2), and records the state snapshots the log
 * prints (vlog_state).
 *
 * Events (state.h) are recorded while the verifier walks the program:
 *   EV_INSN a        the kernel prints "a: (op) insn" before checking it
 *   EV_STATE a,b,c   print_verifier_state: items[b..b+c) (registers that
 *                    are not NOT_INIT, then valid stack slots), either all
 *                    of them or only those the previous insn scratched
 *   EV_BRANCH_POP    level 2: "\nfrom A to B:" followed by the full state
 *   EV_NOTE/EV_ERROR a line of text
 * Rendering follows the kernel's print_insn_state: a state recorded right
 * after an EV_INSN is appended to that line, padded to the kernel's
 * alignment (column round_up(max(len + 4, 40), 8) - 2 holds ';'); after a
 * level-2 branch pop it follows "from A to B:"; otherwise it starts its own
 * line "a:". At level 1 the kernel rewinds the log to the position of a
 * branch's push when it pops that branch (vlog_rewind truncates the events;
 * 6.18 then continues the jump's line: "...goto pc+2 4: R1=..."), and an
 * accepted program's level-1 log keeps only the statistics line. Level 2
 * starts with "func#i @start" per subprogram and the "Live regs before
 * insn:" table (a backward liveness dataflow over the program, r0-r9, with
 * the loop column: insns on a cycle get their strongly connected
 * component's number).
 *
 * The kernel's log buffer (6.4+): positions are absolute; rewinds move the
 * end back; log_true_size is the longest the log ever was plus its NUL;
 * a rotating buffer of N bytes keeps [start, end) where start only moves
 * forward to end + 1 - N on writes and back to a rewind point before it.
 * vlog_measure keeps those positions by rendering the events once each.
 *
 * Not modelled (the log then differs from the kernel's; the test lists
 * them): precision backtracking ("mark_precise: ..." lines and P marks:
 * its "parent state" lines are the checkpoints of state pruning), state
 * pruning ("N: safe", the state counters of the statistics line), level
 * 2's stack liveness lines "(0) frame 0 insn ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/disasm.h"
#include "verifier/cfg.h"
#include "verifier/state.h"

struct buf {
	char *p;
	size_t len, cap;
	int64_t adj; /* newlines removed before the start of a segment */
	bool oom;
};

static void unput_nl(struct buf *b)
{
	if (b->len)
		b->len--;
	else
		b->adj--;
}

__attribute__((format(printf, 2, 3)))
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->p && (size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t ncap = (b->cap ? b->cap * 2 : 256) + (size_t)n;
			char *np = realloc(b->p, ncap);

			if (!np) {
				b->oom = true;
				return;
			}
			b->p = np;
			b->cap = ncap;
		}
	}
}


void vlog_state(struct venv *env, bool all)
{
	const struct vstate *st = &env->cur;
	int first = env->nr_items, i, j;

	if (!env->log_level || (!all && !env->scratch_regs && !env->scratch_stack))
		return;
	for (i = 0; i < V_MAX_REG + V_SLOTS; i++) {
		bool stack = i >= V_MAX_REG;
		int idx = stack ? i - V_MAX_REG : i;
		struct vlog_item *it;
		bool valid = false;

		if (!all && !(stack ? (env->scratch_stack >> idx) & 1 : (env->scratch_regs >> idx) & 1))
			continue;
		if (!stack && st->regs[idx].type == REG_NOT_INIT)
			continue;
		if (stack) {
			if (idx * 8 >= st->allocated_stack)
				continue;
			for (j = 0; j < 8; j++)
				valid |= st->slot_type[idx * 8 + j] != STACK_INVALID;
			if (!valid)
				continue;
		}
		if (env->nr_items == env->cap_items) {
			int ncap = env->cap_items ? env->cap_items * 2 : 64;
			struct vlog_item *ni = realloc(env->items, sizeof(*ni) * (size_t)ncap);

			if (!ni) {
				env->oom = true;
				return;
			}
			env->items = ni;
			env->cap_items = ncap;
		}
		it = &env->items[env->nr_items++];
		it->stack = stack;
		it->idx = idx;
		if (stack) {
			it->r = st->spilled[idx];
			memcpy(it->types, &st->slot_type[idx * 8], 8);
		} else {
			it->r = st->regs[idx];
		}
	}
	v_event(env, EV_STATE, env->insn_idx, first, NULL);
	if (env->nr_ev && env->ev[env->nr_ev - 1].kind == EV_STATE && env->ev[env->nr_ev - 1].b == first)
		env->ev[env->nr_ev - 1].c = env->nr_items - first;
	if (!all) {
		env->scratch_regs = 0;
		env->scratch_stack = 0;
	}
}

static void put_reg(struct buf *b, const struct vreg *r)
{
	char tmp[512];

	switch (r->type) {
	case REG_SCALAR:
		scalar_strn(tmp, sizeof(tmp), &r->s, r->id & ~ID_ADD_CONST, false);
		if (r->id & ID_ADD_CONST) {
			/* the kernel prints "id=N+off" for base + const links */
			char idstr[32];
			const char *at;

			snprintf(idstr, sizeof(idstr), "id=%u", r->id & ~ID_ADD_CONST);
			at = strstr(tmp, idstr);
			if (at) {
				size_t cut = (size_t)(at - tmp) + strlen(idstr);

				put(b, "%.*s%+d%s", (int)cut, tmp, r->off, tmp + cut);
				break;
			}
		}
		put(b, "%s", tmp);
		break;
	case REG_PTR_CTX:
		if (r->off)
			put(b, "ctx(off=%d)", r->off);
		else
			put(b, "ctx()");
		break;
	case REG_PTR_STACK:
		put(b, "fp%d", r->off);
		break;
	default:
		put(b, "?");
		break;
	}
}

static void put_items(struct buf *b, const struct venv *env, const struct vevent *e)
{
	static const char tch[] = { '?', 'r', 'm', '0' }; /* INVALID SPILL MISC ZERO */
	int i, j;

	for (i = e->b; i < e->b + e->c; i++) {
		const struct vlog_item *it = &env->items[i];
		char types[9];

		if (!it->stack) {
			put(b, " R%d=", it->idx);
			put_reg(b, &it->r);
			continue;
		}
		for (j = 0; j < 8; j++)
			types[j] = it->types[j] < sizeof(tch) ? tch[it->types[j]] : '?';
		types[8] = 0;
		put(b, " fp%d=", -8 * (it->idx + 1));
		if (it->types[7] == STACK_SPILL) {
			for (j = 0; j < 8 && it->types[j] != STACK_SPILL; j++)
				;
			types[j] = 0;
			put(b, "%s", types);
			put_reg(b, &it->r);
		} else {
			put(b, "%s", types);
		}
	}
	put(b, "\n");
}

/* The kernel's vlog_alignment: spaces before ';' after a line of pos bytes
 * (pos counts the line's newline). */
static int align_pad(int pos)
{
	int m = pos + 4 > 40 ? pos + 4 : 40;

	return ((m + 7) / 8) * 8 - pos - 1;
}

/* Render events [from, to) into b; the first event's context (the event
 * before it) is taken from env->ev[from - 1]. */
static void render_range(const struct venv *env, uint32_t level, int from, int to, struct buf *b)
{
	char text[BPFSIM_DISASM_MAX];
	enum vevent_kind prev = from > 0 ? env->ev[from - 1].kind : EV_NOTE;
	int i, line_len = 0;

	if (from > 0 && prev == EV_INSN) {
		const struct vevent *e = &env->ev[from - 1];

		bpfsim_disasm_insn(env->insns, (size_t)env->n, (size_t)e->a, BPFSIM_SYNTAX_KERNEL, NULL, text,
				   sizeof(text));
		line_len = (int)strlen(text) + snprintf(NULL, 0, "%d: ", e->a);
	}
	for (i = from; i < to; i++) {
		const struct vevent *e = &env->ev[i];

		switch (e->kind) {
		case EV_BRANCH_POP:
			if (level >= 2)
				put(b, "\nfrom %d to %d:", e->a, e->b);
			break;
		case EV_NOTE:
		case EV_ERROR:
			put(b, "%s\n", e->text);
			break;
		case EV_INSN:
			bpfsim_disasm_insn(env->insns, (size_t)env->n, (size_t)e->a, BPFSIM_SYNTAX_KERNEL, NULL,
					   text, sizeof(text));
			line_len = (int)strlen(text) + snprintf(NULL, 0, "%d: ", e->a);
			put(b, "%d: %s\n", e->a, text);
			break;
		case EV_STATE:
			if (prev == EV_INSN) {
				unput_nl(b); /* the kernel rewinds over the newline */
				put(b, "%*c;", align_pad(line_len + 1), ' ');
			} else if (prev == EV_BRANCH_POP && level == 1) {
				/* after the level-1 rewind to a branch's push, 6.18
				 * continues the jump's line: "...goto pc+2 4: R1=..." */
				unput_nl(b);
				put(b, " %d:", e->a);
			} else if (prev != EV_BRANCH_POP) {
				put(b, "%d:", e->a);
			}
			put_items(b, env, e);
			break;
		}
		prev = e->kind;
	}
}

int64_t vlog_measure(struct venv *env)
{
	struct buf b = { 0 };

	if (env->lg_upto > env->nr_ev) /* bpfsim bug guard */
		env->lg_upto = env->nr_ev;
	render_range(env, env->log_level, env->lg_upto, env->nr_ev, &b);
	if (b.oom)
		env->oom = true;
	free(b.p);
	env->lg_len += (int64_t)b.len + b.adj;
	env->lg_upto = env->nr_ev;
	if (env->lg_len > env->lg_peak)
		env->lg_peak = env->lg_len;
	/* the kernel's rotating window keeps the last log_size - 1 bytes */
	if (env->lg_size && env->lg_len + 1 - (int64_t)env->lg_size > env->lg_start)
		env->lg_start = env->lg_len + 1 - (int64_t)env->lg_size;
	return env->lg_len;
}

void vlog_rewind(struct venv *env, int nr_ev, int nr_items, int64_t len)
{
	vlog_measure(env);
	v_events_drop(env, nr_ev);
	env->nr_items = nr_items;
	env->lg_upto = nr_ev;
	env->lg_len = len;
	if (env->lg_start > len)
		env->lg_start = len;
}

/* Level 2's "Live regs before insn:" table (6.18's compute_live_registers):
 * for each insn the registers r0-r9 whose value may still be read, by a
 * backward dataflow to a fixpoint: live_in = use | (live_out & ~def). */
static void insn_use_def(const struct bpfsim_insn *in, uint16_t *use, uint16_t *def)
{
	uint8_t cls = BPFSIM_CLASS(in->code), op = BPFSIM_OP(in->code);
	uint16_t d = (uint16_t)(1U << (in->dst & 15)), sr = (uint16_t)(1U << (in->src & 15));
	bool x = BPFSIM_SRCBIT(in->code);

	*use = *def = 0;
	switch (cls) {
	case BPFSIM_CLASS_ALU:
	case BPFSIM_CLASS_ALU64:
		*def = d;
		if (op == 0xb0) /* mov */
			*use = x ? sr : 0;
		else if (op == 0x80 || op == 0xd0) /* neg, end */
			*use = d;
		else
			*use = (uint16_t)(d | (x ? sr : 0));
		break;
	case BPFSIM_CLASS_LDX:
		*use = sr;
		*def = d;
		break;
	case BPFSIM_CLASS_STX:
		*use = (uint16_t)(d | sr);
		break;
	case BPFSIM_CLASS_ST:
		*use = d;
		break;
	case BPFSIM_CLASS_LD:
		*def = d;
		break;
	default: /* JMP, JMP32 */
		if (op == 0x90)
			*use = 1; /* exit reads r0 */
		else if (op != 0x00)
			*use = (uint16_t)(d | (x ? sr : 0));
		break;
	}
}

/* Successors of insn i in the control-flow graph (at most 2). */
static int succs(const struct venv *env, int i, int out[2])
{
	const struct bpfsim_insn *x = &env->insns[i];
	uint8_t cls = BPFSIM_CLASS(x->code), op = BPFSIM_OP(x->code);
	bool jmp = cls == BPFSIM_CLASS_JMP || cls == BPFSIM_CLASS_JMP32;
	int width = cls == BPFSIM_CLASS_LD && BPFSIM_MODE(x->code) == 0 ? 2 : 1, n = 0;
	int64_t t;

	if (!(jmp && (op == 0x90 || op == 0x00)) && i + width < env->n)
		out[n++] = i + width;
	if (jmp && op != 0x90 && op != 0x80) {
		t = (int64_t)i + 1 + (cls == BPFSIM_CLASS_JMP32 && op == 0x00 ? x->imm : x->off);
		if (t >= 0 && t < env->n)
			out[n++] = (int)t;
	}
	return n;
}

/* The table's loop column (6.18 prints the strongly connected component
 * of insns that are on a cycle): Tarjan's algorithm, iterative, components
 * numbered from 1 in the order they complete. scc[i] = 0: not on a cycle. */
static int *loop_sccs(const struct venv *env)
{
	int n = env->n, *idx = malloc(sizeof(int) * (size_t)n * 5), *low, *stk, *cs, *ci, *scc;
	int counter = 0, sp = 0, csp, next_scc = 1, r, sv[2], ns, i;

	scc = calloc((size_t)n + 1, sizeof(int));
	if (!idx || !scc) {
		free(idx);
		free(scc);
		return NULL;
	}
	low = idx + n;
	stk = low + n;
	cs = stk + n;
	ci = cs + n;
	for (i = 0; i < n; i++)
		idx[i] = -1;
	for (r = 0; r < n; r++) {
		if (idx[r] >= 0)
			continue;
		csp = 0;
		cs[csp] = r;
		ci[csp++] = 0;
		idx[r] = low[r] = counter++;
		stk[sp++] = r;
		scc[r] = -1; /* on stack */
		while (csp) {
			int v = cs[csp - 1];

			ns = succs(env, v, sv);
			if (ci[csp - 1] < ns) {
				int w = sv[ci[csp - 1]++];

				if (idx[w] < 0) {
					idx[w] = low[w] = counter++;
					stk[sp++] = w;
					scc[w] = -1;
					cs[csp] = w;
					ci[csp++] = 0;
				} else if (scc[w] == -1 && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			csp--;
			if (csp && low[v] < low[cs[csp - 1]])
				low[cs[csp - 1]] = low[v];
			if (low[v] == idx[v]) {
				bool cyc = stk[sp - 1] != v;
				int j, w;

				for (j = 0; j < ns; j++)
					cyc |= sv[j] == v;
				do {
					w = stk[--sp];
					scc[w] = cyc ? next_scc : 0;
				} while (w != v);
				if (cyc)
					next_scc++;
			}
		}
	}
	free(idx);
	return scc;
}

static void put_live_table(struct buf *b, const struct venv *env)
{
	uint16_t *in = calloc((size_t)env->n + 1, sizeof(*in));
	char text[BPFSIM_DISASM_MAX];
	bool changed = true;
	int i, r, *scc;

	if (!in) {
		b->oom = true;
		return;
	}
	while (changed) {
		changed = false;
		for (i = env->n - 1; i >= 0; i--) {
			const struct bpfsim_insn *x = &env->insns[i];
			uint8_t cls = BPFSIM_CLASS(x->code), op = BPFSIM_OP(x->code);
			bool jmp = cls == BPFSIM_CLASS_JMP || cls == BPFSIM_CLASS_JMP32;
			int width = cls == BPFSIM_CLASS_LD && BPFSIM_MODE(x->code) == 0 ? 2 : 1;
			uint16_t use, def, out = 0, nv;
			int64_t t;

			insn_use_def(x, &use, &def);
			if (!(jmp && (op == 0x90 || op == 0x00)) && i + width < env->n)
				out |= in[i + width];
			if (jmp && op != 0x90 && op != 0x80) {
				t = (int64_t)i + 1 + (cls == BPFSIM_CLASS_JMP32 && op == 0x00 ? x->imm : x->off);
				if (t >= 0 && t < env->n)
					out |= in[t];
			}
			nv = (uint16_t)((use | (out & ~def)) & 0x3ff);
			if (nv != in[i]) {
				in[i] = nv;
				changed = true;
			}
		}
	}
	scc = loop_sccs(env);
	if (!scc) {
		free(in);
		b->oom = true;
		return;
	}
	put(b, "Live regs before insn:\n");
	for (i = 0; i < env->n; i++) {
		int w = bpfsim_disasm_insn(env->insns, (size_t)env->n, (size_t)i, BPFSIM_SYNTAX_KERNEL, NULL, text,
					   sizeof(text));

		if (scc[i])
			put(b, "%3d%4d: ", scc[i], i);
		else
			put(b, "%7d: ", i);
		for (r = 0; r < 10; r++)
			put(b, "%c", (in[i] >> r) & 1 ? '0' + r : '.');
		put(b, " %s\n", text);
		if (w == 2)
			i++;
	}
	free(scc);
	free(in);
}

char *vlog_render(struct venv *env, uint32_t level, size_t *len)
{
	struct buf b = { 0 };
	bool accepted = true;
	int i;

	for (i = 0; i < env->nr_ev; i++)
		if (env->ev[i].kind == EV_ERROR)
			accepted = false;
	if (level == 1 && accepted) {
		/* the kernel resets an accepted program's level-1 log to 0
		 * before the statistics (the walk still counts for the
		 * buffer's peak size) */
		vlog_rewind(env, 0, 0, 0);
	} else {
		if (level >= 2) {
			/* check_subprogs prints the subprograms once their
			 * discovery (add_subprog_and_kfunc) passed */
			const struct cfg_result *cr = env->cfg;
			bool found = cr && cr->nr_subprogs > 0 &&
				     !(cr->status == CFG_REJECT && (!strcmp(cr->msg, "call to invalid destination") ||
								    !strcmp(cr->msg, "too many subprograms")));

			for (i = 0; found && i < cr->nr_subprogs; i++)
				put(&b, "func#%d @%d\n", i, cr->subprogs[i].start);
			if (!cr)
				put(&b, "func#0 @0\n");
			for (i = 0; i < env->nr_ev; i++)
				if (env->ev[i].kind == EV_INSN)
					break;
			if (i < env->nr_ev) /* the cfg checks passed */
				put_live_table(&b, env);
		}
		render_range(env, level, 0, env->nr_ev, &b);
	}
	put(&b, "processed %lld insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read %d\n",
	    (long long)env->processed, V_LIMIT_INSNS, 0, 0, 0, 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	/* the whole text's length: the peak and the rotation window */
	env->lg_len = (int64_t)b.len;
	env->lg_upto = env->nr_ev;
	if (env->lg_len > env->lg_peak)
		env->lg_peak = env->lg_len;
	if (env->lg_size && env->lg_len + 1 - (int64_t)env->lg_size > env->lg_start)
		env->lg_start = env->lg_len + 1 - (int64_t)env->lg_size;
	*len = b.len;
	return b.p;
}
