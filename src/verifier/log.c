/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c: renders the verification's structured events as the kernel's log
 * text. This slice renders the tail of the kernel's log: the lines printed
 * right before a rejection (the sanity-check notes and the error line) and
 * the statistics line:
 *
 *   processed 2 insns (limit 1000000) max_states_per_insn 0 total_states 0
 *   peak_states 0 mark_read 0
 *
 * (one line; the state counters are 0: no pruning yet). Not rendered yet:
 * the instruction lines with register states (the failing path at level 1,
 * every path at level 2, "from A to B:" lines), so at level 1 an accepted
 * program's log is exactly the kernel's only when it has no state counters.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verifier/state.h"

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

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

char *vlog_render(const struct venv *env, uint32_t level, size_t *len)
{
	struct buf b = { 0 };
	int i;

	for (i = 0; i < env->nr_ev; i++) {
		const struct vevent *e = &env->ev[i];

		switch (e->kind) {
		case EV_BRANCH_POP:
			/* the kernel prints "from A to B: <state>" at level 2
			 * and rewinds the level-1 log: not rendered until the
			 * states are */
			(void)level;
			break;
		case EV_NOTE:
		case EV_ERROR:
			put(&b, "%s\n", e->text);
			break;
		}
	}
	put(&b, "processed %lld insns (limit %d) max_states_per_insn %d total_states %d peak_states %d mark_read %d\n",
	    (long long)env->processed, V_LIMIT_INSNS, 0, 0, 0, 0);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
