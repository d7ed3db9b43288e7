/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests for the ISA table: decode/encode and form classification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "bpfsim/insn.h"

/* A representative instruction of a form: fields chosen so that the form's
 * discriminator holds and operands are non-trivial. */
static struct bpfsim_insn example_of(const struct bpfsim_form_info *f)
{
	struct bpfsim_insn in = { .code = f->code, .dst = 3, .src = 0, .off = 0, .imm = 0 };

	switch (f->fmt) {
	case F_ALU_REG: case F_MOVSX: case F_ASCAST: case F_JMP_REG: case F_LDX: case F_STX:
	case F_ATOMIC: case F_LDIND:
		in.src = 7;
		break;
	default:
		break;
	}
	switch (f->disc) {
	case D_OFF: in.off = (int16_t)f->disc_value; break;
	case D_IMM: in.imm = f->disc_value; break;
	case D_SRC: in.src = (uint8_t)f->disc_value; break;
	case D_NONE: break;
	}
	return in;
}

static void test_decode_encode_roundtrip(void **state)
{
	(void)state;
	const uint8_t raw[8] = { 0x7b, 0xa1, 0xf8, 0xff, 0x78, 0x56, 0x34, 0x12 };
	struct bpfsim_insn in;
	uint8_t back[8];

	bpfsim_insn_decode(raw, &in);
	assert_int_equal(in.code, 0x7b);
	assert_int_equal(in.dst, 1);
	assert_int_equal(in.src, 10);
	assert_int_equal(in.off, -8);
	assert_int_equal(in.imm, 0x12345678);
	bpfsim_insn_encode(&in, back);
	assert_memory_equal(raw, back, 8);
}

static void test_every_form_classifies_to_itself(void **state)
{
	(void)state;
	int n = 0;

	for (int i = 1; i < BPFSIM_FORM__COUNT; i++) {
		const struct bpfsim_form_info *f = bpfsim_form_info((enum bpfsim_form)i);
		struct bpfsim_insn in;
		uint8_t raw[8];

		assert_non_null(f);
		assert_int_equal(f->form, i);
		in = example_of(f);
		bpfsim_insn_encode(&in, raw);
		bpfsim_insn_decode(raw, &in);
		if (bpfsim_insn_form(&in) != (enum bpfsim_form)i)
			fail_msg("form %s (code 0x%02x) classifies as %d", f->name, f->code,
				 bpfsim_insn_form(&in));
		n++;
	}
	assert_true(n > 170);
}

static void test_unknown_opcodes(void **state)
{
	(void)state;
	/* 0x8d (callx) is in the ISA; 0x0d, 0xff, 0x38 (ld_abs dw), 0x99 (ldsx dw) are not. */
	const uint8_t unknown[] = { 0x00, 0x0d, 0xff, 0x38, 0x99, 0xdf, 0x8f };
	for (size_t i = 0; i < sizeof(unknown); i++) {
		struct bpfsim_insn in = { .code = unknown[i] };
		assert_int_equal(bpfsim_insn_form(&in), BPFSIM_FORM_INVALID);
		assert_int_equal(bpfsim_opcode_form(unknown[i]), BPFSIM_FORM_INVALID);
	}
	assert_null(bpfsim_form_info(BPFSIM_FORM_INVALID));
	assert_null(bpfsim_form_info(BPFSIM_FORM__COUNT));
}

static void test_discriminators(void **state)
{
	(void)state;
	struct bpfsim_insn sdiv = { .code = 0x3f, .off = 1 };
	struct bpfsim_insn bad = { .code = 0x3f, .off = 2 };
	struct bpfsim_insn ldmap = { .code = 0x18, .src = 1 };
	struct bpfsim_insn cmpxchg = { .code = 0xdb, .imm = 0xf1 };

	assert_int_equal(bpfsim_insn_form(&sdiv), BPFSIM_FORM_SDIV64_REG);
	assert_int_equal(bpfsim_insn_form(&bad), BPFSIM_FORM_INVALID);
	assert_int_equal(bpfsim_opcode_form(0x3f), BPFSIM_FORM_DIV64_REG);
	assert_int_equal(bpfsim_insn_form(&ldmap), BPFSIM_FORM_LDDW_MAP_FD);
	assert_int_equal(bpfsim_insn_form(&cmpxchg), BPFSIM_FORM_ACMPXCHG64);
	assert_int_equal(bpfsim_insn_slots(&ldmap), 2);
	assert_int_equal(bpfsim_insn_slots(&sdiv), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_encode_roundtrip),
		cmocka_unit_test(test_every_form_classifies_to_itself),
		cmocka_unit_test(test_unknown_opcodes),
		cmocka_unit_test(test_discriminators),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
