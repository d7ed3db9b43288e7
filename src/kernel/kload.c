/* SPDX-License-Identifier: Apache-2.0 */
/* kload.c: one BPF_PROG_LOAD with the oracle's log policy (see kload.h). */
#include "kload.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bpfsim/names.h"

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void kload_result_init(struct bpfsim_kernel_result *res)
{
	memset(res, 0, sizeof(*res));
	res->insns_processed = -1;
	res->xlated_insns = -1;
}

const char *kload_errno_name(int e)
{
	const char *n = bpfsim_errno_name(e);

	return n ? n : "EUNKNOWN";
}

void kload_obj_name(const char *in, char out[16])
{
	size_t n = 0;

	out[0] = 0;
	for (; in && *in && n < 15; in++) {
		char c = *in;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
		    c == '.')
			out[n++] = c;
	}
	out[n] = 0;
}

int64_t bpfsim_kernel_prog_xlated_insns(int prog_fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (prog_fd < 0 || bpf_obj_get_info_by_fd(prog_fd, &info, &len))
		return -1;
	return info.xlated_prog_len / 8;
}

int kload_run(const struct kload *req, const struct bpfsim_kernel_opts *opts, struct bpfsim_kernel_result *res,
	      int *prog_fd, struct bpfsim_err *err)
{
	bool want_log = KLOAD_OPT(opts, want_log, false);
	uint32_t log_level = KLOAD_OPT(opts, log_level, 0) ? KLOAD_OPT(opts, log_level, 0) : 1;
	size_t log_cap = KLOAD_OPT(opts, log_size_max, 0) ? KLOAD_OPT(opts, log_size_max, 0) : KLOAD_LOG_MAX;
	size_t log_size = KLOAD_LOG_START;
	char *log = NULL;
	int fd = -1, e = 0, rc;

	*prog_fd = -1;
	if (log_cap > KLOAD_LOG_MAX)
		log_cap = KLOAD_LOG_MAX;
	if (log_cap < 128)
		log_cap = 128;
	if (log_size > log_cap)
		log_size = log_cap;
	for (;;) {
		struct bpf_prog_load_opts o = req->attrs;
		char *nl = realloc(log, log_size);
		int64_t t0;

		if (!nl) {
			free(log);
			return bpfsim_errf(err, -ENOMEM, "%s: out of memory for a %zu-byte log", req->what,
					   log_size);
		}
		log = nl;
		log[0] = 0;
		o.log_level = log_level;
		o.log_size = (__u32)log_size;
		o.log_buf = log;
		t0 = now_ns();
		fd = bpf_prog_load(req->type, req->name, req->license, req->insns, req->n, &o);
		res->time_ns = now_ns() - t0;
		e = fd < 0 ? errno : 0;
		log[log_size - 1] = 0;
		if (fd >= 0 || e != ENOSPC || !want_log || log_size >= log_cap)
			break;
		log_size = log_size * 4 > log_cap ? log_cap : log_size * 4;
	}
	if (fd < 0 && e == ENOSPC) {
		/* the tail of the log is kept; the verdict comes from a load
		 * without a log */
		struct bpf_prog_load_opts o = req->attrs;

		res->log_truncated = true;
		fd = bpf_prog_load(req->type, req->name, req->license, req->insns, req->n, &o);
		e = fd < 0 ? errno : 0;
	}
	if (fd < 0 && e == ENOSYS) {
		free(log);
		return bpfsim_errf(err, -ENOSYS, "no kernel oracle: bpf(2) is not available (ENOSYS)");
	}
	rc = bpfsim_kernel_log_parse(log, &res->error, &res->insns_processed);
	if (rc) {
		if (fd >= 0)
			close(fd);
		free(log);
		return bpfsim_errf(err, rc, "%s: out of memory", req->what);
	}
	if (fd >= 0) {
		res->verdict = BPFSIM_VEC_ACCEPT;
		free(res->error);
		res->error = NULL;
		res->xlated_insns = bpfsim_kernel_prog_xlated_insns(fd);
	} else {
		res->verdict = BPFSIM_VEC_REJECT;
		res->err = e;
		res->errno_name = kload_errno_name(e);
	}
	if (want_log) {
		res->log_len = strlen(log);
		res->log = log;
		log = NULL;
	}
	free(log);
	*prog_fd = fd;
	return 0;
}
