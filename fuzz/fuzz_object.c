/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libFuzzer target over the whole object path: ELF validation, BTF and
 * .BTF.ext parsing, map definitions, relocation and subprogram linking, and
 * every getter of the result. Seeds: fuzz/corpus/fuzz_object/ (clang-built
 * objects from tests/progs).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <bpf/libbpf.h>

#include "bpfsim/object.h"

static int quiet(enum libbpf_print_level l, const char *f, va_list ap)
{
	(void)l; (void)f; (void)ap;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpfsim_object *obj;
	struct bpfsim_err err;
	uint64_t sink = 0;

	libbpf_set_print(quiet);
	if (bpfsim_object__open_mem(data, size, NULL, &obj, &err) < 0)
		return 0;
	for (size_t i = 0; i < bpfsim_object__prog_cnt(obj); i++) {
		const struct bpfsim_prog *p = bpfsim_object__prog(obj, i);
		size_t n, nf, nl;
		const struct bpfsim_insn *in = bpfsim_prog__insns(p, &n);

		for (size_t j = 0; j < n; j++) {
			const struct bpfsim_line *l = bpfsim_prog__line(p, j);

			sink += in[j].code;
			if (l)
				sink += l->line + (uint64_t)l->file[0] + (uint64_t)l->text[0];
			if (in[j].code == 0x18 && (in[j].src == 1 || in[j].src == 2)) {
				const struct bpfsim_map_def *m = bpfsim_prog__map(p, (size_t)in[j].imm);

				if (!m)
					__builtin_trap(); /* a map reference must resolve */
				sink += m->type;
			}
		}
		bpfsim_prog__func_info(p, &nf);
		bpfsim_prog__line_info(p, &nl);
		sink += nf + nl;
	}
	for (size_t i = 0; i < bpfsim_object__map_cnt(obj); i++) {
		const struct bpfsim_map_def *m = bpfsim_object__map(obj, i);

		sink += m->name[0] + m->key_size;
		if (m->initial_value && m->initial_size)
			sink += ((const uint8_t *)m->initial_value)[m->initial_size - 1];
	}
	bpfsim_object__close(obj);
	__asm__ volatile("" : : "r"(sink)); /* keep the reads */
	return 0;
}
