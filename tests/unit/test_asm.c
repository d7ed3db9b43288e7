/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Unit tests for the assembler (src/isa/asm*.c):
 *  - every .data program of ../shared/conformance assembles, and every
 *    instruction has the encoding RFC 9669 gives its mnemonic: this file has
 *    its own table (opcode byte per mnemonic, operand placement) and its own
 *    tiny reader of the dialect (labels, "exit" label), independent of the
 *    assembler's code; lddw.data's "-- raw" equals its "-- asm";
 *  - llvm and kernel syntax: hand-encoded expectations for every kind of line;
 *  - llvm-objdump output of a clang-compiled program assembles to the bytes
 *    llvm-objdump shows in its byte column;
 *  - bad input: one "FILE:LINE: message" and an error code, never a crash;
 *  - the CLI: -o, --hex, exit codes.
 * Exit 77 (skipped) only when nothing could be tested.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <sys/wait.h>
#include <bpf/bpf.h>
#include <cmocka.h>

#include "bpfsim/asm.h"

/* ---------------- helpers ---------------- */

static void hex_of(const struct bpfsim_insn *in, size_t n, char *out, size_t cap)
{
	size_t pos = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && pos + 17 < cap; i++) {
		uint8_t b[8];

		bpfsim_insn_encode(&in[i], b);
		for (int j = 0; j < 8; j++)
			pos += (size_t)snprintf(out + pos, cap - pos, "%02x", b[j]);
	}
}

/* Assemble text; return the hex string (static buffer) or "ERR:<msg>". */
static const char *asm_hex(const char *text, enum bpfsim_asm_syntax syn)
{
	static char buf[4096];
	struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = syn, .filename = "t.s" };
	struct bpfsim_asm_result r;
	struct bpfsim_err e = { 0 };

	if (bpfsim_asm(text, strlen(text), &o, &r, &e)) {
		snprintf(buf, sizeof(buf), "ERR:%s", e.msg);
		return buf;
	}
	hex_of(r.insns, r.n_insns, buf, sizeof(buf));
	bpfsim_asm_result_free(&r);
	return buf;
}

/* Field-wise comparison (struct bpfsim_insn has padding: never memcmp it). */
static void assert_insns_equal(const struct bpfsim_insn *a, const struct bpfsim_insn *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].code != b[i].code || a[i].dst != b[i].dst || a[i].src != b[i].src || a[i].off != b[i].off ||
		    a[i].imm != b[i].imm)
			fail_msg("slot %zu differs: %02x %d %d %d %d vs %02x %d %d %d %d", i, a[i].code, a[i].dst,
				 a[i].src, a[i].off, a[i].imm, b[i].code, b[i].dst, b[i].src, b[i].off, b[i].imm);
}

#define CHECK_ASM(syn, text, want)                                                              \
	do {                                                                                    \
		const char *got_ = asm_hex(text, syn);                                          \
		if (strcmp(got_, want)) {                                                       \
			print_error("line %d: '%s'\n  got  %s\n  want %s\n", __LINE__, text, got_, want); \
			fail();                                                                 \
		}                                                                               \
	} while (0)

/* ---------------- conformance: an independent RFC 9669 table ---------------- */

enum pat {
	P_ALU,   /* dst, src|imm */
	P_NEG,   /* dst */
	P_MOVSX, /* dst, src; off = width */
	P_END,   /* dst; imm = width */
	P_JA,    /* target (off) */
	P_JA32,  /* target (imm) */
	P_JCC,   /* dst, src|imm, target */
	P_CALL,  /* imm | local target | %rN */
	P_EXIT,
	P_LDX,   /* dst, [src+off] */
	P_ST,    /* [dst+off], imm */
	P_STX,   /* [dst+off], src */
	P_LDDW,  /* dst, imm64 */
	P_LOCK,  /* [dst+off], src; imm = op */
};

struct rfc {
	const char *mn;
	enum pat pat;
	uint8_t k, x; /* opcode with an immediate / with a register source */
	int32_t aux;  /* off for sdiv/smod/movsx, imm for END and atomics */
};

/* Written from RFC 9669 sections 3 (encoding), 4.1 (ALU), 4.2 (byte swap),
 * 4.3 (jumps), 5 (load/store), 5.3 (atomics), 5.4 (64-bit immediate). */
