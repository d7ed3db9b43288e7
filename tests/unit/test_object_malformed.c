/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Malformed objects: each is made here from a good clang-built object
 * (tests/progs/obj_net.bpf.c) by changing a few bytes, written to
 * $BPFSIM_BUILD/tests/data/objects/<case>.o, and must give (1) from the
 * library a negative errno and one line "<file>: <what is wrong>" containing
 * the expected words, and (2) from `bpfsim show` exit code 3 and that line on
 * stderr. Plus a seeded mutation run: thousands of random corruptions must
 * never crash (run under ASan/UBSan to make that mean something).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <elf.h>

#include "bpfsim/object.h"

static char g_build[1024];
static const char *g_cli;
static uint8_t *g_good;
static size_t g_good_len;

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

static int load(const char *name, uint8_t **buf, size_t *len)
{
	char path[1200];
	struct bpfsim_err err;

	snprintf(path, sizeof(path), "%s/tests/progs/%s.o", g_build, name);
	return bpfsim_read_file(path, buf, len, &err);
}

static Elf64_Shdr *shdr(uint8_t *img, size_t i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;

	return (Elf64_Shdr *)(img + eh->e_shoff + i * sizeof(Elf64_Shdr));
}

static size_t find_sec(uint8_t *img, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	const char *strs = (const char *)img + shdr(img, eh->e_shstrndx)->sh_offset;

	for (size_t i = 1; i < eh->e_shnum; i++)
		if (!strcmp(strs + shdr(img, i)->sh_name, name))
			return i;
	fail_msg("section %s not found", name);
	return 0;
}

static uint8_t *copy_good(void)
{
	uint8_t *c = malloc(g_good_len);

	assert_non_null(c);
	memcpy(c, g_good, g_good_len);
	return c;
}

