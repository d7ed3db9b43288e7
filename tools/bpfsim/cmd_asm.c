/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim asm'. */
#include "cli.h"

int cmd_asm(int argc, char **argv)
{
	fprintf(stderr, "bpfsim asm: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
