/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim disasm: print instructions of an ELF object, a raw instruction file
 * or a vectors file, in llvm-objdump's syntax or the kernel verifier log's.
 *
 * ELF objects are laid out as `llvm-objdump -d` (with -r: `-dr`) lays them
 * out: a "FILE:\tfile format elf64-bpf" line, then for every non-empty
 * executable section "Disassembly of section NAME:", a "<sym>:" header
 * before every symbol of the section (sorted by address, then ELF symbol
 * type, then name, as llvm sorts them; of several symbols at one address
 * only the last; a section with no symbol at 0 gets one named after the
 * section), one line per instruction
 * ("%8u:\t<bytes>\t<text>", the address column in 8-byte slots) and, with -r,
 * the section's relocations after the instruction they patch. Branch targets
 * are annotated " <sym>" / " <sym+0xN>" with the last symbol at or before the
 * target, as llvm does. Big-endian objects (clang -target bpfeb) are
 * decoded in their byte order. In kernel syntax the same headers frame lines
 * "N: (xx) text" (N counted from the start of the section).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/disasm.h"
#include "bpfsim/vectors.h"
#include "cli.h"
#include "object/elf.h"

static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim disasm [--syntax=llvm|kernel] [-r] FILE.o\n"
		"       bpfsim disasm --raw [--syntax=llvm|kernel] FILE.bin\n"
		"       bpfsim disasm --vectors [--syntax=llvm|kernel] FILE.jsonl\n\n"
		"Disassemble eBPF instructions.\n\n"
		"  FILE.o          an eBPF ELF object: every executable section, function by\n"
		"                  function, laid out as 'llvm-objdump -d' prints it\n"
		"  --raw           FILE holds raw 8-byte instructions (little-endian struct bpf_insn)\n"
		"  --vectors       FILE is a vectors file (JSON lines): each vector's instructions\n"
		"  --syntax=llvm   llvm-objdump's text (LLVM 14; LLVM 18+/20 syntax for the newer\n"
		"                  instructions LLVM 14 cannot print). Default for objects.\n"
		"  --syntax=kernel the kernel verifier log's text: 'N: (b7) r0 = 0'.\n"
		"                  Default for --raw and --vectors.\n"
		"  -r, --reloc     also print relocations, as 'llvm-objdump -dr' (objects only)\n\n"
		"Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid input (missing file,\n"
		"not an eBPF ELF object, truncated instruction, unknown opcode: everything\n"
		"decodable is still printed, then one error line names the file and offset).\n");
}

struct sym {
	uint64_t addr;
	uint8_t type;
	const char *name;
};

struct sec_ctx {
	struct sym *syms;
	size_t n;
	char label[512];
};

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->type != y->type)
		return x->type < y->type ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* llvm-objdump: the last symbol whose address is <= the target (byte address,
 * computed modulo 2^64), "+0xN" when not exact. */
static const char *elf_label(void *ctx, size_t target)
{
	struct sec_ctx *c = ctx;
	uint64_t t = (uint64_t)target * 8;
	const struct sym *best = NULL;

	for (size_t i = 0; i < c->n; i++)
		if (c->syms[i].addr <= t)
			best = &c->syms[i];
	if (!best)
		return NULL;
	if (t == best->addr)
		snprintf(c->label, sizeof(c->label), "%s", best->name);
	else
		snprintf(c->label, sizeof(c->label), "%s+0x%llx", best->name,
			 (unsigned long long)(t - best->addr));
	return c->label;
}

static const char *reloc_name(uint32_t type)
{
	switch (type) {
	case 0: return "R_BPF_NONE";
	case 1: return "R_BPF_64_64";
	case 2: return "R_BPF_64_ABS64";
	case 3: return "R_BPF_64_ABS32";
	case 4: return "R_BPF_64_NODYLD32";
	case 10: return "R_BPF_64_32";
	}
	return "Unknown";
}

struct bad {
	int found;
	char msg[256];
};

static void note_bad(struct bad *b, const char *file, const char *where, size_t off, const char *what)
{
	if (b->found++)
		return;
	snprintf(b->msg, sizeof(b->msg), "%s: %s%soffset %zu: %s", file, where ? where : "",
		 where ? ", " : "", off, what);
}

/* struct bpf_insn of a big-endian object (clang -target bpfeb): the
 * register nibbles are swapped and off/imm are big-endian. */
static void decode_be(const uint8_t *raw, struct bpfsim_insn *out)
{
	out->code = raw[0];
	out->dst = raw[1] >> 4;
	out->src = raw[1] & 0x0f;
	out->off = (int16_t)(uint16_t)(raw[2] << 8 | raw[3]);
	out->imm = (int32_t)((uint32_t)raw[4] << 24 | (uint32_t)raw[5] << 16 | (uint32_t)raw[6] << 8 | raw[7]);
}

/* Print n slots decoded from raw. sec_name names the section (NULL for raw
 * and vectors) in error messages. */
