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
 *
 * --relocated prints what a loader hands the kernel instead (the object
 * loader's final programs, bpfsim_prog__insns: .text subprograms appended,
 * map references resolved), one program after another, laid out as
 * `bpftool prog dump xlated linum` prints a program with line info:
 *
 *   ; program count_checked, section xdp, 22 insns, maps: proto_count
 *   ; int count_checked(struct xdp_md *ctx)          (func_info prototype)
 *   count_checked:                                   (func_info: a label)
 *   ; void *data = ...; [file:x.bpf.c line_num:36 line_col:34]
 *      0: (79) r1 = *(u64 *)(r1 +0)
 *     14: (18) r1 = map[proto_count]
 *
 * A "; source [file:F line_num:L line_col:C]" line precedes every
 * instruction that starts a .BTF.ext line_info record (the text trimmed on
 * the left, as bpftool does; a record without text, e.g. line 0, prints
 * ";  [file:F line_num:0 line_col:0]" as bpftool does too). ld_imm64 pseudo forms are printed the way the
 * assembler (bpfsim asm) reads them back: map[NAME] (src_reg 1),
 * map_value[NAME]+OFF (src_reg 2), btf_id[ID] (3), func[+N] (4), with the
 * map index instead of NAME when the name is not an identifier. Everything
 * that is not an instruction is a comment or a label, so one program's
 * output (--prog NAME) assembles back to the same instructions (with the
 * header's maps, in order, as the assembler's map names).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>

#include <bpf/btf.h>

#include "bpfsim/disasm.h"
#include "bpfsim/object.h"
#include "bpfsim/vectors.h"
#include "cli.h"
#include "object/elf.h"

static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim disasm [--syntax=llvm|kernel] [-r] FILE.o\n"
		"       bpfsim disasm --relocated [--prog NAME] [--btf FILE] [--syntax=kernel|llvm] FILE.o\n"
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
		"  -r, --reloc     also print relocations, as 'llvm-objdump -dr' (objects only)\n"
		"  --relocated     print each program as the loader hands it to the kernel\n"
		"                  (bpfsim's object loader: .text subprograms appended, calls\n"
		"                  fixed, map references resolved), with source lines from\n"
		"                  .BTF.ext line_info interleaved as 'bpftool prog dump xlated\n"
		"                  linum' prints them: '; TEXT [file:F line_num:L line_col:C]'.\n"
		"                  Each program starts with a '; program NAME, section S, N\n"
		"                  insns, maps: ...' comment; each function (func_info) with\n"
		"                  '; PROTOTYPE' and a 'NAME:' label. Map references read\n"
		"                  'r1 = map[NAME]' and 'r1 = map_value[NAME]+OFF' (NAME: the\n"
		"                  map's name in 'bpfsim show'; its index in the program's map\n"
		"                  list when the name is not an identifier), BTF ids\n"
		"                  'btf_id[ID]', callbacks 'func[+N]': forms 'bpfsim asm' reads\n"
		"                  back ('bpfsim asm --map M0 --map M1 ...' with the header's\n"
		"                  maps in order gives the same map indices). Instruction\n"
		"                  lines: kernel syntax '  14: (18) text' (default), llvm\n"
		"                  syntax '  14:<TAB>text' (no byte column).\n"
		"                  kfunc calls are named from the target BTF: kernel syntax\n"
		"                  'call NAME#ID', llvm syntax 'call kfunc ID ; NAME'.\n"
		"  --prog NAME     with --relocated: only the program NAME\n"
		"  --btf FILE      with --relocated: target BTF for CO-RE relocations and kfunc\n"
		"                  names (default /sys/kernel/btf/vmlinux)\n\n"
		"Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid input (missing file,\n"
		"not an eBPF ELF object, truncated instruction, unknown opcode: everything\n"
		"decodable is still printed, then one error line names the file and offset;\n"
		"--relocated: the object loader's error). --prog naming no program: exit 2.\n");
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

/* ---- --relocated: the loader's final programs with source lines ---- */

struct rel_ctx {
	const struct bpfsim_prog *prog;
	enum bpfsim_syntax syn;
	struct btf *btf; /* the object's BTF (func_info prototypes), may be NULL */
	const char *target_btf; /* --btf FILE, NULL: the running kernel's */
	struct btf *kbtf;       /* target BTF for kfunc names, loaded on first use */
	bool kbtf_tried;
};

/* kfunc name: the BTF FUNC with id imm in the target BTF (vmlinux kfuncs,
 * off == 0), or NULL. */
static const char *kfunc_name(void *ctx, const struct bpfsim_insn *call)
{
	struct rel_ctx *c = ctx;
	const struct btf_type *t;

	if (call->src != BPFSIM_PSEUDO_KFUNC_CALL || call->off != 0 || call->imm <= 0)
		return NULL;
	if (!c->kbtf_tried) {
		c->kbtf_tried = true;
		c->kbtf = c->target_btf ? btf__parse(c->target_btf, NULL) : btf__load_vmlinux_btf();
	}
	t = c->kbtf ? btf__type_by_id(c->kbtf, (uint32_t)call->imm) : NULL;
	if (!t || !btf_is_func(t))
		return NULL;
	return btf__name_by_offset(c->kbtf, t->name_off);
}

