/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim/insn.h: the eBPF instruction set (RFC 9669, as Linux 6.18 knows it).
 *
 * Low-level, pure API: decode and encode 8-byte instructions, classify an
 * instruction into one of the ISA's forms (src/isa/forms.def is the single
 * source of truth), and look up a form's properties.
 */
#ifndef BPFSIM_INSN_H
#define BPFSIM_INSN_H

#include <stddef.h>
#include <stdint.h>

#include "bpfsim/common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BPFSIM_INSN_SIZE 8

/* One decoded instruction slot. Fields are plain integers (no bitfields), so
 * the layout does not depend on the host's bitfield order. */
struct bpfsim_insn {
	uint8_t code; /* opcode byte */
	uint8_t dst;  /* dst_reg, 0..15 */
	uint8_t src;  /* src_reg, 0..15 */
	int16_t off;
	int32_t imm;
};

/* Instruction classes and fields (uapi values). */
enum {
	BPFSIM_CLASS_LD = 0x00, BPFSIM_CLASS_LDX = 0x01, BPFSIM_CLASS_ST = 0x02,
	BPFSIM_CLASS_STX = 0x03, BPFSIM_CLASS_ALU = 0x04, BPFSIM_CLASS_JMP = 0x05,
	BPFSIM_CLASS_JMP32 = 0x06, BPFSIM_CLASS_ALU64 = 0x07,
};
#define BPFSIM_CLASS(code) ((code) & 0x07)
#define BPFSIM_OP(code)    ((code) & 0xf0) /* ALU/JMP operation */
#define BPFSIM_SRCBIT(code) ((code) & 0x08) /* 0 = K (imm), 8 = X (reg) */
#define BPFSIM_SIZE(code)  ((code) & 0x18) /* LD/LDX/ST/STX size */
#define BPFSIM_MODE(code)  ((code) & 0xe0) /* LD/LDX/ST/STX mode */

/* ld_imm64 src_reg values (BPF_PSEUDO_*). */
enum {
	BPFSIM_PSEUDO_MAP_FD = 1, BPFSIM_PSEUDO_MAP_VALUE = 2,
	BPFSIM_PSEUDO_BTF_ID = 3, BPFSIM_PSEUDO_FUNC = 4,
	BPFSIM_PSEUDO_MAP_IDX = 5, BPFSIM_PSEUDO_MAP_IDX_VALUE = 6,
};
/* call src_reg values. */
enum { BPFSIM_CALL_HELPER = 0, BPFSIM_PSEUDO_CALL = 1, BPFSIM_PSEUDO_KFUNC_CALL = 2 };

/* How a form's discriminating field is chosen (see forms.def). */
enum bpfsim_disc { D_NONE, D_OFF, D_IMM, D_SRC };

/* Operand layout of a form. */
enum bpfsim_fmt {
	F_ALU_IMM,  /* dst op= imm */
	F_ALU_REG,  /* dst op= src */
	F_NEG,      /* dst = -dst */
	F_MOVSX,    /* dst = (sN)src */
	F_ASCAST,   /* dst = addr_space_cast(src, ...) (arena) */
	F_END,      /* dst = le/be/bswapN dst */
	F_JA,       /* goto off */
	F_JA32,     /* gotol imm */
	F_JMP_IMM,  /* if dst op imm goto off */
	F_JMP_REG,  /* if dst op src goto off */
	F_CALL,     /* call imm (helper id, pc-relative, or BTF id) */
	F_CALLX,    /* call dst */
	F_EXIT,
	F_MAY_GOTO, /* may_goto off */
	F_LDDW,     /* dst = imm64 (two slots) */
	F_LDABS,    /* r0 = *(size *)skb[imm] */
	F_LDIND,    /* r0 = *(size *)skb[src + imm] */
	F_LDX,      /* dst = *(size *)(src + off), MEM or MEMSX */
	F_ST,       /* *(size *)(dst + off) = imm */
	F_STX,      /* *(size *)(dst + off) = src */
	F_ATOMIC,   /* atomic op on *(size *)(dst + off) with src */
};

enum bpfsim_form {
	BPFSIM_FORM_INVALID = 0,
#define X(id, code, disc, dv, fmt, size, name, sym) BPFSIM_FORM_##id,
#include "bpfsim/forms.def"
#undef X
	BPFSIM_FORM__COUNT
};

struct bpfsim_form_info {
	enum bpfsim_form form;
	uint8_t code;
	enum bpfsim_disc disc;
	int32_t disc_value;
	enum bpfsim_fmt fmt;
	uint8_t size;
	const char *name;
	const char *sym;
};

/* Decode one 8-byte slot (little-endian, as struct bpf_insn is in memory). */
BPFSIM_API void bpfsim_insn_decode(const uint8_t raw[BPFSIM_INSN_SIZE], struct bpfsim_insn *out);
/* Encode one slot; dst and src are truncated to 4 bits. */
BPFSIM_API void bpfsim_insn_encode(const struct bpfsim_insn *in, uint8_t raw[BPFSIM_INSN_SIZE]);

/* The form of an instruction, or BPFSIM_FORM_INVALID when its opcode and
 * discriminating field match no form. Reserved-field checks are not done
 * here: see bpfsim_insn_check(). */
BPFSIM_API enum bpfsim_form bpfsim_insn_form(const struct bpfsim_insn *insn);
/* The first form with this opcode whatever the discriminator (for printing
 * malformed instructions), or BPFSIM_FORM_INVALID for an unknown opcode. */
BPFSIM_API enum bpfsim_form bpfsim_opcode_form(uint8_t code);
/* Properties of a form; NULL for BPFSIM_FORM_INVALID or out of range. */
BPFSIM_API const struct bpfsim_form_info *bpfsim_form_info(enum bpfsim_form form);
/* Number of slots an instruction occupies: 2 for ld_imm64, else 1. */
static inline int bpfsim_insn_slots(const struct bpfsim_insn *insn)
{
	return insn->code == 0x18 ? 2 : 1;
}
/* 64-bit immediate of an ld_imm64 pair. */
static inline uint64_t bpfsim_insn_imm64(const struct bpfsim_insn *lo, const struct bpfsim_insn *hi)
{
	return (uint64_t)(uint32_t)lo->imm | ((uint64_t)(uint32_t)hi->imm << 32);
}

#ifdef __cplusplus
}
#endif
#endif
