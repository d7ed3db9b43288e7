/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bpfsim asm: assemble text (llvm-objdump, kernel verifier log or the
 * conformance dialect) into raw 8-byte instructions or a vectors insns string.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/asm.h"
#include "cli.h"

static void help(FILE *out)
{
	fprintf(out,
		"usage: bpfsim asm [--syntax=auto|llvm|kernel|conformance] [--map NAME]...\n"
		"                  [-o OUT.bin] [--hex] FILE.s\n\n"
		"Assemble eBPF instruction text into raw 8-byte instructions (little-endian\n"
		"struct bpf_insn, as 'bpfsim disasm --raw' reads them). FILE '-' is stdin.\n\n"
		"  -o OUT.bin      write the raw instructions to OUT.bin\n"
		"  --hex           print the instructions as one line of lower-case hex, 16 digits\n"
		"                  per instruction (the 'insns' string of a vectors file); this is\n"
		"                  the default when there is no -o\n"
		"  --syntax=S      llvm: what 'llvm-objdump -d' prints (address and byte columns,\n"
		"                  '<func>:' headers are labels, relocation lines are skipped\n"
		"                  except that R_BPF_64_32 after 'call -1' marks a bpf-to-bpf\n"
		"                  call, src_reg 1, as in the object), e.g.\n"
		"                  'r0 = 0', 'w1 += 2', 'r1 = 0 ll', 'if r1 > 10 goto +4 <LBB0_3>',\n"
		"                  'lock *(u64 *)(r1 + 0) += r2', 'r2 = atomic_fetch_add((u64 *)(r1 + 0), r2)'\n"
		"                  kernel: the verifier log's text, '0: (b7) r0 = 0',\n"
		"                  '(2d) if r8 > r1 goto pc+73', 'call bpf_map_lookup_elem#1';\n"
		"                  a whole pasted log (log_level 1 or 2) is accepted: state lines\n"
		"                  are skipped, instructions are placed by their address in the\n"
		"                  order the log walks them, one shown again (another path) is\n"
		"                  taken once, and one the log never shows is an error\n"
		"                  conformance: the bpf_conformance dialect ('mov %%r0, 1',\n"
		"                  'ldxw %%r1, [%%r2+4]', 'lock fetch add32 [%%r10-8], %%r1'); a whole\n"
		"                  .data file is accepted (its '-- asm' section is assembled)\n"
		"                  auto (default): detected from the text\n"
		"  --map NAME      name map index 0, 1, ... in order (repeatable), for map[NAME]\n\n"
		"Labels are 'name:' lines; jump targets are labels or offsets ('+4', 'pc+4').\n"
		"Comments: ';', '//', and '#' at the start of a line or after a blank (in the\n"
		"conformance dialect '#' anywhere).\n"
		"64-bit immediate loads (llvm and kernel syntax; 'll' optional for these):\n"
		"  r1 = 0x1122334455667788 ll     plain (src_reg 0)\n"
		"  r1 = map[0] ll, map[NAME]      BPF_PSEUDO_MAP_FD (src_reg 1), imm = map index\n"
		"  r1 = map_value[0]+8 ll         BPF_PSEUDO_MAP_VALUE (2), second imm = offset\n"
		"  r1 = btf_id[ID]                BPF_PSEUDO_BTF_ID (3)\n"
		"  r1 = func[LABEL] or func[+N]   BPF_PSEUDO_FUNC (4), imm = offset in instructions\n"
		"  r1 = map_idx[I], map_idx_value[I]+OFF   BPF_PSEUDO_MAP_IDX (5) / _VALUE (6)\n"
		"  ld_pseudo r1, SRC, IMM[, IMM2] llvm's spelling, any src_reg\n"
		"  Names without a --map get the next free index in order of first use.\n"
		"Calls: 'call N' helper N; 'call pc+N', 'call local LABEL' or 'call LABEL'\n"
		"bpf-to-bpf (src_reg 1); 'call NAME#N' (kernel: a helper when NAME is helper\n"
		"N's name, else a kfunc); 'call kfunc N' (src_reg 2); 'callx rN' (0x8d, dst_reg).\n\n"
		"Exit codes: 0 ok, 2 usage error, 3 unreadable or invalid input (one line\n"
		"'FILE:LINE: message'), 5 internal error.\n");
}

