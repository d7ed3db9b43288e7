/* SPDX-License-Identifier: Apache-2.0 */
/*
 * insn.c: decode, encode and classify eBPF instructions.
 *
 * The form table is generated from include/bpfsim/forms.def. Classification
 * is a linear scan over the table (181 forms); hot paths (the VM's dispatch,
 * the verifier's per-instruction switch) switch on the opcode byte and do not
 * call it per executed instruction.
 */
#include "bpfsim/insn.h"

static const struct bpfsim_form_info forms[BPFSIM_FORM__COUNT] = {
	[BPFSIM_FORM_INVALID] = { BPFSIM_FORM_INVALID, 0, D_NONE, 0, F_EXIT, 0, "invalid", "" },
#define X(id, code_, disc_, dv, fmt_, size_, name_, sym_) \
	[BPFSIM_FORM_##id] = { BPFSIM_FORM_##id, code_, disc_, dv, fmt_, size_, name_, sym_ },
#include "bpfsim/forms.def"
#undef X
};

void bpfsim_insn_decode(const uint8_t raw[BPFSIM_INSN_SIZE], struct bpfsim_insn *out)
{
	out->code = raw[0];
	out->dst = raw[1] & 0x0f;
	out->src = raw[1] >> 4;
	out->off = (int16_t)(uint16_t)(raw[2] | (raw[3] << 8));
	out->imm = (int32_t)((uint32_t)raw[4] | ((uint32_t)raw[5] << 8) |
			     ((uint32_t)raw[6] << 16) | ((uint32_t)raw[7] << 24));
}

void bpfsim_insn_encode(const struct bpfsim_insn *in, uint8_t raw[BPFSIM_INSN_SIZE])
{
	uint16_t off = (uint16_t)in->off;
	uint32_t imm = (uint32_t)in->imm;

	raw[0] = in->code;
	raw[1] = (uint8_t)((in->dst & 0x0f) | ((in->src & 0x0f) << 4));
	raw[2] = (uint8_t)off;
	raw[3] = (uint8_t)(off >> 8);
	raw[4] = (uint8_t)imm;
	raw[5] = (uint8_t)(imm >> 8);
	raw[6] = (uint8_t)(imm >> 16);
	raw[7] = (uint8_t)(imm >> 24);
}

static int disc_matches(const struct bpfsim_form_info *f, const struct bpfsim_insn *insn)
{
	switch (f->disc) {
	case D_NONE: return 1;
	case D_OFF: return insn->off == f->disc_value;
	case D_IMM: return insn->imm == f->disc_value;
	case D_SRC: return insn->src == f->disc_value;
	}
	return 0;
}

enum bpfsim_form bpfsim_insn_form(const struct bpfsim_insn *insn)
{
	for (int i = 1; i < BPFSIM_FORM__COUNT; i++)
		if (forms[i].code == insn->code && disc_matches(&forms[i], insn))
			return (enum bpfsim_form)i;
	return BPFSIM_FORM_INVALID;
}

enum bpfsim_form bpfsim_opcode_form(uint8_t code)
{
	for (int i = 1; i < BPFSIM_FORM__COUNT; i++)
		if (forms[i].code == code)
			return (enum bpfsim_form)i;
	return BPFSIM_FORM_INVALID;
}

const struct bpfsim_form_info *bpfsim_form_info(enum bpfsim_form form)
{
	if (form <= BPFSIM_FORM_INVALID || form >= BPFSIM_FORM__COUNT)
		return NULL;
	return &forms[form];
}