static const struct rfc rfc_table[] = {
	{ "add", P_ALU, 0x07, 0x0f, 0 },    { "add64", P_ALU, 0x07, 0x0f, 0 },   { "add32", P_ALU, 0x04, 0x0c, 0 },
	{ "sub", P_ALU, 0x17, 0x1f, 0 },    { "sub64", P_ALU, 0x17, 0x1f, 0 },   { "sub32", P_ALU, 0x14, 0x1c, 0 },
	{ "mul", P_ALU, 0x27, 0x2f, 0 },    { "mul64", P_ALU, 0x27, 0x2f, 0 },   { "mul32", P_ALU, 0x24, 0x2c, 0 },
	{ "div", P_ALU, 0x37, 0x3f, 0 },    { "div64", P_ALU, 0x37, 0x3f, 0 },   { "div32", P_ALU, 0x34, 0x3c, 0 },
	{ "sdiv", P_ALU, 0x37, 0x3f, 1 },   { "sdiv64", P_ALU, 0x37, 0x3f, 1 },  { "sdiv32", P_ALU, 0x34, 0x3c, 1 },
	{ "or", P_ALU, 0x47, 0x4f, 0 },     { "or64", P_ALU, 0x47, 0x4f, 0 },    { "or32", P_ALU, 0x44, 0x4c, 0 },
	{ "and", P_ALU, 0x57, 0x5f, 0 },    { "and64", P_ALU, 0x57, 0x5f, 0 },   { "and32", P_ALU, 0x54, 0x5c, 0 },
	{ "lsh", P_ALU, 0x67, 0x6f, 0 },    { "lsh64", P_ALU, 0x67, 0x6f, 0 },   { "lsh32", P_ALU, 0x64, 0x6c, 0 },
	{ "rsh", P_ALU, 0x77, 0x7f, 0 },    { "rsh64", P_ALU, 0x77, 0x7f, 0 },   { "rsh32", P_ALU, 0x74, 0x7c, 0 },
	{ "mod", P_ALU, 0x97, 0x9f, 0 },    { "mod64", P_ALU, 0x97, 0x9f, 0 },   { "mod32", P_ALU, 0x94, 0x9c, 0 },
	{ "smod", P_ALU, 0x97, 0x9f, 1 },   { "smod64", P_ALU, 0x97, 0x9f, 1 },  { "smod32", P_ALU, 0x94, 0x9c, 1 },
	{ "xor", P_ALU, 0xa7, 0xaf, 0 },    { "xor64", P_ALU, 0xa7, 0xaf, 0 },   { "xor32", P_ALU, 0xa4, 0xac, 0 },
	{ "mov", P_ALU, 0xb7, 0xbf, 0 },    { "mov64", P_ALU, 0xb7, 0xbf, 0 },   { "mov32", P_ALU, 0xb4, 0xbc, 0 },
	{ "arsh", P_ALU, 0xc7, 0xcf, 0 },   { "arsh64", P_ALU, 0xc7, 0xcf, 0 },  { "arsh32", P_ALU, 0xc4, 0xcc, 0 },
	{ "neg", P_NEG, 0x87, 0, 0 },       { "neg64", P_NEG, 0x87, 0, 0 },      { "neg32", P_NEG, 0x84, 0, 0 },
	{ "movsx832", P_MOVSX, 0, 0xbc, 8 },   { "movsx1632", P_MOVSX, 0, 0xbc, 16 },
	{ "movsx864", P_MOVSX, 0, 0xbf, 8 },   { "movsx1664", P_MOVSX, 0, 0xbf, 16 },
	{ "movsx3264", P_MOVSX, 0, 0xbf, 32 },
	{ "le16", P_END, 0xd4, 0, 16 },     { "le32", P_END, 0xd4, 0, 32 },      { "le64", P_END, 0xd4, 0, 64 },
	{ "be16", P_END, 0xdc, 0, 16 },     { "be32", P_END, 0xdc, 0, 32 },      { "be64", P_END, 0xdc, 0, 64 },
	{ "bswap16", P_END, 0xd7, 0, 16 },  { "bswap32", P_END, 0xd7, 0, 32 },   { "bswap64", P_END, 0xd7, 0, 64 },
	{ "swap16", P_END, 0xd7, 0, 16 },   { "swap32", P_END, 0xd7, 0, 32 },    { "swap64", P_END, 0xd7, 0, 64 },
	{ "ja", P_JA, 0x05, 0, 0 },         { "ja32", P_JA32, 0x06, 0, 0 },
	{ "jeq", P_JCC, 0x15, 0x1d, 0 },    { "jeq32", P_JCC, 0x16, 0x1e, 0 },
	{ "jgt", P_JCC, 0x25, 0x2d, 0 },    { "jgt32", P_JCC, 0x26, 0x2e, 0 },
	{ "jge", P_JCC, 0x35, 0x3d, 0 },    { "jge32", P_JCC, 0x36, 0x3e, 0 },
	{ "jset", P_JCC, 0x45, 0x4d, 0 },   { "jset32", P_JCC, 0x46, 0x4e, 0 },
	{ "jne", P_JCC, 0x55, 0x5d, 0 },    { "jne32", P_JCC, 0x56, 0x5e, 0 },
	{ "jsgt", P_JCC, 0x65, 0x6d, 0 },   { "jsgt32", P_JCC, 0x66, 0x6e, 0 },
	{ "jsge", P_JCC, 0x75, 0x7d, 0 },   { "jsge32", P_JCC, 0x76, 0x7e, 0 },
	{ "jlt", P_JCC, 0xa5, 0xad, 0 },    { "jlt32", P_JCC, 0xa6, 0xae, 0 },
	{ "jle", P_JCC, 0xb5, 0xbd, 0 },    { "jle32", P_JCC, 0xb6, 0xbe, 0 },
	{ "jslt", P_JCC, 0xc5, 0xcd, 0 },   { "jslt32", P_JCC, 0xc6, 0xce, 0 },
	{ "jsle", P_JCC, 0xd5, 0xdd, 0 },   { "jsle32", P_JCC, 0xd6, 0xde, 0 },
	{ "call", P_CALL, 0x85, 0x8d, 0 },  { "exit", P_EXIT, 0x95, 0, 0 },
	{ "ldxb", P_LDX, 0x71, 0, 0 },      { "ldxh", P_LDX, 0x69, 0, 0 },       { "ldxw", P_LDX, 0x61, 0, 0 },
	{ "ldxdw", P_LDX, 0x79, 0, 0 },     { "ldxsb", P_LDX, 0x91, 0, 0 },      { "ldxsh", P_LDX, 0x89, 0, 0 },
	{ "ldxsw", P_LDX, 0x81, 0, 0 },
	{ "stb", P_ST, 0x72, 0, 0 },        { "sth", P_ST, 0x6a, 0, 0 },         { "stw", P_ST, 0x62, 0, 0 },
	{ "stdw", P_ST, 0x7a, 0, 0 },
	{ "stxb", P_STX, 0x73, 0, 0 },      { "stxh", P_STX, 0x6b, 0, 0 },       { "stxw", P_STX, 0x63, 0, 0 },
	{ "stxdw", P_STX, 0x7b, 0, 0 },
	{ "lddw", P_LDDW, 0x18, 0, 0 },
	{ "lock add", P_LOCK, 0xdb, 0, 0x00 },        { "lock add32", P_LOCK, 0xc3, 0, 0x00 },
	{ "lock or", P_LOCK, 0xdb, 0, 0x40 },         { "lock or32", P_LOCK, 0xc3, 0, 0x40 },
	{ "lock and", P_LOCK, 0xdb, 0, 0x50 },        { "lock and32", P_LOCK, 0xc3, 0, 0x50 },
	{ "lock xor", P_LOCK, 0xdb, 0, 0xa0 },        { "lock xor32", P_LOCK, 0xc3, 0, 0xa0 },
	{ "lock fetch add", P_LOCK, 0xdb, 0, 0x01 },  { "lock fetch add32", P_LOCK, 0xc3, 0, 0x01 },
	{ "lock fetch or", P_LOCK, 0xdb, 0, 0x41 },   { "lock fetch or32", P_LOCK, 0xc3, 0, 0x41 },
	{ "lock fetch and", P_LOCK, 0xdb, 0, 0x51 },  { "lock fetch and32", P_LOCK, 0xc3, 0, 0x51 },
	{ "lock fetch xor", P_LOCK, 0xdb, 0, 0xa1 },  { "lock fetch xor32", P_LOCK, 0xc3, 0, 0xa1 },
	{ "lock xchg", P_LOCK, 0xdb, 0, 0xe1 },       { "lock xchg32", P_LOCK, 0xc3, 0, 0xe1 },
	{ "lock cmpxchg", P_LOCK, 0xdb, 0, 0xf1 },    { "lock cmpxchg32", P_LOCK, 0xc3, 0, 0xf1 },
};

/* The test's own reading of one conformance line. */
struct tline {
	char mn[48];
	int nops;
	char ops[3][64];
	int line;
};

struct tprog {
	struct tline *lines;
	size_t n, cap;
	char labels[64][32];
	size_t label_slot[64];
	size_t nlabels;
};

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
	size_t i = 0;

	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, strlen(s + i) + 1);
}

