/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim show'. */
#include "cli.h"

int cmd_show(int argc, char **argv)
{
	fprintf(stderr, "bpfsim show: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
