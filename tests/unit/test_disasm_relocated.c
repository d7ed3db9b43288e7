/* SPDX-License-Identifier: Apache-2.0 */
/*
 * `bpfsim disasm --relocated` (tools/bpfsim/cmd_disasm.c) on the demo object
 * (build/examples/xdp_proto_count.bpf.o) and the tests/progs objects, program
 * by program (--prog NAME), in both syntaxes:
 *
 *  - every instruction of the loader's final program (bpfsim_prog__insns)
 *    appears, once, at its index: the printed text assembles back
 *    (bpfsim_asm, map names from the program's map list) to exactly those
 *    instructions, map references and subprogram calls included;
 *  - the "; TEXT [file:F line_num:L line_col:C]" lines are exactly the
 *    .BTF.ext line_info records of the program's functions, read
 *    here straight from the ELF (libelf + libbpf's BTF strings), placed at
 *    func start + (record offset - function symbol offset);
 *  - the instruction count equals libbpf 1.1's bpf_program__insn_cnt: after
 *    bpf_object__open_file for programs without subprograms (libbpf appends
 *    subprograms at load time), and after bpf_object__load (as root) for all
 *    programs, whose final code/regs/offsets must equal ours too;
 *  - `bpftool prog dump xlated id N linum` of the program libbpf loaded
 *    prints our source lines in our order (a subsequence: the kernel drops
 *    the lines of code it removes as dead);
 *  - bad input (missing file, truncated object, an object the loader
 *    rejects) exits 3 with one stderr line naming the file; --prog naming no
 *    program exits 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "bpfsim/asm.h"
#include "bpfsim/object.h"

static const char *g_cli, *g_build;
static int g_checked_progs, g_loaded_progs, g_bpftool_progs, g_bpftool_equal;

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

/* Run a shell command; stdout into a malloc'ed string, exit status out. */
static char *run(const char *cmd, int *status)
{
	FILE *f = popen(cmd, "r");
	size_t cap = 1 << 16, len = 0, k;
	char *buf = malloc(cap);

	assert_non_null(f);
	assert_non_null(buf);
	while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	buf[len] = 0;
	int st = pclose(f);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return buf;
}

/* ---- .BTF.ext line_info, read independently of src/object ---- */

struct elf_info {
	Elf *elf;
	int fd;
	struct btf *btf;
	const uint8_t *ext;
	size_t ext_len;
};

static void elf_info_open(const char *path, struct elf_info *ei)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	memset(ei, 0, sizeof(*ei));
	elf_version(EV_CURRENT);
	ei->fd = open(path, O_RDONLY);
	assert_true(ei->fd >= 0);
	ei->elf = elf_begin(ei->fd, ELF_C_READ, NULL);
	assert_non_null(ei->elf);
	assert_int_equal(elf_getshdrstrndx(ei->elf, &shstrndx), 0);
	while ((scn = elf_nextscn(ei->elf, scn))) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		const char *nm = elf_strptr(ei->elf, shstrndx, sh.sh_name);
		if (nm && !strcmp(nm, ".BTF.ext")) {
			Elf_Data *d = elf_getdata(scn, NULL);
			ei->ext = d->d_buf;
			ei->ext_len = d->d_size;
		}
	}
	ei->btf = btf__parse_elf(path, NULL);
}

static void elf_info_close(struct elf_info *ei)
{
	btf__free(ei->btf);
	elf_end(ei->elf);
	close(ei->fd);
}

/* Section index, value and size of the STT_FUNC symbol name. */
static int find_func_sym(struct elf_info *ei, const char *name, size_t *shndx, uint64_t *value, uint64_t *size)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(ei->elf, scn))) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			gelf_getsym(d, (int)i, &s);
			const char *nm = elf_strptr(ei->elf, sh.sh_link, s.st_name);
			if (GELF_ST_TYPE(s.st_info) == STT_FUNC && nm && !strcmp(nm, name)) {
				*shndx = s.st_shndx;
				*value = s.st_value;
				*size = s.st_size;
				return 0;
			}
		}
	}
	return -1;
}

static const char *sec_name(struct elf_info *ei, size_t shndx)
{
	size_t shstrndx;
	GElf_Shdr sh;

	elf_getshdrstrndx(ei->elf, &shstrndx);
	gelf_getshdr(elf_getscn(ei->elf, shndx), &sh);
	return elf_strptr(ei->elf, shstrndx, sh.sh_name);
}

