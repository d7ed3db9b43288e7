/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_disasm: random bytes as instructions through both syntaxes of
 * bpfsim_disasm_insn (with and without callbacks, with every buffer length
 * from 0 to a full line, guarded by canaries) and through the static checks.
 * Finds crashes, overflows and unterminated buffers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpfsim/check.h"
#include "bpfsim/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *label(void *ctx, size_t target)
{
	(void)ctx;
	return target & 1 ? "LBB0_1+0x8" : NULL;
}

static const char *call_name(void *ctx, const struct bpfsim_insn *call)
{
	(void)ctx;
	return call->imm & 1 ? "bpf_some_kfunc" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size / 8;
	struct bpfsim_insn *insns;
	struct bpfsim_disasm_opts opts = { .sz = sizeof(opts), .label = label, .call_name = call_name };
	char buf[BPFSIM_DISASM_MAX + 16], msg[128];

	if (!n)
		return 0;
	insns = malloc(n * sizeof(*insns));
	if (!insns)
		return 0;
	for (size_t i = 0; i < n; i++)
		bpfsim_insn_decode(data + i * 8, &insns[i]);
	for (size_t i = 0; i < n; i++) {
		for (int syn = 0; syn < 2; syn++) {
			size_t len = (size_t)data[i * 8 + 1] % (BPFSIM_DISASM_MAX + 1);
			memset(buf, 0x5a, sizeof(buf));
			bpfsim_disasm_insn(insns, n, i, (enum bpfsim_syntax)syn, syn ? &opts : NULL, buf, len);
			for (size_t k = len; k < sizeof(buf); k++)
				if (buf[k] != 0x5a)
					abort();
			if (len && !memchr(buf, '\0', len))
				abort();
			if (bpfsim_disasm_insn(insns, n, i, (enum bpfsim_syntax)syn, &opts, buf,
					       BPFSIM_DISASM_MAX) > 0 && strlen(buf) >= BPFSIM_DISASM_MAX - 1)
				abort(); /* BPFSIM_DISASM_MAX must never truncate */
		}
		if (bpfsim_insn_check_prescan(insns, n, i, msg, sizeof(msg)) > 0)
			bpfsim_insn_check(insns, n, i, msg, sizeof(msg));
	}
	free(insns);
	return 0;
}
