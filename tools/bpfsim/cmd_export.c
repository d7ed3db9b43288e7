/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim export'. */
#include "cli.h"

int cmd_export(int argc, char **argv)
{
	fprintf(stderr, "bpfsim export: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