/* One expected or printed source line. */
struct src_line {
	size_t insn;
	char text[1024];
};

/* Append the expected "; ..." lines of function fname placed at final
 * instruction base. */
static size_t expect_lines(struct elf_info *ei, const char *fname, size_t base, struct src_line *out, size_t max,
			   size_t k)
{
	size_t shndx = 0;
	uint64_t value = 0, size = 0;
	uint32_t hdr_len, li_off, li_len, rec_size;

	assert_int_equal(find_func_sym(ei, fname, &shndx, &value, &size), 0);
	const char *sname = sec_name(ei, shndx);
	if (!ei->ext)
		return k;
	memcpy(&hdr_len, ei->ext + 4, 4);
	memcpy(&li_off, ei->ext + 16, 4);
	memcpy(&li_len, ei->ext + 20, 4);
	const uint8_t *p = ei->ext + hdr_len + li_off, *end = p + li_len;
	memcpy(&rec_size, p, 4);
	p += 4;
	while (p + 8 <= end) {
		uint32_t sec_off, num;
		memcpy(&sec_off, p, 4);
		memcpy(&num, p + 4, 4);
		p += 8;
		const char *s = btf__name_by_offset(ei->btf, sec_off);
		for (uint32_t r = 0; r < num; r++, p += rec_size) {
			uint32_t rec[4];
			memcpy(rec, p, sizeof(rec));
			if (strcmp(s, sname) || rec[0] < value || rec[0] >= value + size)
				continue;
			const char *file = btf__name_by_offset(ei->btf, rec[1]);
			const char *text = btf__name_by_offset(ei->btf, rec[2]);
			if (!text)
				text = "";
			while (*text == ' ' || *text == '\t')
				text++;
			assert_true(k < max);
			out[k].insn = base + (rec[0] - value) / 8;
			snprintf(out[k].text, sizeof(out[k].text), "; %s [file:%s line_num:%u line_col:%u]", text,
				 file ? file : "", rec[3] >> 10, rec[3] & 0x3ff);
			k++;
		}
	}
	return k;
}