/* A name the assembler reads as map[NAME]: [A-Za-z_.$][A-Za-z0-9_.$]*. */
static bool asm_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_' || *s == '.' || *s == '$'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '$'))
			return false;
	return true;
}

static void map_ref(char *buf, size_t len, const struct bpfsim_prog *prog, int32_t j)
{
	const struct bpfsim_map_def *m = j >= 0 ? bpfsim_prog__map(prog, (size_t)j) : NULL;

	if (m && asm_ident(m->name))
		snprintf(buf, len, "%s", m->name);
	else
		snprintf(buf, len, "%d", j);
}

/* Text of final instruction i; returns its slot count (1 or 2). */
static size_t rel_insn_text(struct rel_ctx *c, const struct bpfsim_insn *insns, size_t n, size_t i,
			    char *text, size_t len)
{
	const struct bpfsim_insn *in = &insns[i];
	struct bpfsim_disasm_opts o = { .sz = sizeof(o), .call_name = kfunc_name, .call_ctx = c };
	int k = bpfsim_disasm_insn(insns, n, i, c->syn, &o, text, len);
	bool kern = c->syn == BPFSIM_SYNTAX_KERNEL;
	char name[160];

	if (in->code == 0x18 && k == 2 && in->src) {
		int32_t hi = insns[i + 1].imm;
		const char *pre = kern ? "(18) " : "", *ll = kern ? "" : " ll";

		switch (in->src) {
		case BPFSIM_PSEUDO_MAP_FD:
		case BPFSIM_PSEUDO_MAP_VALUE:
			map_ref(name, sizeof(name), c->prog, in->imm);
			snprintf(text, len, "%sr%d = %s[%s]", pre, in->dst,
				 in->src == BPFSIM_PSEUDO_MAP_FD ? "map" : "map_value", name);
			break;
		case BPFSIM_PSEUDO_BTF_ID:
			snprintf(text, len, "%sr%d = btf_id[%d]", pre, in->dst, in->imm);
			break;
		case BPFSIM_PSEUDO_FUNC:
			snprintf(text, len, "%sr%d = func[%+d]", pre, in->dst, in->imm);
			break;
		case BPFSIM_PSEUDO_MAP_IDX:
			snprintf(text, len, "%sr%d = map_idx[%d]", pre, in->dst, in->imm);
			break;
		case BPFSIM_PSEUDO_MAP_IDX_VALUE:
			snprintf(text, len, "%sr%d = map_idx_value[%d]", pre, in->dst, in->imm);
			break;
		default:
			return 2; /* unknown pseudo: keep the disassembler's text */
		}
		if (hi || in->src == BPFSIM_PSEUDO_MAP_VALUE || in->src == BPFSIM_PSEUDO_MAP_IDX_VALUE) {
			size_t l = strlen(text);
			snprintf(text + l, len - l, "%+d", hi);
		}
		if (*ll) {
			size_t l = strlen(text);
			snprintf(text + l, len - l, "%s", ll);
		}
		return 2;
	}
	/* llvm-objdump (14) prints a bpf-to-bpf call as "call IMM", which reads
	 * back as a helper call: use the kernel's "call pc+N" there. */
	if (!kern && in->code == 0x85 && in->src == BPFSIM_PSEUDO_CALL)
		snprintf(text, len, "call pc%+d", in->imm);
	/* ... and a kfunc call as "call IMM" too: "call kfunc ID ; NAME" */
	if (!kern && in->code == 0x85 && in->src == BPFSIM_PSEUDO_KFUNC_CALL) {
		const char *nm = kfunc_name(c, in);
		snprintf(text, len, "call kfunc %d%s%s", in->imm, nm ? " ; " : "", nm ? nm : "");
	}
	return k > 0 ? (size_t)k : 1;
}

static void btf_out(void *ctx, const char *fmt, va_list ap)
{
	char *buf = ctx;
	size_t l = strlen(buf);

	if (l < 511)
		vsnprintf(buf + l, 512 - l, fmt, ap);
}

/* "; PROTOTYPE" and "NAME:" for the function whose BTF FUNC is type_id. */
static void rel_func_header(const struct rel_ctx *c, uint32_t type_id)
{
	const struct btf_type *t = c->btf ? btf__type_by_id(c->btf, type_id) : NULL;
	const char *name = t && btf_is_func(t) ? btf__name_by_offset(c->btf, t->name_off) : NULL;
	char proto[512] = "";

	if (!name || !*name)
		return;
	struct btf_dump *d = btf_dump__new(c->btf, btf_out, proto, NULL);
	if (d) {
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, o, .field_name = name);
		if (btf_dump__emit_type_decl(d, t->type, &o) < 0)
			proto[0] = 0;
		btf_dump__free(d);
	}
	if (proto[0])
		printf("; %s\n", proto);
	printf("%s:\n", name);
}