/* Read the "-- asm" section into lines + labels (slot-indexed). */
static void tprog_read(const char *text, struct tprog *p)
{
	const char *pos = text;
	int in_asm = 0, lineno = 0;
	size_t slot = 0;

	memset(p, 0, sizeof(*p));
	while (*pos) {
		const char *e = strchr(pos, '\n');
		size_t n = e ? (size_t)(e - pos) : strlen(pos);
		char buf[256];

		lineno++;
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, pos, n);
		buf[n] = 0;
		pos = e ? e + 1 : pos + n;
		char *h = strchr(buf, '#');

		trim(buf);
		if (!strncmp(buf, "--", 2)) {
			char *nm = buf + 2;

			trim(nm);
			in_asm = !strcmp(nm, "asm");
			continue;
		}
		if (h)
			*strchr(buf, '#') = 0;
		trim(buf);
		if (!in_asm || !buf[0])
			continue;
		size_t len = strlen(buf);

		if (buf[len - 1] == ':') {
			buf[len - 1] = 0;
			snprintf(p->labels[p->nlabels], sizeof(p->labels[0]), "%.31s", buf);
			p->label_slot[p->nlabels++] = slot;
			continue;
		}
		if (p->n == p->cap) {
			p->cap = p->cap ? p->cap * 2 : 64;
			p->lines = realloc(p->lines, p->cap * sizeof(*p->lines));
			assert_non_null(p->lines);
		}
		struct tline *t = &p->lines[p->n++];

		memset(t, 0, sizeof(*t));
		t->line = lineno;
		/* mnemonic: "lock [fetch] op" or one word; "call local" keeps "call" */
		char *rest = buf;
		char w1[32] = "", w2[32] = "", w3[32] = "";
		int k = sscanf(buf, "%31s %31s %31s", w1, w2, w3);

		if (!strcmp(w1, "lock")) {
			if (k >= 2 && !strcmp(w2, "fetch"))
				snprintf(t->mn, sizeof(t->mn), "lock fetch %s", w3);
			else
				snprintf(t->mn, sizeof(t->mn), "lock %s", w2);
			rest = strstr(buf, "[");
		} else {
			snprintf(t->mn, sizeof(t->mn), "%s", w1);
			rest = buf + strlen(w1);
		}
		/* operands split on ',' */
		while (rest && *rest && t->nops < 3) {
			char *c = strchr(rest, ',');
			size_t l = c ? (size_t)(c - rest) : strlen(rest);

			if (l >= sizeof(t->ops[0]))
				l = sizeof(t->ops[0]) - 1;
			memcpy(t->ops[t->nops], rest, l);
			t->ops[t->nops][l] = 0;
			trim(t->ops[t->nops]);
			if (t->ops[t->nops][0])
				t->nops++;
			rest = c ? c + 1 : NULL;
		}
		slot += !strcmp(t->mn, "lddw") ? 2 : 1;
	}
}

static int treg(const char *s)
{
	assert_true(s[0] == '%' && s[1] == 'r');
	return atoi(s + 2);
}

static int is_treg(const char *s)
{
	return s[0] == '%';
}

static long long tnum(const char *s)
{
	int neg = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	unsigned long long v = strtoull(s, NULL, 0);

	return neg ? -(long long)v : (long long)v;
}

static void tmem(const char *s, int *reg, int *off)
{
	assert_int_equal(s[0], '[');
	*reg = atoi(s + 3);
	const char *p = s + 3;

	while (isdigit((unsigned char)*p))
		p++;
	*off = *p == ']' ? 0 : (int)tnum(p);
}

/* Slot index a target names: a label, "exit" (first exit), or a number. */
static long long ttarget(const struct tprog *p, const char *s, size_t slot, const struct bpfsim_insn *insns,
			 size_t n)
{
	if (isdigit((unsigned char)s[0]) || s[0] == '+' || s[0] == '-')
		return tnum(s);
	for (size_t i = 0; i < p->nlabels; i++)
		if (!strcmp(p->labels[i], s))
			return (long long)p->label_slot[i] - (long long)slot - 1;
	if (!strcmp(s, "exit")) {
		/* the first exit, counted from the test's own lines */
		size_t sl = 0;

		for (size_t i = 0; i < p->n; i++) {
			if (!strcmp(p->lines[i].mn, "exit"))
				return (long long)sl - (long long)slot - 1;
			sl += !strcmp(p->lines[i].mn, "lddw") ? 2 : 1;
		}
	}
	(void)insns;
	(void)n;
	fail_msg("target '%s' not found", s);
	return 0;
}