static int line_cmp(const void *a, const void *b)
{
	const struct src_line *x = a, *y = b;
	if (x->insn != y->insn)
		return x->insn < y->insn ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* ---- one program ---- */

static void check_prog(const char *path, const struct bpfsim_prog *p, struct elf_info *ei, const char *syntax)
{
	const char *name = bpfsim_prog__name(p);
	size_t n = 0, nfi = 0, nmaps = bpfsim_prog__map_cnt(p);
	const struct bpfsim_insn *insns = bpfsim_prog__insns(p, &n);
	const struct bpfsim_func_info *fi = bpfsim_prog__func_info(p, &nfi);
	char cmd[2048];
	int st;

	snprintf(cmd, sizeof(cmd), "'%s' disasm --relocated --syntax=%s --prog '%s' '%s'", g_cli, syntax, name, path);
	char *out = run(cmd, &st);
	assert_int_equal(st, 0);

	/* 1. instruction lines: one per instruction start, in order */
	size_t want = 0, nlines = 0, max_lines = n + 64;
	struct src_line *got = calloc(max_lines, sizeof(*got)), *exp = calloc(max_lines, sizeof(*exp));
	char pending[64][1024];
	size_t npending = 0;
	assert_non_null(got);
	assert_non_null(exp);
	for (char *line = out, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		char *q = line;
		while (*q == ' ')
			q++;
		if (*q >= '0' && *q <= '9') {
			size_t idx = strtoul(q, NULL, 10);
			if (idx != want)
				fail_msg("%s %s (%s): instruction line %zu where %zu was due: %s", path, name, syntax,
					 idx, want, line);
			for (size_t k = 0; k < npending; k++) {
				assert_true(nlines < max_lines);
				got[nlines].insn = idx;
				memcpy(got[nlines++].text, pending[k], sizeof(got[0].text));
			}
			npending = 0;
			want += insns[idx].code == 0x18 ? 2 : 1;
		} else if (line[0] == ';' && strstr(line, " [file:")) {
			assert_true(npending < 64);
			size_t l = strlen(line);
			if (l >= sizeof(pending[0]))
				l = sizeof(pending[0]) - 1;
			memcpy(pending[npending], line, l);
			pending[npending++][l] = 0;
		}
		*nl = '\n';
	}
	assert_int_equal(want, n);
	assert_int_equal(npending, 0);

	/* 2. the text assembles back to the same instructions */
	const char **mnames = calloc(nmaps + 1, sizeof(*mnames));
	assert_non_null(mnames);
	for (size_t j = 0; j < nmaps; j++)
		mnames[j] = bpfsim_prog__map(p, j)->name;
	struct bpfsim_asm_opts ao = { .sz = sizeof(ao),
				      .syntax = strcmp(syntax, "llvm") ? BPFSIM_ASM_KERNEL : BPFSIM_ASM_LLVM,
				      .filename = name,
				      .map_names = mnames,
				      .n_map_names = nmaps };
	struct bpfsim_asm_result res = { 0 };
	struct bpfsim_err err = { 0 };
	int r = bpfsim_asm(out, strlen(out), &ao, &res, &err);
	if (r)
		fail_msg("%s %s (%s): the output does not assemble: %s", path, name, syntax, err.msg);
	assert_int_equal(res.n_insns, n);
	for (size_t i = 0; i < n; i++) {
		const struct bpfsim_insn *a = &res.insns[i], *b = &insns[i];
		if (a->code != b->code || a->dst != b->dst || a->src != b->src || a->off != b->off || a->imm != b->imm)
			fail_msg("%s %s (%s): insn %zu reads back as %02x %u %u %d %d, is %02x %u %u %d %d", path,
				 name, syntax, i, a->code, a->dst, a->src, a->off, a->imm, b->code, b->dst, b->src,
				 b->off, b->imm);
	}
	bpfsim_asm_result_free(&res);
	free(mnames);

	/* 3. source lines == .BTF.ext line_info of the program's functions */
	size_t nexp = 0;
	assert_true(nfi >= 1);
	assert_int_equal(fi[0].insn_off, 0);
	for (size_t f = 0; f < nfi; f++) {
		const struct btf_type *t = btf__type_by_id(ei->btf, fi[f].type_id);
		assert_non_null(t);
		const char *fname = btf__name_by_offset(ei->btf, t->name_off);
		if (f == 0)
			assert_string_equal(fname, name);
		nexp = expect_lines(ei, fname, fi[f].insn_off, exp, max_lines, nexp);
	}
	qsort(got, nlines, sizeof(*got), line_cmp);
	qsort(exp, nexp, sizeof(*exp), line_cmp);
	for (size_t k = 0; k < nlines && k < nexp; k++)
		if (got[k].insn != exp[k].insn || strcmp(got[k].text, exp[k].text))
			fail_msg("%s %s: source line #%zu: printed at %zu '%s', .BTF.ext has at %zu '%s'", path, name,
				 k, got[k].insn, got[k].text, exp[k].insn, exp[k].text);
	assert_int_equal(nlines, nexp);
	assert_true(nexp > 0); /* every test object is built with -g */
	free(got);
	free(exp);
	free(out);
	g_checked_progs++;
}

/* The "; TEXT [file:...]" lines of a text, in order (pointers into text,
 * which is modified: lines are NUL-terminated). */
static size_t src_lines(char *text, char **out, size_t max)
{
	size_t k = 0;

	for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (!strncmp(line, "; ", 2) && strstr(line, " [file:") && k < max)
			out[k++] = line;
	}
	return k;
}

/* `bpftool prog dump xlated id ID linum` on the program libbpf loaded shows
 * our source lines, in our order; the kernel may drop the lines of code it
 * removed as dead, so bpftool's must be a subsequence of ours (and equal
 * when the xlated program keeps all of them). */
static void check_bpftool(const char *path, const char *name, int fd)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info);
	char cmd[2600];
	int st;

	if (access("/usr/sbin/bpftool", X_OK) || bpf_obj_get_info_by_fd(fd, &info, &len))
		return;
	snprintf(cmd, sizeof(cmd), "'%s' disasm --relocated --prog '%s' '%s'", g_cli, name, path);
	char *ours = run(cmd, &st);
	assert_int_equal(st, 0);
	snprintf(cmd, sizeof(cmd), "/usr/sbin/bpftool prog dump xlated id %u linum 2>/dev/null", info.id);
	char *theirs = run(cmd, &st);
	if (st == 0) {
		char *a[4096], *b[4096];
		size_t na = src_lines(ours, a, 4096), nb = src_lines(theirs, b, 4096), j = 0;

		for (size_t i = 0; i < na && j < nb; i++)
			if (!strcmp(a[i], b[j]))
				j++;
		if (j != nb)
			fail_msg("%s %s: bpftool's source line '%s' is not in our output in that order", path, name,
				 b[j]);
		assert_true(nb > 0);
		g_bpftool_progs++;
		g_bpftool_equal += na == nb;
		if (na != nb)
			fprintf(stderr, "note: %s %s: bpftool shows %zu of our %zu source lines (xlated %u bytes)\n",
				path, name, nb, na, info.xlated_prog_len);
	}
	free(ours);
	free(theirs);
}