static void rel_prog(struct rel_ctx *c)
{
	const struct bpfsim_prog *p = c->prog;
	size_t n = 0, nfi = 0, nli = 0, fi = 0, li = 0, nmaps = bpfsim_prog__map_cnt(p);
	const struct bpfsim_insn *insns = bpfsim_prog__insns(p, &n);
	const struct bpfsim_func_info *finfo = bpfsim_prog__func_info(p, &nfi);
	const struct bpfsim_line_info *linfo = bpfsim_prog__line_info(p, &nli);
	const struct bpfsim_line *prev = NULL;
	char text[BPFSIM_DISASM_MAX * 2];

	printf("; program %s, section %s, %zu insns, maps:", bpfsim_prog__name(p), bpfsim_prog__section(p), n);
	for (size_t j = 0; j < nmaps; j++) {
		const struct bpfsim_map_def *m = bpfsim_prog__map(p, j);
		printf("%s [%zu] %s", j ? "," : "", j, m && m->name ? m->name : "?");
	}
	printf("%s\n", nmaps ? "" : " none");
	if (!nfi)
		printf("%s:\n", bpfsim_prog__name(p));
	for (size_t i = 0; i < n;) {
		const struct bpfsim_line *ln = NULL;

		for (; fi < nfi && finfo[fi].insn_off <= i; fi++)
			if (finfo[fi].insn_off == i)
				rel_func_header(c, finfo[fi].type_id);
		/* a source line where a line_info record starts; without
		 * line_info records, wherever the position changes */
		if (linfo) {
			bool start = false;
			for (; li < nli && linfo[li].insn_off <= i; li++)
				start |= linfo[li].insn_off == i;
			if (start)
				ln = bpfsim_prog__line(p, i);
		} else {
			ln = bpfsim_prog__line(p, i);
			if (ln && prev && ln->line == prev->line && ln->col == prev->col &&
			    !strcmp(ln->file, prev->file))
				ln = NULL;
			else
				prev = ln ? ln : prev;
		}
		/* a record without text prints ";  [file:...]", as bpftool does */
		if (ln) {
			const char *t = ln->text ? ln->text : "";
			while (*t == ' ' || *t == '\t')
				t++;
			printf("; %s [file:%s line_num:%u line_col:%u]\n", t, ln->file, ln->line, ln->col);
		}
		size_t slots = rel_insn_text(c, insns, n, i, text, sizeof(text));
		if (c->syn == BPFSIM_SYNTAX_KERNEL)
			printf("%4zu: %s\n", i, text);
		else
			printf("%4zu:\t%s\n", i, text);
		i += slots;
	}
}

static int disasm_relocated(const char *path, enum bpfsim_syntax syn, const char *only, const char *btf)
{
	struct bpfsim_object *obj = NULL;
	struct rel_ctx c = { .syn = syn, .target_btf = btf };
	const void *raw;
	size_t raw_sz = 0, nprogs;

	const struct bpfsim_prog *found;
	int rc = cli_open_object("disasm", path, btf, &obj);

	if (rc)
		return rc;
	nprogs = bpfsim_object__prog_cnt(obj);
	if (only && (rc = cli_find_prog("disasm", path, obj, only, &found))) {
		bpfsim_object__close(obj);
		return rc;
	}
	raw = bpfsim_object__btf_raw(obj, &raw_sz);
	if (raw && raw_sz) {
		c.btf = btf__new(raw, (uint32_t)raw_sz); /* libbpf 1.x: NULL on error */
	}
	for (size_t i = 0, shown = 0; i < nprogs; i++) {
		c.prog = bpfsim_object__prog(obj, i);
		if (only && strcmp(bpfsim_prog__name(c.prog), only))
			continue;
		if (shown++)
			printf("\n");
		rel_prog(&c);
	}
	btf__free(c.btf);
	btf__free(c.kbtf);
	bpfsim_object__close(obj);
	return BPFSIM_EXIT_OK;
}

int cmd_disasm(int argc, char **argv)
{
	enum { M_ELF, M_RAW, M_VEC } mode = M_ELF;
	int syn = -1, reloc = 0, relocated = 0, c;
	const char *only = NULL, *btf = NULL;
	static const struct option lopts[] = {
		{ "syntax", required_argument, NULL, 's' }, { "raw", no_argument, NULL, 'R' },
		{ "vectors", no_argument, NULL, 'V' },      { "reloc", no_argument, NULL, 'r' },
		{ "relocated", no_argument, NULL, 'L' },    { "prog", required_argument, NULL, 'P' },
		{ "btf", required_argument, NULL, 'B' },
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
		case 'L': relocated = 1; break;
		case 'P': only = optarg; break;
		case 'B': btf = optarg; break;
		case 'h': help(stdout); return BPFSIM_EXIT_OK;
		default:
			return cli_usage_error("disasm", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("disasm", "expected exactly one FILE");
	if ((only || btf) && !relocated)
		return cli_usage_error("disasm", "--prog and --btf apply to --relocated only");
	if (relocated) {
		if (mode != M_ELF || reloc)
			return cli_usage_error("disasm", "--relocated takes an ELF object (not --raw, --vectors or -r)");
		return disasm_relocated(argv[optind], syn < 0 ? BPFSIM_SYNTAX_KERNEL : (enum bpfsim_syntax)syn,
					only, btf);
	}
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