static void print_insns(const char *file, const char *where, const uint8_t *raw, size_t len,
			enum bpfsim_syntax syn, const struct bpfsim_disasm_opts *opts,
			struct sec_ctx *sc, const struct bpfsim_elf *e, const struct bpfsim_elf_rel *rels,
			size_t nrels, bool big_endian, struct bad *bad)
{
	size_t n = len / 8, si = 0, ri = 0;
	struct bpfsim_insn *insns = calloc(n ? n : 1, sizeof(*insns));
	char text[BPFSIM_DISASM_MAX * 2];

	if (!insns) {
		note_bad(bad, file, where, 0, "out of memory");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (big_endian)
			decode_be(raw + i * 8, &insns[i]);
		else
			bpfsim_insn_decode(raw + i * 8, &insns[i]);
	}
	for (size_t i = 0; i < n;) {
		int k = bpfsim_disasm_insn(insns, n, i, syn, opts, text, sizeof(text));
		size_t slots = k > 0 ? (size_t)k : 1;

		if (sc) {
			while (si < sc->n && sc->syms[si].addr < i * 8)
				si++;
			/* llvm-objdump gives a symbol the bytes up to the next
			 * symbol: of several at one address only the last (in
			 * sort order) has any and gets a header. */
			for (; si < sc->n && sc->syms[si].addr == i * 8; si++)
				if (si + 1 == sc->n || sc->syms[si + 1].addr != sc->syms[si].addr)
					printf("\n%016llx <%s>:\n", (unsigned long long)(i * 8), sc->syms[si].name);
		}
		if (k < 0)
			note_bad(bad, file, where, i * 8, "ld_imm64 has no second slot");
		else if (bpfsim_insn_form(&insns[i]) == BPFSIM_FORM_INVALID) {
			char m[64];
			snprintf(m, sizeof(m), "unknown opcode %02x", insns[i].code);
			if (bpfsim_opcode_form(insns[i].code) != BPFSIM_FORM_INVALID)
				snprintf(m, sizeof(m), "invalid instruction (opcode %02x)", insns[i].code);
			note_bad(bad, file, where, i * 8, m);
		}
		if (syn == BPFSIM_SYNTAX_KERNEL) {
			printf("%zu: %s\n", i, text);
		} else {
			printf("%8zu:\t", i);
			for (size_t b = 0; b < slots * 8; b++)
				printf(b ? " %02x" : "%02x", raw[i * 8 + b]);
			printf("\t%s\n", text);
		}
		for (; rels && ri < nrels && rels[ri].offset < (i + slots) * 8; ri++) {
			const struct bpfsim_elf_sym *s = bpfsim_elf_sym(e, rels[ri].sym);
			const char *nm = s ? s->name : "";
			if (s && s->type == 3 /* STT_SECTION */) {
				const struct bpfsim_elf_sec *ts = bpfsim_elf_sec(e, s->shndx);
				nm = ts ? ts->name : "";
			}
			printf("\t\t%016llx:  %s\t%s", (unsigned long long)rels[ri].offset,
			       reloc_name(rels[ri].type), nm);
			if (rels[ri].addend)
				printf("%s0x%llx", rels[ri].addend < 0 ? "-" : "+",
				       (unsigned long long)(rels[ri].addend < 0 ? -(uint64_t)rels[ri].addend
										: (uint64_t)rels[ri].addend));
			printf("\n");
		}
		i += slots;
	}
	if (len % 8)
		note_bad(bad, file, where, n * 8, "truncated instruction (size is not a multiple of 8)");
	free(insns);
}

