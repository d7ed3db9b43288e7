/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_disasm_kernel: kernel syntax and static checks against the kernel.
 *
 * Three sets of cases, each a small socket-filter program:
 *   D  one per instruction form the kernel can print: the kernel verifier
 *      log (log_level 2) line "N: (xx) ..." of the form's instruction must
 *      equal bpfsim_disasm_insn(..., BPFSIM_SYNTAX_KERNEL). The verifier
 *      prints an instruction before checking it, so the programs need not be
 *      accepted. Masked: the value of an ld_imm64 that the kernel replaced by
 *      a kernel address (map fd/value/idx, BTF id): only "(18) rN = 0x" is
 *      compared.
 *   C  one per message of check.c: the kernel's error line (the last line
 *      before "processed N insns") must equal what bpfsim_insn_check_prescan
 *      then bpfsim_insn_check say for the program.
 *   O  every opcode 0..255 (but 0x18) alone: the kernel says "unknown opcode
 *      %02x" / "BPF_LDX uses reserved fields" exactly when bpfsim's prescan
 *      does.
 *   P  the project's clang-built programs (tests/progs/disasm_*.bpf.c, built
 *      into $BPFSIM_BUILD/progs) loaded with libbpf at log_level 2: every
 *      instruction line of the log against the final instructions libbpf
 *      passed (global data references are map-value ld_imm64s by then,
 *      masked as for D).
 * Live when root and bpf(2) work (BPFSIM_RECORD=1 also rewrites the
 * recording tests/corpus/kernel_log_insns.tsv); otherwise the recording is
 * the kernel's answer. stderr says which.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "bpfsim/check.h"
#include "bpfsim/disasm.h"

#define MAXI 160
#define LOGSZ (1 << 20)

struct tcase {
	char kind;      /* 'D', 'C', 'O' */
	char name[48];
	struct bpfsim_insn insns[MAXI];
	size_t n;
	size_t idx;     /* D: instruction to compare */
	int fd_array;   /* pass fd_array = { map_fd } */
	char kernel[256]; /* the kernel's text: D line, C/O error line */
};

static struct tcase cases[1400];
static size_t ncases;
static int map_fd = -1;
static struct btf *vmlinux;
static char *logbuf;
/* BTF names of kfunc ids used (recorded as K lines) */
static struct { int32_t id; char name[64]; } kfuncs[8];
static size_t nkfuncs;