/* libbpf 1.1's instruction count (and final instructions after a load). */
static void check_libbpf(const char *path, const struct bpfsim_prog *p)
{
	const char *name = bpfsim_prog__name(p);
	size_t n = 0, nfi = 0;
	const struct bpfsim_insn *insns = bpfsim_prog__insns(p, &n);
	struct bpf_object *lo = bpf_object__open_file(path, NULL);
	struct bpf_program *lp, *q;

	bpfsim_prog__func_info(p, &nfi);
	if (!lo) {
		/* libbpf 1.x no longer opens objects with a legacy "maps" section */
		if (!strstr(path, "obj_legacy"))
			fail_msg("libbpf cannot open %s", path);
		fprintf(stderr, "note: libbpf 1.x does not open %s (legacy maps): no count comparison\n", path);
		return;
	}
	lp = bpf_object__find_program_by_name(lo, name);
	assert_non_null(lp);
	if (nfi <= 1)
		assert_int_equal(bpf_program__insn_cnt(lp), n);
	/* load this program alone, else (prog arrays initialised with other
	 * programs of the object need them) the whole object */
	for (int all = 0; geteuid() == 0 && all < 2; all++) {
		if (all) {
			bpf_object__close(lo);
			lo = bpf_object__open_file(path, NULL);
			assert_non_null(lo);
			lp = bpf_object__find_program_by_name(lo, name);
		}
		bpf_object__for_each_program(q, lo)
			bpf_program__set_autoload(q, all || q == lp);
		if (bpf_object__load(lo) == 0) {
			const struct bpf_insn *li = bpf_program__insns(lp);
			assert_int_equal(bpf_program__insn_cnt(lp), n);
			for (size_t i = 0; i < n; i++) {
				if (li[i].code != insns[i].code || li[i].dst_reg != insns[i].dst ||
				    li[i].src_reg != insns[i].src || li[i].off != insns[i].off)
					fail_msg("%s %s: insn %zu: libbpf %02x, bpfsim %02x", path, name, i, li[i].code,
						 insns[i].code);
			}
			g_loaded_progs++;
			check_bpftool(path, name, bpf_program__fd(lp));
			break;
		}
		if (all)
			fprintf(stderr, "note: %s %s: the kernel rejects it with libbpf too: count not compared\n",
				path, name);
	}
	bpf_object__close(lo);
}

static void check_object(const char *path)
{
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };
	struct elf_info ei;

	if (access(path, R_OK)) {
		fprintf(stderr, "note: %s not built, not checked\n", path);
		return;
	}
	if (bpfsim_object__open(path, NULL, &obj, &err))
		fail_msg("open %s: %s", path, err.msg);
	elf_info_open(path, &ei);
	assert_non_null(ei.btf);
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		check_prog(path, p, &ei, "kernel");
		check_prog(path, p, &ei, "llvm");
		check_libbpf(path, p);
	}
	elf_info_close(&ei);
	bpfsim_object__close(obj);
}

static void test_example(void **state)
{
	char path[1200];
	(void)state;
	snprintf(path, sizeof(path), "%s/examples/xdp_proto_count.bpf.o", g_build);
	assert_int_equal(access(path, R_OK), 0);
	g_checked_progs = 0;
	check_object(path);
	assert_int_equal(g_checked_progs, 4); /* two programs, two syntaxes */
}

static void test_progs(void **state)
{
	static const char *names[] = { "obj_net", "obj_trace", "obj_maps", "obj_legacy", "obj_legacy_iproute",
				       "obj_core", "obj_core_kconfig", "obj_core_ksym", "obj_core_ksymvar" };
	char path[1200];
	(void)state;
	g_checked_progs = 0;
	g_loaded_progs = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/tests/progs/%s.o", g_build, names[i]);
		check_object(path);
	}
	fprintf(stderr,
		"note: %d program/syntax pairs checked, %d programs compared with a libbpf load, "
		"%d with bpftool's linum dump (%d with every source line kept by the kernel)\n",
		g_checked_progs, g_loaded_progs, g_bpftool_progs, g_bpftool_equal);
	assert_true(g_checked_progs >= 2 * 15);
}

