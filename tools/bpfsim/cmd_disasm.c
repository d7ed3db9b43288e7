/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim disasm'. */
#include "cli.h"

int cmd_disasm(int argc, char **argv)
{
	fprintf(stderr, "bpfsim disasm: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