/* Check every instruction of one program against rfc_table. */
static void check_conformance_encoding(const char *name, const struct tprog *p, const struct bpfsim_insn *in,
				       size_t n)
{
	size_t slot = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct tline *t = &p->lines[i];
		const struct rfc *r = NULL;

		for (size_t j = 0; j < sizeof(rfc_table) / sizeof(rfc_table[0]); j++)
			if (!strcmp(rfc_table[j].mn, t->mn))
				r = &rfc_table[j];
		if (!r)
			fail_msg("%s:%d: mnemonic '%s' missing from the test's RFC table", name, t->line, t->mn);
		assert_true(slot < n);
		struct bpfsim_insn want = { 0 };
		const struct bpfsim_insn *got = &in[slot];

		switch (r->pat) {
		case P_ALU:
			want.dst = (uint8_t)treg(t->ops[0]);
			want.off = (int16_t)r->aux;
			if (is_treg(t->ops[1])) {
				want.code = r->x;
				want.src = (uint8_t)treg(t->ops[1]);
			} else {
				want.code = r->k;
				want.imm = (int32_t)(uint32_t)tnum(t->ops[1]);
			}
			break;
		case P_NEG:
			want.code = r->k;
			want.dst = (uint8_t)treg(t->ops[0]);
			break;
		case P_MOVSX:
			want.code = r->x;
			want.dst = (uint8_t)treg(t->ops[0]);
			want.src = (uint8_t)treg(t->ops[1]);
			want.off = (int16_t)r->aux;
			break;
		case P_END:
			want.code = r->k;
			want.dst = (uint8_t)treg(t->ops[0]);
			want.imm = r->aux;
			break;
		case P_JA:
			want.code = r->k;
			want.off = (int16_t)ttarget(p, t->ops[0], slot, in, n);
			break;
		case P_JA32:
			want.code = r->k;
			want.imm = (int32_t)ttarget(p, t->ops[0], slot, in, n);
			break;
		case P_JCC:
			want.dst = (uint8_t)treg(t->ops[0]);
			if (is_treg(t->ops[1])) {
				want.code = r->x;
				want.src = (uint8_t)treg(t->ops[1]);
			} else {
				want.code = r->k;
				want.imm = (int32_t)(uint32_t)tnum(t->ops[1]);
			}
			want.off = (int16_t)ttarget(p, t->ops[2], slot, in, n);
			break;
		case P_CALL:
			if (!strncmp(t->ops[0], "local ", 6)) {
				want.code = r->k;
				want.src = 1; /* BPF_PSEUDO_CALL */
				want.imm = (int32_t)ttarget(p, t->ops[0] + 6, slot, in, n);
			} else if (is_treg(t->ops[0])) {
				want.code = r->x; /* callx: register in dst_reg */
				want.dst = (uint8_t)treg(t->ops[0]);
			} else {
				want.code = r->k;
				want.imm = (int32_t)tnum(t->ops[0]);
			}
			break;
		case P_EXIT:
			want.code = r->k;
			break;
		case P_LDX: {
			int reg, off;

			tmem(t->ops[1], &reg, &off);
			want.code = r->k;
			want.dst = (uint8_t)treg(t->ops[0]);
			want.src = (uint8_t)reg;
			want.off = (int16_t)off;
			break;
		}
		case P_ST: {
			int reg, off;

			tmem(t->ops[0], &reg, &off);
			want.code = r->k;
			want.dst = (uint8_t)reg;
			want.off = (int16_t)off;
			want.imm = (int32_t)(uint32_t)tnum(t->ops[1]);
			break;
		}
		case P_STX:
		case P_LOCK: {
			int reg, off;

			tmem(t->ops[0], &reg, &off);
			want.code = r->k;
			want.dst = (uint8_t)reg;
			want.src = (uint8_t)treg(t->ops[1]);
			want.off = (int16_t)off;
			want.imm = r->pat == P_LOCK ? r->aux : 0;
			break;
		}
		case P_LDDW: {
			uint64_t v = (uint64_t)tnum(t->ops[1]);

			want.code = r->k;
			want.dst = (uint8_t)treg(t->ops[0]);
			want.imm = (int32_t)(uint32_t)v;
			assert_true(slot + 1 < n);
			const struct bpfsim_insn *hi = &in[slot + 1];

			if (hi->code || hi->dst || hi->src || hi->off || hi->imm != (int32_t)(uint32_t)(v >> 32))
				fail_msg("%s:%d: lddw second slot wrong", name, t->line);
			break;
		}
		}
		if (got->code != want.code || got->dst != want.dst || got->src != want.src || got->off != want.off ||
		    got->imm != want.imm)
			fail_msg("%s:%d: '%s %s,%s,%s': got code %02x dst %d src %d off %d imm %d, RFC says "
				 "%02x %d %d %d %d",
				 name, t->line, t->mn, t->ops[0], t->ops[1], t->ops[2], got->code, got->dst, got->src,
				 got->off, got->imm, want.code, want.dst, want.src, want.off, want.imm);
		slot += r->pat == P_LDDW ? 2 : 1;
	}
	assert_int_equal(slot, n);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_conformance_suite(void **state)
{
	(void)state;
	const char *shared = getenv("BPFSIM_SHARED");
	char dir[1024];

	if (!shared) {
		fprintf(stderr, "BPFSIM_SHARED not set: conformance suite not tested\n");
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/conformance", shared);
	DIR *d = opendir(dir);

	if (!d) {
		fprintf(stderr, "%s absent: conformance suite not tested\n", dir);
		skip();
	}
	char *names[1024];
	size_t nn = 0;
	struct dirent *de;

	while ((de = readdir(d)) && nn < 1024) {
		size_t l = strlen(de->d_name);

		if (l > 5 && !strcmp(de->d_name + l - 5, ".data"))
			names[nn++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof(names[0]), cmp_str);
	assert_true(nn >= 313);
	int saw_raw = 0;

	for (size_t i = 0; i < nn; i++) {
		char path[2048];
		struct bpfsim_conformance_test t;
		struct bpfsim_err e = { 0 };
		uint8_t *text;
		size_t len;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(bpfsim_read_file(path, &text, &len, &e), 0);
		if (bpfsim_asm_conformance((const char *)text, len, path, &t, &e))
			fail_msg("%s", e.msg);
		assert_true(t.has_result);
		assert_non_null(t.asm_insns);

		/* the encoding of every line, from the test's own RFC table */
		struct tprog p;

		tprog_read((const char *)text, &p);
		check_conformance_encoding(names[i], &p, t.asm_insns, t.n_asm_insns);
		free(p.lines);

		/* lddw.data: "-- raw" is the intended bytes */
		if (t.has_raw) {
			saw_raw = 1;
			assert_int_equal(t.n_insns, t.n_asm_insns);
			assert_insns_equal(t.insns, t.asm_insns, t.n_insns);
		} else {
			assert_int_equal(t.n_insns, t.n_asm_insns);
		}
		/* the whole file through bpfsim_asm (auto-detected) gives the same */
		struct bpfsim_asm_opts o = { .sz = sizeof(o), .filename = path };
		struct bpfsim_asm_result r;

		if (bpfsim_asm((const char *)text, len, &o, &r, &e))
			fail_msg("%s", e.msg);
		assert_int_equal(r.syntax, BPFSIM_ASM_CONFORMANCE);
		assert_int_equal(r.n_insns, t.n_asm_insns);
		assert_insns_equal(r.insns, t.asm_insns, r.n_insns);
		bpfsim_asm_result_free(&r);
		bpfsim_conformance_test_free(&t);
		free(text);
		free(names[i]);
	}
	assert_true(saw_raw);
}

static void test_conformance_sections(void **state)
{
	(void)state;
	const char *data = "# c\n-- asm\nmov %r0, 1 # one\njeq %r0, 1, exit\nmov %r0, 2\nexit\n"
			   "-- mem\n00 01 ff\n  0a\n-- result\n0x1\n-- error\nboom\n";
	struct bpfsim_conformance_test t;
	struct bpfsim_err e = { 0 };

	assert_int_equal(bpfsim_asm_conformance(data, strlen(data), "x.data", &t, &e), 0);
	assert_int_equal(t.n_insns, 4);
	assert_int_equal(t.insns[1].code, 0x15);
	assert_int_equal(t.insns[1].off, 1); /* to the first exit, slot 3 */
	assert_int_equal(t.mem_len, 4);
	assert_int_equal(t.mem[2], 0xff);
	assert_int_equal(t.mem[3], 0x0a);
	assert_int_equal(t.result, 1);
	assert_string_equal(t.error, "boom");
	assert_false(t.has_raw);
	bpfsim_conformance_test_free(&t);

	const char *neg = "-- asm\nexit\n-- result\n-1\n";

	assert_int_equal(bpfsim_asm_conformance(neg, strlen(neg), "n.data", &t, &e), 0);
	assert_true(t.result == UINT64_MAX);
	bpfsim_conformance_test_free(&t);

	static const struct { const char *text, *msg; } bad[] = {
		{ "-- asm\nfoo %r0\n-- result\n1\n", "b.data:2: unknown instruction 'foo'" },
		{ "-- asm\nmov %r11, 1\n", "b.data:2: invalid register '%r11'" },
		{ "-- asm\nexit\n-- bogus\n", "b.data:3: unknown section '-- bogus'" },
		{ "-- asm\nja nowhere\n", "b.data:2: undefined label 'nowhere'" },
		{ "-- raw\n0x18\n", "b.data: '-- raw' ends in the middle of an ld_imm64" },
		{ "-- result\n1\n", "b.data: no '-- asm' or '-- raw' section" },
		{ "-- asm\nexit\n-- mem\n0g\n", "b.data:4: bad memory byte '0g'" },
		{ "-- asm\nmov %r0, 0x100000000\n", "b.data:2: immediate 4294967296 does not fit in 32 bits" },
		{ "-- asm\nldxw %r0, [%r1+40000]\n", "b.data:2: offset 40000 does not fit in 16 bits" },
		{ "mov %r0, 1\n", "b.data:1: text before the first section" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		assert_true(bpfsim_asm_conformance(bad[i].text, strlen(bad[i].text), "b.data", &t, &e) < 0);
		assert_string_equal(e.msg, bad[i].msg);
		assert_null(t.insns);
	}
}

/* ---------------- llvm and kernel syntax ---------------- */

static void test_llvm_syntax(void **state)
{
	(void)state;
	const enum bpfsim_asm_syntax L = BPFSIM_ASM_LLVM;

	CHECK_ASM(L, "r0 = 0", "b700000000000000");
	CHECK_ASM(L, "w1 += 2", "0401000002000000");
	CHECK_ASM(L, "r1 = 0 ll", "18010000000000000000000000000000");
	CHECK_ASM(L, "r1 = 0x1122334455667788 ll", "18010000887766550000000044332211");
	CHECK_ASM(L, "r1 = -1 ll", "18010000ffffffff00000000ffffffff");
	CHECK_ASM(L, "if r1 > 10 goto +4 <LBB0_3>", "250104000a000000");
	CHECK_ASM(L, "if w1 s> -10 goto -4 <.text+0x30>", "6601fcfff6ffffff");
	CHECK_ASM(L, "if r8 > r1 goto +73", "2d18490000000000");
	CHECK_ASM(L, "call 1", "8500000001000000");
	CHECK_ASM(L, "lock *(u64 *)(r1 + 0) += r2", "db21000000000000");
	CHECK_ASM(L, "lock *(u32 *)(r1 - 8) |= w2", "c321f8ff40000000");
	CHECK_ASM(L, "r0 = be16 r0", "dc00000010000000");
	CHECK_ASM(L, "r3 = le64 r3", "d403000040000000");
	CHECK_ASM(L, "r0 = *(u32 *)(r1 + 4)", "6110040000000000");
	CHECK_ASM(L, "w0 = *(u8 *)(r1 - 4)", "7110fcff00000000");
	CHECK_ASM(L, "*(u8 *)(r10 - 1) = w2", "732affff00000000");
	CHECK_ASM(L, "*(u64 *)(r10 - 8) = r1", "7b1af8ff00000000");
	CHECK_ASM(L, "*(u32 *)(r1 + 2) = -7", "62010200f9ffffff");
	CHECK_ASM(L, "r1 = (s8)r2", "bf21080000000000");
	CHECK_ASM(L, "w1 = (s16)w2", "bc21100000000000");
	CHECK_ASM(L, "r0 s/= r1", "3f10010000000000");
	CHECK_ASM(L, "w0 s%= 3", "9400010003000000");
	CHECK_ASM(L, "r0 s>>= 63", "c70000003f000000");
	CHECK_ASM(L, "r0 <<= r9", "6f90000000000000");
	CHECK_ASM(L, "gotol +5", "0600000005000000");
	CHECK_ASM(L, "gotol -1", "06000000ffffffff");
	CHECK_ASM(L, "goto -1", "0500ffff00000000");
	CHECK_ASM(L, "r0 = bswap16 r0", "d700000010000000");
	CHECK_ASM(L, "may_goto +2", "e500020000000000");
	CHECK_ASM(L, "r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)", "db21000001000000");
	CHECK_ASM(L, "w2 = atomic_fetch_xor((u32 *)(r1 + 8), w2)", "c3210800a1000000");
	CHECK_ASM(L, "r0 = cmpxchg_64(r1 + 0, r0, r2)", "db210000f1000000");
	CHECK_ASM(L, "w0 = cmpxchg32_32(r1 + 4, w0, w2)", "c3210400f1000000");
	CHECK_ASM(L, "r2 = xchg_64(r1 + 0, r2)", "db210000e1000000");
	CHECK_ASM(L, "w2 = xchg32_32(r1 - 2, w2)", "c321feffe1000000");
	CHECK_ASM(L, "w0 = load_acquire((u8 *)(r1 + 0))", "d310000000010000");
	CHECK_ASM(L, "r0 = load_acquire((u64 *)(r1 + 16))", "db10100000010000");
	CHECK_ASM(L, "store_release((u16 *)(r1 + 0), w2)", "cb21000010010000");
	CHECK_ASM(L, "r1 = addr_space_cast(r2, 0, 1)", "bf21010001000000");
	CHECK_ASM(L, "r0 = *(u8 *)skb[5]", "3000000005000000");
	CHECK_ASM(L, "r0 = *(u16 *)skb[r1]", "4810000000000000");
	CHECK_ASM(L, "r0 = *(u32 *)skb[r1 + 4]", "4010000004000000");
	CHECK_ASM(L, "r1 = -r1", "8701000000000000");
	CHECK_ASM(L, "w1 = -w1", "8401000000000000");
	CHECK_ASM(L, "r0 = *(s16 *)(r1 + 2)", "8910020000000000");
	CHECK_ASM(L, "callx r3", "8d03000000000000");
	CHECK_ASM(L, "w1 = -1", "b4010000ffffffff");
	CHECK_ASM(L, "r6 = r1", "bf16000000000000");
	CHECK_ASM(L, "exit", "9500000000000000");
	/* address and byte columns, header lines, labels, comments */
	CHECK_ASM(L,
		  "\nt.o:\tfile format elf64-bpf\n\nDisassembly of section .text:\n\n"
		  "0000000000000000 <f>:\n"
		  "       0:\tb7 00 00 00 00 00 00 00\tr0 = 0 ; comment\n"
		  "       1:\t15 01 01 00 00 00 00 00\tif r1 == 0 goto +1 <LBB0_2>\n"
		  "\t\t0000000000000010:  R_BPF_64_64\tsomething\n"
		  "       2:\t07 00 00 00 01 00 00 00\tr0 += 1\n"
		  "\n0000000000000018 <LBB0_2>:\n"
		  "       3:\t95 00 00 00 00 00 00 00\texit\n",
		  "b700000000000000150101000000000007000000010000009500000000000000");
	CHECK_ASM(L, "# c\n  r0 = 1 // c\nout:\n  if r0 != 0 goto out\n  goto out\nexit",
		  "b7000000010000005500ffff000000000500feff000000009500000000000000");
	/* bpf-to-bpf calls and pseudo ld_imm64 */
	CHECK_ASM(L, "call f\nexit\nf:\nexit", "85100000010000009500000000000000" "9500000000000000");
	CHECK_ASM(L, "call local +2", "8510000002000000");
	CHECK_ASM(L, "call kfunc 12345", "8520000039300000");
	CHECK_ASM(L, "r1 = map[0] ll", "18110000000000000000000000000000");
	CHECK_ASM(L, "r1 = map[a] ll\nr2 = map[b] ll\nr3 = map[a]",
		  "18110000000000000000000000000000" "18120000010000000000000000000000"
		  "18130000000000000000000000000000");
	CHECK_ASM(L, "r1 = map_value[2]+8 ll", "18210000020000000000000008000000");
	CHECK_ASM(L, "r1 = btf_id[77]", "183100004d0000000000000000000000");
	CHECK_ASM(L, "r1 = func[f] ll\nexit\nf:\nexit",
		  "18410000020000000000000000000000" "9500000000000000" "9500000000000000");
	CHECK_ASM(L, "r1 = map_idx[3] ll", "18510000030000000000000000000000");
	CHECK_ASM(L, "r1 = map_idx_value[3]-4 ll", "186100000300000000000000fcffffff");
	CHECK_ASM(L, "ld_pseudo\tr1, 2, 3", "18210000030000000000000000000000");
	CHECK_ASM(L, "ld_pseudo r1, 2, 3, 9", "18210000030000000000000009000000");
}

static void test_kernel_syntax(void **state)
{
	(void)state;
	const enum bpfsim_asm_syntax K = BPFSIM_ASM_KERNEL;

	CHECK_ASM(K, "0: (b7) r0 = 0", "b700000000000000");
	CHECK_ASM(K, "(2d) if r8 > r1 goto pc+73", "2d18490000000000");
	CHECK_ASM(K, "(15) if r1 == 0xffffffff goto pc-2", "1501feffffffffff");
	CHECK_ASM(K, "(16) if w1 == 0x5 goto pc+0", "1601000005000000");
	CHECK_ASM(K, "(85) call bpf_map_lookup_elem#1", "8500000001000000");
	CHECK_ASM(K, "(85) call unknown#99999", "850000009f860100");
	CHECK_ASM(K, "(85) call kernel-function#1234", "85200000d2040000");
	CHECK_ASM(K, "(85) call bpf_obj_new_impl#5678", "852000002e160000");
	CHECK_ASM(K, "(85) call pc+5", "8510000005000000");
	CHECK_ASM(K, "(18) r1 = 0x1122334455667788", "18010000887766550000000044332211");
	CHECK_ASM(K, "(7b) *(u64 *)(r10 -8) = r1", "7b1af8ff00000000");
	CHECK_ASM(K, "(7a) *(u64 *)(r10 -8) = 0", "7a0af8ff00000000");
	CHECK_ASM(K, "(79) r0 = *(u64 *)(r1 +0)", "7910000000000000");
	CHECK_ASM(K, "(91) r0 = *(s8 *)(r1 +3)", "9110030000000000");
	CHECK_ASM(K, "(db) lock *(u64 *)(r1 +0) += r2", "db21000000000000");
	CHECK_ASM(K, "(db) r2 = atomic64_fetch_and((u64 *)(r1 +0), r2)", "db21000051000000");
	CHECK_ASM(K, "(c3) r2 = atomic_fetch_or((u32 *)(r1 +4), r2)", "c321040041000000");
	CHECK_ASM(K, "(db) r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2)", "db210000f1000000");
	CHECK_ASM(K, "(c3) r3 = atomic_xchg((u32 *)(r1 -4), r3)", "c331fcffe1000000");
	CHECK_ASM(K, "(bc) w1 = w2", "bc21000000000000");
	CHECK_ASM(K, "(b4) w0 = -1", "b4000000ffffffff");
	CHECK_ASM(K, "(05) goto pc-1", "0500ffff00000000");
	CHECK_ASM(K, "(06) gotol pc+70000", "0600000070110100");
	CHECK_ASM(K, "(e5) may_goto pc+3", "e500030000000000");
	CHECK_ASM(K, "(28) r0 = *(u16 *)skb[12]", "280000000c000000");
	CHECK_ASM(K, "(50) r0 = *(u8 *)skb[r3 + -2]", "50300000feffffff");
	CHECK_ASM(K, "(d7) r0 = bswap64 r0", "d700000040000000");
	CHECK_ASM(K, "(8d) call bpf_unspec#0", "8d00000000000000");
	CHECK_ASM(K, "(95) exit", "9500000000000000");
	/* a pasted verifier log: state lines skipped, revisited instructions once */
	CHECK_ASM(K,
		  "func#0 @0\n0: R1=ctx() R10=fp0\n; int x = 0; @ a.c:3\n"
		  "0: (b7) r0 = 0                        ; R0_w=0\n"
		  "1: (15) if r1 == 0x0 goto pc+1        ; R1=ctx()\n"
		  "2: (b7) r0 = 1\n3: (95) exit\n"
		  "from 1 to 3: R0=0 R1=ctx() R10=fp0\n3: (95) exit\n"
		  "processed 5 insns (limit 1000000) max_states_per_insn 0 total_states 0\n",
		  "b700000000000000" "1501010000000000" "b700000001000000" "9500000000000000");
	/* an ld_imm64 takes two addresses */
	CHECK_ASM(K, "0: (18) r1 = 0x5\n2: (95) exit", "180100000500000000000000000000009500000000000000");
	/* kernel hex without (18): still ld_imm64 in kernel syntax */
	CHECK_ASM(K, "r1 = 0x5", "18010000050000000000000000000000");
	CHECK_ASM(K, "r1 = 5", "b701000005000000");
	/* the opcode must agree with the text */
	CHECK_ASM(K, "(b4) r0 = 0", "ERR:t.s:1: opcode (b4) does not match the instruction text (which is b7)");
	CHECK_ASM(K, "0: (b7) r0 = 0\n2: (95) exit", "ERR:t.s: instruction 1 is missing (the log never shows it)");
	/* if/else: the log walks 0 1 2 4, then "from 0 to 3" fills the hole */
	CHECK_ASM(K,
		  "0: (15) if r1 == 0x0 goto pc+2\n1: (b7) r0 = 1\n2: (05) goto pc+1\n4: (95) exit\n"
		  "from 0 to 3: R1=0\n3: (b7) r0 = 2\n4: (95) exit\n",
		  "1501020000000000" "b700000001000000" "0500010000000000" "b700000002000000" "9500000000000000");
	/* an ld_imm64 filling a two-slot hole */
	CHECK_ASM(K, "0: (05) goto pc+2\n3: (95) exit\n1: (18) r1 = 0x7\n",
		  "0500020000000000" "1801000007000000" "0000000000000000" "9500000000000000");
	CHECK_ASM(K, "0: (05) goto pc+1\n2: (95) exit\n1: (18) r1 = 0x7\n", "ERR:t.s:3: instruction 2 given twice");
}

static void test_detect(void **state)
{
	(void)state;
	static const struct { const char *text; enum bpfsim_asm_syntax s; } t[] = {
		{ "r0 = 0\nexit\n", BPFSIM_ASM_LLVM },
		{ "0: (b7) r0 = 0\n1: (95) exit\n", BPFSIM_ASM_KERNEL },
		{ "if r1 > r2 goto pc+3\n", BPFSIM_ASM_KERNEL },
		{ "call bpf_map_lookup_elem#1\n", BPFSIM_ASM_KERNEL },
		{ "mov %r0, 0\nexit\n", BPFSIM_ASM_CONFORMANCE },
		{ "# x\n-- asm\nexit\n-- result\n0\n", BPFSIM_ASM_CONFORMANCE },
		{ "ja +1\nexit\nexit\n", BPFSIM_ASM_CONFORMANCE },
		{ "", BPFSIM_ASM_LLVM },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(bpfsim_asm_detect(t[i].text, strlen(t[i].text)), t[i].s);
	/* the conformance dialect through bpfsim_asm, auto-detected */
	CHECK_ASM(BPFSIM_ASM_AUTO, "mov %r0, 1\nlock fetch add32 [%r10-8], %r1\ncall local f\nexit\nf:\nexit",
		  "b700000001000000c31af8ff01000000" "8510000001000000" "9500000000000000" "9500000000000000");
	assert_string_equal(bpfsim_asm_syntax_name(BPFSIM_ASM_KERNEL), "kernel");
	assert_int_equal(bpfsim_asm_syntax_from_name("llvm"), BPFSIM_ASM_LLVM);
	assert_int_equal(bpfsim_asm_syntax_from_name("nope"), -1);
}

static void test_errors(void **state)
{
	(void)state;
	const enum bpfsim_asm_syntax L = BPFSIM_ASM_LLVM;

	CHECK_ASM(L, "r0 = 0\nr0 = frob", "ERR:t.s:2: unknown operand 'frob'");
	CHECK_ASM(L, "r0 = 0x100000000", "ERR:t.s:1: immediate does not fit in 32 bits (add 'll' for a 64-bit load)");
	CHECK_ASM(L, "r0 = 99999999999999999999999 ll", "ERR:t.s:1: number too large at '99999999999999999999999 '");
	CHECK_ASM(L, "goto nowhere", "ERR:t.s:1: undefined label 'nowhere'");
	CHECK_ASM(L, "goto +40000", "ERR:t.s:1: offset 40000 does not fit in 16 bits");
	CHECK_ASM(L, "a:\nexit\na:\nexit", "ERR:t.s:3: label 'a' already defined on line 1");
	CHECK_ASM(L, "r0 = *(u128 *)(r1 + 0)",
		  "ERR:t.s:1: expected a size (u8, u16, u32, u64, s8, s16, s32) at 'u128 *)(r1 + 0)'");
	CHECK_ASM(L, "r16 = 1", "ERR:t.s:1: cannot parse instruction 'r16 = 1'");
	CHECK_ASM(L, "exit now", "ERR:t.s:1: unexpected text 'now'");
	CHECK_ASM(L, "<unknown>", "ERR:t.s:1: cannot assemble '<unknown>'");
	CHECK_ASM(L, "if r1 ~ 2 goto +1", "ERR:t.s:1: expected a comparison at '~ 2 goto +1'");
	CHECK_ASM(L, "r1 = map_value[x]+99999999999 ll", "ERR:t.s:1: immediate 99999999999 does not fit in 32 bits");
	CHECK_ASM(L, "r1 = btf_id[name]", "ERR:t.s:1: btf_id[] takes a number, not a name");
	CHECK_ASM(L, "r1 = be17 r1", "ERR:t.s:1: bad byte swap width 17");
	/* a label jump too far for 16 bits */
	{
		size_t n = 40000;
		char *big = malloc(n * 5 + 64);
		size_t pos = (size_t)sprintf(big, "goto far\n");

		for (size_t i = 0; i < n; i++)
			pos += (size_t)sprintf(big + pos, "exit\n");
		sprintf(big + pos, "far:\nexit\n");
		CHECK_ASM(L, big, "ERR:t.s:1: jump to 'far' is out of range (40000 does not fit in 16 bits)");
		free(big);
	}
	/* not NUL-terminated, embedded NUL, random bytes: an error or a result, no crash */
	{
		struct bpfsim_asm_result r;
		struct bpfsim_err e;
		const char txt[] = { 'e', 'x', 'i', 't', '\n', 'r', '0', ' ', '=', ' ', '1', '\0', 'x', '\n', 'r' };

		memset(&e, 0, sizeof(e));
		int rc = bpfsim_asm(txt, sizeof(txt), NULL, &r, &e);

		assert_true(rc < 0);
		assert_string_equal(e.msg, "<input>:3: cannot parse instruction 'r'");
		unsigned seed = 1;

		for (int it = 0; it < 2000; it++) {
			char buf[64];

			for (size_t i = 0; i < sizeof(buf); i++) {
				seed = seed * 1103515245 + 12345;
				buf[i] = (char)(seed >> 16);
			}
			struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = (enum bpfsim_asm_syntax)(it % 4) };

			if (bpfsim_asm(buf, sizeof(buf), &o, &r, &e) == 0)
				bpfsim_asm_result_free(&r);
			else
				assert_non_null(strchr(e.msg, ':'));
		}
	}
}

/* ---------------- llvm-objdump of a clang-built program ---------------- */

static int run(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void objdump_text(int with_relocs)
{
	int local_calls = 0;

	const char *clang = getenv("BPFSIM_CLANG"), *objdump = getenv("BPFSIM_LLVM_OBJDUMP");

	if (!clang || !objdump || !*clang || !*objdump) {
		fprintf(stderr, "BPFSIM_CLANG / BPFSIM_LLVM_OBJDUMP not set: llvm-objdump comparison skipped\n");
		skip();
	}
	char dir[] = "/tmp/bpfsim-test-asm-XXXXXX";

	assert_non_null(mkdtemp(dir));
	char path[256], cmd[2048];

	snprintf(path, sizeof(path), "%s/p.c", dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	/* exercise loads, stores, branches, calls, 64-bit immediates, atomics,
	 * byte swaps, 32-bit ALU, a bpf-to-bpf call and a helper call */
	fputs("typedef unsigned long long u64; typedef unsigned int u32; typedef unsigned short u16;\n"
	      "static long (*helper)(void *, void *) = (void *)1;\n"
	      "__attribute__((noinline)) static int sub(int a, int b) { return a * b - (a >> 3) + ((unsigned)b / 7); }\n"
	      "int counter;\n"
	      "__attribute__((section(\"xdp\"))) int prog(u64 *ctx) {\n"
	      "  u64 x = ctx[0], k = 0x1122334455667788ULL; u32 y = (u32)ctx[1]; u16 z = (u16)ctx[2];\n"
	      "  char buf[16] = {1,2,3};\n"
	      "  if (x > 10) y += 3; else if ((long)x < -5) y ^= 0xff;\n"
	      "  for (int i = 0; i < 4; i++) buf[i] += (char)i;\n"
	      "  __sync_fetch_and_add(&ctx[3], 5);\n"
	      "  x = __builtin_bswap64(x) ^ k; z = __builtin_bswap16(z);\n"
	      "  helper(buf, &x); counter++;\n"
	      "  return sub((int)x, y) + z + buf[1] + (x % 13 == 0);\n"
	      "}\n",
	      f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' -O2 -target bpf -mcpu=v3 -c %s/p.c -o %s/p.o && '%s' %s %s/p.o > %s/p.dis",
		 clang, dir, dir, objdump, with_relocs ? "-dr" : "-d", dir, dir);
	if (run(cmd) != 0)
		fail_msg("could not build or disassemble: %s", cmd);
	snprintf(path, sizeof(path), "%s/p.dis", dir);
	uint8_t *text;
	size_t len;
	struct bpfsim_err e = { 0 };

	assert_int_equal(bpfsim_read_file(path, &text, &len, &e), 0);
	/* expected bytes: the byte column */
	uint8_t *want = malloc(len);
	size_t nw = 0;

	for (char *l = (char *)text; l && *l;) {
		char *eol = strchr(l, '\n');
		char *p = l;

		while (*p == ' ')
			p++;
		if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			if (*p == ':' && p[1] == '\t') {
				p += 2;
				unsigned b;
				int used;

				while (sscanf(p, "%2x%n", &b, &used) == 1 && used == 2 && (p[2] == ' ' || p[2] == '\t')) {
					want[nw++] = (uint8_t)b;
					p += 3;
					if (p[-1] == '\t')
						break;
				}
			}
		}
		l = eol ? eol + 1 : NULL;
	}
	assert_true(nw >= 8 * 20);
	struct bpfsim_asm_opts o = { .sz = sizeof(o), .filename = path };
	struct bpfsim_asm_result r;

	if (bpfsim_asm((const char *)text, len, &o, &r, &e))
		fail_msg("%s", e.msg);
	assert_int_equal(r.syntax, BPFSIM_ASM_LLVM);
	assert_int_equal(r.n_insns * 8, nw);
	for (size_t i = 0; i < r.n_insns; i++) {
		uint8_t b[8];

		bpfsim_insn_encode(&r.insns[i], b);
		/* llvm-objdump -d alone prints every call as "call N": without the
		 * relocation lines a bpf-to-bpf call (src_reg 1) looks like a helper */
		if (!with_relocs && b[0] == 0x85 && (want[i * 8 + 1] >> 4) == 1)
			b[1] = (uint8_t)(b[1] | 0x10);
		if (b[0] == 0x85 && (want[i * 8 + 1] >> 4) == 1)
			local_calls++;
		if (memcmp(b, want + i * 8, 8))
			fail_msg("slot %zu: assembled %02x%02x%02x%02x%02x%02x%02x%02x, llvm-objdump shows "
				 "%02x%02x%02x%02x%02x%02x%02x%02x",
				 i, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], want[i * 8], want[i * 8 + 1],
				 want[i * 8 + 2], want[i * 8 + 3], want[i * 8 + 4], want[i * 8 + 5], want[i * 8 + 6],
				 want[i * 8 + 7]);
	}
	assert_true(local_calls > 0);
	bpfsim_asm_result_free(&r);
	free(want);
	free(text);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(run(cmd), 0);
}

static void test_objdump_text(void **state)
{
	(void)state;
	objdump_text(0);
	objdump_text(1); /* with -r: byte-exact, calls included */
}

/* ---------------- a real verifier log (root, bpf(2)) ---------------- */

/* Load llvm text as a socket filter; return the log (static) and the insns. */
static const char *kernel_log(const char *text, int level, struct bpfsim_asm_result *r, int *fd)
{
	static char log[1 << 18];
	struct bpfsim_err e = { 0 };
	struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = BPFSIM_ASM_LLVM, .filename = "k.s" };

	if (bpfsim_asm(text, strlen(text), &o, r, &e))
		fail_msg("%s", e.msg);
	struct bpf_insn *ins = calloc(r->n_insns, sizeof(*ins));

	assert_non_null(ins);
	for (size_t i = 0; i < r->n_insns; i++)
		bpfsim_insn_encode(&r->insns[i], (uint8_t *)&ins[i]);
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .log_buf = log, .log_size = sizeof(log), .log_level = (__u32)level);
	log[0] = 0;
	*fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "asm_test", "GPL", ins, (__u32)r->n_insns, &lo);
	free(ins);
	return log;
}

