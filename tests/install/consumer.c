/* SPDX-License-Identifier: Apache-2.0 */
/* A program built against an installed libbpfsim through pkg-config: decodes
 * and disassembles "r0 = 42; exit" and checks the text. */
#include <stdio.h>
#include <string.h>

#include <bpfsim/disasm.h>
#include <bpfsim/insn.h>

int main(void)
{
	const uint8_t raw[16] = { 0xb7, 0, 0, 0, 42, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0 };
	struct bpfsim_insn insns[2];
	char buf[BPFSIM_DISASM_MAX];

	bpfsim_insn_decode(raw, &insns[0]);
	bpfsim_insn_decode(raw + 8, &insns[1]);
	if (bpfsim_disasm_insn(insns, 2, 0, BPFSIM_SYNTAX_LLVM, NULL, buf, sizeof(buf)) != 1 ||
	    strcmp(buf, "r0 = 42")) {
		fprintf(stderr, "unexpected: '%s'\n", buf);
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}
