/* SPDX-License-Identifier: Apache-2.0 */
/* Opening an object and picking a program by name, the same way in every
 * subcommand that takes an object (show, export, disasm, load, run). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include <bpf/libbpf.h>

#include "bpfsim/object.h"
#include "cli.h"

int cli_object_exit_code(int err)
{
	switch (err) {
	case -ENOTSUP: /* == -EOPNOTSUPP on Linux */
		return BPFSIM_EXIT_UNSUPPORTED;
	case -ENOMEM:
	case -EFAULT:
		return BPFSIM_EXIT_INTERNAL;
	default:
		return BPFSIM_EXIT_INPUT;
	}
}

static int silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int cli_open_object(const char *cmd, const char *path, const char *btf, struct bpfsim_object **obj)
{
	struct bpfsim_object_opts o = { .sz = sizeof(o), .name = path, .btf_path = btf };
	struct bpfsim_err err = { 0 };
	int rc;

	/* libbpf's own warnings are silenced: the one line in err says what is wrong */
	libbpf_set_print(silent_print);
	rc = bpfsim_object__open(path, &o, obj, &err);
	if (rc < 0) {
		fprintf(stderr, "bpfsim %s: %s\n", cmd, err.msg[0] ? err.msg : path);
		return cli_object_exit_code(rc);
	}
	return BPFSIM_EXIT_OK;
}

int cli_find_prog(const char *cmd, const char *path, const struct bpfsim_object *obj, const char *name,
		  const struct bpfsim_prog **out)
{
	size_t n = bpfsim_object__prog_cnt(obj), off = 0;
	char names[512] = "";

	*out = bpfsim_object__find_prog(obj, name);
	if (*out)
		return BPFSIM_EXIT_OK;
	for (size_t i = 0; i < n && off < sizeof(names); i++)
		off += (size_t)snprintf(names + off, sizeof(names) - off, "%s%s", i ? ", " : "",
					bpfsim_prog__name(bpfsim_object__prog(obj, i)));
	return cli_usage_error(cmd, "%s: no program named '%s' (programs: %s)", path, name,
			       n ? names : "none");
}
