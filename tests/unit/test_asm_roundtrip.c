/* SPDX-License-Identifier: Apache-2.0 */
/*
 * disasm -> asm round trip, for every form of include/bpfsim/forms.def and
 * several operand values per form (registers r0..r10, offsets 0, +-1, the
 * 16-bit extremes, immediates 0, -1, INT32_MIN, INT32_MAX, 64-bit extremes):
 * bpfsim_disasm_insn() in llvm syntax, then bpfsim_asm() in llvm syntax, must
 * give back the same bytes; the same for kernel syntax.
 *
 * Where the text of a syntax genuinely does not carry a field, the test says
 * which and why (lossy()) and checks every other field:
 *  llvm   - a call prints as "call N" whatever its src_reg (helper, bpf-to-bpf,
 *           kfunc): llvm-objdump prints the imm only (relocations name the
 *           target);
 *         - LD_IND prints as "r0 = *(u8 *)skb[rS]": llvm drops the imm.
 *  kernel - ld_imm64 prints "rD = 0x<imm64>" whatever its src_reg (the
 *           verifier log shows the value, never the pseudo kind);
 *         - callx (0x8d) prints as "call NAME#imm": the register is not shown.
 *  llvm   - callx: the register comes from imm when imm is nonzero (clang
 *           14's encoding, see callx_llvm()), else from dst_reg: exact.
 *  (ld_imm64 with src_reg != 0 round-trips in llvm syntax: the disassembler
 *  adds the second slot's imm as a fourth ld_pseudo operand when nonzero.)
 * Also: every conformance program, assembled, disassembled in llvm syntax
 * (and in kernel syntax) and assembled again gives the same bytes (up to the
 * losses above, which the conformance programs exercise only with calls).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <cmocka.h>

#include "bpfsim/asm.h"
#include "bpfsim/disasm.h"

/* Which fields a syntax's text cannot carry for this instruction (bit mask),
 * and why. */
enum { L_SRC = 1, L_IMM_HI = 2, L_IMM = 4, L_DST = 8 };

static int lossy(enum bpfsim_syntax syn, const struct bpfsim_form_info *f, const struct bpfsim_insn *in,
		 const char **why)
{
	if (syn == BPFSIM_SYNTAX_LLVM) {
		if (f->fmt == F_CALL && in->src != 0) {
			*why = "llvm prints every call as 'call N' (src_reg not shown)";
			return L_SRC;
		}
		if (f->fmt == F_LDIND && in->imm != 0) {
			*why = "llvm prints LD_IND as 'skb[rS]' without the imm";
			return L_IMM;
		}
		return 0;
	}
	if (f->fmt == F_LDDW && in->src != 0) {
		*why = "the kernel prints ld_imm64 as 'rD = 0x<imm64>' whatever its src_reg";
		return L_SRC;
	}
	if (f->fmt == F_CALLX) {
		*why = "the kernel prints callx as 'call NAME#imm' without the register";
		return L_DST;
	}
	return 0;
}

/*
 * callx (0x8d) in llvm syntax: llvm-objdump 14 prints "callx rN" with N
 * taken from the imm field (LLVM's encoding before LLVM 18); forms.def, the
 * VM, LLVM >= 18 ("Inst{51-48} = BrDst", i.e. dst_reg) and this assembler
 * put the register in dst_reg. The disassembler prints N from imm when imm is
 * nonzero, else from dst_reg; reading it back gives dst_reg = N and imm 0:
 * the test checks exactly that (so the canonical encoding round-trips). (Kernel syntax: see
 * lossy(), the register is not printed at all.)
 */
static int callx_llvm(enum bpfsim_syntax syn, const struct bpfsim_insn *in, const char *text,
		      const struct bpfsim_insn *got)
{
	char want[32];

	if (syn != BPFSIM_SYNTAX_LLVM || in->code != 0x8d)
		return 0;
	int reg = in->imm ? in->imm : in->dst;

	snprintf(want, sizeof(want), "callx r%d", reg);
	if (strcmp(text, want))
		fail_msg("callx dst %d imm %d printed as '%s', expected '%s'", in->dst, in->imm, text, want);
	if (got->code != 0x8d || got->dst != reg || got->src != 0 || got->off != 0 || got->imm != 0)
		fail_msg("'%s' assembled to %02x dst %d src %d off %d imm %d", text, got->code, got->dst, got->src,
			 got->off, got->imm);
	return 1;
}