static void test_kernel_log(void **state)
{
	(void)state;
	static const char *const progs[] = {
		/* accepted; log level 2 walks both arms, with a 64-bit immediate
		 * and a helper call (6.18 also prints a "Live regs" listing) */
		"r6 = r1\nr1 = 0\n*(u64 *)(r10 - 8) = r1\nr0 = *(u32 *)(r6 + 0)\nif r0 > 100 goto big\n"
		"r0 += 1\nr2 = 0x1122334455667788 ll\ngoto out\nbig:\nr0 = 7\nw0 s/= 3\ncall 5\nout:\n"
		"r1 = *(u64 *)(r10 - 8)\nr0 += r1\nexit\n",
		/* rejected (R0 !read_ok on the second path); log level 2 */
		"if r1 == 0 goto l\nr0 = 1\nexit\nl:\nexit\n",
	};
	int tested = 0;

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct bpfsim_asm_result want, got;
		struct bpfsim_err e = { 0 };
		int fd;
		const char *log = kernel_log(progs[i], 2, &want, &fd);

		if (fd < 0 && (errno == EPERM || errno == ENOSYS || !log[0])) {
			fprintf(stderr, "bpf(2) unavailable (%s): real verifier log not tested\n", strerror(errno));
			bpfsim_asm_result_free(&want);
			skip();
		}
		if (i == 0 && fd < 0)
			fail_msg("kernel rejected the accepted test program: %s", log);
		if (i == 1 && fd >= 0)
			fail_msg("kernel accepted the rejected test program");
		if (fd >= 0)
			close(fd);
		struct bpfsim_asm_opts o = { .sz = sizeof(o), .filename = "verifier.log" };

		if (bpfsim_asm(log, strlen(log), &o, &got, &e))
			fail_msg("%s\nlog:\n%s", e.msg, log);
		assert_int_equal(got.syntax, BPFSIM_ASM_KERNEL);
		assert_int_equal(got.n_insns, want.n_insns);
		assert_insns_equal(got.insns, want.insns, got.n_insns);
		bpfsim_asm_result_free(&got);
		bpfsim_asm_result_free(&want);
		tested++;
	}
	assert_int_equal(tested, 2);

	/* log level 1 keeps only the failing path: what it never shows is
	 * reported missing, not invented */
	struct bpfsim_asm_result want, got;
	struct bpfsim_err e = { 0 };
	int fd;
	const char *log = kernel_log(progs[1], 1, &want, &fd);
	struct bpfsim_asm_opts o = { .sz = sizeof(o), .filename = "verifier.log" };

	assert_true(fd < 0);
	assert_true(bpfsim_asm(log, strlen(log), &o, &got, &e) < 0);
	assert_string_equal(e.msg, "verifier.log: instruction 1 is missing (the log never shows it)");
	bpfsim_asm_result_free(&want);
}