static struct tcase *new_case(char kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static struct tcase *new_case(char kind, const char *fmt, ...)
{
	struct tcase *c;
	va_list ap;

	assert_true(ncases < sizeof(cases) / sizeof(cases[0]));
	c = &cases[ncases++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	return c;
}

static void I(struct tcase *c, uint8_t code, int dst, int src, int off, int imm)
{
	assert_true(c->n < MAXI);
	c->insns[c->n++] = (struct bpfsim_insn){ code, (uint8_t)dst, (uint8_t)src, (int16_t)off, imm };
}

/* prefix: r6 = ctx, r0 = 0, r2 = 1, r3 = 2 (initialized registers) */
static void prefix(struct tcase *c)
{
	I(c, 0xbf, 6, 1, 0, 0);
	I(c, 0xb7, 0, 0, 0, 0);
	I(c, 0xb7, 2, 0, 0, 1);
	I(c, 0xb7, 3, 0, 0, 2);
}

static void suffix(struct tcase *c)
{
	I(c, 0xb7, 0, 0, 0, 0);
	I(c, 0x95, 0, 0, 0, 0);
}

static const char *kfunc_name(void *ctx, const struct bpfsim_insn *call)
{
	(void)ctx;
	for (size_t i = 0; i < nkfuncs; i++)
		if (kfuncs[i].id == call->imm)
			return kfuncs[i].name;
	return NULL;
}

/* ---- case generation ---- */

static void gen_disasm_cases(void)
{
	for (int fi = 1; fi < BPFSIM_FORM__COUNT; fi++) {
		const struct bpfsim_form_info *f = bpfsim_form_info((enum bpfsim_form)fi);
		int dst = 2, src = 3, off = 0, imm = -7;
		struct tcase *c;

		if (f->code == 0x8d) /* callx: the kernel rejects it before printing */
			continue;
		if (f->disc == D_OFF) off = f->disc_value;
		if (f->disc == D_IMM) imm = f->disc_value;
		if (f->disc == D_SRC) src = f->disc_value;
		c = new_case('D', "%s%s", f->name,
			     f->fmt == F_ALU_REG || f->fmt == F_JMP_REG ? "_reg" : "");
		prefix(c);
		c->idx = c->n;
		switch (f->fmt) {
		case F_ALU_IMM: if (f->code == 0xb4 || f->code == 0xb7) src = 0; else src = 0;
			if ((f->code & 0xf0) == 0x30 || (f->code & 0xf0) == 0x90) imm = 3;
			if ((f->code & 0xf0) == 0x60 || (f->code & 0xf0) == 0x70 || (f->code & 0xf0) == 0xc0) imm = 5;
			I(c, f->code, dst, src, off, imm); break;
		case F_ALU_REG: case F_MOVSX: I(c, f->code, dst, src, off, 0); break;
		case F_NEG: I(c, f->code, dst, 0, 0, 0); break;
		case F_ASCAST: I(c, f->code, dst, src, 1, 1 << 16); break;
		case F_END: I(c, f->code, dst, 0, 0, imm); break;
		case F_JA: I(c, f->code, 0, 0, 0, 0); break;
		case F_JA32: I(c, f->code, 0, 0, 0, 0); break;
		case F_JMP_IMM: I(c, f->code, dst, 0, 1, -5); I(c, 0xb7, 0, 0, 0, 0); break;
		case F_JMP_REG: I(c, f->code, dst, src, 1, 0); I(c, 0xb7, 0, 0, 0, 0); break;
		case F_MAY_GOTO: I(c, f->code, 0, 0, 1, 0); I(c, 0xb7, 0, 0, 0, 0); break;
		case F_EXIT: c->n = 0; I(c, 0xb7, 0, 0, 0, 0); c->idx = 1; I(c, 0x95, 0, 0, 0, 0); continue;
		case F_CALL:
			if (src == 0) {
				I(c, f->code, 0, 0, 0, 5); /* bpf_ktime_get_ns */
			} else if (src == 1) {
				I(c, f->code, 0, 1, 0, 2);
				suffix(c);
				suffix(c);
				continue;
			} else {
				int32_t id = vmlinux ? btf__find_by_name_kind(vmlinux, "bpf_rcu_read_lock",
									       BTF_KIND_FUNC) : -1;
				if (id <= 0) {
					ncases--;
					continue;
				}
				I(c, f->code, 0, 2, 0, id);
				if (nkfuncs < 8) {
					kfuncs[nkfuncs].id = id;
					snprintf(kfuncs[nkfuncs].name, sizeof(kfuncs[0].name), "bpf_rcu_read_lock");
					nkfuncs++;
				}
			}
			break;
		case F_LDDW: {
			int32_t lo = -8, hi = 1;
			if (src == 1) { lo = map_fd; hi = 0; }
			if (src == 2) { lo = map_fd; hi = 4; }
			if (src == 5) { lo = 0; hi = 0; c->fd_array = 1; }
			if (src == 6) { lo = 0; hi = 4; c->fd_array = 1; }
			if (src == 3) {
				static const char *const vars[] = { "runqueues", "bpf_prog_active", "process_counts" };
				lo = -1;
				for (size_t k = 0; vmlinux && lo <= 0 && k < 3; k++)
					lo = btf__find_by_name_kind(vmlinux, vars[k], BTF_KIND_VAR);
				hi = 0;
				if (lo <= 0) { ncases--; continue; }
			}
			if (src == 4) { lo = 3; hi = 0; }
			if ((src == 1 || src == 2 || src == 5 || src == 6) && map_fd < 0) { ncases--; continue; }
			I(c, f->code, dst, src, 0, lo);
			I(c, 0, 0, 0, 0, hi);
			if (src == 4) { /* target: idx + 3 + 1 */
				I(c, 0xb7, 0, 0, 0, 0);
				I(c, 0x95, 0, 0, 0, 0);
				suffix(c);
				continue;
			}
			break;
		}
		case F_LDABS: I(c, f->code, 0, 0, 0, 14); break;
		case F_LDIND: I(c, f->code, 0, src, 0, 2); break;
		case F_LDX: I(c, f->code, dst, 10, -8, 0); break;
		case F_ST: I(c, f->code, 10, 0, -8, -3); break;
		case F_STX: I(c, f->code, 10, src, -8, 0); break;
		case F_ATOMIC: I(c, f->code, 10, src, -8, imm); break;
		default: break;
		}
		suffix(c);
	}
}

/* Second operand variants: positive memory offsets, backward branches,
 * large immediates, other registers. */
static void gen_disasm_variants(void)
{
	for (int fi = 1; fi < BPFSIM_FORM__COUNT; fi++) {
		const struct bpfsim_form_info *f = bpfsim_form_info((enum bpfsim_form)fi);
		int imm = f->disc == D_IMM ? f->disc_value : 0x7fffffff;
		struct tcase *c;

		switch (f->fmt) {
		case F_LDX: case F_ST: case F_STX: case F_ATOMIC: case F_JMP_IMM: case F_JMP_REG:
		case F_LDABS: case F_LDIND: case F_ALU_IMM:
			break;
		default:
			continue;
		}
		c = new_case('D', "%s%s_v2", f->name, f->fmt == F_JMP_REG ? "_reg" : "");
		prefix(c);
		c->idx = c->n;
		switch (f->fmt) {
		case F_LDX: I(c, f->code, 7, 6, 12, 0); break;
		case F_ST: I(c, f->code, 6, 0, 4, imm); break;
		case F_STX: I(c, f->code, 6, 9, 4, 0); break;
		case F_ATOMIC: I(c, f->code, 6, 9, 16, imm); break;
		case F_JMP_IMM: I(c, f->code, 9, 0, -2, imm); break;
		case F_JMP_REG: I(c, f->code, 9, 8, -2, 0); break;
		case F_LDABS: I(c, f->code, 0, 0, 0, -1); break;
		case F_LDIND: I(c, f->code, 0, 7, 0, -16); break;
		case F_ALU_IMM: I(c, f->code, 9, 0, f->disc == D_OFF ? f->disc_value : 0, imm); break;
		default: break;
		}
		suffix(c);
	}
}

static void gen_check_cases(void)
{
	static const struct { const char *name; uint8_t code; int dst, src, off, imm; } bad[] = {
		{ "callx", 0x8d, 2, 0, 0, 0 },
		{ "jmp32_call", 0x86, 0, 0, 0, 5 },
		{ "alu_op_f0", 0xf4, 2, 0, 0, 1 },
		{ "neg_x", 0x8c, 2, 3, 0, 0 },
		{ "ldx_imm", 0x61, 2, 6, 0, 1 },
		{ "ldx_mode_abs", 0x21, 2, 6, 0, 0 },
		{ "alu_k_src", 0x07, 2, 1, 0, 1 },
		{ "alu_x_off1_add", 0x0f, 2, 3, 1, 0 },
		{ "alu_x_imm", 0x0f, 2, 3, 0, 1 },
		{ "alu_k_off2", 0x37, 2, 0, 2, 1 },
		{ "mov_k_off", 0xb7, 2, 0, 1, 0 },
		{ "mov32_x_off32", 0xbc, 2, 3, 32, 0 },
		{ "mov64_x_imm", 0xbf, 2, 3, 0, 1 },
		{ "ascast_imm", 0xbf, 2, 3, 1, 5 },
		{ "neg_imm", 0x87, 2, 0, 0, 1 },
		{ "end_imm8", 0xd4, 2, 0, 0, 8 },
		{ "bswap_src", 0xd7, 2, 1, 0, 16 },
		{ "div_zero", 0x37, 2, 0, 0, 0 },
		{ "mod32_zero", 0x94, 2, 0, 0, 0 },
		{ "sdiv_zero", 0x37, 2, 0, 1, 0 },
		{ "lsh_64", 0x67, 2, 0, 0, 64 },
		{ "rsh32_32", 0x74, 2, 0, 0, 32 },
		{ "arsh_neg", 0xc7, 2, 0, 0, -1 },
		{ "stx_imm", 0x7b, 10, 3, -8, 1 },
		{ "st_src", 0x7a, 10, 1, -8, 1 },
		{ "atomic_op_02", 0xdb, 10, 3, -8, 2 },
		{ "atomic_op_fetch_only", 0xdb, 10, 3, -8, 1 | 0x80 },
		{ "atomic_size_b", 0xd3, 10, 3, -8, 0 },
		{ "atomic_size_h_xchg", 0xcb, 10, 3, -8, 0xe1 },
		{ "call_dst", 0x85, 1, 0, 0, 5 },
		{ "call_off", 0x85, 0, 0, 1, 5 },
		{ "call_src3", 0x85, 0, 3, 0, 5 },
		{ "ja_imm", 0x05, 0, 0, 0, 1 },
		{ "ja_dst", 0x05, 1, 0, 0, 0 },
		{ "gotol_off", 0x06, 0, 0, 1, 0 },
		{ "jeq_x_imm", 0x1d, 2, 3, 0, 1 },
		{ "jeq_k_src", 0x15, 2, 1, 0, 1 },
		{ "jset32_k_src", 0x46, 2, 1, 0, 1 },
		{ "may_goto_dst", 0xe5, 1, 0, 1, 0 },
		{ "may_goto_src", 0xe5, 0, 2, 1, 0 },
		{ "may_goto_imm", 0xe5, 0, 0, 1, 1 },
		{ "ldabs_dst", 0x30, 1, 0, 0, 14 },
		{ "ldind_off", 0x40, 0, 3, 1, 0 },
		{ "ldabs_src", 0x20, 0, 3, 0, 0 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct tcase *c = new_case('C', "%s", bad[i].name);
		prefix(c);
		I(c, bad[i].code, bad[i].dst, bad[i].src, bad[i].off, bad[i].imm);
		if (bad[i].code == 0xe5)
			I(c, 0xb7, 0, 0, 0, 0);
		suffix(c);
	}
	/* exit with imm: the exit itself ends the program */
	struct tcase *c = new_case('C', "exit_imm");
	prefix(c);
	I(c, 0x95, 0, 0, 0, 1);
	c = new_case('C', "exit_src");
	prefix(c);
	I(c, 0x95, 0, 1, 0, 0);
	c = new_case('C', "ld_imm64_bad_second");
	prefix(c);
	I(c, 0x18, 2, 0, 0, 1);
	I(c, 0x07, 0, 0, 0, 0);
	suffix(c);
	c = new_case('C', "ld_imm64_second_is_exit");
	prefix(c);
	I(c, 0x18, 2, 0, 0, 1);
	I(c, 0x95, 0, 0, 0, 0);
	c = new_case('C', "ld_imm64_off");
	prefix(c);
	I(c, 0x18, 2, 0, 1, 1);
	I(c, 0x00, 0, 0, 0, 0);
	suffix(c);
}

static void gen_opcode_cases(void)
{
	for (int op = 0; op < 256; op++) {
		struct tcase *c;
		if (op == 0x18)
			continue;
		c = new_case('O', "%02x", op);
		prefix(c);
		I(c, (uint8_t)op, 0, 0, 0, 0);
		suffix(c);
	}
}

/* P: every instruction line of the kernel's log for the project's clang-built
 * programs (build/progs/disasm_*.o), loaded with libbpf: the instructions
 * compared are the final ones libbpf handed to the kernel. */
static void gen_program_cases(void)
{
	static const char *const objs[] = { "xdp", "xdp_v3", "sock", "sock_v1", "tc", "tc_v2", "tp", "kfunc" };
	const char *build = getenv("BPFSIM_BUILD");
	char path[1024];

	for (size_t k = 0; build && k < sizeof(objs) / sizeof(objs[0]); k++) {
		struct bpf_object *obj;
		struct bpf_program *prog;

		snprintf(path, sizeof(path), "%s/progs/disasm_%s.o", build, objs[k]);
		obj = bpf_object__open_file(path, NULL);
		if (!obj || libbpf_get_error(obj)) {
			fprintf(stderr, "note: cannot open %s\n", path);
			continue;
		}
		bpf_object__for_each_program(prog, obj) {
			bpf_program__set_log_buf(prog, logbuf, LOGSZ);
			bpf_program__set_log_level(prog, 2);
		}
		logbuf[0] = '\0';
		if (bpf_object__load(obj)) {
			fprintf(stderr, "note: %s does not load\n", path);
			bpf_object__close(obj);
			continue;
		}
		/* one program per object: its log is in logbuf */
		bpf_object__for_each_program(prog, obj) {
			const struct bpf_insn *pi = bpf_program__insns(prog);
			size_t n = bpf_program__insn_cnt(prog);
			char seen[MAXI] = { 0 };

			if (n > MAXI)
				continue;
			/* kfunc calls: the kernel names them from BTF; record the names */
			for (size_t i = 0; vmlinux && i < n; i++) {
				struct bpfsim_insn in;
				const struct btf_type *t;
				bpfsim_insn_decode((const uint8_t *)&pi[i], &in);
				if (in.code != 0x85 || in.src != 2 || nkfuncs >= 8 || kfunc_name(NULL, &in))
					continue;
				t = btf__type_by_id(vmlinux, (__u32)in.imm);
				if (!t)
					continue;
				kfuncs[nkfuncs].id = in.imm;
				snprintf(kfuncs[nkfuncs].name, sizeof(kfuncs[0].name), "%s",
					 btf__name_by_offset(vmlinux, t->name_off));
				nkfuncs++;
			}
			for (const char *p = logbuf; *p;) {
				const char *e = strchr(p, '\n');
				unsigned idx;
				int used = 0;
				if (!e)
					e = p + strlen(p);
				if (sscanf(p, "%u: (%*2x)%n", &idx, &used) >= 1 && used && idx < n && !seen[idx]) {
					struct tcase *c = new_case('P', "%s:%u", objs[k], idx);
					const char *t = strchr(p, '(');
					const char *semi = memchr(t, ';', (size_t)(e - t)), *end = semi ? semi : e;
					while (end > t && end[-1] == ' ')
						end--;
					seen[idx] = 1;
					for (size_t i = 0; i < n; i++) {
						struct bpfsim_insn in;
						bpfsim_insn_decode((const uint8_t *)&pi[i], &in);
						c->insns[c->n++] = in;
					}
					c->idx = idx;
					snprintf(c->kernel, sizeof(c->kernel), "%.*s", (int)(end - t), t);
				}
				p = *e ? e + 1 : e;
			}
		}
		bpf_object__close(obj);
	}
}

/* ---- kernel ---- */

static const char *error_line(const char *log, char *out, size_t len)
{
	const char *p = log, *best = NULL, *bend = NULL;

	out[0] = '\0';
	while (*p) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (!strncmp(p, "processed ", 10))
			break;
		if (e > p) {
			best = p;
			bend = e;
		}
		p = *e ? e + 1 : e;
	}
	if (best)
		snprintf(out, len, "%.*s", (int)(bend - best), best);
	return out;
}

static int kernel_load(struct tcase *c)
{
	uint8_t raw[MAXI * 8];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = logbuf, .log_size = LOGSZ, .log_level = 2);
	int fd;

	for (size_t i = 0; i < c->n; i++)
		bpfsim_insn_encode(&c->insns[i], raw + i * 8);
	if (c->fd_array)
		opts.fd_array = &map_fd;
	logbuf[0] = '\0';
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", (const struct bpf_insn *)raw, c->n, &opts);
	if (fd >= 0)
		close(fd);
	if (c->kind != 'D') {
		error_line(logbuf, c->kernel, sizeof(c->kernel));
		if (fd >= 0)
			snprintf(c->kernel, sizeof(c->kernel), "(accepted)");
		return 0;
	}
	/* first "IDX: (" line */
	char want[16];
	int wl = snprintf(want, sizeof(want), "%zu: (", c->idx);
	for (const char *p = logbuf; *p;) {
		const char *e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		if (!strncmp(p, want, (size_t)wl)) {
			const char *t = p + wl - 1, *semi = memchr(t, ';', (size_t)(e - t));
			const char *end = semi ? semi : e;
			while (end > t && end[-1] == ' ')
				end--;
			snprintf(c->kernel, sizeof(c->kernel), "%.*s", (int)(end - t), t);
			return 0;
		}
		p = *e ? e + 1 : e;
	}
	error_line(logbuf, c->kernel, sizeof(c->kernel));
	fprintf(stderr, "case %s: no line '%s' in the kernel log (error: %s)\n", c->name, want, c->kernel);
	snprintf(c->kernel, sizeof(c->kernel), "(not printed)");
	return -1;
}

static int kernel_live(void)
{
	struct bpfsim_insn p[2] = { { 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 } };
	uint8_t raw[16];
	int fd;

	if (geteuid() != 0)
		return 0;
	bpfsim_insn_encode(&p[0], raw);
	bpfsim_insn_encode(&p[1], raw + 8);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL", (const struct bpf_insn *)raw, 2, NULL);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* ---- recording ---- */

static void hex_insns(const struct tcase *c, char *out)
{
	for (size_t i = 0; i < c->n; i++) {
		uint8_t raw[8];
		bpfsim_insn_encode(&c->insns[i], raw);
		for (int b = 0; b < 8; b++)
			out += sprintf(out, "%02x", raw[b]);
	}
}

static char *corpus_path(void)
{
	static char path[1024];
	const char *src = getenv("BPFSIM_SRC");
	snprintf(path, sizeof(path), "%s/tests/corpus/kernel_log_insns.tsv", src ? src : ".");
	return path;
}

static void write_recording(void)
{
	FILE *f = fopen(corpus_path(), "w");
	static char hex[MAXI * 16 + 1];

	assert_non_null(f);
	fprintf(f, "# Kernel verifier answers recorded by tests/unit/test_disasm_kernel.c with\n"
		   "# BPFSIM_RECORD=1 (as root). Columns: kind, name, program (hex), index (D),\n"
		   "# kernel text (D/P: the log's instruction line; C/O: the error line).\n"
		   "# A program \"=\" is the program of the line before.\n"
		   "# K lines: kfunc BTF id -> name used by the D cases.\n");
	for (size_t i = 0; i < nkfuncs; i++)
		fprintf(f, "K\t%d\t%s\n", kfuncs[i].id, kfuncs[i].name);
	for (size_t i = 0; i < ncases; i++) {
		static char prev[MAXI * 16 + 1];
		hex_insns(&cases[i], hex);
		/* "=": the same program as the line before */
		fprintf(f, "%c\t%s\t%s\t%zu\t%s\n", cases[i].kind, cases[i].name, strcmp(hex, prev) ? hex : "=",
			cases[i].idx, cases[i].kernel);
		memcpy(prev, hex, sizeof(prev));
	}
	fclose(f);
	fprintf(stderr, "recorded %zu cases into %s\n", ncases, corpus_path());
}

static size_t read_recording(void)
{
	FILE *f = fopen(corpus_path(), "r");
	static char line[MAXI * 16 + 1024];
	size_t n = 0;

	if (!f)
		fail_msg("no recording %s and no live kernel", corpus_path());
	ncases = 0;
	nkfuncs = 0;
	while (fgets(line, sizeof(line), f)) {
		char *fld[5] = { 0 };
		char *s = line;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || !line[0])
			continue;
		for (int k = 0; k < 5 && s; k++) {
			fld[k] = s;
			s = strchr(s, '\t');
			if (s)
				*s++ = '\0';
		}
		if (line[0] == 'K' && fld[2]) {
			kfuncs[nkfuncs].id = atoi(fld[1]);
			snprintf(kfuncs[nkfuncs].name, sizeof(kfuncs[0].name), "%s", fld[2]);
			nkfuncs++;
			continue;
		}
		assert_non_null(fld[4]);
		struct tcase *c = new_case(line[0], "%s", fld[1]);
		size_t hl = strlen(fld[2]);
		if (!strcmp(fld[2], "=") && ncases > 1) {
			memcpy(c->insns, cases[ncases - 2].insns, sizeof(c->insns));
			c->n = cases[ncases - 2].n;
			c->idx = (size_t)atoi(fld[3]);
			snprintf(c->kernel, sizeof(c->kernel), "%s", fld[4]);
			n++;
			continue;
		}
		assert_true(hl % 16 == 0 && hl / 16 <= MAXI);
		c->n = hl / 16;
		for (size_t i = 0; i < c->n; i++) {
			uint8_t raw[8];
			for (int b = 0; b < 8; b++) {
				unsigned v;
				assert_int_equal(sscanf(fld[2] + i * 16 + b * 2, "%2x", &v), 1);
				raw[b] = (uint8_t)v;
			}
			bpfsim_insn_decode(raw, &c->insns[i]);
		}
		c->idx = (size_t)atoi(fld[3]);
		snprintf(c->kernel, sizeof(c->kernel), "%s", fld[4]);
		n++;
	}
	fclose(f);
	return n;
}

/* ---- comparison ---- */

static void ours_static(const struct tcase *c, char *msg, size_t len)
{
	msg[0] = '\0';
	for (size_t i = 0; i < c->n;) {
		int r = bpfsim_insn_check_prescan(c->insns, c->n, i, msg, len);
		if (r < 0)
			return;
		i += (size_t)r;
	}
	for (size_t i = 0; i < c->n; i += (size_t)bpfsim_insn_slots(&c->insns[i]))
		if (bpfsim_insn_check(c->insns, c->n, i, msg, len) < 0)
			return;
}

static int compare(const struct tcase *c)
{
	char ours[BPFSIM_DISASM_MAX];
	struct bpfsim_disasm_opts opts = { .sz = sizeof(opts), .call_name = kfunc_name };

	if (c->kind == 'D' || c->kind == 'P') {
		const struct bpfsim_insn *in = &c->insns[c->idx];
		bpfsim_disasm_insn(c->insns, c->n, c->idx, BPFSIM_SYNTAX_KERNEL, &opts, ours, sizeof(ours));
		if (in->code == 0x18 && in->src && in->src != 4) {
			/* the kernel printed an address: compare up to "0x" */
			const char *k = strstr(c->kernel, "= 0x"), *o = strstr(ours, "= 0x");
			if (k && o && k - c->kernel == o - ours && !strncmp(c->kernel, ours, (size_t)(k - c->kernel)))
				return 0;
		} else if (!strcmp(ours, c->kernel)) {
			return 0;
		}
		fprintf(stderr, "D %s: kernel '%s', bpfsim '%s'\n", c->name, c->kernel, ours);
		return 1;
	}
	ours_static(c, ours, sizeof(ours));
	if (c->kind == 'C') {
		if (!strcmp(ours, c->kernel))
			return 0;
		fprintf(stderr, "C %s: kernel '%s', bpfsim '%s'\n", c->name, c->kernel, ours);
		return 1;
	}
	/* O: opcode validity */
	if (ours[0] ? !strcmp(ours, c->kernel)
		    : strncmp(c->kernel, "unknown opcode", 14) && strcmp(c->kernel, "BPF_LDX uses reserved fields"))
		return 0;
	fprintf(stderr, "O %s: kernel '%s', bpfsim prescan '%s'\n", c->name, c->kernel, ours);
	return 1;
}

static void run(char kind)
{
	int live = kernel_live(), failed = 0;
	size_t n = 0;
	const char *rec = getenv("BPFSIM_RECORD");
	int record = live && rec && !strcmp(rec, "1");

	ncases = 0;
	nkfuncs = 0;
	if (live) {
		logbuf = malloc(LOGSZ);
		assert_non_null(logbuf);
		if (map_fd < 0)
			map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, NULL, 4, 8, 1, NULL);
		if (!vmlinux)
			vmlinux = btf__load_vmlinux_btf();
		gen_disasm_cases();
		gen_disasm_variants();
		gen_check_cases();
		gen_opcode_cases();
		size_t before_p = ncases;
		gen_program_cases();
		for (size_t i = 0; i < before_p; i++) {
			if (kernel_load(&cases[i]) == 0)
				continue;
			if (!strcmp(cases[i].name, "lddw_btf_id")) {
				/* needs kallsyms of variables (CONFIG_KALLSYMS_ALL) */
				fprintf(stderr, "note: dropping case %s (kernel cannot resolve the symbol)\n",
					cases[i].name);
				memmove(&cases[i], &cases[i + 1], (ncases - i - 1) * sizeof(cases[0]));
				ncases--;
				before_p--;
				i--;
			} else if (cases[i].kind == kind) {
				failed++;
			}
		}
		if (record && kind == 'P')
			write_recording();
		free(logbuf);
		logbuf = NULL;
		fprintf(stderr, "[%c] comparing with the LIVE kernel (bpf(2) as root)\n", kind);
	} else {
		read_recording();
		fprintf(stderr, "[%c] no live kernel (needs root and bpf(2)): comparing with the RECORDING %s\n",
			kind, corpus_path());
	}
	for (size_t i = 0; i < ncases; i++) {
		if (cases[i].kind != kind)
			continue;
		n++;
		failed += compare(&cases[i]);
	}
	fprintf(stderr, "[%c] %zu cases, %d differ\n", kind, n, failed);
	assert_true(n > (kind == 'C' ? 40u : 150u));
	if (kind == 'P')
		assert_true(n > 300);
	assert_int_equal(failed, 0);
}

static void test_kernel_syntax(void **state) { (void)state; run('D'); }
static void test_check_messages(void **state) { (void)state; run('C'); }
static void test_opcode_table(void **state) { (void)state; run('O'); }
static void test_real_programs(void **state) { (void)state; run('P'); }

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_syntax),
		cmocka_unit_test(test_check_messages),
		cmocka_unit_test(test_opcode_table),
		cmocka_unit_test(test_real_programs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