/* Canonical instances of a form: unused fields zero, the discriminator set. */
static size_t instances(const struct bpfsim_form_info *f, struct bpfsim_insn out[][2], size_t cap)
{
	static const struct { uint8_t dst, src; } regs[] = { { 0, 1 }, { 10, 9 }, { 5, 5 }, { 3, 0 } };
	static const int16_t offs[] = { 0, 1, -1, 32767, -32768, -8 };
	static const int32_t imms[] = { 0, 1, -1, INT32_MIN, INT32_MAX, 0x12345678 };
	static const uint64_t imm64s[] = { 0, 1, UINT64_MAX, 0x1122334455667788ull, 0x8000000000000000ull,
					   0x00000000ffffffffull, 0xffffffff00000000ull };
	size_t n = 0;

#define ADD(d, s, o, i)                                                                          \
	do {                                                                                     \
		if (n < cap) {                                                                   \
			memset(out[n], 0, sizeof(out[n]));                                      \
			out[n][0] = (struct bpfsim_insn){ f->code, (uint8_t)(d), (uint8_t)(s), (int16_t)(o), (int32_t)(i) }; \
			if (f->disc == D_OFF)                                                    \
				out[n][0].off = (int16_t)f->disc_value;                          \
			if (f->disc == D_IMM)                                                    \
				out[n][0].imm = f->disc_value;                                   \
			if (f->disc == D_SRC)                                                    \
				out[n][0].src = (uint8_t)f->disc_value;                          \
			n++;                                                                     \
		}                                                                                \
	} while (0)
	for (size_t r = 0; r < sizeof(regs) / sizeof(regs[0]); r++) {
		uint8_t d = regs[r].dst, s = regs[r].src;

		switch (f->fmt) {
		case F_ALU_IMM:
			for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++)
				ADD(d, 0, 0, imms[i]);
			break;
		case F_ALU_REG:
		case F_MOVSX:
			ADD(d, s, 0, 0);
			break;
		case F_ASCAST:
			ADD(d, s, 0, 1);
			ADD(d, s, 0, 0x10000);
			ADD(d, s, 0, (int32_t)0xffff0007u);
			break;
		case F_NEG:
		case F_END:
			ADD(d, 0, 0, 0);
			break;
		case F_JA:
		case F_MAY_GOTO:
			for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
				ADD(0, 0, offs[o], 0);
			break;
		case F_JA32:
			for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++)
				ADD(0, 0, 0, imms[i]);
			break;
		case F_JMP_IMM:
			for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
				ADD(d, 0, offs[o], imms[(o + r) % (sizeof(imms) / sizeof(imms[0]))]);
			break;
		case F_JMP_REG:
			for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
				ADD(d, s, offs[o], 0);
			break;
		case F_CALL:
			ADD(0, 0, 0, 1);
			ADD(0, 0, 0, 212);
			ADD(0, 0, 0, -1);
			ADD(0, 0, 0, INT32_MAX);
			ADD(0, 0, 0, INT32_MIN);
			break;
		case F_CALLX:
			ADD(d, 0, 0, 0);
			ADD(0, 0, 0, d);
			break;
		case F_EXIT:
			if (r == 0)
				ADD(0, 0, 0, 0);
			break;
		case F_LDDW:
			for (size_t i = 0; i < sizeof(imm64s) / sizeof(imm64s[0]); i++) {
				ADD(d, 0, 0, (int32_t)(uint32_t)imm64s[i]);
				if (n <= cap)
					out[n - 1][1].imm = (int32_t)(uint32_t)(imm64s[i] >> 32);
			}
			break;
		case F_LDABS:
			if (r == 0)
				for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++)
					ADD(0, 0, 0, imms[i]);
			break;
		case F_LDIND:
			ADD(0, s, 0, 0);
			ADD(0, s, 0, imms[r + 1]);
			break;
		case F_LDX:
		case F_STX:
		case F_ATOMIC:
			for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
				ADD(d, s, offs[o], 0);
			break;
		case F_ST:
			for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
				ADD(d, 0, offs[o], imms[(o + r) % (sizeof(imms) / sizeof(imms[0]))]);
			break;
		}
	}
#undef ADD
	return n;
}

static void text_of(const struct bpfsim_insn *in, size_t n, size_t i, enum bpfsim_syntax syn, char *buf, size_t len)
{
	struct bpfsim_disasm_opts o = { .sz = sizeof(o) };
	int rc = bpfsim_disasm_insn(in, n, i, syn, &o, buf, len);

	if (rc < 0)
		fail_msg("bpfsim_disasm_insn failed (%d) on code %02x", rc, in[i].code);
}