/* Library and CLI must both refuse buf with a message containing want. */
static void expect_bad(const char *cname, const uint8_t *buf, size_t len, const char *want)
{
	char path[1400], cmd[3000], errline[2048] = "";
	struct bpfsim_object *obj = NULL;
	struct bpfsim_err err = { 0 };
	struct bpfsim_object_opts opts = { .sz = sizeof(opts) };
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/tests/data/objects/%s.o", g_build, cname);
	opts.name = path;
	ret = bpfsim_object__open_mem(buf, len, &opts, &obj, &err);
	if (ret >= 0)
		fail_msg("%s: opened a malformed object", cname);
	assert_null(obj);
	if (strncmp(err.msg, path, strlen(path)) || !strstr(err.msg, want))
		fail_msg("%s: message '%s' lacks the file name or '%s'", cname, err.msg, want);
	assert_null(strchr(err.msg, '\n'));

	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	if (!g_cli)
		return;
	snprintf(cmd, sizeof(cmd), "'%s' show '%s' 2>&1 >/dev/null", g_cli, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	if (!fgets(errline, sizeof(errline), f))
		errline[0] = 0;
	int st = pclose(f);

	assert_true(WIFEXITED(st));
	if (WEXITSTATUS(st) != 3)
		fail_msg("%s: bpfsim show exited %d, expected 3 (stderr: %s)", cname, WEXITSTATUS(st), errline);
	/* one line: "bpfsim show: OBJ: what is wrong" */
	if (!strstr(errline, want) || strncmp(errline, "bpfsim show: ", 13) ||
	    strncmp(errline + 13, path, strlen(path)))
		fail_msg("%s: bpfsim show said '%s'", cname, errline);
}

static void test_truncated(void **s)
{
	(void)s;
	expect_bad("truncated_header", g_good, 40, "truncated ELF header");
	expect_bad("truncated", g_good, g_good_len / 2, "truncated");
	/* every shorter prefix fails cleanly (the section header table is last) */
	for (size_t n = 0; n < g_good_len; n += 61) {
		struct bpfsim_object *obj;
		struct bpfsim_err err = { 0 };

		assert_true(bpfsim_object__open_mem(g_good, n, NULL, &obj, &err) < 0);
		assert_true(err.msg[0] != 0);
	}
}

static void test_wrong_machine(void **s)
{
	(void)s;
	uint8_t *c = copy_good();

	((Elf64_Ehdr *)c)->e_machine = EM_X86_64;
	expect_bad("wrong_machine", c, g_good_len, "not an eBPF object");
	memcpy(c, g_good, g_good_len);
	c[EI_CLASS] = ELFCLASS32;
	expect_bad("elf32", c, g_good_len, "not a 64-bit ELF");
	expect_bad("not_elf", (const uint8_t *)"hello, world\n", 13, "not an ELF file");
	free(c);
}

static void test_reloc_past_end(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	size_t rel = find_sec(c, ".relxdp"), xdp = find_sec(c, "xdp");
	Elf64_Rel *r = (Elf64_Rel *)(c + shdr(c, rel)->sh_offset);

	r[0].r_offset = shdr(c, xdp)->sh_size - 8; /* an ld_imm64 needs 16 bytes */
	expect_bad("reloc_past_end", c, g_good_len, "past the end of xdp");
	free(c);
}

static void test_reloc_missing_symbol(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	size_t rel = find_sec(c, ".relxdp");
	Elf64_Rel *r = (Elf64_Rel *)(c + shdr(c, rel)->sh_offset);

	r[0].r_info = ELF64_R_INFO(9999, ELF64_R_TYPE(r[0].r_info));
	expect_bad("reloc_missing_symbol", c, g_good_len, "refers to symbol 9999, which does not exist");
	free(c);
}

static void test_reloc_on_wrong_insn(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	size_t rel = find_sec(c, ".relxdp"), xdp = find_sec(c, "xdp");
	Elf64_Rel *r = (Elf64_Rel *)(c + shdr(c, rel)->sh_offset);
	const uint8_t *code = c + shdr(c, xdp)->sh_offset;
	size_t at = 0;

	while (code[at * 8] == 0x18 || code[at * 8] == 0x85) /* first insn that is neither */
		at++;
	r[0].r_offset = at * 8;
	expect_bad("reloc_wrong_insn", c, g_good_len, "not on ld_imm64 or call");
	free(c);
}

static void test_btf_sizes_lie(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	size_t btf = find_sec(c, ".BTF");
	uint8_t *h = c + shdr(c, btf)->sh_offset;
	uint32_t v;

	/* header: magic(2) version(1) flags(1) hdr_len(4) type_off type_len str_off str_len */
	memcpy(&v, h + 20, 4);
	v += 4096; /* str_len larger than the section */
	memcpy(h + 20, &v, 4);
	expect_bad("btf_str_len_lies", c, g_good_len, ".BTF is invalid");
	memcpy(c, g_good, g_good_len);
	memcpy(&v, h + 12, 4);
	v -= 4; /* type_len cuts the last type in half */
	memcpy(h + 12, &v, 4);
	expect_bad("btf_type_len_lies", c, g_good_len, ".BTF is invalid");
	memcpy(c, g_good, g_good_len);
	size_t ext = find_sec(c, ".BTF.ext");
	uint8_t *e = c + shdr(c, ext)->sh_offset;

	memcpy(&v, e + 20, 4); /* line_info_len */
	v += 1u << 20;
	memcpy(e + 20, &v, 4);
	expect_bad("btf_ext_len_lies", c, g_good_len, "sizes lie");

	/* a pointer type whose pointee id does not exist (libbpf 1.1 parses
	 * it, and its helpers would then dereference NULL) */
	memcpy(c, g_good, g_good_len);
	struct btf *b = btf__new(g_good + shdr(c, btf)->sh_offset, (uint32_t)shdr(c, btf)->sh_size);
	uint32_t rsz;

	assert_non_null(b);
	const uint8_t *raw = btf__raw_data(b, &rsz);
	int ptr = 0;

	for (uint32_t id = 1; id < btf__type_cnt(b) && !ptr; id++)
		if (btf_is_ptr(btf__type_by_id(b, id)))
			ptr = (int)id;
	assert_true(ptr > 0);
	size_t toff = (size_t)((const uint8_t *)btf__type_by_id(b, (uint32_t)ptr) - raw);

	v = 0x7fffff;
	memcpy(c + shdr(c, btf)->sh_offset + toff + 8, &v, 4); /* struct btf_type.type */
	btf__free(b);
	expect_bad("btf_dangling_type", c, g_good_len, "refers to a type that does not exist");
	free(c);
}

static void test_overlapping_sections(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	size_t data = find_sec(c, ".data"), xdp = find_sec(c, "xdp");

	shdr(c, data)->sh_offset = shdr(c, xdp)->sh_offset + 8;
	expect_bad("overlapping_sections", c, g_good_len, "overlap");
	free(c);
}

static void test_maps_entry_without_type(void **s)
{
	(void)s;
	uint8_t *b;
	size_t n;

	assert_int_equal(load("obj_bad_notype", &b, &n), 0);
	expect_bad("maps_without_type", b, n, "map 'no_type': map type isn't specified");
	free(b);
}

/* Seeded random corruption: no crash, and every failure has a message. */
static void test_mutations_never_crash(void **s)
{
	(void)s;
	uint8_t *c = copy_good();
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	int opened = 0, refused = 0;

	for (int round = 0; round < 3000; round++) {
		memcpy(c, g_good, g_good_len);
		int flips = 1 + round % 4;

		for (int k = 0; k < flips; k++) {
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			c[seed % g_good_len] = (uint8_t)(seed >> 40);
		}
		struct bpfsim_object *obj = NULL;
		struct bpfsim_err err = { 0 };

		if (bpfsim_object__open_mem(c, g_good_len, NULL, &obj, &err) == 0) {
			opened++;
			for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
				size_t n;
				const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
				const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);

				for (size_t j = 0; j < n; j++)
					if (in[j].code == 0x18 && (in[j].src == 1 || in[j].src == 2))
						assert_non_null(bpfsim_prog__map(p, (size_t)in[j].imm));
			}
			bpfsim_object__close(obj);
		} else {
			refused++;
			assert_true(err.msg[0] != 0);
		}
	}
	assert_true(opened > 0 && refused > 0);
	free(c);
}

int main(void)
{
	const char *b = getenv("BPFSIM_BUILD");
	char dir[1200];

	if (!b) {
		fprintf(stderr, "test_object_malformed: BPFSIM_BUILD is not set (run through ctest)\n");
		return 77;
	}
	snprintf(g_build, sizeof(g_build), "%s", b);
	snprintf(dir, sizeof(dir), "%s/tests", b);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/tests/data", b);
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/tests/data/objects", b);
	mkdir(dir, 0755);
	g_cli = getenv("BPFSIM");
	libbpf_set_print(quiet);
	if (load("obj_net", &g_good, &g_good_len)) {
		fprintf(stderr, "test_object_malformed: %s/tests/progs/obj_net.o missing (build the bpfprog targets)\n", b);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wrong_machine),
		cmocka_unit_test(test_reloc_past_end),
		cmocka_unit_test(test_reloc_missing_symbol),
		cmocka_unit_test(test_reloc_on_wrong_insn),
		cmocka_unit_test(test_btf_sizes_lie),
		cmocka_unit_test(test_overlapping_sections),
		cmocka_unit_test(test_maps_entry_without_type),
		cmocka_unit_test(test_mutations_never_crash),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(g_good);
	return r;
}
