/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cfg.c: static program checks before path exploration (see cfg.h for the
 * list, in the kernel's order). Behaviour of Linux 6.18; our own code.
 *
 * The graph walk is an iterative depth-first search with one state per
 * instruction: 0 (not seen), DISCOVERED (on the DFS stack, with a bit for
 * each out-edge already pushed) or EXPLORED. An edge to a DISCOVERED
 * instruction is a back-edge (a loop): fatal for unprivileged loads only.
 * Edges are pushed fall-through first, so the first error found is the one
 * the kernel reports. Example: "0: if r0 > 1 goto +1; 1: exit; 2: exit"
 * visits 0, 1 (fall-through, EXPLORED), then 2 (branch); every instruction
 * ends EXPLORED, so there is no "unreachable insn".
 *
 * After the walk, an instruction that is not EXPLORED is unreachable; the
 * second slot of an ld_imm64 must never have been reached ("jump into the
 * middle of ldimm64 insn").
 */
#include "verifier/cfg.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ST_DISCOVERED = 0x10, ST_EXPLORED = 0x20, EDGE_FALL = 1, EDGE_BRANCH = 2 };
enum { WALK_DONE = 0, WALK_KEEP = 1 };

#define CLS(c) ((c) & 0x07)
#define OPF(c) ((c) & 0xf0)
#define IS_X(c) (((c) & 0x08) != 0)
#define CODE_LDDW 0x18
#define CODE_CALL 0x85
#define CODE_EXIT 0x95
#define CODE_JA 0x05
#define CODE_JA32 0x06

static int reject(struct cfg_result *res, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int reject(struct cfg_result *res, int err, const char *fmt, ...)
{
	va_list ap;

	res->status = CFG_REJECT;
	res->err = err;
	va_start(ap, fmt);
	vsnprintf(res->msg, sizeof(res->msg), fmt, ap);
	va_end(ap);
	return 0;
}

static int unsupported(struct cfg_result *res, const char *what)
{
	res->status = CFG_UNSUPPORTED;
	res->err = -EOPNOTSUPP;
	snprintf(res->msg, sizeof(res->msg), "%s", what);
	return 0;
}

bool cfg_opcode_known(uint8_t code)
{
	uint8_t op = OPF(code);

	switch (CLS(code)) {
	case 0x04: /* ALU */
	case 0x07: /* ALU64 */
		if (op <= 0x70 || op == 0x90 || op == 0xa0 || op == 0xb0 || op == 0xc0)
			return true; /* add..rsh, mod, xor, mov, arsh; K or X */
		if (op == 0x80)
			return !IS_X(code); /* neg */
		if (op == 0xd0) /* end: le/be for alu32, bswap (le only) for alu64 */
			return CLS(code) == 0x04 || !IS_X(code);
		return false;
	case 0x05: /* JMP */
		if (code == CODE_JA || code == CODE_CALL || code == CODE_EXIT || code == 0xe5)
			return true; /* ja, call, exit, may_goto (jcond) */
		return op >= 0x10 && op <= 0xd0 && op != 0x80 && op != 0x90;
	case 0x06: /* JMP32 */
		if (code == CODE_JA32)
			return true;
		return op >= 0x10 && op <= 0xd0 && op != 0x80 && op != 0x90;
	case 0x03: /* STX: mem (any size), atomic (any size) */
		return (code & 0xe0) == 0x60 || (code & 0xe0) == 0xc0;
	case 0x02: /* ST: mem */
		return (code & 0xe0) == 0x60;
	case 0x01: /* LDX: mem (any size), memsx (b, h, w) */
		return (code & 0xe0) == 0x60 || ((code & 0xe0) == 0x80 && (code & 0x18) != 0x18);
	default: /* LD: imm64, abs and ind (b, h, w) */
		if (code == CODE_LDDW)
			return true;
		return ((code & 0xe0) == 0x20 || (code & 0xe0) == 0x40) && (code & 0x18) != 0x18;
	}
}

static bool is_pseudo_func(const struct bpfsim_insn *i)
{
	return i->code == CODE_LDDW && i->src == BPFSIM_PSEUDO_FUNC;
}

static bool is_pseudo_call(const struct bpfsim_insn *i)
{
	return i->code == CODE_CALL && i->src == BPFSIM_PSEUDO_CALL;
}

static bool is_kfunc_call(const struct bpfsim_insn *i)
{
	return i->code == CODE_CALL && i->src == BPFSIM_PSEUDO_KFUNC_CALL;
}

static int find_subprog(const struct cfg_result *res, int off)
{
	int i;

	for (i = 0; i < res->nr_subprogs; i++)
		if (res->subprogs[i].start == off)
			return i;
	return -1;
}

/* Returns 1 on success, 0 if res now holds a rejection. */
static int add_subprog(struct cfg_result *res, int n, int off)
{
	int i;

	if (off >= n || off < 0) {
		reject(res, -EINVAL, "call to invalid destination");
		return 0;
	}
	if (find_subprog(res, off) >= 0)
		return 1;
	if (res->nr_subprogs >= CFG_MAX_SUBPROGS) {
		reject(res, -E2BIG, "too many subprograms");
		return 0;
	}
	/* keep sorted by start */
	for (i = res->nr_subprogs; i > 0 && res->subprogs[i - 1].start > off; i--)
		res->subprogs[i] = res->subprogs[i - 1];
	memset(&res->subprogs[i], 0, sizeof(res->subprogs[i]));
	res->subprogs[i].start = off;
	res->nr_subprogs++;
	return 1;
}


/* i + delta + 1 as the kernel computes it: in int, wrapping (the kernel is
 * built with -fno-strict-overflow), so a huge offset prints as the kernel
 * prints it instead of being undefined behaviour here. */
static int jmp_target(int i, int32_t delta)
{
	return (int)((uint32_t)i + (uint32_t)delta + 1u);
}

static int discover_subprogs(const struct bpfsim_insn *in, int n, const struct cfg_opts *o,
			     struct cfg_result *res)
{
	int i;

	add_subprog(res, n, 0);
	for (i = 0; i < n; i++) {
		if (!is_pseudo_func(&in[i]) && !is_pseudo_call(&in[i]) && !is_kfunc_call(&in[i]))
			continue;
		if (o->unprivileged) {
			reject(res, -EPERM, "loading/calling other bpf or kernel functions are allowed for "
					    "CAP_BPF and CAP_SYS_ADMIN");
			return 0;
		}
		if (is_kfunc_call(&in[i])) {
			unsupported(res, "kfunc calls are not modelled yet");
			return 0;
		}
		if (!add_subprog(res, n, jmp_target(i, in[i].imm)))
			return 0;
	}
	res->subprogs[res->nr_subprogs].start = n; /* fake end */
	return 1;
}

static int check_subprog_bounds(const struct bpfsim_insn *in, int n, struct cfg_result *res)
{
	int cur = 0, start = res->subprogs[0].start, end = res->subprogs[1].start, i;

	for (i = 0; i < n; i++) {
		uint8_t code = in[i].code;

		if (code == CODE_CALL && in[i].src == 0 && in[i].imm == 12 /* tail_call */)
			res->subprogs[cur].has_tail_call = true;
		if (CLS(code) == 0x00 && ((code & 0xe0) == 0x20 || (code & 0xe0) == 0x40))
			res->subprogs[cur].has_ld_abs = true;
		if ((CLS(code) == 0x05 || CLS(code) == 0x06) && OPF(code) != 0x90 && OPF(code) != 0x80) {
			int off = jmp_target(i, code == CODE_JA32 ? in[i].imm : in[i].off);

			if (off < start || off >= end) {
				reject(res, -EINVAL, "jump out of range from insn %d to %d", i, off);
				return 0;
			}
		}
		if (i == end - 1) {
			if (code != CODE_EXIT && code != CODE_JA32 && code != CODE_JA) {
				reject(res, -EINVAL, "last insn is not an exit or jmp");
				return 0;
			}
			start = end;
			cur++;
			if (cur < res->nr_subprogs)
				end = res->subprogs[cur + 1].start;
		}
	}
	return 1;
}

static int check_no_btf_rules(const struct cfg_opts *o, struct cfg_result *res)
{
	int i;

	if (o->has_func_info)
		return 1;
	for (i = 1; i < res->nr_subprogs; i++) {
		if (res->subprogs[i].has_ld_abs) {
			reject(res, -EINVAL, "LD_ABS is not allowed in subprogs without BTF");
			return 0;
		}
		if (res->subprogs[i].has_tail_call) {
			reject(res, -EINVAL, "tail_call is not allowed in subprogs without BTF");
			return 0;
		}
	}
	return 1;
}

static int check_insn_fields(const struct bpfsim_insn *in, int n, const struct cfg_opts *o,
			     struct cfg_result *res)
{
	int i;

	for (i = 0; i < n; i++) {
		const struct bpfsim_insn *x = &in[i];

		if (CLS(x->code) == 0x01 &&
		    (((x->code & 0xe0) != 0x60 && (x->code & 0xe0) != 0x80) || x->imm != 0)) {
			reject(res, -EINVAL, "BPF_LDX uses reserved fields");
			return 0;
		}
		if (x->code == CODE_LDDW) {
			const struct bpfsim_insn *hi = &in[i + 1];

			if (i == n - 1 || hi->code != 0 || hi->dst != 0 || hi->src != 0 || hi->off != 0) {
				reject(res, -EINVAL, "invalid bpf_ld_imm64 insn");
				return 0;
			}
			switch (x->src) {
			case 0:
			case BPFSIM_PSEUDO_FUNC:
				break;
			case BPFSIM_PSEUDO_BTF_ID:
				unsupported(res, "ld_imm64 of a BTF id (ksym) is not modelled yet");
				return 0;
			case BPFSIM_PSEUDO_MAP_FD:
			case BPFSIM_PSEUDO_MAP_IDX:
				if (hi->imm != 0) {
					reject(res, -EINVAL, "unrecognized bpf_ld_imm64 insn");
					return 0;
				}
				/* fall through */
			case BPFSIM_PSEUDO_MAP_VALUE:
			case BPFSIM_PSEUDO_MAP_IDX_VALUE:
				if ((x->src == BPFSIM_PSEUDO_MAP_IDX || x->src == BPFSIM_PSEUDO_MAP_IDX_VALUE) &&
				    !o->has_fd_array) {
					reject(res, -EPROTO, "fd_idx without fd_array is invalid");
					return 0;
				}
				if (o->map_ref) {
					char msg[sizeof(res->msg)] = "";
					int err = o->map_ref(o->map_ref_ctx, i, x, hi, msg, sizeof(msg));

					if (err < 0) {
						reject(res, err, "%s", msg);
						return 0;
					}
				}
				break;
			default:
				reject(res, -EINVAL, "unrecognized bpf_ld_imm64 insn");
				return 0;
			}
			i++;
			continue;
		}
		if (!cfg_opcode_known(x->code)) {
			reject(res, -EINVAL, "unknown opcode %02x", x->code);
			return 0;
		}
	}
	return 1;
}

struct walk {
	const struct bpfsim_insn *in;
	int n;
	const struct cfg_opts *o;
	struct cfg_result *res;
	int *state, *stack, sp;
};

/* Returns WALK_DONE, WALK_KEEP, or a negative errno (res set when the
 * kernel prints a message). */
static int push_edge(struct walk *w, int t, int to, int edge)
{
	if (edge == EDGE_FALL && w->state[t] >= (ST_DISCOVERED | EDGE_FALL))
		return WALK_DONE;
	if (edge == EDGE_BRANCH && w->state[t] >= (ST_DISCOVERED | EDGE_BRANCH))
		return WALK_DONE;
	if (to < 0 || to >= w->n) {
		reject(w->res, -EINVAL, "jump out of range from insn %d to %d", t, to);
		return -EINVAL;
	}
	if (w->state[to] == 0) {
		w->state[t] = ST_DISCOVERED | edge;
		w->state[to] = ST_DISCOVERED;
		if (w->sp >= w->n) {
			reject(w->res, -E2BIG, "%s", "");
			return -E2BIG;
		}
		w->stack[w->sp++] = to;
		return WALK_KEEP;
	}
	if ((w->state[to] & 0xf0) == ST_DISCOVERED) {
		if (!w->o->unprivileged)
			return WALK_DONE; /* a loop: left to path exploration */
		reject(w->res, -EINVAL, "back-edge from insn %d to %d", t, to);
		return -EINVAL;
	}
	/* forward or cross edge to an explored insn */
	w->state[t] = ST_DISCOVERED | edge;
	return WALK_DONE;
}

static int visit(struct walk *w, int t)
{
	const struct bpfsim_insn *x = &w->in[t];
	uint8_t code = x->code;
	int ret;

	if (is_pseudo_func(x) || (code == CODE_CALL)) {
		int sz = code == CODE_LDDW ? 2 : 1;

		ret = push_edge(w, t, t + sz, EDGE_FALL);
		if (ret)
			return ret;
		if (is_pseudo_func(x) || is_pseudo_call(x))
			return push_edge(w, t, jmp_target(t, x->imm), EDGE_BRANCH);
		return ret;
	}
	if (CLS(code) != 0x05 && CLS(code) != 0x06)
		return push_edge(w, t, t + (code == CODE_LDDW ? 2 : 1), EDGE_FALL);
	switch (OPF(code)) {
	case 0x90: /* exit */
		return WALK_DONE;
	case 0x00: /* ja, gotol */
		if (IS_X(code)) {
			reject(w->res, -EINVAL, "%s", ""); /* the kernel prints nothing */
			return -EINVAL;
		}
		return push_edge(w, t, t + (CLS(code) == 0x05 ? x->off : x->imm) + 1, EDGE_FALL);
	default: /* conditional jumps, may_goto */
		ret = push_edge(w, t, t + 1, EDGE_FALL);
		if (ret)
			return ret;
		return push_edge(w, t, t + x->off + 1, EDGE_BRANCH);
	}
}

static int walk_cfg(const struct bpfsim_insn *in, int n, const struct cfg_opts *o,
		    struct cfg_result *res)
{
	struct walk w = { in, n, o, res, NULL, NULL, 0 };
	int i, ret = 0;

	w.state = calloc((size_t)n, sizeof(int));
	w.stack = calloc((size_t)n, sizeof(int));
	if (!w.state || !w.stack) {
		free(w.state);
		free(w.stack);
		return -ENOMEM;
	}
	w.state[0] = ST_DISCOVERED;
	w.stack[0] = 0;
	w.sp = 1;
	while (w.sp > 0) {
		int t = w.stack[w.sp - 1];

		ret = visit(&w, t);
		if (ret == WALK_DONE) {
			w.state[t] = ST_EXPLORED;
			w.sp--;
		} else if (ret < 0) {
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		if (w.state[i] != ST_EXPLORED) {
			reject(res, -EINVAL, "unreachable insn %d", i);
			goto out;
		}
		if (in[i].code == CODE_LDDW) {
			if (i + 1 < n && w.state[i + 1] != 0) {
				reject(res, -EINVAL, "jump into the middle of ldimm64 insn %d", i);
				goto out;
			}
			i++;
		}
	}
out:
	free(w.state);
	free(w.stack);
	return 0;
}

int cfg_check(const struct bpfsim_insn *insns, int n, const struct cfg_opts *opts,
	      struct cfg_result *res)
{
	static const struct cfg_opts defaults = { .sz = sizeof(struct cfg_opts) };
	struct cfg_opts o = defaults;

	if (opts) {
		size_t sz = opts->sz < sizeof(o) ? opts->sz : sizeof(o);

		memcpy(&o, opts, sz);
	}
	memset(res, 0, sizeof(*res));
	if (n <= 0 || n > (o.unprivileged ? CFG_MAX_INSNS_UNPRIV : CFG_MAX_INSNS_PRIV))
		return reject(res, -E2BIG, "%s", ""); /* bpf(2) refuses before the verifier */
	if (!discover_subprogs(insns, n, &o, res))
		return 0;
	if (!check_subprog_bounds(insns, n, res))
		return 0;
	if (!check_no_btf_rules(&o, res))
		return 0;
	if (!check_insn_fields(insns, n, &o, res))
		return 0;
	return walk_cfg(insns, n, &o, res);
}