static int same(const struct bpfsim_insn *a, const struct bpfsim_insn *b, int mask)
{
	return a->code == b->code && ((mask & L_DST) || a->dst == b->dst) && ((mask & L_SRC) || a->src == b->src) &&
	       a->off == b->off && ((mask & L_IMM) || a->imm == b->imm);
}

static void roundtrip_forms(enum bpfsim_syntax syn)
{
	static struct bpfsim_insn inst[256][2];
	int checked = 0, lossy_n = 0;
	enum bpfsim_asm_syntax asyn = syn == BPFSIM_SYNTAX_LLVM ? BPFSIM_ASM_LLVM : BPFSIM_ASM_KERNEL;

	for (int fi = 1; fi < BPFSIM_FORM__COUNT; fi++) {
		const struct bpfsim_form_info *f = bpfsim_form_info((enum bpfsim_form)fi);

		assert_non_null(f);
		size_t n = instances(f, inst, 256);

		assert_true(n > 0);
		for (size_t k = 0; k < n; k++) {
			struct bpfsim_insn *in = inst[k];
			size_t slots = f->fmt == F_LDDW ? 2 : 1;
			char text[256];

			assert_int_equal(bpfsim_insn_form(in), f->form);
			text_of(in, slots, 0, syn, text, sizeof(text));

			struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = asyn, .filename = "rt" };
			struct bpfsim_asm_result r;
			struct bpfsim_err e = { 0 };

			if (bpfsim_asm(text, strlen(text), &o, &r, &e))
				fail_msg("%s syntax, form %s (code %02x dst %d src %d off %d imm %d): text '%s' does "
					 "not assemble: %s",
					 syn == BPFSIM_SYNTAX_LLVM ? "llvm" : "kernel", f->name, in->code, in->dst, in->src,
					 in->off, in->imm, text, e.msg);
			const char *why = NULL;
			int mask = lossy(syn, f, in, &why);

			if (r.n_insns == 1 && callx_llvm(syn, in, text, &r.insns[0])) {
				bpfsim_asm_result_free(&r);
				checked++;
				lossy_n++;
				continue;
			}
			if (r.n_insns != slots)
				fail_msg("form %s: '%s' gave %zu slots, want %zu", f->name, text, r.n_insns, slots);
			int ok = same(&r.insns[0], &in[0], mask);

			if (slots == 2)
				ok = ok && r.insns[1].code == 0 && r.insns[1].dst == 0 && r.insns[1].src == 0 &&
				     r.insns[1].off == 0 && ((mask & L_IMM_HI) || r.insns[1].imm == in[1].imm);
			if (!ok)
				fail_msg("%s syntax, form %s: code %02x dst %d src %d off %d imm %d -> '%s' -> code %02x "
					 "dst %d src %d off %d imm %d",
					 syn == BPFSIM_SYNTAX_LLVM ? "llvm" : "kernel", f->name, in->code, in->dst, in->src,
					 in->off, in->imm, text, r.insns[0].code, r.insns[0].dst, r.insns[0].src,
					 r.insns[0].off, r.insns[0].imm);
			if (mask) {
				lossy_n++;
				/* what is lost comes back as zero, never as garbage */
				if ((mask & L_SRC) && r.insns[0].src != 0)
					fail_msg("form %s: lost src_reg came back as %d", f->name, r.insns[0].src);
				if ((mask & L_DST) && r.insns[0].dst != 0)
					fail_msg("form %s: lost dst_reg came back as %d", f->name, r.insns[0].dst);
				(void)why;
			}
			bpfsim_asm_result_free(&r);
			checked++;
		}
	}
	fprintf(stderr, "%s syntax: %d instances of %d forms round-tripped (%d with a documented loss)\n",
		syn == BPFSIM_SYNTAX_LLVM ? "llvm" : "kernel", checked, BPFSIM_FORM__COUNT - 1, lossy_n);
}

/* With the two tests above (each checks every instance not declared lossy
 * byte for byte), this makes every instance of every form round-trip exactly
 * in at least one syntax. callx is exact in llvm syntax for the canonical
 * encoding (imm 0), which callx_llvm() checks. */
static void test_every_form_lossless_somewhere(void **state)
{
	static struct bpfsim_insn inst[256][2];
	(void)state;

	for (int fi = 1; fi < BPFSIM_FORM__COUNT; fi++) {
		const struct bpfsim_form_info *f = bpfsim_form_info((enum bpfsim_form)fi);
		size_t n = instances(f, inst, 256);

		for (size_t k = 0; k < n; k++) {
			const char *why = NULL;
			int l = lossy(BPFSIM_SYNTAX_LLVM, f, inst[k], &why);
			int kk = lossy(BPFSIM_SYNTAX_KERNEL, f, inst[k], &why);

			if (f->fmt == F_CALLX && inst[k][0].imm == 0)
				l = 0;
			if (l && kk)
				fail_msg("form %s (dst %d src %d off %d imm %d) round-trips in neither syntax",
					 f->name, inst[k][0].dst, inst[k][0].src, inst[k][0].off, inst[k][0].imm);
		}
	}
}