/* ---------------- the CLI ---------------- */

static void test_cli(void **state)
{
	(void)state;
	const char *bpfsim = getenv("BPFSIM");

	if (!bpfsim) {
		fprintf(stderr, "BPFSIM not set: CLI not tested\n");
		skip();
	}
	char dir[] = "/tmp/bpfsim-test-asmcli-XXXXXX", cmd[2048], path[256];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.s", dir);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("r0 = 1\nr1 = map[m] ll\nexit\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' asm --map x --map m %s -o %s/a.bin", bpfsim, path, dir);
	assert_int_equal(run(cmd), 0);
	snprintf(path, sizeof(path), "%s/a.bin", dir);
	uint8_t *bin;
	size_t len;
	struct bpfsim_err e = { 0 };

	assert_int_equal(bpfsim_read_file(path, &bin, &len, &e), 0);
	static const uint8_t want[] = { 0xb7, 0, 0, 0, 1, 0, 0, 0, 0x18, 0x11, 0, 0, 1, 0, 0, 0,
					0,    0, 0, 0, 0, 0, 0, 0, 0x95, 0,    0, 0, 0, 0, 0, 0 };
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(bin, want, sizeof(want));
	free(bin);
	snprintf(cmd, sizeof(cmd), "'%s' asm --hex %s/a.s > %s/hex.txt", bpfsim, dir, dir);
	assert_int_equal(run(cmd), 0);
	snprintf(path, sizeof(path), "%s/hex.txt", dir);
	assert_int_equal(bpfsim_read_file(path, &bin, &len, &e), 0);
	/* without --map, m is index 0 */
	assert_string_equal((char *)bin, "b70000000100000018110000000000000000000000000000" "9500000000000000\n");
	free(bin);
	/* bad input: exit 3 and one FILE:LINE line */
	snprintf(path, sizeof(path), "%s/bad.s", dir);
	f = fopen(path, "w");
	fputs("exit\nr0 = = 1\n", f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "'%s' asm %s 2> %s/err.txt", bpfsim, path, dir);
	assert_int_equal(run(cmd), 3);
	snprintf(cmd, sizeof(cmd), "grep -qx 'bpfsim asm: %s:2: expected a number at .*' %s/err.txt && test $(wc -l < %s/err.txt) = 1",
		 path, dir, dir);
	assert_int_equal(run(cmd), 0);
	snprintf(cmd, sizeof(cmd), "'%s' asm %s/missing.s 2>/dev/null", bpfsim, dir);
	assert_int_equal(run(cmd), 3);
	snprintf(cmd, sizeof(cmd), "'%s' asm --syntax=bogus x.s 2>/dev/null", bpfsim);
	assert_int_equal(run(cmd), 2);
	snprintf(cmd, sizeof(cmd), "'%s' asm 2>/dev/null", bpfsim);
	assert_int_equal(run(cmd), 2);
	snprintf(cmd, sizeof(cmd), "'%s' asm --help | grep -q 'map_value'", bpfsim);
	assert_int_equal(run(cmd), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(run(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conformance_suite), cmocka_unit_test(test_conformance_sections),
		cmocka_unit_test(test_llvm_syntax),       cmocka_unit_test(test_kernel_syntax),
		cmocka_unit_test(test_detect),            cmocka_unit_test(test_errors),
		cmocka_unit_test(test_objdump_text),      cmocka_unit_test(test_kernel_log),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