static int read_stdin(char **buf, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *b = malloc(cap);

	if (!b)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(b, cap * 2);

			if (!nb) {
				free(b);
				return -ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
		size_t got = fread(b + n, 1, cap - n, stdin);

		n += got;
		if (!got)
			break;
	}
	if (ferror(stdin)) {
		free(b);
		return -EIO;
	}
	*buf = b;
	*len = n;
	return 0;
}

int cmd_asm(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'h' },   { "hex", no_argument, NULL, 'x' },
		{ "syntax", required_argument, NULL, 's' }, { "output", required_argument, NULL, 'o' },
		{ "map", required_argument, NULL, 'm' }, { NULL, 0, NULL, 0 },
	};
	const char *out_path = NULL, *maps[256];
	size_t n_maps = 0;
	int hex = 0, syntax = BPFSIM_ASM_AUTO, opt, ret;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "ho:", lopts, NULL)) != -1) {
		switch (opt) {
		case 'h':
			help(stdout);
			return BPFSIM_EXIT_OK;
		case 'x':
			hex = 1;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 's':
			syntax = bpfsim_asm_syntax_from_name(optarg);
			if (syntax < 0)
				return cli_usage_error("asm", "unknown syntax '%s' (auto, llvm, kernel, conformance)", optarg);
			break;
		case 'm':
			if (n_maps == sizeof(maps) / sizeof(maps[0]))
				return cli_usage_error("asm", "too many --map options");
			maps[n_maps++] = optarg;
			break;
		default:
			return cli_usage_error("asm", "unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("asm", optind >= argc ? "no input file" : "more than one input file");
	const char *path = argv[optind];
	char *text = NULL;
	size_t len = 0;
	struct bpfsim_err err = { 0 };

	if (!strcmp(path, "-")) {
		if (read_stdin(&text, &len)) {
			fprintf(stderr, "bpfsim asm: <stdin>: read error\n");
			return BPFSIM_EXIT_INPUT;
		}
		path = "<stdin>";
	} else if (bpfsim_read_file(path, (uint8_t **)&text, &len, &err)) {
		fprintf(stderr, "bpfsim asm: %s\n", err.msg);
		return BPFSIM_EXIT_INPUT;
	}

	struct bpfsim_asm_opts o = { .sz = sizeof(o), .syntax = (enum bpfsim_asm_syntax)syntax,
				     .filename = path, .map_names = maps, .n_map_names = n_maps };
	struct bpfsim_asm_result res;

	ret = bpfsim_asm(text, len, &o, &res, &err);
	free(text);
	if (ret) {
		fprintf(stderr, "bpfsim asm: %s\n", err.msg);
		return ret == -ENOMEM ? BPFSIM_EXIT_INTERNAL : BPFSIM_EXIT_INPUT;
	}
	ret = BPFSIM_EXIT_OK;
	if (out_path) {
		FILE *f = fopen(out_path, "wb");

		if (!f) {
			fprintf(stderr, "bpfsim asm: %s: %s\n", out_path, strerror(errno));
			ret = BPFSIM_EXIT_INPUT;
		} else {
			for (size_t i = 0; i < res.n_insns; i++) {
				uint8_t b[BPFSIM_INSN_SIZE];

				bpfsim_insn_encode(&res.insns[i], b);
				fwrite(b, 1, sizeof(b), f);
			}
			if (fclose(f)) {
				fprintf(stderr, "bpfsim asm: %s: write error\n", out_path);
				ret = BPFSIM_EXIT_INPUT;
			}
		}
	}
	if (hex || !out_path) {
		for (size_t i = 0; i < res.n_insns; i++) {
			uint8_t b[BPFSIM_INSN_SIZE];

			bpfsim_insn_encode(&res.insns[i], b);
			for (int j = 0; j < BPFSIM_INSN_SIZE; j++)
				printf("%02x", b[j]);
		}
		printf("\n");
	}
	bpfsim_asm_result_free(&res);
	return ret;
}