/* The whole output of `bpfsim disasm --relocated` lists every program. */
static void test_all_programs(void **state)
{
	char path[1200], cmd[2600];
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };
	int st;
	(void)state;
	snprintf(path, sizeof(path), "%s/tests/progs/obj_net.o", g_build);
	assert_int_equal(bpfsim_object__open(path, NULL, &obj, &err), 0);
	snprintf(cmd, sizeof(cmd), "'%s' disasm --relocated '%s'", g_cli, path);
	char *out = run(cmd, &st);
	assert_int_equal(st, 0);
	size_t headers = 0;
	for (const char *s = out; (s = strstr(s, "; program ")); s++)
		headers++;
	assert_int_equal(headers, bpfsim_object__prog_cnt(obj));
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		char h[256];
		size_t n;
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		bpfsim_prog__insns(p, &n);
		snprintf(h, sizeof(h), "; program %s, section %s, %zu insns, maps:", bpfsim_prog__name(p),
			 bpfsim_prog__section(p), n);
		assert_non_null(strstr(out, h));
	}
	free(out);
	bpfsim_object__close(obj);
}

/* exit code and stderr of a command */
static void expect_fail(const char *args, int code, const char *needle)
{
	char cmd[3000], errf[] = "/tmp/bpfsim_reldisasm_XXXXXX";
	int fd = mkstemp(errf), st;
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "'%s' disasm %s 2>%s", g_cli, args, errf);
	char *out = run(cmd, &st);
	free(out);
	FILE *f = fopen(errf, "r");
	char msg[4096] = "";
	size_t len = f ? fread(msg, 1, sizeof(msg) - 1, f) : 0;
	msg[len] = 0;
	if (f)
		fclose(f);
	unlink(errf);
	if (st != code || !strstr(msg, needle))
		fail_msg("'%s': exit %d (want %d), stderr '%s' (want it to name '%s')", args, st, code, msg, needle);
	if (code == 3) { /* exactly one line */
		char *nl = strchr(msg, '\n');
		assert_non_null(nl);
		assert_int_equal(nl[1], 0);
	}
}

static void test_bad_input(void **state)
{
	char path[1200], trunc[] = "/tmp/bpfsim_reldisasm_trunc_XXXXXX", args[2600];
	(void)state;

	snprintf(path, sizeof(path), "%s/tests/progs/obj_net.o", g_build);
	/* the first 700 bytes of a real object */
	FILE *in = fopen(path, "rb");
	int fd = mkstemp(trunc);
	char buf[700];
	assert_non_null(in);
	assert_true(fd >= 0);
	assert_int_equal(fread(buf, 1, sizeof(buf), in), sizeof(buf));
	assert_int_equal(write(fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
	close(fd);
	fclose(in);
	snprintf(args, sizeof(args), "--relocated '%s'", trunc);
	expect_fail(args, 3, trunc);
	unlink(trunc);

	expect_fail("--relocated /nonexistent/reldisasm.o", 3, "/nonexistent/reldisasm.o");
	snprintf(args, sizeof(args), "--relocated '%s/tests/progs/obj_bad_notype.o'", g_build);
	snprintf(path, sizeof(path), "%s/tests/progs/obj_bad_notype.o", g_build);
	if (!access(path, R_OK))
		expect_fail(args, 3, "obj_bad_notype.o");
	snprintf(args, sizeof(args), "--relocated '%s/CMakeCache.txt'", g_build);
	expect_fail(args, 3, "CMakeCache.txt");
	snprintf(args, sizeof(args), "--relocated --prog no_such_prog '%s/tests/progs/obj_net.o'", g_build);
	expect_fail(args, 2, "no_such_prog");
	snprintf(args, sizeof(args), "--prog x '%s/tests/progs/obj_net.o'", g_build);
	expect_fail(args, 2, "--relocated");
	snprintf(args, sizeof(args), "--relocated --raw '%s/tests/progs/obj_net.o'", g_build);
	expect_fail(args, 2, "--relocated");
}

int main(void)
{
	g_cli = getenv("BPFSIM");
	g_build = getenv("BPFSIM_BUILD");
	if (!g_cli || !g_build) {
		fprintf(stderr, "BPFSIM and BPFSIM_BUILD must be set (run through ctest)\n");
		return 77;
	}
	libbpf_set_print(quiet);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_progs),
		cmocka_unit_test(test_all_programs),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
