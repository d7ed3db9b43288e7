/* SPDX-License-Identifier: Apache-2.0 */
/* bpfsim: the command-line front door. Dispatches to one file per subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
	const char *name;
	const char *summary;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
#define CMD(name, summary) { #name, summary, cmd_##name },
#include "commands.def"
#undef CMD
};

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bpfsim %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'bpfsim %s --help')\n", cmd);
	return BPFSIM_EXIT_USAGE;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: bpfsim <subcommand> [options]\n"
		"       bpfsim <subcommand> --help\n"
		"       bpfsim --version\n\n"
		"bpfsim is the Linux eBPF load path in userspace.\n\nsubcommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\nexit codes: 0 success (all accepted), 1 at least one rejected, 2 usage error,\n"
		"3 unreadable or invalid input, 4 unsupported by bpfsim (or no kernel oracle),\n"
		"5 internal error\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return BPFSIM_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return BPFSIM_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("bpfsim %s (verifier profile linux-6.18)\n", BPFSIM_VERSION);
		return BPFSIM_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "bpfsim: unknown subcommand '%s' (see 'bpfsim --help')\n", argv[1]);
	return BPFSIM_EXIT_USAGE;
}