static int disasm_elf(const char *path, enum bpfsim_syntax syn, int reloc)
{
	struct bpfsim_elf *e;
	struct bpfsim_err err = { 0 };
	struct bad bad = { 0 };

	if (bpfsim_elf_open_file(path, &e, &err) < 0) {
		fprintf(stderr, "bpfsim disasm: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	printf("\n%s:\tfile format elf64-bpf\n", path);
	for (size_t s = 1; s < bpfsim_elf_nsecs(e); s++) {
		const struct bpfsim_elf_sec *sec = bpfsim_elf_sec(e, s);
		struct sec_ctx sc = { 0 };
		struct bpfsim_disasm_opts opts = { .sz = sizeof(opts), .label = elf_label, .label_ctx = &sc };
		const struct bpfsim_elf_rel *rels = NULL;
		size_t nrels = 0;

		if (!(sec->flags & 0x4 /* SHF_EXECINSTR */) || sec->type == 8 /* SHT_NOBITS */ || !sec->size ||
		    !sec->data)
			continue;
		sc.syms = calloc(bpfsim_elf_nsyms(e) + 1, sizeof(*sc.syms));
		if (!sc.syms) {
			bpfsim_elf_close(e);
			fprintf(stderr, "bpfsim disasm: %s: out of memory\n", path);
			return BPFSIM_EXIT_INTERNAL;
		}
		for (size_t i = 1; i < bpfsim_elf_nsyms(e); i++) {
			const struct bpfsim_elf_sym *y = bpfsim_elf_sym(e, i);
			if (y->shndx != s || !y->name[0] || y->type == 3 /* STT_SECTION */ || y->type == 4)
				continue;
			sc.syms[sc.n++] = (struct sym){ y->value, y->type, y->name };
		}
		qsort(sc.syms, sc.n, sizeof(*sc.syms), sym_cmp);
		/* No symbol at the start: llvm-objdump inserts one named after the
		 * section (also used to name branch targets). */
		if (!sc.n || sc.syms[0].addr != 0) {
			memmove(sc.syms + 1, sc.syms, sc.n * sizeof(*sc.syms));
			sc.syms[0] = (struct sym){ 0, 2 /* STT_FUNC */, sec->name };
			sc.n++;
		}
		if (reloc)
			rels = bpfsim_elf_relocs(e, s, &nrels);
		printf("\nDisassembly of section %s:\n", sec->name);
		print_insns(path, sec->name, sec->data, sec->size, syn, &opts, &sc, e, rels, nrels,
			    bpfsim_elf_big_endian(e), &bad);
		free(sc.syms);
	}
	bpfsim_elf_close(e);
	if (bad.found) {
		fprintf(stderr, "bpfsim disasm: %s\n", bad.msg);
		return BPFSIM_EXIT_INPUT;
	}
	return BPFSIM_EXIT_OK;
}

static int disasm_raw(const char *path, enum bpfsim_syntax syn)
{
	uint8_t *buf;
	size_t len;
	struct bpfsim_err err = { 0 };
	struct bad bad = { 0 };

	if (bpfsim_read_file(path, &buf, &len, &err) < 0) {
		fprintf(stderr, "bpfsim disasm: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	print_insns(path, NULL, buf, len, syn, NULL, NULL, NULL, NULL, 0, false, &bad);
	free(buf);
	if (bad.found) {
		fprintf(stderr, "bpfsim disasm: %s\n", bad.msg);
		return BPFSIM_EXIT_INPUT;
	}
	return BPFSIM_EXIT_OK;
}

struct vec_ctx {
	const char *path;
	enum bpfsim_syntax syn;
	int nvec, nbad;
	struct bad bad;
};

static int vec_cb(struct bpfsim_vector *v, const struct bpfsim_err *badline, void *ctx)
{
	struct vec_ctx *c = ctx;
	char where[160];

	if (badline) {
		fprintf(stderr, "bpfsim disasm: %s\n", badline->msg);
		c->nbad++;
		return 0;
	}
	printf("%s%s (line %zu):\n", c->nvec++ ? "\n" : "", v->name ? v->name : "(unnamed)", v->line);
	snprintf(where, sizeof(where), "line %zu", v->line);
	print_insns(c->path, where, v->raw, v->raw_len, c->syn, NULL, NULL, NULL, NULL, 0, false, &c->bad);
	return 0;
}

static int disasm_vectors(const char *path, enum bpfsim_syntax syn)
{
	struct vec_ctx c = { .path = path, .syn = syn };
	struct bpfsim_err err = { 0 };
	int r = bpfsim_vectors_read(path, NULL, vec_cb, &c, &err);

	if (r < 0) {
		fprintf(stderr, "bpfsim disasm: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}
	if (c.bad.found)
		fprintf(stderr, "bpfsim disasm: %s\n", c.bad.msg);
	return c.nbad || c.bad.found ? BPFSIM_EXIT_INPUT : BPFSIM_EXIT_OK;
}

int cmd_disasm(int argc, char **argv)
{
	enum { M_ELF, M_RAW, M_VEC } mode = M_ELF;
	int syn = -1, reloc = 0, c;
	static const struct option lopts[] = {
		{ "syntax", required_argument, NULL, 's' }, { "raw", no_argument, NULL, 'R' },
		{ "vectors", no_argument, NULL, 'V' },      { "reloc", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
	};

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "rh", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!strcmp(optarg, "llvm"))
				syn = BPFSIM_SYNTAX_LLVM;
			else if (!strcmp(optarg, "kernel"))
				syn = BPFSIM_SYNTAX_KERNEL;
			else
				return cli_usage_error("disasm", "unknown syntax '%s' (llvm or kernel)", optarg);
			break;
		case 'R': mode = M_RAW; break;
		case 'V': mode = M_VEC; break;
		case 'r': reloc = 1; break;
		case 'h': help(stdout); return BPFSIM_EXIT_OK;
		default:
			return cli_usage_error("disasm", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("disasm", "expected exactly one FILE");
	if (mode == M_RAW && syn < 0)
		syn = BPFSIM_SYNTAX_KERNEL;
	if (mode == M_VEC && syn < 0)
		syn = BPFSIM_SYNTAX_KERNEL;
	if (syn < 0)
		syn = BPFSIM_SYNTAX_LLVM;
	if (reloc && mode != M_ELF)
		return cli_usage_error("disasm", "-r applies to ELF objects only");
	if (mode == M_RAW)
		return disasm_raw(argv[optind], (enum bpfsim_syntax)syn);
	if (mode == M_VEC)
		return disasm_vectors(argv[optind], (enum bpfsim_syntax)syn);
	return disasm_elf(argv[optind], (enum bpfsim_syntax)syn, reloc);
}
