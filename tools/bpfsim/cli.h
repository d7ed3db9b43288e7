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

struct bpfsim_object;
struct bpfsim_prog;
/* Map a negative errno from the object loader to an exit code. */
int cli_object_exit_code(int err);
/* Open an object for subcommand cmd; on failure print one line
 * "bpfsim CMD: OBJ: what is wrong" and return the exit code (else 0). */
int cli_open_object(const char *cmd, const char *path, const char *btf, struct bpfsim_object **obj);
/* Find program name in obj; if there is none, print a usage error naming
 * the object's programs and return BPFSIM_EXIT_USAGE (else 0). */
int cli_find_prog(const char *cmd, const char *path, const struct bpfsim_object *obj, const char *name,
		  const struct bpfsim_prog **out);

#endif
