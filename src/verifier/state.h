/* SPDX-License-Identifier: Apache-2.0 */
/*
 * state.h: the verifier's register and stack state and its env (internal).
 *
 * A path's state (struct vstate) is R0-R10 plus the 512-byte stack. Each
 * stack byte has a slot type, indexed like the kernel's: byte at fp-1-s has
 * index s (0..511); its 8-byte slot is spi = s / 8, and slot_type[spi*8+7]
 * is the slot's lowest address (fp-8-8*spi). A slot whose index 7 byte is
 * STACK_SPILL holds a spilled register in spilled[spi] (scalar spills may be
 * 1, 2, 4 or 8 bytes, always ending at the slot's lowest address).
 *
 * The env (struct venv) is the one context object of a verification: the
 * program, the current state, the stack of pending branches, counters, and
 * the events the log is rendered from (log.c).
 */
#ifndef BPFSIM_VERIFIER_STATE_H
#define BPFSIM_VERIFIER_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "bpfsim/insn.h"
#include "bpfsim/vectors.h"
#include "verifier/range.h"

#define V_MAX_REG 11
#define V_FP 10
#define V_STACK 512
#define V_SLOTS (V_STACK / 8)
#define V_LIMIT_INSNS 1000000
#define V_LIMIT_JMP_SEQ 8192

enum vreg_type { REG_NOT_INIT = 0, REG_SCALAR, REG_PTR_CTX, REG_PTR_STACK };
enum vslot_type { STACK_INVALID = 0, STACK_SPILL, STACK_MISC, STACK_ZERO };

struct vreg {
	enum vreg_type type;
	struct scalar s;  /* SCALAR: the value; pointers: var_off const 0 */
	int32_t off;      /* pointers: fixed offset (stack: from fp); linked
			   * scalars with ID_ADD_CONST: the constant added */
	uint32_t id;      /* scalars: copies share an id (linked registers);
			   * ID_ADD_CONST set: this one is base + off */
};
#define ID_ADD_CONST (1U << 31)

struct vstate {
	struct vreg regs[V_MAX_REG];
	uint8_t slot_type[V_STACK];
	struct vreg spilled[V_SLOTS];
	int allocated_stack; /* bytes, multiple of 8 */
};

struct vpending {
	struct vstate st;
	int insn_idx;
	int prev_idx;
	int log_ev, log_items; /* event/item counts at push (level-1 rewind) */
	int64_t log_len;       /* the rendered log's length at push */
};

/* Structured events; log.c renders them as the kernel's text. */
enum vevent_kind {
	EV_BRANCH_POP,   /* "from A to B:" (a = prev insn, b = insn) */
	EV_ERROR,        /* the error line (text) */
	EV_NOTE,         /* a line the kernel prints before an error (text) */
	EV_INSN,         /* "a: (op) insn" is printed (a = insn index) */
	EV_STATE,        /* register/stack state at insn a: items[b .. b+c) */
};
struct vevent {
	enum vevent_kind kind;
	int a, b, c;
	char *text; /* EV_NOTE, EV_ERROR: malloc'ed line; else NULL */
};

/* One printed entry of a state: register R<idx> or stack slot fp-8*(idx+1)
 * (its 8 slot types, kernel order, and the spilled register). */
struct vlog_item {
	bool stack;
	int idx;
	struct vreg r;
	uint8_t types[8];
};

enum { V_RC_UNSUPP = -100000 }; /* internal: "not modelled", reason in env */

struct cfg_result;

struct venv {
	const struct bpfsim_vector *v;
	const struct cfg_result *cfg; /* subprograms for level 2's "func#" */
	const struct bpfsim_insn *insns;
	int n;
	struct vstate cur;
	int insn_idx, prev_idx;
	struct vpending *stack;
	int stack_size, stack_cap, peak_stack;
	int64_t processed;
	uint32_t id_gen;
	int max_stack_depth;
	char unsupp[200];
	struct vevent *ev;
	int nr_ev, cap_ev;
	bool oom;
	/* log (level > 0 only): what the current insn touched, as the kernel's
	 * mark_reg_scratched / mark_stack_slot_scratched, and the items the
	 * EV_STATE events point into */
	uint32_t log_level;
	uint32_t scratch_regs;
	uint64_t scratch_stack;
	struct vlog_item *items;
	int nr_items, cap_items;
	/* the kernel's log positions (log.c vlog_measure): events [0, lg_upto)
	 * render to lg_len bytes; lg_peak is the longest the log has been
	 * (rewinds shrink it), lg_start the first byte a rotating buffer of
	 * lg_size bytes (0: unlimited) still holds */
	int lg_upto;
	int64_t lg_len, lg_peak, lg_start;
	uint32_t lg_size;
};

/* state.c */
void vstate_init(struct venv *env, struct vstate *st);
void reg_mark_unknown(struct vreg *r);
void reg_mark_known(struct vreg *r, uint64_t v);
void reg_assign_id(struct venv *env, struct vreg *r);
void reg_clear_id(struct vreg *r); /* scalars: id = 0, off = 0 */
int reg_width(const struct vreg *r);
int check_reg_arg(struct venv *env, int regno, int t);
enum { SRC_OP, DST_OP, DST_OP_NO_MARK };
int check_mem(struct venv *env, int insn_idx, int regno, int off, int size, bool write,
	      int value_regno, bool ldsx, bool is_st, int32_t st_imm);

/* verifier.c */
int v_reject(struct venv *env, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int v_unsupp(struct venv *env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void v_event(struct venv *env, enum vevent_kind k, int a, int b, const char *text);
/* Drop the events after the first keep (frees their text). */
void v_events_drop(struct venv *env, int keep);
int v_push(struct venv *env, int insn_idx, int prev_idx, const struct vstate *st);
/* log.c: record the state the kernel prints at insn env->insn_idx (only the
 * scratched registers and slots unless all), then clear the scratch marks;
 * no-op at log level 0 or when nothing is scratched. */
void vlog_state(struct venv *env, bool all);
static inline void vlog_scratch_reg(struct venv *env, int regno)
{
	env->scratch_regs |= 1U << regno;
}
static inline void vlog_scratch_slot(struct venv *env, int spi)
{
	env->scratch_stack |= 1ULL << spi;
}

/* check_alu.c, check_jmp.c */
int check_alu(struct venv *env, const struct bpfsim_insn *insn);
int check_ld_imm64(struct venv *env, const struct bpfsim_insn *insn);
/* Returns 0 and sets *next to the next instruction index (JA, cond jmp). */
int check_jmp(struct venv *env, const struct bpfsim_insn *insn, int *next);
int check_exit(struct venv *env);

/* log.c: render events (level 1/2) and the stats line into a malloc'ed
 * buffer. */
char *vlog_render(struct venv *env, uint32_t level, size_t *len);
/* Bring lg_len up to date with the events recorded so far; returns it. */
int64_t vlog_measure(struct venv *env);
/* The kernel's bpf_vlog_reset at a level-1 branch pop: keep the events
 * recorded before the push (whose text was len bytes long). */
void vlog_rewind(struct venv *env, int nr_ev, int nr_items, int64_t len);

#endif
