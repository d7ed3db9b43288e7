/* SPDX-License-Identifier: Apache-2.0 */
/* PLACEHOLDER: replaced by the real implementation of 'bpfsim run'. */
#include "cli.h"

int cmd_run(int argc, char **argv)
{
	fprintf(stderr, "bpfsim run: not implemented yet\n");
	return BPFSIM_EXIT_UNSUPPORTED;
}
