/* SPDX-License-Identifier: Apache-2.0 */
/* Shared pieces of the bpfsim CLI. */
#ifndef BPFSIM_CLI_H
#define BPFSIM_CLI_H

#include <stdio.h>

#include "bpfsim/common.h"

#define CMD(name, summary) int cmd_##name(int argc, char **argv);
#include "commands.def"
#undef CMD

/* Print "bpfsim <cmd>: <message>" and a hint to --help on stderr; return
 * BPFSIM_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
