/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_run.h: for cmocka tests, run the bpfsim CLI ($BPFSIM) in a child
 * process with its standard output and error captured. Header-only (each
 * tests/unit/test_*.c is its own program); include after <cmocka.h>.
 */
#ifndef BPFSIM_TEST_CLI_RUN_H
#define BPFSIM_TEST_CLI_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct cli_run {
	int status; /* exit code, or 128 + signal */
	char *out, *err;
};

/* The whole content of fd, from its start, as a malloc'ed string. */
static inline char *cli_slurp_fd(int fd)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	char tmp[4096];
	ssize_t k;

	assert_non_null(m);
	lseek(fd, 0, SEEK_SET);
	while ((k = read(fd, tmp, sizeof(tmp))) > 0)
		fwrite(tmp, 1, (size_t)k, m);
	fclose(m);
	return buf;
}

/* Run $BPFSIM with args (NULL-terminated, at most 14); env "K=V" (or NULL)
 * is set in the child, and in_child (or NULL) runs there before exec. */
static inline struct cli_run cli_run(const char *env, void (*in_child)(void), const char *const *args)
{
	const char *bin = getenv("BPFSIM");
	FILE *o = tmpfile(), *e = tmpfile();
	const char *argv[16];
	struct cli_run r;
	int n = 0, st;
	pid_t pid;

	assert_non_null(bin);
	assert_non_null(o);
	assert_non_null(e);
	argv[n++] = bin;
	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fileno(o), 1);
		dup2(fileno(e), 2);
		if (env)
			putenv((char *)env);
		if (in_child)
			in_child();
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r.out = cli_slurp_fd(fileno(o));
	r.err = cli_slurp_fd(fileno(e));
	fclose(o);
	fclose(e);
	return r;
}

static inline void cli_run_free(struct cli_run *r)
{
	free(r->out);
	free(r->err);
}

static inline int cli_count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

#endif