static void test_roundtrip_llvm(void **state)
{
	(void)state;
	roundtrip_forms(BPFSIM_SYNTAX_LLVM);
}

static void test_roundtrip_kernel(void **state)
{
	(void)state;
	roundtrip_forms(BPFSIM_SYNTAX_KERNEL);
}

/* Whole programs: conformance .data -> insns -> text -> insns. */
static void program_roundtrip(const char *name, const struct bpfsim_insn *in, size_t n, enum bpfsim_syntax syn)
{
	size_t cap = n * 96 + 16, pos = 0;
	char *text = malloc(cap);
	char **lines = calloc(n + 1, sizeof(*lines));

	assert_non_null(lines);

	assert_non_null(text);
	text[0] = 0;
	for (size_t i = 0; i < n;) {
		char line[256];
		struct bpfsim_disasm_opts o = { .sz = sizeof(o) };
		int rc = bpfsim_disasm_insn(in, n, i, syn, &o, line, sizeof(line));

		assert_true(rc > 0);
		lines[i] = strdup(line);
		if (syn == BPFSIM_SYNTAX_KERNEL)
			pos += (size_t)snprintf(text + pos, cap - pos, "%zu: %s\n", i, line);
		else
			pos += (size_t)snprintf(text + pos, cap - pos, "%s\n", line);
		i += (size_t)rc;
	}
	struct bpfsim_asm_opts o = { .sz = sizeof(o),
				     .syntax = syn == BPFSIM_SYNTAX_LLVM ? BPFSIM_ASM_LLVM : BPFSIM_ASM_KERNEL,
				     .filename = name };
	struct bpfsim_asm_result r;
	struct bpfsim_err e = { 0 };

	if (bpfsim_asm(text, pos, &o, &r, &e))
		fail_msg("%s: %s", name, e.msg);
	assert_int_equal(r.n_insns, n);
	for (size_t i = 0; i < n; i++) {
		int mask = 0;
		const char *why;
		const struct bpfsim_form_info *f = bpfsim_form_info(bpfsim_insn_form(&in[i]));

		if (f)
			mask = lossy(syn, f, &in[i], &why);
		if (i > 0 && in[i - 1].code == 0x18)
			mask = 0; /* second slot */
		if (lines[i] && callx_llvm(syn, &in[i], lines[i], &r.insns[i]))
			continue;
		if (!same(&r.insns[i], &in[i], mask))
			fail_msg("%s (%s syntax) slot %zu: %02x %d %d %d %d came back as %02x %d %d %d %d", name,
				 syn == BPFSIM_SYNTAX_LLVM ? "llvm" : "kernel", i, in[i].code, in[i].dst, in[i].src,
				 in[i].off, in[i].imm, r.insns[i].code, r.insns[i].dst, r.insns[i].src, r.insns[i].off,
				 r.insns[i].imm);
	}
	bpfsim_asm_result_free(&r);
	free(text);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void test_conformance_roundtrip(void **state)
{
	(void)state;
	const char *shared = getenv("BPFSIM_SHARED");
	char dir[1024];
	DIR *d;

	if (!shared) {
		fprintf(stderr, "BPFSIM_SHARED not set: conformance round trip not tested\n");
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/conformance", shared);
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s absent: conformance round trip not tested\n", dir);
		skip();
	}
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".data"))
			continue;
		char path[2048];
		struct bpfsim_conformance_test t;
		struct bpfsim_err e = { 0 };

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (bpfsim_asm_conformance_file(path, &t, &e))
			fail_msg("%s", e.msg);
		program_roundtrip(de->d_name, t.asm_insns, t.n_asm_insns, BPFSIM_SYNTAX_LLVM);
		program_roundtrip(de->d_name, t.asm_insns, t.n_asm_insns, BPFSIM_SYNTAX_KERNEL);
		bpfsim_conformance_test_free(&t);
		n++;
	}
	closedir(d);
	assert_true(n >= 313);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_llvm),
		cmocka_unit_test(test_roundtrip_kernel),
		cmocka_unit_test(test_every_form_lossless_somewhere),
		cmocka_unit_test(test_conformance_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
