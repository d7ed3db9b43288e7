/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim load'. */
#include "cli.h"

int cmd_load(int argc, char **argv)
{
	fprintf(stderr, "bpfsim load: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
